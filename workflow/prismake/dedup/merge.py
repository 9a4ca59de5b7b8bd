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

from prismake.ids import study_id_for

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


def merge_studies(records: pd.DataFrame, labels: np.ndarray) -> pd.DataFrame:
    """The studies table: one row per cluster label (see :data:`STUDY_COLUMNS`).

    ``records`` holds the canonical columns; ``labels[i]`` is the cluster of row ``i``. Study ids
    come from each cluster's anchor, the member with the smallest ``(search_round, record_id)``.
    """
    frame = records.reset_index(drop=True)
    n = len(frame)

    def column(name: str, clean) -> list:
        if name not in frame.columns:
            return [clean(None)] * n
        return [clean(v) for v in frame[name].tolist()]

    cols = {f: column(f, _clean_text)
            for f in (*_TEXT_FIELDS, "record_id", "source_id", "database")}
    cols["authors"] = column("authors", _clean_list)
    cols["keywords"] = column("keywords", _clean_list)
    cols["year"] = column("year", _clean_year)
    rounds = [int(r) if r is not None else 1 for r in column("search_round", _clean_year)]
    filled = {f: [bool(v) or v == 0 for v in cols[f]] for f in _FIELDS}
    filled["year"] = [v is not None for v in cols["year"]]
    completeness = np.zeros(n, np.int64)
    for field in _RANK_FIELDS:
        completeness += np.asarray(filled[field], bool)
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(np.asarray(labels).tolist()):
        groups.setdefault(label, []).append(i)
    ids = cols["record_id"]
    out: dict[str, list] = {c: [] for c in STUDY_COLUMNS}
    singles = [members[0] for members in groups.values() if len(members) == 1]
    # one-record studies: every field from the record itself
    for f in _FIELDS:
        out[f].extend(cols[f][i] for i in singles)
    ordered_fields = sorted(_FIELDS)
    out["field_sources"].extend(
        {f: ids[i] for f in ordered_fields if filled[f][i]} for i in singles
    )
    out["study_id"].extend(study_id_for(ids[i]) for i in singles)
    out["record_ids"].extend([ids[i]] for i in singles)
    out["n_records"].extend([1] * len(singles))
    out["sources"].extend([cols["source_id"][i]] if cols["source_id"][i] else [] for i in singles)
    out["databases"].extend([cols["database"][i]] if cols["database"][i] else [] for i in singles)
    out["search_round"].extend(rounds[i] for i in singles)
    out["rounds"].extend([rounds[i]] for i in singles)
    for members in groups.values():
        if len(members) == 1:
            continue
        by_id = sorted(members, key=lambda i: (rounds[i], ids[i]))
        ranked = sorted(members, key=lambda i: (-completeness[i], rounds[i], ids[i]))
        study = _merge_group([{f: cols[f][i] for f in (*_FIELDS, "record_id")} for i in ranked])
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
    studies = pd.DataFrame({
        c: pd.array(out[c], dtype="Int64") if c == "year"
        else np.asarray(out[c], dtype=np.int64) if c in ("n_records", "search_round")
        else pd.Series(out[c], dtype=object)
        for c in STUDY_COLUMNS
    })
    return studies.sort_values("study_id", kind="stable").reset_index(drop=True)
