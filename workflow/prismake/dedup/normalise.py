"""The matching view of the records table: one row of normalised fields per record.

:func:`normalise_records` applies the field rules of :mod:`prismake.dedup.fields` to every record
and returns a new frame (the records table is never edited). Every later step (blocking, scoring,
merging) reads this frame, so the normalisation is done once per record, not once per pair.
"""

from __future__ import annotations

import gc
import io
import json
import logging
import multiprocessing
import pickle
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from prismake.dedup.fields import (
    article_number,
    clean_title,
    digits,
    doi_key,
    doi_stem,
    first_number,
    is_generic_title,
    is_supplement,
    page_range,
    parse_author,
    split_authors,
    title_key,
    title_kind,
    title_numbers,
    venue_is_meeting,
)
from prismake.dedup.text import alnum_words
from prismake.dedup.venues import venue_key
from prismake.tables import collector_paused

log = logging.getLogger(__name__)

#: Columns of the frame :func:`normalise_records` returns.
FEATURE_COLUMNS = (
    "record_id", "search_round", "title_key", "title_other", "title_kind", "title_numbers",
    "generic_title", "first_author", "first_initial", "authors_key", "author_names", "n_authors",
    "journal_key", "year", "volume", "issue", "page_first", "page_last", "article_number",
    "supplement", "doi", "doi_stem", "pmid", "accession_key", "abstract_key", "type", "meeting",
)
_MAX_AUTHORS = 12


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and np.isnan(value):
        return ""
    if value is pd.NA:
        return ""
    return str(value)


def _author_list(value: object) -> list[str]:
    if isinstance(value, (list, tuple, np.ndarray)):
        return split_authors([_text(v) for v in value])
    text = _text(value).strip()
    if text.startswith("["):
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError:
            loaded = None
        if isinstance(loaded, list):
            return split_authors([_text(v) for v in loaded])
    return split_authors([text]) if text else []


def _authors(value: object) -> tuple[str, str, str, int, str]:
    names = _author_list(value)
    kept = names[:_MAX_AUTHORS]
    parsed = [p for p in (parse_author(n) for n in kept) if p[0]]
    surnames = [surname for surname, _ in parsed]
    # every word of every name: survives a database that swaps surname and given name
    words = " ".join([w for w in alnum_words(" ".join(kept)).split() if len(w) > 1])
    initial = parsed[0][1][:1] if parsed else ""
    return (surnames[0] if surnames else ""), " ".join(surnames), words, len(names), initial


def _year(values: pd.Series) -> np.ndarray:
    numbers = pd.to_numeric(pd.Series(values, dtype=object), errors="coerce")
    out = numbers.fillna(0).to_numpy(dtype="int64", copy=True)
    out[(out < 1000) | (out > 2200)] = 0
    return out


@lru_cache(maxsize=200_000)
def _journal(value: str) -> str:
    return venue_key(value) if value else ""


_INPUTS = ("record_id", "title", "authors", "journal", "volume", "issue", "pages", "doi",
           "database", "accession", "type", "pmid", "abstract")


def _inputs(records: pd.DataFrame, abstract_chars: int) -> dict[str, list]:
    n = len(records)
    out: dict[str, list] = {}
    for name in _INPUTS:
        if name not in records.columns:
            out[name] = [[] if name == "authors" else ""] * n
        elif name == "authors":
            out[name] = records[name].tolist()
        else:
            values = _texts(records[name].tolist())
            if name == "abstract":
                values = [v[: abstract_chars * 2] for v in values]
            out[name] = values
    return out


def _texts(values: list) -> list[str]:
    """``values`` as text (:func:`_text`); the list itself when all of them are ``str``."""
    if set(map(type, values)) <= {str}:
        return values
    return [_text(v) for v in values]


def _normalise(inputs: dict[str, list], abstract_chars: int) -> dict[str, list]:
    """The text features of a slice of records (everything but year and round)."""
    titles = [clean_title(t) for t in inputs["title"]]
    keys = [title_key(main) for main, _, _ in titles]
    authors = [_authors(v) for v in inputs["authors"]]
    journals = [_journal(j) for j in inputs["journal"]]
    volumes_raw, issues_raw, pages_raw = inputs["volume"], inputs["issue"], inputs["pages"]
    pages = [page_range(p) if p else ("", "") for p in pages_raw]
    dois = [doi_key(d) if d else "" for d in inputs["doi"]]
    types = [t.strip().lower() for t in inputs["type"]]
    supplement = [
        is_supplement(v, i, p) for v, i, p in zip(volumes_raw, issues_raw, pages_raw, strict=True)
    ]
    return {
        "record_id": inputs["record_id"],
        "title_key": keys,
        "title_other": [title_key(other) if other else "" for _, other, _ in titles],
        "title_kind": [title_kind(k, main) for k, (main, _, _) in zip(keys, titles, strict=True)],
        "title_numbers": [title_numbers(k) for k in keys],
        "generic_title": [
            is_generic_title(k, j.partition("|")[0]) for k, j in zip(keys, journals, strict=True)
        ],
        "first_author": [a[0] for a in authors],
        "first_initial": [a[4] for a in authors],
        "authors_key": [a[1] for a in authors],
        "author_names": [a[2] for a in authors],
        "n_authors": [a[3] for a in authors],
        "journal_key": journals,
        "volume": [first_number(v) if v else "" for v in volumes_raw],
        "issue": [first_number(v) if v else "" for v in issues_raw],
        "page_first": [p[0] for p in pages],
        "page_last": [p[1] for p in pages],
        "article_number": [article_number(p) if p else "" for p in pages_raw],
        "supplement": supplement,
        "doi": dois,
        "doi_stem": [doi_stem(d) for d in dois],
        "pmid": [digits(p) for p in inputs["pmid"]],
        "accession_key": [
            f"{db.strip().lower()}:{acc.strip().lower()}" if acc.strip() else ""
            for db, acc in zip(inputs["database"], inputs["accession"], strict=True)
        ],
        "abstract_key": [
            alnum_words(a)[:abstract_chars] if a else "" for a in inputs["abstract"]
        ],
        "type": types,
        # a meeting abstract: typed as a conference item, printed in a venue that names a
        # meeting, or in a supplement / meeting-abstracts issue
        "meeting": [
            t == "conference" or sup or venue_is_meeting(j.partition("|")[0])
            for t, sup, j in zip(types, supplement, journals, strict=True)
        ],
    }


#: Records per task of :func:`normalise_records`. Each task's features become a frame at once,
#: whose text columns are Arrow-backed (a fraction of the size of Python strings), so only one
#: task's Python strings are alive at a time in each process; small tasks also share the work
#: out evenly.
_CHUNK_RECORDS = 10_000


def _normalise_frame(inputs: dict[str, list], abstract_chars: int) -> pd.DataFrame:
    """The text features of a slice of records as a frame (everything but year and round)."""
    values = _normalise(inputs, abstract_chars)
    values["n_authors"] = np.asarray(values["n_authors"], dtype="int64")
    return pd.DataFrame(values)


def _chunks(inputs: dict[str, list]) -> Iterator[dict[str, list]]:
    """``inputs`` cut into slices of :data:`_CHUNK_RECORDS` (one empty slice if there are none)."""
    n = len(inputs["record_id"])
    for start in range(0, max(n, 1), _CHUNK_RECORDS):
        yield {k: v[start : start + _CHUNK_RECORDS] for k, v in inputs.items()}


# The inputs of the worker processes, set before they are forked: every task's slice of the
# inputs pickled into one buffer, and where each task's pickle starts and ends in it.
_PICKLED: dict[str, Any] = {}


def _normalise_pickled(task: int, abstract_chars: int) -> pd.DataFrame:
    start, stop = _PICKLED["bounds"][task]
    return _normalise_frame(pickle.loads(_PICKLED["buffer"].getbuffer()[start:stop]),
                            abstract_chars)


def _normalise_parallel(inputs: dict[str, list], abstract_chars: int,
                        workers: int) -> list[pd.DataFrame]:
    # Memory: a forked worker shares the parent's pages until either writes to one, and reading
    # a Python string writes its reference count. So the parent pickles every slice *before*
    # forking, into compact bytes that nobody writes, and touches no input afterwards; the
    # workers read only those bytes, and freeze what they inherit so that their garbage
    # collector does not write to the parent's containers. Otherwise most pages of the records
    # table are copied once (1.4 GB at a million records). One buffer, not a bytes object per
    # task, so that its memory goes back to the system when it is closed.
    buffer, bounds = io.BytesIO(), []
    for chunk in _chunks(inputs):
        start = buffer.tell()
        pickle.dump(chunk, buffer, protocol=pickle.HIGHEST_PROTOCOL)
        bounds.append((start, buffer.tell()))
    _PICKLED.update(buffer=buffer, bounds=bounds)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                 initializer=gc.freeze) as pool:
            return list(pool.map(_normalise_pickled, range(len(bounds)),
                                 [abstract_chars] * len(bounds)))
    finally:
        _PICKLED.clear()
        buffer.close()


def normalise_records(
    records: pd.DataFrame, *, abstract_chars: int = 300, workers: int = 1,
    parallel_from: int = 20_000,
) -> pd.DataFrame:
    """Return the normalised matching fields of ``records`` (see :data:`FEATURE_COLUMNS`).

    ``records`` has the canonical columns of :data:`prismake.tables.RECORD_COLUMNS` (missing
    optional columns are treated as empty). Row order is kept; missing values become ``''``
    (text) or ``0`` (year). With ``workers > 1`` and at least ``parallel_from`` records the
    work is split over that many processes (the result is the same).
    """
    n = len(records)
    # no collector passes over the millions of values being sliced and pickled (no cycles)
    with collector_paused():
        inputs = _inputs(records, abstract_chars)
        parallel = workers > 1 and n >= parallel_from
        if parallel and "fork" in multiprocessing.get_all_start_methods():
            parts = _normalise_parallel(inputs, abstract_chars, workers)
        else:
            parts = [_normalise_frame(chunk, abstract_chars) for chunk in _chunks(inputs)]
        del inputs
    features = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    rounds = (
        pd.to_numeric(records["search_round"], errors="coerce").fillna(1).astype("int64")
        if "search_round" in records.columns
        else pd.Series(np.ones(n, dtype="int64"))
    )
    features["search_round"] = rounds.to_numpy()
    features["year"] = _year(records["year"] if "year" in records else pd.Series([None] * n))
    features = features[list(FEATURE_COLUMNS)]
    log.info("normalised %d records", n)
    return features
