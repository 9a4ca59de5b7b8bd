"""One study record per cluster, each field taken from the best record and attributed to it.

The records of a study are ranked by how complete they are (title, authors, year, journal,
volume, issue, pages, DOI, abstract present), then by search round and record id. Each field
then has its own notion of "best", because databases are good at different things:

* ``title``: mixed case over ALL CAPS, then the longest (a subtitle kept, no truncation);
* ``authors``: the longest list (others truncate to a few names), then full given names;
* ``year``: the year most records give (an online-first year in one record is outvoted), the
  earliest on a tie;
* ``journal``: the longest name (the full title rather than an abbreviation);
* ``volume``, ``issue``, ``pages``: together, from the record that gives most of them;
* ``doi``, ``pmid``: the value most records give;
* ``abstract``: the longest; ``keywords``: the longest list;
* the rest (``type``, ``issn``, ``language``, ``url``): the best-ranked record that has one.

``field_sources`` maps every filled field to the record it came from, so an auditor can check
each value against the export it was read from.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from prismake.ids import study_id_for
from prismake.tables import collector_paused

_RANK_FIELDS = (
    "title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "abstract"
)
_TEXT_FIELDS = ("type", "title", "journal", "volume", "issue", "pages", "doi", "pmid", "issn",
                "abstract", "language", "url")
#: Columns of the studies table, in order.
STUDY_COLUMNS = (
    "study_id", "record_ids", "n_records", "sources", "databases", "search_round", "rounds",
    "type", "title", "authors", "year", "journal", "volume", "issue", "pages", "doi", "pmid",
    "issn", "abstract", "keywords", "language", "url", "field_sources",
)


def _clean_text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def _clean_list(value: object) -> list[str]:
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(v) for v in value]
    return []


def _clean_year(value: object) -> int | None:
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _pick(rows: list[dict], field: str, key=None) -> dict | None:
    """The row with the best value of ``field`` (rows are in rank order; ties keep rank)."""
    candidates = [r for r in rows if r[field] or r[field] == 0]
    if not candidates:
        return None
    if key is None:
        return candidates[0]
    return max(candidates, key=key)  # max keeps the first of equal keys


def _most_common(rows: list[dict], field: str, *, prefer_low: bool = False) -> dict | None:
    candidates = [r for r in rows if r[field] is not None and r[field] != ""]
    if not candidates:
        return None
    counts = Counter(str(r[field]).lower() for r in candidates)
    best = max(counts.values())
    winners = [r for r in candidates if counts[str(r[field]).lower()] == best]
    if prefer_low:
        return min(winners, key=lambda r: r[field])
    return winners[0]


def _merge_group(rows: list[dict]) -> dict:
    """The study fields of one cluster; ``rows`` are its records, best-ranked first."""
    out: dict = {}
    sources: dict = {}

    def take(field: str, row: dict | None) -> None:
        if row is None:
            empty = [] if field in ("authors", "keywords") else None if field == "year" else ""
            out[field] = empty
            return
        out[field] = row[field]
        sources[field] = row["record_id"]

    take("title", _pick(rows, "title", key=lambda r: (not r["title"].isupper(), len(r["title"]))))
    take("authors", _pick(rows, "authors",
                          key=lambda r: (len(r["authors"]), len("".join(r["authors"])))))
    take("year", _most_common(rows, "year", prefer_low=True))
    take("journal", _pick(rows, "journal", key=lambda r: len(r["journal"])))
    locator = _pick(rows, "pages",
                    key=lambda r: (bool(r["volume"]) + bool(r["issue"]), "-" in r["pages"]))
    if locator is None:
        locator = _pick(rows, "volume", key=lambda r: bool(r["issue"]))
    for field in ("volume", "issue", "pages"):
        take(field, locator if locator is not None and locator[field] else _pick(rows, field))
    take("doi", _most_common(rows, "doi"))
    take("pmid", _most_common(rows, "pmid"))
    take("abstract", _pick(rows, "abstract", key=lambda r: len(r["abstract"])))
    take("keywords", _pick(rows, "keywords", key=lambda r: len(r["keywords"])))
    take("type", _pick([r for r in rows if r["type"] != "other"] or rows, "type"))
    for field in ("issn", "language", "url"):
        take(field, _pick(rows, field))
    out["field_sources"] = dict(sorted(sources.items()))
    return out


_FIELDS = (*_TEXT_FIELDS, "authors", "year", "keywords")


def _texts(frame: pd.DataFrame, name: str) -> list[str]:
    """A text column cleaned by :func:`_clean_text` (``str.strip`` alone when every value is
    text, the usual case: a million calls of the general function take seconds)."""
    if name not in frame.columns:
        return [""] * len(frame)
    values = frame[name].tolist()
    if infer_dtype(values, skipna=False) == "string":
        return [v.strip() for v in values]
    return [_clean_text(v) for v in values]


def _has_items(value: object) -> bool:
    """Whether :func:`_clean_list` of ``value`` is not empty."""
    return isinstance(value, (list, tuple, np.ndarray)) and len(value) > 0


def merge_studies(records: pd.DataFrame, labels: np.ndarray) -> pd.DataFrame:
    """The studies table: one row per cluster label (see :data:`STUDY_COLUMNS`).

    ``records`` holds the canonical columns; ``labels[i]`` is the cluster of row ``i``. Study ids
    come from each cluster's anchor, the member with the smallest ``(search_round, record_id)``.
    """
    # the collector would walk every container alive (millions) again and again while this
    # builds a dict and several lists per study; nothing built here forms a cycle
    with collector_paused():
        return _merge(records.reset_index(drop=True), labels)


def _merge(frame: pd.DataFrame, labels: np.ndarray) -> pd.DataFrame:
    n = len(frame)
    cols = {f: _texts(frame, f) for f in (*_TEXT_FIELDS, "record_id", "source_id", "database")}
    # authors and keywords stay as given until a study takes them: cleaning makes a new list,
    # and a million of them at once cost about 250 MB
    for name in ("authors", "keywords"):
        cols[name] = frame[name].tolist() if name in frame.columns else [None] * n
    cols["year"] = ([_clean_year(v) for v in frame["year"].tolist()] if "year" in frame.columns
                    else [None] * n)
    rounds = ([int(r) if r is not None else 1
               for r in (_clean_year(v) for v in frame["search_round"].tolist())]
              if "search_round" in frame.columns else [1] * n)
    # which fields each record fills, as arrays of booleans (lists of a million Python objects
    # per field would cost 8 MB each)
    filled = {f: np.fromiter(map(bool, cols[f]), bool, n) for f in _TEXT_FIELDS}
    for name in ("authors", "keywords"):
        filled[name] = np.fromiter(map(_has_items, cols[name]), bool, n)
    filled["year"] = np.fromiter((v is not None for v in cols["year"]), bool, n)
    completeness = np.zeros(n, np.int64)
    for field in _RANK_FIELDS:
        completeness += filled[field]
    ids = cols["record_id"]

    def row(i: int) -> dict:
        values = {f: cols[f][i] for f in (*_TEXT_FIELDS, "year", "record_id")}
        values["authors"] = _clean_list(cols["authors"][i])
        values["keywords"] = _clean_list(cols["keywords"][i])
        return values

    # the clusters as runs of row numbers (arrays, not a million small lists): one-record
    # clusters in row order, then the others in the order of their first row
    by_label = np.argsort(labels, kind="stable")
    grouped = np.asarray(labels)[by_label]
    change = np.ones(n, bool)
    change[1:] = grouped[1:] != grouped[:-1]
    starts = np.flatnonzero(change)
    sizes = np.diff(np.append(starts, n))
    firsts = by_label[starts]
    singles = np.sort(firsts[sizes == 1]).tolist()
    several = np.flatnonzero(sizes > 1)
    several = several[np.argsort(firsts[several], kind="stable")]
    out: dict[str, list] = {c: [] for c in STUDY_COLUMNS}
    # one-record studies: every field from the record itself
    for f in (*_TEXT_FIELDS, "year"):
        out[f].extend(cols[f][i] for i in singles)
    for f in ("authors", "keywords"):
        out[f].extend(_clean_list(cols[f][i]) for i in singles)
    # the filled fields of a record as bits, in the (sorted) order of field_sources
    ordered_fields = sorted(_FIELDS)
    bits = np.zeros(n, np.int64)
    for k, f in enumerate(ordered_fields):
        bits |= filled[f].astype(np.int64) << k
    del filled
    named = {int(b): tuple(f for k, f in enumerate(ordered_fields) if b >> k & 1)
             for b in np.unique(bits[singles]).tolist()}
    out["field_sources"].extend(dict.fromkeys(named[b], ids[i])
                                for i, b in zip(singles, bits[singles].tolist(), strict=True))
    out["study_id"].extend(study_id_for(ids[i]) for i in singles)
    out["record_ids"].extend([ids[i]] for i in singles)
    out["n_records"].extend([1] * len(singles))
    out["sources"].extend([cols["source_id"][i]] if cols["source_id"][i] else [] for i in singles)
    out["databases"].extend([cols["database"][i]] if cols["database"][i] else [] for i in singles)
    out["search_round"].extend(rounds[i] for i in singles)
    out["rounds"].extend([rounds[i]] for i in singles)
    for start, size in zip(starts[several].tolist(), sizes[several].tolist(), strict=True):
        members = by_label[start : start + size].tolist()
        by_id = sorted(members, key=lambda i: (rounds[i], ids[i]))
        ranked = sorted(members, key=lambda i: (-completeness[i], rounds[i], ids[i]))
        study = _merge_group([row(i) for i in ranked])
        anchor = by_id[0]
        study.update(
            study_id=study_id_for(ids[anchor]),
            record_ids=[ids[i] for i in by_id],
            n_records=len(members),
            sources=sorted({cols["source_id"][i] for i in members} - {""}),
            databases=sorted({cols["database"][i] for i in members} - {""}),
            search_round=rounds[anchor],
            rounds=sorted({rounds[i] for i in members}),
        )
        for c in STUDY_COLUMNS:
            out[c].append(study[c])
    # sorted by study id as the columns are made, each list freed once it is a column (not
    # a frame made and then sorted into a copy: three copies of a million-row table at once)
    order = np.argsort(np.asarray(out["study_id"], dtype=object), kind="stable")
    columns = {}
    for c in STUDY_COLUMNS:
        values = out.pop(c)
        if c == "year":
            columns[c] = pd.array(values, dtype="Int64")[order]
        elif c in ("n_records", "search_round"):
            columns[c] = np.asarray(values, dtype=np.int64)[order]
        else:
            columns[c] = pd.Series(values, dtype=object).take(order).reset_index(drop=True)
        del values
    return pd.DataFrame(columns)
