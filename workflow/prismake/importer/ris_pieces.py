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


def record_pieces(blocks: Iterable[bytes]) -> Iterator[memoryview]:
    """Pieces of the text whose bytes ``blocks`` gives in order; line ends become ``\\n``
    (``\\r\\n`` and a lone ``\\r`` alike, as :func:`prismake.importer.encoding.split_lines`
    reads them). Every piece but the last ends with a line end, every piece but the first
    starts with a ``TY  -`` line."""
    carry = b""
    pending = b""  # a '\r' that ended the last block, whose '\n' may open the next
    for block in blocks:
        if not len(block):
            continue
        data = pending + block if pending else bytes(block)
        pending = b""
        if data.endswith(b"\r"):
            data, pending = data[:-1], b"\r"
        if b"\r" in data:
            data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        data = carry + data if carry else data
        cut = data.rfind(_RECORD_START) + 1 if len(data) >= PIECE_BYTES else 0
        if cut <= 0:
            if len(data) > MAX_PIECE_BYTES:
                raise Unsuitable(f"no record start to cut at in {len(data):,} bytes")
            carry = data
            continue
        carry = data[cut:]
        yield memoryview(data)[:cut]
    carry += b"\n" if pending else b""
    if carry:
        yield memoryview(carry)


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
