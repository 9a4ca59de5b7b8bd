"""Candidate pairs: which records are compared at all.

Comparing every record with every other is quadratic; a million records would make 5 * 10^11
pairs. Blocking compares only records that share a *key*: the DOI, the start or the end of the
title, the first author with the year, the journal-free locator (year, volume, first page), the
start of the abstract. Duplicates from different databases almost always share at least one of
these, because each key survives a different kind of database difference (a translated title
keeps its authors and locator; a record without DOI or pages keeps its title; a misspelt first
word keeps the end of the title).

A key value shared by very many records (a common surname in one year, an empty-looking title
such as "Editorial") says little; such a block is not compared all-against-all but by *sorted
neighbourhood*: its records are sorted by title and each is compared with the next ``window``
ones. Candidate pairs therefore grow linearly with the number of records. A weak key (the first
author with the year) still joins more and more unrelated works below that size as a
collection grows; a key with ``min_title`` keeps the pairs only it proposes when their titles
are alike (:func:`_title_checked`).

Every step depends only on the records of the block, so splitting the key values into shards
(:func:`candidate_pairs` with ``shard``/``n_shards``) gives exactly the pairs of the whole run.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

log = logging.getLogger(__name__)

_TITLE_CHARS = 30


def _squash(values: pd.Series) -> pd.Series:
    return values.str.replace(" ", "", regex=False)


def key_components(features: pd.DataFrame) -> dict[str, list[pd.Series]]:
    """The values each key component takes, one or more series aligned with ``features``.

    A component with two series (the title start from the main and from the other-language
    title) puts a record in the block of either value.
    """
    title = _squash(features["title_key"])
    other = _squash(features["title_other"])
    long_enough = title.str.len() >= 12
    long_title = title.str.len() >= 2 * _TITLE_CHARS
    year = features["year"].astype("int64")
    abstract = features["abstract_key"]
    return {
        "doi_stem": [features["doi_stem"]],
        "pmid": [features["pmid"]],
        "accession_key": [features["accession_key"]],
        "title_start": [
            title.str[:_TITLE_CHARS].where(long_enough, ""),
            other.str[:_TITLE_CHARS].where(other.str.len() >= 12, ""),
        ],
        "title_end": [title.str[-_TITLE_CHARS:].where(long_title, "")],
        "first_author": [features["first_author"]],
        "first_author_initial": [
            (features["first_author"] + " " + features["first_initial"]).where(
                features["first_author"] != "", ""
            )
        ],
        "year": [year.astype(str).where(year > 0, "")],
        "volume": [features["volume"]],
        "page_first": [features["page_first"]],
        "abstract_start": [abstract.str[:80].where(abstract.str.len() >= 80, "")],
    }


def _key_values(components: dict[str, list[pd.Series]], fields: list[str]) -> list[pd.Series]:
    """The values of one key (its components joined), one series per combination."""
    series = [pd.Series("", index=components[fields[0]][0].index)]
    first = True
    for name in fields:
        combined = []
        for left in series:
            for right in components[name]:
                if first:
                    combined.append(right.where(right != "", None))
                else:
                    joined = left + "\x1f" + right
                    combined.append(joined.where(left.notna() & (right != ""), None))
        series, first = combined, False
    return series


def _pairs_of_groups(members: np.ndarray, starts: np.ndarray, sizes: np.ndarray):
    """All pairs within each group of ``members`` (grouped by ``starts``/``sizes``), vectorised."""
    left, right = [], []
    for size in np.unique(sizes):
        block_starts = starts[sizes == size]
        rows = members[block_starts[:, None] + np.arange(size)[None, :]]
        i, j = np.triu_indices(size, k=1)
        left.append(rows[:, i].ravel())
        right.append(rows[:, j].ravel())
    if not left:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(left), np.concatenate(right)


def _neighbourhood_pairs(members, starts, sizes, order_rank, window):
    """Pairs of each record with its next ``window`` records in title order, per big block."""
    left, right = [], []
    for start, size in zip(starts, sizes, strict=True):
        block = members[start : start + size]
        block = block[np.argsort(order_rank[block], kind="stable")]
        for offset in range(1, min(window, size - 1) + 1):
            left.append(block[:-offset])
            right.append(block[offset:])
    if not left:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(left), np.concatenate(right)


def _shard_of(key_name: str, values: np.ndarray, n_shards: int) -> np.ndarray:
    salted = np.asarray([f"{key_name}\x1e{v}" for v in values], dtype=object)
    return (pd.util.hash_array(salted) % np.uint64(n_shards)).astype(np.int64)


def candidate_pairs(
    features: pd.DataFrame,
    *,
    keys: list[dict],
    max_block_size: int = 64,
    window: int = 10,
    active: np.ndarray | None = None,
    new: np.ndarray | None = None,
    shard: int = 0,
    n_shards: int = 1,
    components: dict[str, list[pd.Series]] | None = None,
    workers: int = 1,
) -> pd.DataFrame:
    """Candidate pairs ``(left, right, keys)`` as row positions of ``features`` (left < right).

    ``keys`` lists ``{"name": ..., "fields": [component, ...]}`` (see :func:`key_components`).
    Only ``active`` records take part, and only pairs with at least one ``new`` record are kept
    (both default to all records): this is how a search round is compared with earlier rounds
    without comparing the earlier rounds again. With ``n_shards > 1`` only the blocks whose key
    value hashes to ``shard`` are used. ``keys`` in the result is the ``|``-joined names of the
    keys the two records share. ``components`` (from :func:`key_components`) may be passed to
    save recomputing them for each search round.
    """
    n = len(features)
    active = np.ones(n, bool) if active is None else np.asarray(active, bool)
    new = active if new is None else np.asarray(new, bool)
    components = key_components(features) if components is None else components
    order = pd.DataFrame(
        {"t": features["title_key"].to_numpy(), "r": features["record_id"].to_numpy()}
    ).sort_values(["t", "r"], kind="stable").index.to_numpy()
    order_rank = np.empty(n, np.int64)
    order_rank[order] = np.arange(n)
    codes_all, names = [], []
    for index, key in enumerate(keys):
        rows, values = [], []
        for series in _key_values(components, list(key["fields"])):
            ok = series.notna().to_numpy() & active
            rows.append(np.flatnonzero(ok))
            values.append(series.to_numpy()[ok])
        rows = np.concatenate(rows) if rows else np.empty(0, np.int64)
        values = np.concatenate(values) if values else np.empty(0, object)
        if n_shards > 1 and len(values):
            keep = _shard_of(key["name"], values, n_shards) == shard
            rows, values = rows[keep], values[keep]
        if not len(rows):
            continue
        codes, _ = pd.factorize(values)
        order = np.lexsort((rows, codes))
        code, members = codes[order], rows[order]
        fresh = np.ones(len(code), bool)
        fresh[1:] = (code[1:] != code[:-1]) | (members[1:] != members[:-1])
        code, members = code[fresh], members[fresh]
        bounds = np.flatnonzero(np.diff(code)) + 1
        starts = np.concatenate([[0], bounds])
        sizes = np.diff(np.concatenate([starts, [len(code)]]))
        block_max = int(key.get("max_block_size", max_block_size))
        small = (sizes >= 2) & (sizes <= block_max)
        big = sizes > block_max
        a1, b1 = _pairs_of_groups(members, starts[small], sizes[small])
        a2, b2 = _neighbourhood_pairs(members, starts[big], sizes[big], order_rank,
                                      int(key.get("window", window)))
        if big.any():
            log.info("key %s: %d blocks over %d records paired by sorted neighbourhood",
                     key["name"], int(big.sum()), block_max)
        a, b = np.concatenate([a1, a2]), np.concatenate([b1, b2])
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        keep = (lo != hi) & (new[lo] | new[hi])
        codes_all.append(lo[keep].astype(np.int64) * n + hi[keep])
        names.append(np.full(int(keep.sum()), index, np.int64))
    if not codes_all:
        return pd.DataFrame({"left": np.empty(0, np.int64), "right": np.empty(0, np.int64),
                             "keys": pd.Series([], dtype=object)})
    codes = np.concatenate(codes_all)
    which = np.concatenate(names)
    unique, inverse = np.unique(codes, return_inverse=True)
    masks = np.zeros(len(unique), np.int64)
    np.bitwise_or.at(masks, inverse, np.left_shift(np.int64(1), which))
    lefts, rights = unique // n, unique % n
    masks, kept = _title_checked(masks, lefts, rights, features, keys, workers)
    lefts, rights, masks = lefts[kept], rights[kept], masks[kept]
    labels = {}
    key_names = [k["name"] for k in keys]
    for mask in np.unique(masks):
        labels[mask] = "|".join(name for i, name in enumerate(key_names) if mask >> i & 1)
    out = pd.DataFrame({
        "left": lefts,
        "right": rights,
        "keys": pd.Series([labels[m] for m in masks], dtype=object),
    })
    log.info("blocking: %d candidate pairs among %d records", len(out), int(active.sum()))
    return out


def _title_checked(masks: np.ndarray, left: np.ndarray, right: np.ndarray,
                   features: pd.DataFrame, keys: list[dict],
                   workers: int) -> tuple[np.ndarray, np.ndarray]:
    """The key masks of the pairs with each ``min_title`` key counted only where the two titles
    are at least that alike (token-set ratio of the normalised titles, the other-language titles
    included), and which pairs some key still proposes.

    Such a key (the first author with the year) joins many unrelated records by coincidence as a
    collection grows; a pair only it proposes shares no identifier, title start or end, locator
    or abstract start, so only a rule on alike titles could join it. Deciding per key and per
    pair, not per block, keeps shards equal to a single run. Any pair the clustering needs to
    check is scored there whatever blocking proposed.
    """
    weak = [(i, float(k["min_title"])) for i, k in enumerate(keys) if "min_title" in k]
    if not weak or not len(masks):
        return masks, np.ones(len(masks), bool)
    weak_bits = np.int64(0)
    for i, _ in weak:
        weak_bits |= np.int64(1) << i
    at = np.flatnonzero(masks & weak_bits)
    main = features["title_key"].to_numpy(dtype=object)
    other = features["title_other"].to_numpy(dtype=object)
    best = np.zeros(len(at), np.float32)
    for a, b in ((main, main), (other, main), (main, other)):
        x, y = a[left[at]], b[right[at]]
        both = np.flatnonzero((x != "") & (y != ""))
        if len(both):
            scores = process.cpdist(x[both], y[both], scorer=fuzz.token_set_ratio,
                                    dtype=np.float32, workers=workers)
            best[both] = np.maximum(best[both], scores)
    masks = masks.copy()
    for i, limit in weak:
        masks[at[best < limit]] &= ~(np.int64(1) << i)
    kept = masks != 0
    log.info("blocking: %d pairs whose titles are too unlike for the keys that proposed them",
             int((~kept).sum()))
    return masks, kept
