"""From raw records to the canonical records table.

A :class:`Spec` says, for one export layout, which tags or columns feed each canonical column, in
order of preference. :func:`extract` applies it to one raw record; :func:`build_table` does every
record of a file and adds the identity and provenance columns. What the spec does not map, or maps
only in part, stays in ``extra`` under the vendor's own tag with all its values in file order:

* a scalar column (title, DOI, ...) takes the first non-empty value of the first listed tag that
  has one; when that tag holds other, different values, the tag is kept whole in ``extra``;
* ``authors`` takes every value of the first listed tag that has any (``AF`` full names before
  ``AU`` short ones); ``keywords`` takes every value of every listed tag;
* ISSNs and ISBNs are told apart by their form, wherever the vendor put them;
* the tags that carry the vendor's type are never consumed: the raw type stays in ``extra``.

``raw`` holds, for each canonical text field that :func:`~prismake.importer.normalise.repair`
changed (HTML entities, mojibake), the value as exported.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from prismake.errors import ParseError
from prismake.importer.base import RawRecord
from prismake.importer.normalise import (
    canonical_type,
    collapse,
    find_doi,
    has_entity,
    has_mojibake,
    join_pages,
    normalise_doi,
    normalise_pages,
    parse_year,
    repair,
    split_issn_isbn,
)
from prismake.tables import RECORD_COLUMNS

Tags = tuple[str, ...]
TEXT_FIELDS = ("title", "journal", "abstract")


@dataclass(frozen=True)
class Spec:
    """Which tags (or CSV columns) feed each canonical column, best first."""

    title: Tags = ()
    authors: Tags = ()
    year: Tags = ()
    journal: Tags = ()
    volume: Tags = ()
    issue: Tags = ()
    pages: Tags = ()
    start_page: Tags = ()
    end_page: Tags = ()
    doi: Tags = ()
    pmid: Tags = ()
    accession: Tags = ()
    serials: Tags = ()
    issn: Tags = ()
    isbn: Tags = ()
    abstract: Tags = ()
    keywords: Tags = ()
    language: Tags = ()
    url: Tags = ()
    type: Tags = ()
    doctype: Tags = ()
    #: Regular expression splitting one cell into several authors / keywords (CSV layouts).
    author_split: str | Callable[[str], list[str]] | None = None
    keyword_split: str | Callable[[str], list[str]] | None = None
    #: Called as ``hook(fields, out, consumed)`` after the generic extraction, to fill what needs
    #: vendor knowledge (a DOI inside a URL, an accession inside a link, ...).
    hook: Callable[[Mapping[str, list[str]], dict, set], None] | None = None
    #: Column holding the caller's own record id (the generic benchmark CSV's ``ID``).
    id_column: Tags = ()
    extra_skip: frozenset[str] = field(default_factory=frozenset)


# Every reader stores values stripped and non-empty, so the helpers below need not check.


def _first(fields: Mapping[str, list[str]], tags: Tags, consumed: set) -> tuple[str, str | None]:
    for tag in tags:
        values = fields.get(tag)
        if values:
            value = values[0]
            if len(values) == 1 or values.count(value) == len(values):
                consumed.add(tag)
            return value, tag
    return "", None


def _all(fields: Mapping[str, list[str]], tags: Tags, consumed: set, split: object) -> list:
    out: list[str] = []
    for tag in tags:
        values = fields.get(tag)
        if values:
            consumed.add(tag)
            if split is None:
                out += values
            else:
                for value in values:
                    parts = split(value) if callable(split) else re.split(split, value)
                    out.extend(part.strip() for part in parts if part.strip())
    return out


_YEARS: dict[str, int | None] = {}


def _year(
    fields: Mapping[str, list[str]], tags: Tags, consumed: set, *, path, line: int
) -> int | None:
    """The year from the first tag that has one. A bad value in the main year tag (the first
    listed) is an error; fallbacks that hold no year (an early-access month) are skipped."""
    for position, tag in enumerate(tags):
        values = fields.get(tag)
        if not values:
            continue
        value = values[0]
        year = _YEARS.get(value, -1)
        if year == -1:
            try:
                year = parse_year(value, path=path, line=line, field=tag)
            except ParseError:
                if position == 0:
                    raise
                continue
            if len(_YEARS) < 100_000:
                _YEARS[value] = year
        if year is not None:
            if len(values) == 1 or values.count(value) == len(values):
                consumed.add(tag)
            return year
    return None


_TYPES: dict[tuple, str] = {}


def _type(fields: Mapping[str, list[str]], spec: Spec) -> str:
    base = tuple(v for tag in spec.type for v in fields.get(tag, ()))
    doctypes = tuple(v for tag in spec.doctype for v in fields.get(tag, ()))
    key = (base, doctypes)
    kind = _TYPES.get(key)
    if kind is None:
        kind = canonical_type(base, doctypes)
        if len(_TYPES) < 100_000:
            _TYPES[key] = kind
    return kind


def _repair_all(out: dict, raw_values: dict) -> None:
    """Repair text fields in ``out`` (HTML entities, mojibake), keeping originals in ``raw``."""
    texts = [out["title"], out["journal"], out["abstract"], *out["authors"], *out["keywords"]]
    blob = "\x1f".join(texts)
    if ("&" not in blob or not has_entity(blob)) and (blob.isascii() or not has_mojibake(blob)):
        return
    for name in TEXT_FIELDS:
        fixed = repair(out[name])
        if fixed != out[name]:
            raw_values.setdefault(name, out[name])
            out[name] = fixed
    for name in ("authors", "keywords"):
        fixed_list = [repair(v) for v in out[name]]
        if fixed_list != out[name]:
            raw_values.setdefault(name, out[name])
            out[name] = fixed_list


_SCALARS = ("title", "journal", "volume", "issue", "language", "url", "abstract")


def extract(raw: RawRecord, spec: Spec, *, path: str | Path) -> dict:
    """The canonical values of one raw record (without identity and provenance columns)."""
    fields = raw.fields
    consumed: set[str] = set()
    out: dict = {}
    for name in _SCALARS:
        out[name] = _first(fields, getattr(spec, name), consumed)[0]
    title = out["title"]
    if "\n" in title or "  " in title or "\t" in title:
        out["title"] = collapse(title)
    journal = out["journal"]
    if "\n" in journal or "  " in journal:
        out["journal"] = collapse(journal)
    author_tag = next((tag for tag in spec.authors if tag in fields and fields[tag]), None)
    out["authors"] = _all(fields, (author_tag,), consumed, spec.author_split) if author_tag else []
    out["keywords"] = _all(fields, spec.keywords, consumed, spec.keyword_split)
    out["year"] = _year(fields, spec.year, consumed, path=path, line=raw.line)
    pages = _first(fields, spec.pages, consumed)[0] if spec.pages else ""
    if not pages and (spec.start_page or spec.end_page):
        start = _first(fields, spec.start_page, consumed)[0]
        end = _first(fields, spec.end_page, consumed)[0]
        pages = join_pages(start, end) if end else start
    out["pages"] = normalise_pages(pages) if pages and not pages.isalnum() else pages
    doi_text, doi_tag = _first(fields, spec.doi, consumed)
    out["doi"] = normalise_doi(doi_text) if doi_text else ""
    if doi_tag and not out["doi"]:
        consumed.discard(doi_tag)
    out["pmid"] = _first(fields, spec.pmid, consumed)[0]
    out["accession"] = _first(fields, spec.accession, consumed)[0]
    serial_tags = spec.serials + spec.issn + spec.isbn
    serials = _all(fields, serial_tags, consumed, None)
    if serials:
        issns, isbns = split_issn_isbn(serials)
        if not (issns or isbns):
            consumed.difference_update(serial_tags)
        out["issn"] = "; ".join(issns)
        out["isbn"] = "; ".join(isbns)
    else:
        out["issn"] = out["isbn"] = ""
    out["type"] = _type(fields, spec)
    consumed.difference_update(spec.type)
    consumed.difference_update(spec.doctype)
    if spec.hook is not None:
        spec.hook(fields, out, consumed)
    if not out["doi"]:
        out["doi"] = find_doi(
            v for tag in ("UR", "L2", "M3", "DOI", "url") for v in fields.get(tag, ())
        )
    raw_values: dict = out.pop("_raw", {})
    _repair_all(out, raw_values)
    skip = spec.extra_skip
    out["extra"] = {
        tag: values
        for tag, values in fields.items()
        if values and tag not in consumed and tag not in skip
    }
    out["raw"] = raw_values
    return out


# --- identity --------------------------------------------------------------------------------

_HASH_FIELDS = ("type", "title", "year", "journal", "volume", "issue", "pages", "doi", "abstract")


def content_hash(values: Mapping[str, object]) -> str:
    """First 12 hex digits of the SHA-256 of a record's normalised bibliographic text.

    The text is the canonical type, title, authors, year, journal, volume, issue, pages, DOI and
    abstract, lower-cased with whitespace collapsed, joined by U+001F. Vendor fields in ``extra``
    (citation counts, export dates) are left out, so a re-export of the same record keeps its id.
    """
    parts = [
        str(values.get(name) or "") if name != "year" else str(values.get("year") or "")
        for name in _HASH_FIELDS
    ]
    parts.insert(2, "; ".join(values.get("authors") or ()))
    text = collapse("\x1f".join(parts).lower())
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


_SAFE = re.compile(r"\s+")


def record_keys(rows: list[dict], *, source_id: str) -> list[str]:
    """``{source_id}:{accession}`` or ``{source_id}:h{hash}``; repeats get ``~2``, ``~3``."""
    seen: dict[str, int] = {}
    keys = []
    for row in rows:
        accession = _SAFE.sub("", row["accession"]) if row["accession"] else ""
        key = f"{source_id}:{accession}" if accession else f"{source_id}:h{content_hash(row)}"
        count = seen.get(key, 0) + 1
        seen[key] = count
        keys.append(key if count == 1 else f"{key}~{count}")
    return keys


def caller_keys(
    rows: list[dict], ids: list[str], *, source_id: str | None, path, column: str
) -> list[str]:
    """Record ids from the file's own id column; a repeated id is an error naming both rows."""
    first: dict[str, int] = {}
    for row, value in zip(rows, ids, strict=True):
        if not value:
            raise ParseError(
                f"empty {column!r}",
                path=path,
                line=row["source_line"],
                expected="an id on every row",
            )
        if value in first:
            raise ParseError(
                f"duplicate {column} {value!r}: the rows at lines {first[value]} and "
                f"{row['source_line']} share it",
                path=path,
                line=row["source_line"],
                value=value,
                expected=f"each {column!r} value once",
            )
        first[value] = row["source_line"]
    return list(ids) if not source_id else [f"{source_id}:{value}" for value in ids]


def build_table(
    records: list[RawRecord],
    spec: Spec,
    *,
    path: str | Path,
    source_id: str,
    id_source_id: str | None,
    database: str,
    platform: str,
    search_round: int,
    source_file: str,
    sha256: str,
) -> pd.DataFrame:
    """The canonical table of one file's raw records, in file order."""
    rows = []
    ids: list[str] = []
    for raw in records:
        row = extract(raw, spec, path=path)
        row["source_line"] = raw.line
        rows.append(row)
        if spec.id_column:
            value = ""
            for tag in spec.id_column:
                values = raw.fields.get(tag)
                if values:
                    value = values[0].strip()
                    break
            ids.append(value)
    if spec.id_column and not any(ids):
        spec = replace(spec, id_column=())  # an id column with no ids at all carries none
    if spec.id_column:
        keys = caller_keys(rows, ids, source_id=id_source_id, path=path, column=spec.id_column[0])
    else:
        keys = record_keys(rows, source_id=source_id)
    n = len(rows)
    columns: dict[str, object] = {
        "record_id": pd.Series(keys, dtype=object),
        "source_id": pd.Series([source_id] * n, dtype=object),
        "database": pd.Series([database] * n, dtype=object),
        "platform": pd.Series([platform] * n, dtype=object),
        "search_round": pd.array([search_round] * n, dtype="Int64"),
        "source_file": pd.Series([source_file] * n, dtype=object),
        "source_sha256": pd.Series([sha256] * n, dtype=object),
        "source_line": pd.array([r["source_line"] for r in rows], dtype="Int64"),
    }
    for name in RECORD_COLUMNS[8:]:
        values = [r[name] for r in rows]
        if name == "year":
            columns[name] = pd.array(values, dtype="Int64")
        else:
            columns[name] = pd.Series(values, dtype=object)
    df = pd.DataFrame(columns)
    return df[list(RECORD_COLUMNS)]
