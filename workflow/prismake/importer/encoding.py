"""Bytes to text: byte-order marks, UTF-16 without a BOM, cp1252/latin-1 fallback, line endings.

Database exports arrive as UTF-8 with or without a byte-order mark (BOM), UTF-16 LE/BE (Web of
Science tab-delimited), or cp1252/latin-1 (EndNote, the ASySD sets). :func:`decode` picks the
encoding from the bytes unless the caller names one, and refuses files that are binary.
:func:`split_lines` splits on ``\\r\\n``, ``\\r`` and ``\\n`` alike (not on the other
characters that ``str.splitlines`` treats as breaks), so line numbers match what an editor shows.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from prismake.errors import ParseError

#: Encodings the importer tries, in this order, when the caller says ``auto`` and there is no BOM.
FALLBACKS = ("utf-8", "cp1252", "latin-1")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_ARCHIVES = {
    b"PK\x03\x04": "a zip archive",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"SQLite format 3": "an SQLite database",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
}


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte of ``head`` is mostly NUL, else None."""
    if len(head) < 4:
        return None
    even = head[0::2].count(0) / len(head[0::2])
    odd = head[1::2].count(0) / len(head[1::2])
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def sniff_binary(data: bytes, *, path: str | Path) -> None:
    """Raise :class:`ParseError` when ``data`` is a binary file rather than a text export."""
    for magic, what in _ARCHIVES.items():
        if data.startswith(magic):
            raise ParseError(
                f"this is {what}, not a text export",
                path=path,
                line=1,
                value=data[:8],
                expected="a text export (RIS, nbib, CSV, XML, BibTeX, ...)",
            )


def decode(data: bytes, *, encoding: str = "auto", path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode an export; returns ``(text, encoding used)``. A BOM is removed from the text."""
    if encoding != "auto":
        name = codecs.lookup(encoding).name
        try:
            text = data.decode("utf-8-sig" if name == "utf-8" else encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(
                f"cannot decode byte {data[exc.start : exc.start + 1]!r} at offset {exc.start} "
                f"as {encoding}",
                path=path,
                line=_line_of(data, exc.start),
                expected=f"a file in {encoding} (or encoding 'auto')",
            ) from exc
        return (text[1:] if text.startswith("\ufeff") else text), name
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode_checked(data[len(bom) :], name, path=path), name
    sniff_binary(data, path=path)
    guessed = _utf16_without_bom(data[:4096])
    if guessed:
        return _decode_checked(data, guessed, path=path), guessed
    nul = data.find(b"\x00")
    if nul != -1:
        raise ParseError(
            f"binary content (a NUL byte at offset {nul})",
            path=path,
            line=_line_of(data, nul),
            expected="a text export (RIS, nbib, CSV, XML, BibTeX, ...)",
        )
    for name in FALLBACKS:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte string")  # pragma: no cover


def _decode_checked(data: bytes, name: str, *, path: str | Path) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        raise ParseError(
            f"cannot decode bytes at offset {exc.start} as {name}",
            path=path,
            value=data[exc.start : exc.start + 4],
            expected=f"valid {name} text after its byte-order mark",
        ) from exc


def split_lines(text: str) -> list[str]:
    """Split on ``\\r\\n``, ``\\r`` and ``\\n``; line *n* of the file is ``lines[n - 1]``."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def control_ratio(text: str) -> float:
    """Share of C0 control characters other than tab/newline in the first 4,000 characters."""
    head = text[:4000]
    if not head:
        return 0.0
    bad = sum(1 for ch in head if ch < " " and ch not in "\t\n\r\f")
    return bad / len(head)
