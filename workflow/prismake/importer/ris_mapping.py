"""Canonical values of column-wise RIS records, field by field over all the records of a piece.

:func:`canonical_columns` gives, for the records of a
:class:`~prismake.importer.ris_columns.Piece`, the values that
:func:`prismake.importer.canonical.extractor` gives record by record under
:data:`prismake.importer.specs.RIS` (with its hook, :func:`prismake.importer.specs._ris_hook`),
and the record keys of :func:`prismake.importer.canonical.record_keys` before repeats are
numbered. Each rule is applied to a whole column at once where it is a lookup, and value by
value, with the same helper functions, where it needs vendor knowledge. A test compares both on
every RIS file the project has; when :data:`~prismake.importer.specs.RIS` changes, this module
declines (see :func:`implements`) until it is brought up to date.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import methodcaller
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pandas as pd

from prismake.errors import ParseError
from prismake.importer import specs
from prismake.importer.canonical import (
    _EXTRACTED,
    _SERIALS,
    _TYPES,
    Spec,
    _repair_all,
    _suspect,
    content_hash,
)
from prismake.importer.normalise import (
    _DOI_TAIL,
    collapse,
    find_doi,
    has_entity,
    has_mojibake,
    normalise_doi,
    normalise_pages,
    parse_year,
)
from prismake.importer.ris_columns import _VALID, Piece, tag_code, tag_name

#: The spec (and hook) this module computes; any other leaves the records to the reference.
IMPLEMENTED = Spec(
    title=("TI", "T1", "CT"),
    authors=("AU", "A1"),
    year=("PY", "Y1", "DA"),
    journal=("JF", "T2", "JO", "BT", "J2", "JA", "J1"),
    volume=("VL", "VO"),
    issue=("IS",),
    start_page=("SP",),
    end_page=("EP",),
    doi=("DO", "DI"),
    serials=("SN",),
    abstract=("AB", "N2"),
    keywords=("KW",),
    language=("LA",),
    url=("UR",),
    type=("TY",),
    doctype=("M3",),
    hook=specs._ris_hook,
)

#: The canonical columns computed here, in table order (``type`` to ``raw``).
COLUMNS = _EXTRACTED
#: The name of each tag code (every two-byte code an RIS tag can have).
_NAMES = np.full(1 << 16, None, dtype=object)
for _code in np.flatnonzero(_VALID).tolist():
    _NAMES[_code] = tag_name(_code)
del _code
_HOOK_TAGS = ("AN", "DP", "DB", "U2", "UR", "ID", "L3", "N1", "L2")
_NO_YEAR = object()


def implements(spec: Spec) -> bool:
    """Whether this module computes ``spec``'s values."""
    return spec == IMPLEMENTED


@dataclass
class Columns:
    """The canonical values of some records, column by column, and their record keys."""

    values: dict[str, list]
    lines: list[int]
    keys: list[str]


class _Groups:
    """Lookups over the groups (tag of a record, with its values) of a piece."""

    def __init__(self, piece: Piece) -> None:
        self.piece = piece
        self.n = piece.records
        self.values = piece.values.tolist()
        self.firsts = piece.values[piece.start] if len(piece.start) else np.zeros(0, object)
        self.counts = piece.stop - piece.start
        self.consumed = np.zeros(len(piece.start), dtype=bool)
        self._by_tag: dict[str, np.ndarray] = {}
        found = np.bincount(piece.group_tag, minlength=1 << 16) if len(piece.group_tag) else []
        self.present = {tag_name(code) for code in np.flatnonzero(found).tolist()}

    def of(self, tag: str) -> np.ndarray:
        """The group of ``tag`` in each record, or -1."""
        found = self._by_tag.get(tag)
        if found is None:
            found = np.full(self.n, -1, dtype=np.int64)
            if tag in self.present:
                at = np.flatnonzero(self.piece.group_tag == tag_code(tag))
                found[self.piece.group_record[at]] = at
            self._by_tag[tag] = found
        return found

    def list_of(self, group: int) -> list[str]:
        return self.values[self.piece.start[group] : self.piece.stop[group]]

    def consume_same(self, groups: np.ndarray) -> None:
        """Consume each of ``groups`` whose values all equal its first (the reference's test:
        the tag is then taken whole)."""
        many = self.counts[groups] > 1
        self.consumed[groups[~many]] = True
        for group, found in zip(groups[many].tolist(), self.slices(groups[many]), strict=True):
            if found.count(found[0]) == len(found):
                self.consumed[group] = True

    def choose(self, tags: tuple[str, ...]) -> np.ndarray:
        """The group of the first of ``tags`` each record has, or -1."""
        chosen = np.full(self.n, -1, dtype=np.int64)
        for tag in tags:
            if tag in self.present:
                group = self.of(tag)
                np.copyto(chosen, group, where=(chosen < 0) & (group >= 0))
        return chosen

    def first(self, tags: tuple[str, ...]) -> tuple[list[str], np.ndarray]:
        """The first value of the first of ``tags`` each record has (or ``''``), consuming that
        tag where all its values are that one; and the group chosen."""
        chosen = self.choose(tags)
        self.consume_same(chosen[chosen >= 0])
        return self.first_values(chosen).tolist(), chosen

    def lists(self, chosen: np.ndarray) -> list[list[str]]:
        """All values of each record's chosen group (consumed), or ``[]``."""
        has = chosen >= 0
        groups = chosen[has]
        out = np.empty(self.n, dtype=object)
        out[has] = self.slices(groups)
        out[~has] = _object_array([[] for _ in range(self.n - len(groups))])
        self.consumed[groups] = True
        return out.tolist()

    def slices(self, groups: np.ndarray) -> np.ndarray:
        """The values of each of ``groups``, a list each, in an array of objects.

        Most groups hold one value; their lists are made from their first values, with no
        slice object and no slicing of the list of all values: 1.48 s against 1.57 s of CPU for
        the mapping of a file of 100,000 records (bench/bench_import.py --profile, step "map
        fields", medians of 5)."""
        out = np.empty(len(groups), dtype=object)
        single = self.counts[groups] == 1
        out[single] = _object_array(list(map(list, zip(self.firsts[groups[single]].tolist()))))
        many = groups[~single]
        if len(many):
            values = self.values
            start, stop = self.piece.start[many].tolist(), self.piece.stop[many].tolist()
            out[~single] = _object_array(list(map(values.__getitem__, map(slice, start, stop))))
        return out

    def first_values(self, group_of: np.ndarray) -> np.ndarray:
        """The first value of each record's group (an array of objects), ``''`` for none."""
        has = group_of >= 0
        out = np.full(self.n, "", dtype=object)
        out[has] = self.firsts[group_of[has]]
        return out

    def count_of(self, group_of: np.ndarray) -> np.ndarray:
        """How many values each record's group holds (0 for none)."""
        if not len(self.counts):
            return np.zeros(len(group_of), dtype=np.int64)
        return np.where(group_of >= 0, self.counts[np.maximum(group_of, 0)], 0)

    def tuples(self, tag: str) -> list[tuple[str, ...]]:
        """The values of ``tag`` in each record, as a tuple (empty where it has none)."""
        out: list[tuple[str, ...]] = [()] * self.n
        if tag in self.present:
            group_of = self.of(tag)
            has = np.flatnonzero(group_of >= 0)
            for record, found in zip(has.tolist(), self.slices(group_of[has]), strict=True):
                out[record] = tuple(found)
        return out

    def fields(self, record: int) -> dict[str, list[str]]:
        """The raw fields of one record (tag -> values), in file order."""
        at = np.flatnonzero(self.piece.group_record == record)
        return {tag_name(int(self.piece.group_tag[g])): self.list_of(g) for g in at.tolist()}

    def names(self, groups: np.ndarray) -> list[str]:
        """The tag of each of ``groups``."""
        return _NAMES[self.piece.group_tag[groups]].tolist()


def canonical_columns(
    piece: Piece, *, path: str | Path, source_id: str, spec: Spec
) -> Columns | None:
    """The canonical values and record keys of ``piece``'s records, or None where the reference
    must decide: a spec this module does not compute, or a record whose year is no year (the
    reference reports it, after reading the whole file)."""
    if not implements(spec):
        return None
    groups = _Groups(piece)
    out: dict[str, list] = {}
    title, _ = groups.first(spec.title)
    out["title"] = [collapse(t) if ("\n" in t or "  " in t or "\t" in t) else t for t in title]
    journal, _ = groups.first(spec.journal)
    out["journal"] = [collapse(j) if ("\n" in j or "  " in j) else j for j in journal]
    for name in ("volume", "issue", "language", "url", "abstract"):
        out[name], _ = groups.first(getattr(spec, name))
    out["authors"] = groups.lists(groups.choose(spec.authors))
    out["keywords"] = groups.lists(groups.choose(spec.keywords))
    year = _years(groups, spec.year, path=path)
    if year is None:
        return None
    out["year"] = year
    start, _ = groups.first(spec.start_page)
    end, _ = groups.first(spec.end_page)
    out["pages"] = _pages(start, end)
    _doi(groups, out, spec.doi)
    out["pmid"] = [""] * groups.n
    out["accession"] = [""] * groups.n
    _serials(groups, out, spec.serials)
    _types(groups, out, spec.type[0], spec.doctype[0])
    _hook(groups, out)
    _doi_fallback(groups, out)
    out["raw"] = _repair(out, groups.n)
    out["extra"] = _extra(groups)
    keys = _keys(out, groups.n, source_id)
    return Columns(
        values={name: out[name] for name in COLUMNS},
        lines=piece.record_lines.tolist(),
        keys=keys,
    )


def _pages(start: list[str], end: list[str]) -> list[str]:
    """Pages as the reference joins and normalises them (:func:`join_pages`, then
    :func:`normalise_pages` unless alphanumeric), without calling them for the common case, two
    stripped ASCII values whose join holds no dash to normalise."""
    pages = [
        a if not b or b == a or "-" in a else (f"{a}-{b}" if a else b)
        for a, b in zip(start, end, strict=True)
    ]
    return [
        p if not p or p.isalnum() or (p.isascii() and "--" not in p) else normalise_pages(p)
        for p in pages
    ]


def _years(groups: _Groups, tags: tuple[str, ...], *, path) -> list | None:
    """The year of each record as :func:`prismake.importer.canonical._year` finds it; None when
    the main year tag of a record holds no year."""
    years: list[int | None] = [None] * groups.n
    decided = np.zeros(groups.n, dtype=bool)
    parsed: dict[str, object] = {}
    for position, tag in enumerate(tags):
        if tag not in groups.present:
            continue
        group_of = groups.of(tag)
        records = np.flatnonzero((group_of >= 0) & ~decided)
        found = []
        for record, value in zip(
            records.tolist(), groups.firsts[group_of[records]].tolist(), strict=True
        ):
            year = parsed.get(value, _NO_YEAR)
            if year is _NO_YEAR:
                try:
                    year = parse_year(value, path=path, line=0, field=tag)
                except ParseError:
                    year = ParseError
                parsed[value] = year
            if year is ParseError:
                if position == 0:
                    return None
                continue
            if year is not None:
                years[record] = year
                found.append(record)
        decided[found] = True
        groups.consume_same(group_of[found])
    return years


def _doi(groups: _Groups, out: dict, tags: tuple[str, ...]) -> None:
    values, chosen = groups.first(tags)
    dois = [_plain_doi(v) or normalise_doi(v) if v else "" for v in values]
    lost = np.flatnonzero(chosen >= 0)
    lost = lost[[not dois[record] for record in lost.tolist()]]
    groups.consumed[chosen[lost]] = False
    out["doi"] = dois


def _plain_doi(value: str) -> str:
    """:func:`normalise_doi` of a value that is a bare DOI and nothing else (ASCII, no space,
    not marked ``[doi]``), without its slower steps; ``''`` for any other value."""
    if value[:3] != "10." or not value.isascii() or not value.isprintable() or " " in value:
        return ""
    if value.endswith("[doi]"):
        return ""
    text = value.rstrip(_DOI_TAIL)
    return text.lower() if text[:3] == "10." and "/" in text else ""


def _serials(groups: _Groups, out: dict, tags: tuple[str, ...]) -> None:
    """ISSNs and ISBNs told apart by their form (:func:`split_issn_isbn`, once per distinct
    value); the tag stays in 'extra' when it holds neither."""
    (tag,) = tags
    group_of = groups.of(tag)
    single = groups.count_of(group_of) == 1
    found = _per_distinct(groups.first_values(group_of), single, lambda v: _SERIALS[(v,)])
    for record in np.flatnonzero(groups.count_of(group_of) > 1).tolist():
        found[record] = _SERIALS[tuple(groups.list_of(int(group_of[record])))]
    has = np.flatnonzero(group_of >= 0)
    kept = [bool(f[0] or f[1]) for f in found[has].tolist()]
    groups.consumed[group_of[has]] = kept
    out["issn"] = ["; ".join(f[0]) if f is not None else "" for f in found.tolist()]
    out["isbn"] = ["; ".join(f[1]) if f is not None else "" for f in found.tolist()]


def _types(groups: _Groups, out: dict, base_tag: str, doctype_tag: str) -> None:
    """The canonical type from the base type and the document types (once per distinct pair of
    single values; value by value where a tag repeats)."""
    base_of, doc_of = groups.of(base_tag), groups.of(doctype_tag)
    single = (groups.count_of(base_of) <= 1) & (groups.count_of(doc_of) <= 1)
    base, doc = groups.first_values(base_of), groups.first_values(doc_of)
    pairs = np.empty(groups.n, dtype=object)
    pairs[:] = list(zip(base.tolist(), doc.tolist(), strict=True))
    kinds = _per_distinct(pairs, single, _type_of_pair)
    for record in np.flatnonzero(~single).tolist():
        key = (tuple(_values(groups, base_of, record)), tuple(_values(groups, doc_of, record)))
        kinds[record] = _TYPES[key]
    out["type"] = kinds.tolist()


def _type_of_pair(pair: tuple[str, str]) -> str:
    """The canonical type of one base type and one document type (``''`` for none)."""
    base, doc = pair
    return _TYPES[((base,) if base else (), (doc,) if doc else ())]


def _per_distinct(values: np.ndarray, where: np.ndarray, function) -> np.ndarray:
    """``function`` of each of ``values`` where ``where`` holds (called once per distinct
    value), None elsewhere."""
    out = np.full(len(values), None, dtype=object)
    if where.any():
        codes, distinct = pd.factorize(values[where])
        results = _object_array([function(value) for value in distinct])
        out[where] = results[codes]
    return out


def _object_array(values: list) -> np.ndarray:
    return np.fromiter(values, dtype=object, count=len(values))


def _hook(groups: _Groups, out: dict) -> None:
    """What :func:`prismake.importer.specs._ris_hook` does, rule by rule over the records."""
    of = {tag: groups.of(tag) for tag in _HOOK_TAGS}
    pages = out["pages"]
    placeholder = np.flatnonzero(np.array(pages, dtype=object) == "No-Specified")
    for record in placeholder.tolist():  # Ovid's 'SP - No' / 'EP - Specified'
        pages[record] = ""
        for tag in ("SP", "EP"):
            group = groups.of(tag)[record]
            if group >= 0:
                groups.consumed[group] = False
    _accession_from_an(groups, of, out)
    _accession_without_an(groups, of, out)
    doi, language, pmid = out["doi"], out["language"], out["pmid"]
    for record in np.flatnonzero(of["L3"] >= 0).tolist():
        if not doi[record]:
            for value in _values(groups, of["L3"], record):
                if specs._DOI_ONLY.match(value):
                    doi[record] = normalise_doi(value)
                    break
    with_notes = np.flatnonzero(of["N1"] >= 0)
    for record, notes in zip(with_notes.tolist(), groups.slices(of["N1"][with_notes]), strict=True):
        if (not language[record] or not pmid[record]) and any(
            map(methodcaller("startswith", specs._EBSCO_NOTE), notes)
        ):
            note = {"language": language[record], "pmid": pmid[record]}
            specs._ebsco_note(notes, note)
            language[record], pmid[record] = note["language"], note["pmid"]


def _accession_from_an(groups: _Groups, of: dict, out: dict) -> None:
    """The accession number in ``AN`` (up to a ``;``), taken whole where it is all of ``AN``;
    a PMID too where it is one and the provider is MEDLINE."""
    with_an = np.flatnonzero(of["AN"] >= 0)
    an_groups = of["AN"][with_an]
    ans = groups.firsts[an_groups].tolist()
    accessions = [an.split(";")[0].strip() if ";" in an else an for an in ans]
    same = np.fromiter(map(str.__eq__, accessions, ans), dtype=bool, count=len(ans))
    groups.consumed[an_groups[same & (groups.counts[an_groups] == 1)]] = True
    accession, pmid = out["accession"], out["pmid"]
    for record, value in zip(with_an.tolist(), accessions, strict=True):
        accession[record] = value
    for record, value in zip(with_an.tolist(), accessions, strict=True):
        if value.isdigit() and len(value) <= 9:
            provider = " ".join(
                [*_values(groups, of["DP"], record), *_values(groups, of["DB"], record)]
            )
            if specs._MEDLINE_HINT.search(provider):
                pmid[record] = value


def _accession_without_an(groups: _Groups, of: dict, out: dict) -> None:
    """Where there is no ``AN``: an Embase number in ``U2``, else a Scopus EID or an EBSCOhost
    accession number in a link, else a plain accession number in ``ID``."""
    accession = out["accession"]
    left = np.flatnonzero((of["AN"] < 0) & ((of["U2"] >= 0) | (of["UR"] >= 0) | (of["ID"] >= 0)))
    u2_groups = of["U2"][left]
    taken = np.zeros(len(left), dtype=bool)
    for at in np.flatnonzero(u2_groups >= 0).tolist():
        group = int(u2_groups[at])
        u2 = groups.firsts[group]
        if specs._U2_EMBASE.match(u2):
            accession[left[at]] = u2
            taken[at] = True
            if groups.counts[group] == 1:
                groups.consumed[group] = True
    left = left[~taken]
    ur = of["UR"][left]
    taken = np.zeros(len(left), dtype=bool)
    with_url = np.flatnonzero(ur >= 0)
    for at, urls in zip(with_url.tolist(), groups.slices(ur[with_url]), strict=True):
        url = " ".join(urls)
        if url and (eid := specs._EID.search(url)):
            accession[left[at]] = eid.group(1)
            taken[at] = True
        elif url and "ebscohost" in url.lower() and (ebsco := specs._EBSCO_AN.search(url)):
            accession[left[at]] = unquote(ebsco.group(1))
            taken[at] = True
    left = left[~taken]
    id_groups = of["ID"][left]
    for at in np.flatnonzero(id_groups >= 0).tolist():
        group = int(id_groups[at])
        if specs._ID_ACCESSION.match(groups.firsts[group]):
            accession[left[at]] = groups.firsts[group]
            if groups.counts[group] == 1:
                groups.consumed[group] = True


def _values(groups: _Groups, group_of: np.ndarray, record: int) -> list[str]:
    group = group_of[record]
    return groups.list_of(int(group)) if group >= 0 else []


def _doi_fallback(groups: _Groups, out: dict) -> None:
    """A DOI found in a link or note where the record has none (UR, L2, M3, as the reference
    looks; the reference's other two places, DOI and url, are no RIS tags)."""
    doi = out["doi"]
    of = [groups.of(tag) for tag in ("UR", "L2", "M3")]
    anywhere = np.zeros(groups.n, dtype=bool)
    for group_of in of:
        anywhere |= group_of >= 0
    for record in np.flatnonzero(anywhere).tolist():
        if not doi[record]:
            doi[record] = find_doi(v for group_of in of for v in _values(groups, group_of, record))


def _repair(out: dict, n: int) -> list[dict]:
    """Text repair (HTML entities, mojibake) as :func:`~prismake.importer.canonical._repair_all`
    does it, on the records its test finds suspect."""
    raw: list[dict] = [{} for _ in range(n)]
    title, journal, abstract = out["title"], out["journal"], out["abstract"]
    authors, keywords = out["authors"], out["keywords"]
    # The test is made field by field rather than on each record's fields joined: joining
    # copied every abstract once more (0.13 s against 0.17 s a file of 100,000 records). It
    # can only find fewer records suspect (the joined test also sees a mojibake lead
    # character in one field and a match in another), and on those repair changes nothing.
    suspect = np.zeros(n, dtype=bool)
    for column in (title, journal, abstract):
        suspect |= np.fromiter(map(_damaged, column), dtype=bool, count=n)
    for column in (authors, keywords):
        suspect |= np.fromiter(map(_suspect, column), dtype=bool, count=n)
    for record in np.flatnonzero(suspect).tolist():
        row = {
            "title": title[record],
            "journal": journal[record],
            "abstract": abstract[record],
            "authors": authors[record],
            "keywords": keywords[record],
        }
        _repair_all(row, raw[record])
        title[record], journal[record], abstract[record] = (
            row["title"],
            row["journal"],
            row["abstract"],
        )
        authors[record], keywords[record] = row["authors"], row["keywords"]
    return raw


def _damaged(text: str) -> bool:
    """``_suspect([text])``, without building the list."""
    if "&" in text and has_entity(text):
        return True
    return not text.isascii() and has_mojibake(text)


def _extra(groups: _Groups) -> list[dict[str, list[str]]]:
    """Each record's tags that no canonical column took whole, with all their values."""
    piece = groups.piece
    kind = np.isin(piece.group_tag, [tag_code("TY"), tag_code("M3")])
    kept = np.flatnonzero(~groups.consumed | kind)
    names = groups.names(kept)
    lists = groups.slices(kept).tolist()
    bounds = np.searchsorted(piece.group_record[kept], np.arange(groups.n + 1)).tolist()
    ranges = list(map(slice, bounds[:-1], bounds[1:]))
    return list(map(dict, map(zip, map(names.__getitem__, ranges), map(lists.__getitem__, ranges))))


def _keys(out: dict, n: int, source_id: str) -> list[str]:
    """Each record's key as :func:`prismake.importer.canonical._base_key` makes it: the
    accession number without whitespace, or a hash of the record's values."""
    accessions = ["".join(a.split()) if a else "" for a in out["accession"]]
    keys = [f"{source_id}:{a}" if a else "" for a in accessions]
    for record in [r for r, key in enumerate(keys) if not key]:
        row = {name: out[name][record] for name in _HASHED}
        keys[record] = f"{source_id}:h{content_hash(row)}"
    return keys


_HASHED = ("type", "title", "authors", "year", "journal", "volume", "issue", "pages", "doi")
_HASHED += ("abstract",)
