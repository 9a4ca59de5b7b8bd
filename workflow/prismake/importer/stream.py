"""Reading a large UTF-8 export a few megabytes at a time.

A 100,000-record RIS export is about 340 MB; read whole, its bytes, its text (two or four bytes a
character as soon as one character lies beyond Latin-1) and its lines would all be in memory at
once. :func:`utf8_pieces` instead yields the text piece by piece, each cut after a line end, and
hashes the bytes on the way. It gives up (:class:`Unsuitable`) wherever the whole-file reader
(:func:`prismake.importer.encoding.decode`) would do something else than decode UTF-8: a UTF-16
or UTF-32 file, a binary file, a NUL byte, bytes that are not UTF-8. The caller then reads the
file whole, which gives the same result or the same error as before.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

from prismake.importer.encoding import _ARCHIVES, _BOMS, _utf16_without_bom

#: Bytes read at a time.
PIECE_BYTES = 8 << 20


class Unsuitable(Exception):
    """The file cannot be read piece by piece as UTF-8; read it whole instead."""


def utf8_pieces(
    handle: BinaryIO, digest: object, *, encoding: str = "auto", size: int | None = None
) -> Iterator[str]:
    """The text of a UTF-8 file, in pieces that each end after a line end (but the last).

    ``size`` bytes are read at a time (default :data:`PIECE_BYTES`); every byte read is fed to
    ``digest.update``. ``encoding`` is ``"auto"`` or a name of UTF-8;
    as :func:`~prismake.importer.encoding.decode` does, a leading byte-order mark is dropped (and,
    with a named encoding, a second one that follows it).
    """
    size = size or PIECE_BYTES
    named = encoding != "auto"
    if named and codecs.lookup(encoding).name != "utf-8":
        raise Unsuitable(encoding)
    carry = b""
    first = True
    nul_check = not named
    while True:
        block = handle.read(size)
        if block:
            digest.update(block)
        if first:
            nul_check = nul_check and not block.startswith(codecs.BOM_UTF8)
            block = _check_head(block, named=named)
        elif nul_check and b"\x00" in block:
            raise Unsuitable("a NUL byte")
        data = carry + block if carry else block
        cut = data.rfind(b"\n") + 1 if block else len(data)
        carry = data[cut:]
        try:
            text = data[:cut].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Unsuitable("not UTF-8") from exc
        if first and named and text.startswith("\ufeff"):
            text = text[1:]
        first = False
        if text or not block:
            yield text
        if not block:
            return


def _check_head(block: bytes, *, named: bool) -> bytes:
    """The first block without its UTF-8 byte-order mark; Unsuitable unless plain UTF-8."""
    if block.startswith(codecs.BOM_UTF8):
        return block[len(codecs.BOM_UTF8) :]
    if named:
        return block
    if any(block.startswith(bom) for bom, _ in _BOMS):
        raise Unsuitable("a UTF-16 or UTF-32 byte-order mark")
    if any(block.startswith(magic) for magic in _ARCHIVES):
        raise Unsuitable("a binary file")
    if _utf16_without_bom(block[:4096]):
        raise Unsuitable("UTF-16 without a byte-order mark")
    if b"\x00" in block:
        raise Unsuitable("a NUL byte")
    return block


def utf8_blocks(
    handle: BinaryIO, digest: object, *, encoding: str = "auto", size: int | None = None
) -> Iterator[bytes | memoryview]:
    """The bytes of a file that :func:`utf8_pieces` would read, block by block, undecoded.

    The same checks apply (:class:`Unsuitable` for a UTF-16 or UTF-32 file, a binary file, a NUL
    byte), but for the check that the bytes are UTF-8, which is left to the caller. A leading
    byte-order mark is dropped (with a named encoding, a second one that follows it too).

    The blocks after the first are views of one buffer, reused: each holds its bytes until the
    next block is asked for. A new bytes object for every block made the kernel map fresh
    memory for each (4,000 page faults every 16 MB, about 0.1 s of CPU for a 340 MB file;
    bench/bench_import.py, step "read + parse").
    """
    size = size or PIECE_BYTES
    named = encoding != "auto"
    if named and codecs.lookup(encoding).name != "utf-8":
        raise Unsuitable(encoding)
    block = handle.read(size)
    digest.update(block)
    nul_check = not named and not block.startswith(codecs.BOM_UTF8)
    block = _check_head(block, named=named)
    if named:
        while len(block) < len(codecs.BOM_UTF8) and (more := handle.read(size)):
            digest.update(more)
            block += more
        if block.startswith(codecs.BOM_UTF8):
            block = block[len(codecs.BOM_UTF8) :]
    buffer = bytearray(size)
    while block:
        yield block
        count = handle.readinto(buffer)
        block = memoryview(buffer)[:count]
        digest.update(block)
        if nul_check and buffer.find(b"\x00", 0, count) >= 0:
            raise Unsuitable("a NUL byte")
