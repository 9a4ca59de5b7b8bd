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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

import numpy as np
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


def _splitter(split: str | Callable[[str], list[str]] | None) -> Callable[[str], list] | None:
    if split is None or callable(split):
        return split
    return re.compile(split).split


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
                    for part in split(value):
                        part = part.strip()
                        if part:
                            out.append(part)
    return out


class _Cache(dict):
    """A memo of a pure function of a hashable argument, bounded in size."""

    def __init__(self, function: Callable, size: int = 100_000) -> None:
        super().__init__()
        self.function = function
        self.size = size

    def __missing__(self, key: object) -> object:
        value = self.function(key)
        if len(self) < self.size:
            self[key] = value
        return value


_TYPES = _Cache(lambda key: canonical_type(*key))
_SERIALS = _Cache(split_issn_isbn)
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


def _suspect(texts: list[str]) -> bool:
    """Whether any of ``texts`` may need :func:`repair` (a cheap test; repair decides)."""
    blob = "\x1f".join(texts)
    if blob.isascii():
        return "&" in blob and has_entity(blob)
    return ("&" in blob and has_entity(blob)) or has_mojibake(blob)


def _repair_all(out: dict, raw_values: dict) -> None:
    """Repair text fields in ``out`` (HTML entities, mojibake), keeping originals in ``raw``."""
    if not _suspect(
        [out["title"], out["journal"], out["abstract"], *out["authors"], *out["keywords"]]
    ):
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
_DOI_FALLBACK_TAGS = ("UR", "L2", "M3", "DOI", "url")


def extractor(spec: Spec, *, path: str | Path) -> Callable[[RawRecord], dict]:
    """A function giving the canonical values of one raw record under ``spec`` (without the
    identity and provenance columns): :func:`extract` with the spec's lookups prepared once."""
    scalars = tuple((name, getattr(spec, name)) for name in _SCALARS)
    author_tags = spec.authors
    author_split = _splitter(spec.author_split)
    keyword_tags = spec.keywords
    keyword_split = _splitter(spec.keyword_split)
    year_tags = spec.year
    pages_tags = spec.pages
    range_tags = spec.start_page or spec.end_page
    serial_tags = spec.serials + spec.issn + spec.isbn
    type_tags = spec.type
    doctype_tags = spec.doctype
    kind_tags = frozenset(spec.type + spec.doctype)
    hook = spec.hook
    skip = spec.extra_skip

    def first(fields: Mapping[str, list[str]], tags: Tags, consumed: set) -> str:
        for tag in tags:
            values = fields.get(tag)
            if values:
                value = values[0]
                if len(values) == 1 or values.count(value) == len(values):
                    consumed.add(tag)
                return value
        return ""

    def extract_one(raw: RawRecord) -> dict:
        fields = raw.fields
        get = fields.get
        consumed: set[str] = set()
        add = consumed.add
        out: dict = {}
        for name, tags in scalars:
            value = ""
            for tag in tags:
                values = get(tag)
                if values:
                    value = values[0]
                    if len(values) == 1 or values.count(value) == len(values):
                        add(tag)
                    break
            out[name] = value
        title = out["title"]
        if "\n" in title or "  " in title or "\t" in title:
            out["title"] = collapse(title)
        journal = out["journal"]
        if "\n" in journal or "  " in journal:
            out["journal"] = collapse(journal)
        authors: list[str] = []
        for tag in author_tags:
            values = get(tag)
            if values:
                authors = _all(fields, (tag,), consumed, author_split)
                break
        out["authors"] = authors
        out["keywords"] = _all(fields, keyword_tags, consumed, keyword_split)
        out["year"] = _year(fields, year_tags, consumed, path=path, line=raw.line)
        pages = first(fields, pages_tags, consumed) if pages_tags else ""
        if not pages and range_tags:
            start = first(fields, spec.start_page, consumed)
            end = first(fields, spec.end_page, consumed)
            pages = join_pages(start, end) if end else start
        out["pages"] = normalise_pages(pages) if pages and not pages.isalnum() else pages
        doi_text, doi_tag = _first(fields, spec.doi, consumed)
        doi = normalise_doi(doi_text) if doi_text else ""
        if doi_tag and not doi:
            consumed.discard(doi_tag)
        out["doi"] = doi
        out["pmid"] = first(fields, spec.pmid, consumed)
        out["accession"] = first(fields, spec.accession, consumed)
        serials = _all(fields, serial_tags, consumed, None) if serial_tags else None
        if serials:
            issns, isbns = _SERIALS[tuple(serials)]
            if not (issns or isbns):
                consumed.difference_update(serial_tags)
            out["issn"] = "; ".join(issns)
            out["isbn"] = "; ".join(isbns)
        else:
            out["issn"] = out["isbn"] = ""
        base = get(type_tags[0], ()) if len(type_tags) == 1 else _values(fields, type_tags)
        doctypes = (
            get(doctype_tags[0], ()) if len(doctype_tags) == 1 else _values(fields, doctype_tags)
        )
        out["type"] = _TYPES[(tuple(base), tuple(doctypes))]
        if kind_tags:
            consumed -= kind_tags
        if hook is not None:
            hook(fields, out, consumed)
        if not out["doi"]:
            out["doi"] = find_doi(v for tag in _DOI_FALLBACK_TAGS for v in get(tag, ()))
        raw_values: dict = out.pop("_raw", {})
        _repair_all(out, raw_values)
        if skip:
            out["extra"] = {
                tag: values
                for tag, values in fields.items()
                if values and tag not in consumed and tag not in skip
            }
        else:
            out["extra"] = {
                tag: values for tag, values in fields.items() if values and tag not in consumed
            }
        out["raw"] = raw_values
        return out

    return extract_one


def _values(fields: Mapping[str, list[str]], tags: Tags) -> list[str]:
    return [v for tag in tags for v in fields.get(tag, ())]


def extract(raw: RawRecord, spec: Spec, *, path: str | Path) -> dict:
    """The canonical values of one raw record (without identity and provenance columns)."""
    return extractor(spec, path=path)(raw)


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


def _base_key(values: Mapping[str, object], source_id: str) -> str:
    accession = values["accession"]
    if accession and not accession.isalnum():
        accession = "".join(accession.split())
    return f"{source_id}:{accession}" if accession else f"{source_id}:h{content_hash(values)}"


def _numbered(keys: Iterable[str]) -> list[str]:
    """The keys, a key repeated getting ``~2``, ``~3``, ... in order."""
    seen: dict[str, int] = {}
    out = []
    for key in keys:
        count = seen.get(key, 0) + 1
        seen[key] = count
        out.append(key if count == 1 else f"{key}~{count}")
    return out


def record_keys(rows: list[dict], *, source_id: str) -> list[str]:
    """``{source_id}:{accession}`` or ``{source_id}:h{hash}``; repeats get ``~2``, ``~3``."""
    return _numbered(_base_key(row, source_id) for row in rows)


def caller_keys(
    lines: list[int], ids: list[str], *, source_id: str | None, path, column: str
) -> list[str]:
    """Record ids from the file's own id column (``lines``: where each row starts); a repeated
    id is an error naming both rows."""
    first: dict[str, int] = {}
    for line, value in zip(lines, ids, strict=True):
        if not value:
            raise ParseError(
                f"empty {column!r}", path=path, line=line, expected="an id on every row"
            )
        if value in first:
            raise ParseError(
                f"duplicate {column} {value!r}: the rows at lines {first[value]} and {line} "
                f"share it",
                path=path,
                line=line,
                value=value,
                expected=f"each {column!r} value once",
            )
        first[value] = line
    return list(ids) if not source_id else [f"{source_id}:{value}" for value in ids]


#: The canonical columns :func:`extractor` fills, in table order.
_EXTRACTED = RECORD_COLUMNS[RECORD_COLUMNS.index("type") :]
_ROW = itemgetter(*_EXTRACTED)


def build_table(
    records: Iterable[RawRecord],
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
    rows = extract_rows(records, spec, path=path, source_id=source_id, id_source_id=id_source_id)
    return table_from_rows(
        rows,
        source_id=source_id,
        database=database,
        platform=platform,
        search_round=search_round,
        source_file=source_file,
        sha256=sha256,
    )


@dataclass
class Rows:
    """The canonical values of a file's records: one tuple per record (the columns from
    ``type`` on), the line where each starts and its record id."""

    values: list[tuple]
    lines: list[int]
    record_ids: list[str]


def extract_rows(
    records: Iterable[RawRecord],
    spec: Spec,
    *,
    path: str | Path,
    source_id: str,
    id_source_id: str | None,
) -> Rows:
    """The canonical values and record ids of raw records, in file order.

    ``records`` may be an iterator that is still reading the file: a record whose values break a
    rule (a year that is no year) is an error only once every record has been read, so that an
    error in the file's structure further on is the one reported, as when reading comes first.
    """
    extract_one = extractor(spec, path=path)
    id_tags = spec.id_column
    rows: list[tuple] = []
    lines: list[int] = []
    keys: list[str] = []
    error: ParseError | None = None
    for raw in records:
        if error is not None:
            continue
        try:
            out = extract_one(raw)
        except ParseError as exc:
            error = exc
            continue
        rows.append(_ROW(out))
        lines.append(raw.line)
        if id_tags:
            value = ""
            for tag in id_tags:
                values = raw.fields.get(tag)
                if values:
                    value = values[0].strip()
                    break
            keys.append(value)
        else:
            keys.append(_base_key(out, source_id))
    if error is not None:
        raise error
    if id_tags and any(keys):
        keys = caller_keys(lines, keys, source_id=id_source_id, path=path, column=id_tags[0])
    else:
        if id_tags:  # an id column with no ids at all carries none
            keys = [_base_key(dict(zip(_EXTRACTED, row, strict=True)), source_id) for row in rows]
        keys = _numbered(keys)
    return Rows(rows, lines, keys)


def table_from_rows(
    rows: Rows,
    *,
    source_id: str,
    database: str,
    platform: str,
    search_round: int,
    source_file: str,
    sha256: str,
) -> pd.DataFrame:
    """The canonical table (:data:`~prismake.tables.RECORD_COLUMNS`) of extracted rows."""
    by_column = zip(*rows.values, strict=True) if rows.values else ([] for _ in _EXTRACTED)
    columns = {name: list(values) for name, values in zip(_EXTRACTED, by_column, strict=True)}
    return table_from_columns(
        columns,
        lines=rows.lines,
        record_ids=rows.record_ids,
        source_id=source_id,
        database=database,
        platform=platform,
        search_round=search_round,
        source_file=source_file,
        sha256=sha256,
    )


def table_from_columns(
    columns: Mapping[str, list],
    *,
    lines: list[int],
    record_ids: list[str],
    source_id: str,
    database: str,
    platform: str,
    search_round: int,
    source_file: str,
    sha256: str,
) -> pd.DataFrame:
    """The canonical table of extracted values given column by column (the columns from
    ``type`` on, each a list with one value per record)."""
    n = len(record_ids)
    table: dict[str, object] = {
        "record_id": _objects(record_ids),
        "source_id": _objects([source_id] * n),
        "database": _objects([database] * n),
        "platform": _objects([platform] * n),
        "search_round": pd.array(np.full(n, search_round, dtype=np.int64), dtype="Int64"),
        "source_file": _objects([source_file] * n),
        "source_sha256": _objects([sha256] * n),
        "source_line": pd.array(np.asarray(lines, dtype=np.int64), dtype="Int64"),
    }
    for name in _EXTRACTED:
        if name == "year":
            table[name] = pd.array(columns[name], dtype="Int64")
        else:
            table[name] = _objects(columns[name])
    return pd.DataFrame(table)


def _objects(values: list) -> pd.Series:
    """A Series of Python objects, as they are (no inference of a type)."""
    array = np.fromiter(values, dtype=object, count=len(values))
    return pd.Series(array, dtype=object, copy=False)
