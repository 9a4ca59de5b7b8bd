"""An RIS export read column-wise, a few megabytes at a time.

:func:`record_pieces` cuts UTF-8 bytes into pieces that each hold whole records (a piece ends
just before a ``TY  -`` line, so the tags an export writes after a record's ``ER``, such as Ovid's
``NL``, stay with it); :mod:`prismake.importer.ris_columns` reads the records of each piece and
:mod:`prismake.importer.ris_mapping` computes their canonical values; :func:`read_columnwise`
puts the pieces together, numbers repeated record keys and logs the unknown tags as the
reference reader does. Anything either module declines makes :func:`read_columnwise` return
None, and the caller reads the file with the reference reader, which gives the same table or
the error (``tests/unit/test_import_columnwise.py`` checks both on every RIS file at hand).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from prismake.importer.base import RawRecord
from prismake.importer.canonical import Spec, _numbered
from prismake.importer.ris import _warn_unknown
from prismake.importer.ris_columns import read_piece
from prismake.importer.ris_mapping import COLUMNS, _Groups, canonical_columns
from prismake.importer.stream import Unsuitable

log = logging.getLogger(__name__)

#: A piece is cut once it holds this many bytes (at the next record start).
PIECE_BYTES = 16 << 20
#: A text that grows this large with no ``TY  -`` line to cut at (records opened by a loose
#: ``TY - `` or a tab) is left to the other readers rather than held whole in memory.
MAX_PIECE_BYTES = 256 << 20
_RECORD_START = b"\nTY  -"


def record_pieces(blocks: Iterable[bytes | memoryview]) -> Iterator[memoryview]:
    """Pieces of the text whose bytes ``blocks`` gives in order; line ends become ``\\n``
    (``\\r\\n`` and a lone ``\\r`` alike, as :func:`prismake.importer.encoding.split_lines`
    reads them). Every piece but the last ends with a line end, every piece but the first
    starts with a ``TY  -`` line.

    Each block is copied before the next is asked for (so a block may be a view of a buffer its
    maker reuses). A piece is a view of a buffer that the next piece reuses: it holds its bytes
    until the next piece is asked for (copy it to keep it). The bytes left after a piece's last
    record start are moved to the front of the buffer and the next block is copied in after
    them. Joining them into a new bytes object for every piece instead made the kernel map
    16 MB of fresh memory each time: 70,000 page faults and 0.15 s of CPU for a 340 MB file
    (bench/bench_import.py, step "read + parse").
    """
    buffer = bytearray()
    size = 0  # bytes in use: what followed the last piece, then the blocks since
    held = 0  # 1 when those end with a '\r' whose '\n' may open the next block
    for block in blocks:
        count = len(block)
        if not count:
            continue
        end = size + count
        if end > len(buffer):
            # A new buffer (the old one may still be viewed by the last piece); the headroom
            # (1 MB for blocks of 16 MB) keeps the next blocks, of the same size, from growing
            # it again.
            grown = bytearray(end + (end >> 4))
            grown[:size] = buffer[:size]
            buffer = grown
        memoryview(buffer)[size:end] = block  # as fast as memcpy; bytearray's own is slower
        start = size - held
        if held or buffer.find(b"\r", size, end) >= 0:
            text = bytes(buffer[start:end])
            held = 1 if text.endswith(b"\r") else 0
            text = text[: len(text) - held].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            text += b"\r" * held
            end = start + len(text)
            memoryview(buffer)[start:end] = text
        size = end
        usable = size - held
        cut = buffer.rfind(_RECORD_START, 0, usable) + 1 if usable >= PIECE_BYTES else 0
        if cut <= 0:
            if usable > MAX_PIECE_BYTES:
                raise Unsuitable(f"no record start to cut at in {usable:,} bytes")
            continue
        yield memoryview(buffer)[:cut]
        rest = buffer[cut:size]
        size = len(rest)
        memoryview(buffer)[:size] = rest
    if held:
        buffer[size - 1] = ord("\n")  # the last line ends with a lone '\r'
    if size:
        yield memoryview(buffer)[:size]


def text_blocks(data: bytes, size: int = PIECE_BYTES) -> Iterator[memoryview]:
    """``data`` in blocks of ``size`` bytes (for :func:`record_pieces`)."""
    view = memoryview(data)
    for start in range(0, len(data), size):
        yield view[start : start + size]


@dataclass
class ColumnwiseResult:
    """What the column-wise reader gives for a file: its canonical values column by column
    (:data:`~prismake.importer.ris_mapping.COLUMNS`), the line where each record starts, the
    record ids, and the raw fields of the first record (for guessing the database)."""

    columns: dict[str, list]
    lines: list[int]
    record_ids: list[str]
    first: RawRecord


def read_columnwise(
    pieces: Iterable[memoryview],
    spec: Spec,
    *,
    path: str | Path,
    source_id: str,
) -> ColumnwiseResult | None:
    """The canonical values of the records of ``pieces`` (see :func:`record_pieces`), with
    record ids numbered as :func:`prismake.importer.canonical.extract_rows` numbers them; None
    where the reference reader must read the file instead (a text it would refuse or read
    otherwise, bytes that are not UTF-8, a record whose values it would refuse)."""
    columns: dict[str, list] = {name: [] for name in COLUMNS}
    lines: list[int] = []
    keys: list[str] = []
    unknown: dict[str, int] = {}
    first: RawRecord | None = None
    line = 1  # the number of the first line of the next piece
    try:
        for data in pieces:
            try:
                piece = read_piece(data, first=line)
            except pa.ArrowInvalid:  # not UTF-8
                return None
            except pa.ArrowException as exc:  # a case the Arrow kernels do not cover
                log.debug("%s: left to the reference reader (%s)", path, exc)
                return None
            if piece is None:
                return None
            line += piece.lines
            found = canonical_columns(piece, path=path, source_id=source_id, spec=spec)
            if found is None:
                return None
            if first is None and piece.records:
                first = RawRecord(int(piece.record_lines[0]), _Groups(piece).fields(0))
            for name in COLUMNS:
                columns[name] += found.values[name]
            lines += found.lines
            keys += found.keys
            for tag, number in piece.unknown.items():
                unknown.setdefault(tag, number)
    except Unsuitable:  # no place to cut the text into pieces
        return None
    if first is None:
        return None  # no records: the reference reader says so
    _warn_unknown(path, unknown)
    return ColumnwiseResult(columns, lines, _numbered(keys), first)
