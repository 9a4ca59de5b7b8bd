"""Import database exports into the canonical records table.

>>> from prismake.importer import import_source          # doctest: +SKIP
>>> df = import_source("resources/exports/medline.nbib", source_id="medline", hits=104)

:func:`import_source` reads one export named in the search log (``config/sources.tsv``), checks
that the number of records parsed equals the number of hits the database reported, and returns
the canonical table (:data:`prismake.tables.RECORD_COLUMNS`), validated by
:class:`prismake.models.records.RecordsModel`. :func:`read_file` is the same without the count
check, for files outside a search log (benchmark sets, reference-manager libraries).

Record ids (``record_id``), stable across re-runs:

* ``{source_id}:{accession}`` when the record carries the database's own accession number: the
  PMID (PubMed/MEDLINE), WoS UT, Scopus EID, Embase/Ovid AN or UI, EBSCO AN, ProQuest document
  id, Lens ID, APA PsycInfo accession, Dimensions publication id, EndNote/Zotero
  ``accession-num``/``AN``;
* otherwise ``{source_id}:h`` + the first 12 hex digits of the SHA-256 of the record's normalised
  bibliographic text (:func:`prismake.importer.canonical.content_hash`);
* a key repeated within one file gets ``~2``, ``~3``, ... in file order;
* the generic CSV/TSV layout with an ``ID`` (or ``record_id``) column keeps that value verbatim
  when no ``source_id`` is given (so benchmark labels match) and ``{source_id}:{ID}`` otherwise;
  a repeated ID is an error naming both rows.

When :func:`read_file` gets no ``source_id`` it derives one from the file name (lower case,
``[a-z0-9_]``, e.g. ``records_pre_merged``).

Large files: a UTF-8 RIS export of :data:`STREAM_FROM` bytes or more is decoded, parsed and
turned into rows a few megabytes at a time (:mod:`prismake.importer.stream`), so that its
whole text and all its raw records are never in memory together; anything that file-wide
decoding would treat otherwise (another encoding, a NUL byte) sends it back to the whole-file
reader, and the table or the error is the same either way. ``bench/bench_import.py`` measures
speed and memory against rispy.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from prismake.errors import CountMismatchError, InputError, ParseError, PrismakeError
from prismake.importer import ris_pieces, specs
from prismake.importer.base import Parsed, RawRecord
from prismake.importer.canonical import extract_rows, table_from_columns, table_from_rows
from prismake.importer.csv_layouts import spec_for_layout
from prismake.importer.csvs import read_rows
from prismake.importer.detect import FORMATS, check_declared, detect_text
from prismake.importer.dialects import guess_source
from prismake.importer.encoding import (
    _ARCHIVES,
    _BOMS,
    FALLBACKS,
    _utf16_without_bom,
    decode,
    split_lines,
)
from prismake.importer.endnote_xml import parse_endnote_xml
from prismake.importer.ris import iter_ris, parse_ris_text
from prismake.importer.stream import PIECE_BYTES, Unsuitable, utf8_blocks, utf8_pieces
from prismake.importer.tagged import parse_enw, parse_nbib, parse_ovid, parse_proquest, parse_wos
from prismake.tables import collector_paused

__all__ = [
    "FORMATS",
    "CountMismatchError",
    "detect_format",
    "import_source",
    "parse_text",
    "read_file",
]

log = logging.getLogger(__name__)

#: Files of at least this many bytes that look like UTF-8 RIS are read a few megabytes at a time.
STREAM_FROM = 32 << 20
#: Whether RIS exports are read column-wise (:mod:`prismake.importer.ris_pieces`) where that
#: reader takes them; the reference reader reads the rest, and everything when this is False.
COLUMNWISE = True
#: Characters format detection looks at (see :func:`prismake.importer.detect.detect_text`).
DETECT_CHARS = 20_000

#: Starts of files that are not plain single-byte or UTF-8 text (byte-order marks, archives).
_NOT_PLAIN = tuple(bom for bom, _ in _BOMS) + tuple(_ARCHIVES)

_LINE_PARSERS = {
    "nbib": (parse_nbib, specs.NBIB),
    "wos": (parse_wos, specs.WOS),
    "ovid": (parse_ovid, specs.OVID),
    "endnote_tagged": (parse_enw, specs.ENW),
    "proquest": (parse_proquest, specs.PROQUEST),
}


def detect_format(path: str | Path, *, encoding: str = "auto") -> str:
    """The format of the export at ``path``, from its content (a key of :data:`FORMATS`)."""
    if encoding == "auto" and Path(path).stat().st_size >= STREAM_FROM:
        fmt = _detect_from_head(path)
        if fmt is not None:
            return fmt
    data = Path(path).read_bytes()
    text, _ = decode(data, encoding=encoding, path=path)
    return detect_text(text, path=path)


def _detect_from_head(path: str | Path) -> str | None:
    """The format of a large file from its first bytes, or None to decide on the whole file.

    Detection reads the first :data:`DETECT_CHARS` characters of the decoded text, and which
    encoding decodes a file without a byte-order mark depends on all its bytes. When every
    encoding that decodes the head gives the same format, the whole file is not needed; it is
    only scanned for a NUL byte, which makes it binary.
    """
    with Path(path).open("rb") as handle:
        head = handle.read(4 * DETECT_CHARS + 16)
        if not head or head.startswith(_NOT_PLAIN) or _utf16_without_bom(head[:4096]):
            return None
        if b"\x00" in head or _holds_nul(handle):
            return None
    found = set()
    for name in FALLBACKS:
        try:
            text = codecs.getincrementaldecoder(name)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        try:
            found.add(detect_text(text, path=path))
        except InputError:
            return None
    return found.pop() if len(found) == 1 else None


def _holds_nul(handle: BinaryIO) -> bool:
    """Whether the rest of the file ``handle`` reads holds a NUL byte.

    The bytes go into one buffer, reused: reading a 340 MB file into a new 8 MB block at a time
    cost 0.10 s of CPU, into one buffer 0.06 s (the difference is the kernel's work of mapping
    fresh memory for every block; bench/bench_import.py, step "detect")."""
    buffer = bytearray(PIECE_BYTES)
    while size := handle.readinto(buffer):
        if buffer.find(b"\x00", 0, size) >= 0:
            return True
    return False


def _derive_source_id(path: str | Path) -> str:
    stem = Path(path).name.split(".")[0].lower()
    stem = re.sub(r"[^a-z0-9_]+", "_", stem).strip("_") or "source"
    return stem if stem[0].isalpha() else f"s_{stem}"


def _resolve_format(text: str, *, format: str, path: str | Path) -> str:
    """The format to read decoded export text as: detected, or declared and not contradicted."""
    detected: str | None
    try:
        detected = detect_text(text, path=path)
    except InputError:
        if format == "auto":
            raise
        detected = None
    return detected if format == "auto" else check_declared(format, detected, path=path)


def parse_text(
    text: str, *, format: str = "auto", path: str | Path = "<text>"
) -> tuple[Parsed, object]:
    """Raw records of decoded export text and the spec that maps them (format resolved here)."""
    fmt = _resolve_format(text, format=format, path=path)
    if fmt == "ris":
        records, spec = parse_ris_text(text, path=path), specs.RIS
    elif fmt in _LINE_PARSERS:
        parser, spec = _LINE_PARSERS[fmt]
        records = parser(split_lines(text), path=path)
    elif fmt == "endnote_xml":
        records, spec = parse_endnote_xml(text, path=path), specs.ENDNOTE_XML
    elif fmt == "bibtex":
        from prismake.importer.bibtex import parse_bibtex  # noqa: PLC0415 (bibtexparser)

        records, spec = parse_bibtex(text, path=path), specs.BIBTEX
    else:
        quoting = 3 if fmt == "wos_tab" else 0  # csv.QUOTE_NONE for WoS tab-delimited
        header, records = read_rows(text, path=path, quoting=quoting)
        spec = spec_for_layout(fmt, header, path=path)
    parsed = Parsed(format=fmt, records=records)
    guess_source(parsed)
    return parsed, spec


def _read(
    path: str | Path,
    *,
    source_id: str | None,
    database: str,
    platform: str,
    search_round: int,
    format: str,
    encoding: str,
    display_path: str | None,
) -> pd.DataFrame:
    from prismake.models.records import validate_records  # noqa: PLC0415 (pandera is heavy)

    shown = display_path if display_path is not None else str(path)
    sid = source_id if source_id else _derive_source_id(path)
    options = {
        "shown": shown,
        "sid": sid,
        "source_id": source_id,
        "database": database,
        "platform": platform,
        "search_round": search_round,
    }
    with collector_paused(freeze=True):
        df = None
        if format in ("auto", "ris") and Path(path).stat().st_size >= STREAM_FROM:
            df = _read_columnwise(path, encoding=encoding, **options)
            if df is None:
                df = _read_in_pieces(path, encoding=encoding, **options)
        if df is None:
            df = _read_whole(path, format=format, encoding=encoding, **options)
        return validate_records(df, path=shown)


def _read_whole(path, *, format, encoding, shown, **options) -> pd.DataFrame:
    data = Path(path).read_bytes()
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ParseError(
            f"empty file ({len(data)} bytes)",
            path=shown,
            line=1,
            expected="a database export holding at least one record",
        )
    sha256 = hashlib.sha256(data).hexdigest()
    text, used = decode(data, encoding=encoding, path=shown)
    del data
    if COLUMNWISE and _resolve_format(text, format=format, path=shown) == "ris":
        found = _columnwise_text(text, shown=shown, sid=options["sid"])
        if found is not None:
            log.info("%s: %d records (ris, %s)", shown, len(found.record_ids), used)
            return _columnwise_table(found, shown=shown, sha256=sha256, **options)
    parsed, spec = parse_text(text, format=format, path=shown)
    del text
    _check_some(parsed, shown)
    rows = extract_rows(
        _drain(parsed.records),
        spec,
        path=shown,
        source_id=options["sid"],
        id_source_id=options["source_id"] or None,
    )
    log.info("%s: %d records (%s, %s)", shown, len(rows.values), parsed.format, used)
    return _table(rows, parsed, shown=shown, sha256=sha256, **options)


def _read_columnwise(path, *, encoding, shown, **options) -> pd.DataFrame | None:
    """The table of a large UTF-8 RIS file read column-wise a few megabytes at a time (see
    :mod:`prismake.importer.ris_pieces`), or None when the reference reader must read it."""
    if not COLUMNWISE:
        return None
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        blocks = utf8_blocks(handle, digest, encoding=encoding, size=ris_pieces.PIECE_BYTES)
        try:
            head = next(blocks, b"")
            text = codecs.getincrementaldecoder("utf-8")().decode(head[: 4 * DETECT_CHARS])
            if not text.strip() or detect_text(text, path=shown) != "ris":
                return None
            pieces = ris_pieces.record_pieces(_handed_on([head], blocks))
            del head
            found = ris_pieces.read_columnwise(
                pieces, specs.RIS, path=shown, source_id=options["sid"]
            )
        except (Unsuitable, UnicodeDecodeError, InputError):
            return None
    if found is None:
        return None
    log.info("%s: %d records (ris, utf-8, read column-wise)", shown, len(found.record_ids))
    return _columnwise_table(found, shown=shown, sha256=digest.hexdigest(), **options)


def _handed_on(first: list, rest: Iterator) -> Iterator:
    """The one item of the list ``first``, then the items of ``rest``; the first item is let
    go as soon as it is handed on (``chain`` would hold it to the end).

    The first block is 16 MB. Once it is freed, glibc's allocator keeps larger amounts of
    freed memory for reuse (it raises its thresholds when a large block is freed) instead of
    handing memory back to the kernel after every piece; held to the end, it made reading a
    340 MB file with :func:`import_source` alone take 36,000 more pages of fresh memory
    (256,000 against 220,000 page faults; bench/bench_import.py, tool ``prismake-table``)."""
    yield first.pop()
    yield from rest


def _columnwise_text(text: str, *, shown: str, sid: str) -> ris_pieces.ColumnwiseResult | None:
    """The column-wise reader's result for decoded RIS text, or None (see
    :func:`prismake.importer.ris_pieces.read_columnwise`)."""
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # pragma: no cover (decoders refuse lone surrogates)
        return None
    pieces = ris_pieces.record_pieces(ris_pieces.text_blocks(data))
    return ris_pieces.read_columnwise(pieces, specs.RIS, path=shown, source_id=sid)


def _columnwise_table(found, *, shown, sha256, **options):
    parsed = Parsed(format="ris", records=[found.first])
    guess_source(parsed)
    return table_from_columns(
        found.columns,
        lines=found.lines,
        record_ids=found.record_ids,
        **_provenance(parsed, shown=shown, sha256=sha256, **options),
    )


def _provenance(parsed, *, shown, sha256, sid, source_id, database, platform, search_round):
    """Where the records come from, as the table builders take it (the source id given, or
    derived; the database and platform given, or guessed from the records)."""
    return {
        "source_id": sid,
        "database": database or parsed.database,
        "platform": platform or parsed.platform,
        "search_round": search_round,
        "source_file": shown,
        "sha256": sha256,
    }


def _read_in_pieces(path, *, encoding, shown, **options) -> pd.DataFrame | None:
    """The table of a large RIS file read a few megabytes at a time (see
    :mod:`prismake.importer.stream`), or None when it must be read whole."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        pieces = utf8_pieces(handle, digest, encoding=encoding)
        try:
            head = next(pieces)
            while len(head) < DETECT_CHARS:
                head += next(pieces)
        except StopIteration:
            pass
        except Unsuitable:
            return None
        try:
            if not head.strip() or detect_text(head, path=shown) != "ris":
                return None
        except InputError:
            return None
        records = iter_ris(chain([head], pieces), path=shown)
        del head
        try:
            first = next(records, None)
            parsed = Parsed(format="ris", records=[] if first is None else [first])
            guess_source(parsed)
            _check_some(parsed, shown)
            rows = extract_rows(
                chain(parsed.records, records),
                specs.RIS,
                path=shown,
                source_id=options["sid"],
                id_source_id=options["source_id"] or None,
            )
        except Unsuitable:
            return None
        except PrismakeError:
            # Reading whole would have refused the file for its bytes before reading any record.
            try:
                for _ in pieces:
                    pass
            except Unsuitable:
                return None
            raise
    parsed.records = []
    log.info("%s: %d records (ris, utf-8, read in pieces)", shown, len(rows.values))
    return _table(rows, parsed, shown=shown, sha256=digest.hexdigest(), **options)


def _check_some(parsed: Parsed, shown: str) -> None:
    if not parsed.records:
        raise ParseError(
            f"no records found in this {FORMATS[parsed.format]} file",
            path=shown,
            line=1,
            expected="at least one record",
        )


def _drain(records: list[RawRecord]) -> Iterator[RawRecord]:
    """The records of a list the caller owns, in order, each dropped from it once taken, so that
    a raw record is freed as soon as its canonical row is built."""
    records.reverse()
    while records:
        yield records.pop()


def _table(rows, parsed, *, shown, sha256, **options):
    return table_from_rows(rows, **_provenance(parsed, shown=shown, sha256=sha256, **options))


def read_file(
    path: str | Path,
    *,
    format: str = "auto",
    encoding: str = "auto",
    source_id: str | None = None,
    database: str = "",
    platform: str = "",
    search_round: int = 1,
    display_path: str | None = None,
) -> pd.DataFrame:
    """The canonical records table of one export file (no count check; see the module doc)."""
    return _read(
        path,
        source_id=source_id,
        database=database,
        platform=platform,
        search_round=search_round,
        format=format,
        encoding=encoding,
        display_path=display_path,
    )


def import_source(
    path: str | Path,
    *,
    source_id: str,
    database: str = "",
    platform: str = "",
    search_round: int = 1,
    format: str = "auto",
    encoding: str = "auto",
    hits: int | None = None,
    on_count_mismatch: str = "error",
    display_path: str | None = None,
) -> pd.DataFrame:
    """Import one export of the search log and check its count against ``hits``.

    Raises :class:`~prismake.errors.CountMismatchError` naming the file and both numbers when
    the parsed count differs from ``hits``, or logs a warning when ``on_count_mismatch`` is
    ``"warn"``.
    """
    if on_count_mismatch not in ("error", "warn"):
        raise InputError(
            "bad on_count_mismatch",
            path=display_path or path,
            value=on_count_mismatch,
            expected="'error' or 'warn'",
        )
    if not source_id:
        raise InputError(
            "a source_id is required", path=display_path or path, expected="e.g. 'medline'"
        )
    df = _read(
        path,
        source_id=source_id,
        database=database,
        platform=platform,
        search_round=search_round,
        format=format,
        encoding=encoding,
        display_path=display_path,
    )
    if hits is not None and len(df) != hits:
        shown = display_path if display_path is not None else str(path)
        message = (
            f"{len(df)} records parsed, but the database reported {hits} hits for source "
            f"{source_id!r}"
        )
        if on_count_mismatch == "warn":
            log.warning("%s: %s", shown, message)
        else:
            raise CountMismatchError(
                message,
                path=shown,
                expected=f"{hits} records (or on_count_mismatch 'warn' for this source)",
            )
    return df
