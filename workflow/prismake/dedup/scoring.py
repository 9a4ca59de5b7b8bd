"""Field scores of candidate pairs.

Every score is computed for all pairs at once (RapidFuzz ``cpdist`` runs the comparisons in
compiled code, on several threads). Scores are numbers so that decision rules can be written as
data (:mod:`prismake.dedup.rules`); a score is missing (NaN) when either record lacks the field,
because a missing value is no evidence either way.

Similarities (0-100):

``title``          best of ratio and token-sort ratio of the normalised titles, also against a
                   record's other-language title
``title_partial``  token-set ratio (100 when one title's words are all in the other: a dropped
                   subtitle, an appended translation); only when the shorter title has at
                   least ``partial_min_chars`` characters, else equal to ``title``
``authors``        token-set ratio of the surname lists (one list may be truncated)
``author_names``   token-set ratio of every word of the names (robust to swapped name parts);
                   compared only where ``authors`` is below 80 (above, it adds nothing)
``first_author``   ratio of the first authors' surnames
``journal``        :func:`prismake.dedup.venues.venue_score` (100 for a name and its abbreviation)
``abstract``       ratio of the first characters of the abstracts; compared only where
                   ``title_partial`` is at least 80 (every rule that reads it asks for alike
                   titles), so an empty cell means "absent or not compared"

Agreements (1 = equal, 0 = different): ``volume``, ``issue``, ``pages`` (first page),
``page_range`` (first and last page), ``article_number`` (``CD006828``, ``e12724``), ``doi``,
``doi_stem``, ``pmid``, ``accession``,
``title_numbers`` (the numbers in the titles; 0 only when neither set contains the other).
``year_diff`` is the absolute difference of the years.

Pages that differ are no evidence, and ``pages`` and ``page_range`` are left empty, when one
record's pagination is provisional: it has no volume and no issue and starts at page 1, and it
is not a meeting or supplement record. That is an article published online ahead of print,
paged 1 to n on its own; the issue that prints it later gives it a volume and the issue's pages.
Pages that agree still count.

In the same way, volumes that differ are no evidence when one of them is its record's own year:
some databases give a magazine's year as its volume ("2016" for volume 94 of 2016).

Kind mismatches (1 = exactly one of the two is of that kind, 0 otherwise, never missing):
``erratum``, ``retraction``, ``comment`` (from title wording and type) and ``meeting`` (a
conference record, a venue that names a meeting or a supplement issue, against one that is
not) and ``supplement`` (printed in a supplement or meeting-abstracts issue, or on ``S`` pages,
against one that is not).

``generic_title`` is 1 when either title is a section heading ("Editorial", "Editor's
Comments"; :func:`prismake.dedup.fields.is_generic_title`), which cannot identify a work.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from prismake.dedup.venues import venue_scores

SIMILARITIES = ("title", "title_partial", "authors", "author_names", "first_author", "journal",
                "abstract")
AGREEMENTS = ("volume", "issue", "pages", "page_range", "article_number", "doi", "doi_stem",
              "pmid", "accession", "title_numbers")
MISMATCHES = ("erratum", "retraction", "comment", "meeting", "supplement")
FLAGS = ("generic_title",)
#: Every score column, in the order the pairs table shows them.
SCORE_COLUMNS = (*SIMILARITIES, "year_diff", *AGREEMENTS, *MISMATCHES, *FLAGS)


def _cpdist(a: np.ndarray, b: np.ndarray, scorer, workers: int) -> np.ndarray:
    if len(a) == 0:
        return np.empty(0, np.float32)
    return process.cpdist(a, b, scorer=scorer, workers=workers, dtype=np.float32)


def _both(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a != "") & (b != "")


def _agreement(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = (a == b).astype(np.float32)
    out[~_both(a, b)] = np.nan
    return out


def _similarity(a, b, scorer, workers, where: np.ndarray | None = None) -> np.ndarray:
    out = np.full(len(a), np.nan, np.float32)
    ok = _both(a, b) if where is None else _both(a, b) & where
    out[ok] = _cpdist(a[ok], b[ok], scorer, workers)
    return out


def _title_scores(features, left, right, partial_min_chars, workers):
    key = features["title_key"].to_numpy(dtype=object)
    other = features["title_other"].to_numpy(dtype=object)
    a, b = key[left], key[right]
    ok = _both(a, b)
    title = np.full(len(left), np.nan, np.float32)
    title[ok] = np.maximum(
        _cpdist(a[ok], b[ok], fuzz.ratio, workers),
        _cpdist(a[ok], b[ok], fuzz.token_sort_ratio, workers),
    )
    oa, ob = other[left], other[right]
    for x, y in ((oa, b), (a, ob), (oa, ob)):
        has = _both(x, y)
        if has.any():
            title[has] = np.fmax(title[has], _cpdist(x[has], y[has], fuzz.ratio, workers))
    partial = title.copy()
    shorter = np.minimum(
        np.fromiter((len(s) for s in a), np.int64, len(a)),
        np.fromiter((len(s) for s in b), np.int64, len(b)),
    )
    todo = ok & (shorter >= partial_min_chars) & (title < 100)
    if todo.any():
        # one title's words all in the other: a dropped subtitle, an appended translation
        partial[todo] = np.fmax(
            title[todo], _cpdist(a[todo], b[todo], fuzz.token_set_ratio, workers)
        )
    return title, partial


def _numbers(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """1 when the titles' numbers agree (or one title's numbers are all in the other, as when a
    subtitle is dropped), 0 when each title has a number the other lacks."""
    out = np.full(len(a), np.nan, np.float32)
    both = _both(a, b)
    out[both] = 1.0
    for i in np.flatnonzero(both & (a != b)).tolist():
        cx, cy = Counter(a[i].split("|")), Counter(b[i].split("|"))
        if (cx - cy) and (cy - cx):
            out[i] = 0.0
    return out


def _journal(features, left, right, workers) -> np.ndarray:
    journals = features["journal_key"].to_numpy(dtype=object)
    codes, uniques = pd.factorize(journals)
    a, b = codes[left], codes[right]
    out = np.full(len(left), np.nan, np.float32)
    ok = (journals[left] != "") & (journals[right] != "")
    if ok.any():
        low, high = np.minimum(a[ok], b[ok]), np.maximum(a[ok], b[ok])
        pair_codes = low.astype(np.int64) * len(uniques) + high
        unique_pairs, inverse = np.unique(pair_codes, return_inverse=True)
        names = np.asarray(uniques, dtype=object)
        values = venue_scores(list(names[unique_pairs // len(uniques)]),
                              list(names[unique_pairs % len(uniques)]), workers=workers)
        out[ok] = values[inverse]
    return out


def _kind(features: pd.DataFrame) -> dict[str, np.ndarray]:
    kind = features["title_kind"].to_numpy(dtype=object)
    types = features["type"].to_numpy(dtype=object)
    return {
        "erratum": (kind == "erratum") | (types == "erratum"),
        "retraction": kind == "retraction",
        "comment": kind == "comment",
        "meeting": features["meeting"].to_numpy(dtype=bool),
        "supplement": features["supplement"].to_numpy(dtype=bool),
    }


def _provisional_pages(features: pd.DataFrame) -> np.ndarray:
    """Records paged 1 to n on their own: online ahead of print, before an issue (see above)."""
    flags = ((features["volume"] == "") & (features["issue"] == "")
             & (features["page_first"] == "1") & ~features["meeting"] & ~features["supplement"])
    return flags.to_numpy(dtype=bool)


def _volume_is_year(features: pd.DataFrame) -> np.ndarray:
    """Records whose volume is their own year (see above)."""
    return (features["volume"] == features["year"].astype(str)).to_numpy(dtype=bool)


def score_pairs(
    features: pd.DataFrame,
    left: np.ndarray,
    right: np.ndarray,
    *,
    partial_min_chars: int = 30,
    workers: int = 1,
) -> pd.DataFrame:
    """The scores (:data:`SCORE_COLUMNS`) of the pairs ``(left[i], right[i])`` of row positions."""
    left, right = np.asarray(left, np.int64), np.asarray(right, np.int64)

    def sides(name: str) -> tuple[np.ndarray, np.ndarray]:
        # One column's Python strings at a time: the text features are compact (Arrow), and
        # making strings of all of them at once costs about 1 GB at a million records.
        values = features[name].to_numpy(dtype=object)
        return values[left], values[right]

    title, partial = _title_scores(features, left, right, partial_min_chars, workers)
    scores = {"title": title, "title_partial": partial}
    scores["authors"] = _similarity(*sides("authors_key"), fuzz.token_set_ratio, workers)
    scores["author_names"] = _similarity(
        *sides("author_names"), fuzz.token_set_ratio, workers, where=~(scores["authors"] >= 80)
    )
    scores["first_author"] = _similarity(*sides("first_author"), fuzz.ratio, workers)
    scores["journal"] = _journal(features, left, right, workers)
    scores["abstract"] = _similarity(*sides("abstract_key"), fuzz.ratio, workers,
                                     where=partial >= 80)
    year = features["year"].to_numpy(dtype=np.int64)
    diff = np.abs(year[left] - year[right]).astype(np.float32)
    diff[(year[left] == 0) | (year[right] == 0)] = np.nan
    scores["year_diff"] = diff
    for name, source in (("volume", "volume"), ("issue", "issue"),
                         ("article_number", "article_number"),
                         ("doi", "doi"), ("doi_stem", "doi_stem"), ("pmid", "pmid"),
                         ("accession", "accession_key")):
        scores[name] = _agreement(*sides(source))
    first_a, first_b = sides("page_first")
    scores["pages"] = _agreement(first_a, first_b)
    last_a, last_b = sides("page_last")
    page_range = ((first_a == first_b) & (last_a == last_b)).astype(np.float32)
    page_range[~(_both(first_a, first_b) & _both(last_a, last_b))] = np.nan
    scores["page_range"] = page_range
    del first_a, first_b, last_a, last_b
    # a volume that is the record's own year is no evidence against another number (see above)
    yearly = _volume_is_year(features)
    scores["volume"][(yearly[left] | yearly[right]) & (scores["volume"] == 0)] = np.nan
    provisional = _provisional_pages(features)
    unpaged = (provisional[left] | provisional[right]) & (scores["pages"] == 0)
    scores["pages"][unpaged] = np.nan
    scores["page_range"][unpaged] = np.nan
    scores["title_numbers"] = _numbers(*sides("title_numbers"))
    for name, flag in _kind(features).items():
        scores[name] = (flag[left] != flag[right]).astype(np.float32)
    generic = features["generic_title"].to_numpy(dtype=bool)
    scores["generic_title"] = (generic[left] | generic[right]).astype(np.float32)
    return pd.DataFrame({name: scores[name] for name in SCORE_COLUMNS})
