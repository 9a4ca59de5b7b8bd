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
"""

from __future__ import annotations

import gc
import hashlib
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from prismake.errors import CountMismatchError, InputError, ParseError
from prismake.importer import specs
from prismake.importer.base import Parsed
from prismake.importer.bibtex import parse_bibtex
from prismake.importer.canonical import build_table
from prismake.importer.csv_layouts import spec_for_layout
from prismake.importer.csvs import read_rows
from prismake.importer.detect import FORMATS, check_declared, detect_text
from prismake.importer.dialects import guess_source
from prismake.importer.encoding import decode, split_lines
from prismake.importer.endnote_xml import parse_endnote_xml
from prismake.importer.ris import parse_ris_text
from prismake.importer.tagged import parse_enw, parse_nbib, parse_ovid, parse_proquest, parse_wos

__all__ = [
    "FORMATS",
    "CountMismatchError",
    "detect_format",
    "import_source",
    "parse_text",
    "read_file",
]

log = logging.getLogger(__name__)

_LINE_PARSERS = {
    "nbib": (parse_nbib, specs.NBIB),
    "wos": (parse_wos, specs.WOS),
    "ovid": (parse_ovid, specs.OVID),
    "endnote_tagged": (parse_enw, specs.ENW),
    "proquest": (parse_proquest, specs.PROQUEST),
}


@contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: parsing builds millions of acyclic objects, and the
    collector's passes over them cost more than the parse itself (see bench/bench_import.py)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def detect_format(path: str | Path, *, encoding: str = "auto") -> str:
    """The format of the export at ``path``, from its content (a key of :data:`FORMATS`)."""
    data = Path(path).read_bytes()
    text, _ = decode(data, encoding=encoding, path=path)
    return detect_text(text, path=path)


def _derive_source_id(path: str | Path) -> str:
    stem = Path(path).name.split(".")[0].lower()
    stem = re.sub(r"[^a-z0-9_]+", "_", stem).strip("_") or "source"
    return stem if stem[0].isalpha() else f"s_{stem}"


def parse_text(
    text: str, *, format: str = "auto", path: str | Path = "<text>"
) -> tuple[Parsed, object]:
    """Raw records of decoded export text and the spec that maps them (format resolved here)."""
    detected: str | None
    try:
        detected = detect_text(text, path=path)
    except InputError:
        if format == "auto":
            raise
        detected = None
    fmt = detected if format == "auto" else check_declared(format, detected, path=path)
    if fmt == "ris":
        records, spec = parse_ris_text(text, path=path), specs.RIS
    elif fmt in _LINE_PARSERS:
        parser, spec = _LINE_PARSERS[fmt]
        records = parser(split_lines(text), path=path)
    elif fmt == "endnote_xml":
        records, spec = parse_endnote_xml(text, path=path), specs.ENDNOTE_XML
    elif fmt == "bibtex":
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
    from prismake.models.records import validate_records

    shown = display_path if display_path is not None else str(path)
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
    with _no_gc():
        parsed, spec = parse_text(text, format=format, path=shown)
        del text
    fmt = parsed.format
    if not parsed.records:
        raise ParseError(
            f"no records found in this {FORMATS[parsed.format]} file",
            path=shown,
            line=1,
            expected="at least one record",
        )
    sid = source_id if source_id else _derive_source_id(path)
    with _no_gc():
        df = _build(
            parsed,
            spec,
            shown=shown,
            sid=sid,
            source_id=source_id,
            database=database,
            platform=platform,
            search_round=search_round,
            sha256=sha256,
        )
        del parsed
        df = validate_records(df, path=shown)
    log.info("%s: %d records (%s, %s)", shown, len(df), fmt, used)
    return df


def _build(parsed, spec, *, shown, sid, source_id, database, platform, search_round, sha256):
    return build_table(
        parsed.records,
        spec,
        path=shown,
        source_id=sid,
        id_source_id=source_id or None,
        database=database or parsed.database,
        platform=platform or parsed.platform,
        search_round=search_round,
        source_file=shown,
        sha256=sha256,
    )


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
