"""Deduplication end to end: pairs per shard, then one join that clusters and merges.

:func:`dedup_records` is :func:`join_shards` over the single shard of :func:`shard_pairs`.
A large review splits the pair work into ``K`` jobs by blocking key value (``shard_pairs`` with
``shard=k, n_shards=K``) and joins them in a final job; every block lies wholly in one shard and
every pair is scored the same way wherever it is found, so the joined result is exactly the
single-job result.

Records are processed in the canonical order ``(search_round, record_id)``, never in input
order, so reordering the input changes nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import infer_dtype

from prismake.dedup.audit import pairs_table, review_queue
from prismake.dedup.blocking import candidate_pairs, key_components
from prismake.dedup.clustering import cluster_records
from prismake.dedup.merge import merge_studies
from prismake.dedup.normalise import normalise_records
from prismake.dedup.rules import apply_rules, guard_names, load_rules, validate_rules
from prismake.dedup.scoring import SCORE_COLUMNS, score_pairs
from prismake.errors import InputError
from prismake.ids import study_id_for
from prismake.models.studies import validate_result

log = logging.getLogger(__name__)

#: Columns of the frame :func:`shard_pairs` returns.
SHARD_COLUMNS = ("record_id_a", "record_id_b", "keys", *SCORE_COLUMNS, "rule", "decision",
                 "decided_by")
CLUSTER_COLUMNS = ("record_id", "study_id", "search_round", "role")


@dataclass(frozen=True)
class DedupResult:
    """The four tables of a deduplication (see README, ``results/dedup/``)."""

    pairs: pd.DataFrame
    clusters: pd.DataFrame
    studies: pd.DataFrame
    queue: pd.DataFrame


#: The columns deduplication reads; the others (``extra``, ``raw``, provenance) are left behind.
USED_COLUMNS = ("record_id", "source_id", "database", "search_round", "type", "title", "authors",
                "year", "journal", "volume", "issue", "pages", "doi", "pmid", "accession", "issn",
                "abstract", "keywords", "language", "url")


def _find_malloc_trim():
    """glibc's ``malloc_trim``, or None where the C library has none (macOS, musl, Windows)."""
    path = ctypes.util.find_library("c")
    try:
        return getattr(ctypes.CDLL(path), "malloc_trim", None) if path else None
    except OSError:
        return None


_MALLOC_TRIM = _find_malloc_trim()


def _give_back_memory() -> None:
    """Return the heap memory freed by the step just done to the system (glibc only).

    glibc keeps freed memory for reuse, but after a step's large temporary arrays and strings
    much of it is in pieces the next step does not reuse: at a million records 0.3 to 0.8 GB
    at each step boundary, which would otherwise add to every later step's peak.
    """
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _canonical(records: pd.DataFrame) -> pd.DataFrame:
    """The used columns of the records, sorted by ``(search_round, record_id)``."""
    if "record_id" not in records.columns:
        raise InputError("the records table has no record_id column", expected="canonical records")
    ids = records["record_id"]
    if infer_dtype(ids, skipna=False) != "string":
        ids = ids.astype(str)  # (when they are text already, keep their objects: no copies)
    duplicated = ids[ids.duplicated()]
    if len(duplicated):
        raise InputError("record ids are not unique", value=duplicated.iloc[0],
                         expected="each record_id once")
    rounds = (pd.to_numeric(records["search_round"], errors="coerce").fillna(1).astype("int64")
              if "search_round" in records.columns else pd.Series(1, index=records.index))
    if (rounds < 1).any():
        raise InputError("search_round below 1", value=int(rounds.min()), expected="1, 2, 3, ...")
    id_values = ids.to_numpy(dtype=object)
    order = np.lexsort((id_values, rounds.to_numpy()))
    # object columns hold references to the input's values: reordering copies pointers only
    columns = {"record_id": pd.Series(id_values[order], dtype=object),
               "search_round": rounds.to_numpy()[order]}
    for name in USED_COLUMNS:
        if name in records.columns and name not in columns:
            values = records[name]
            if name == "year":
                columns[name] = values.take(order).reset_index(drop=True)
            else:
                columns[name] = pd.Series(values.to_numpy(dtype=object)[order], dtype=object)
    return pd.DataFrame(columns)


def _decide(features: pd.DataFrame, left: np.ndarray, right: np.ndarray, rules: dict,
            workers: int) -> pd.DataFrame:
    scores = score_pairs(features, left, right, workers=workers,
                         partial_min_chars=int(rules["scoring"]["partial_min_chars"]))
    return pd.concat([scores, apply_rules(scores, rules)], axis=1)


def _features(records: pd.DataFrame, rules: dict, workers: int = 1) -> pd.DataFrame:
    return normalise_records(records, abstract_chars=int(rules["scoring"]["abstract_chars"]),
                             workers=workers)


def shard_pairs(
    records: pd.DataFrame,
    *,
    rules: dict | None = None,
    shard: int = 0,
    n_shards: int = 1,
    workers: int = 1,
) -> pd.DataFrame:
    """Candidate pairs of one shard with their scores and rule decisions (:data:`SHARD_COLUMNS`).

    Round by round, the records of round ``r`` are blocked against the records of rounds up to
    ``r``; pairs within earlier rounds are not formed again.
    """
    if not 0 <= shard < n_shards:
        raise InputError("bad shard number", value=shard, expected=f"0 <= shard < {n_shards}")
    rules = load_rules() if rules is None else rules
    ordered = _canonical(records)
    pairs = _shard_pairs(ordered, _features(ordered, rules, workers), rules=rules, shard=shard,
                         n_shards=n_shards, workers=workers)
    ids = ordered["record_id"].to_numpy(dtype=object)
    out = pairs.drop(columns=["left", "right"])
    out.insert(0, "record_id_b", ids[pairs["right"].to_numpy()])
    out.insert(0, "record_id_a", ids[pairs["left"].to_numpy()])
    return out[list(SHARD_COLUMNS)]


def _shard_pairs(ordered: pd.DataFrame, features: pd.DataFrame, *, rules: dict, shard: int,
                 n_shards: int, workers: int) -> pd.DataFrame:
    rounds = ordered["search_round"].to_numpy()
    blocking = rules["blocking"]
    components = key_components(features)
    found = []
    for stage in sorted(set(rounds.tolist())):
        found.append(candidate_pairs(
            features, keys=blocking["keys"], max_block_size=int(blocking["max_block_size"]),
            window=int(blocking["window"]), active=rounds <= stage, new=rounds == stage,
            shard=shard, n_shards=n_shards, components=components, workers=workers,
        ))
    pairs = pd.concat(found, ignore_index=True)
    decided = _decide(features, pairs["left"].to_numpy(), pairs["right"].to_numpy(), rules, workers)
    decided.insert(0, "keys", pairs["keys"].to_numpy())
    decided.insert(0, "right", pairs["right"].to_numpy())
    decided.insert(0, "left", pairs["left"].to_numpy())
    log.info("shard %d/%d: %d pairs", shard + 1, n_shards, len(decided))
    return decided


def _union(shards: list[pd.DataFrame], key_order: list[str]) -> pd.DataFrame:
    """One row per pair; the blocking keys of a pair found in several shards are united."""
    pairs = pd.concat(shards, ignore_index=True) if len(shards) > 1 else shards[0]
    if pairs.empty or len(shards) == 1:
        return pairs
    rank = {name: i for i, name in enumerate(key_order)}
    merged_keys = pairs.groupby(["record_id_a", "record_id_b"], sort=False)["keys"].agg(
        lambda ks: "|".join(sorted({k for v in ks for k in v.split("|") if k},
                                   key=lambda k: (rank.get(k, len(rank)), k)))
    ) if pairs.duplicated(["record_id_a", "record_id_b"]).any() else None
    pairs = pairs.drop_duplicates(["record_id_a", "record_id_b"]).reset_index(drop=True)
    if merged_keys is not None:
        pairs["keys"] = merged_keys.loc[
            list(zip(pairs["record_id_a"], pairs["record_id_b"], strict=True))
        ].to_numpy()
    return pairs


def _with_humans(pairs: pd.DataFrame, decisions: pd.DataFrame | None, position: dict,
                 decide_more) -> pd.DataFrame:
    """Human decisions overlaid on the pairs (added as pairs where blocking missed them)."""
    if decisions is None or decisions.empty:
        return pairs
    human = {}
    for a, b, decision in zip(decisions["record_id_a"], decisions["record_id_b"],
                              decisions["decision"], strict=True):
        for rid in (a, b):
            if rid not in position:
                raise InputError("a decision names an unknown record", value=rid,
                                 expected="a record_id of the records table")
        pa, pb = sorted((position[a], position[b]))
        human[(pa, pb)] = decision
    index = {(a, b): i for i, (a, b) in enumerate(zip(pairs["left"].tolist(),
                                                      pairs["right"].tolist(), strict=True))}
    missing = sorted(set(human) - set(index))
    if missing:
        extra = decide_more(np.asarray([m[0] for m in missing], np.int64),
                            np.asarray([m[1] for m in missing], np.int64))
        extra["keys"] = "human"
        pairs = pd.concat([pairs, extra], ignore_index=True)
        index.update({m: len(pairs) - len(missing) + i for i, m in enumerate(missing)})
    rows = np.asarray([index[k] for k in human], np.int64)
    decision = pairs["decision"].to_numpy(dtype=object).copy()
    by = pairs["decided_by"].to_numpy(dtype=object).copy()
    decision[rows] = [human[k] for k in human]
    by[rows] = "human"
    return pairs.assign(decision=decision, decided_by=by)


def _decision_lines(decisions: pd.DataFrame | None,
                    position: dict) -> tuple[str | None, dict[tuple[int, int], int]] | None:
    """The decision sheet's path and the line of each decided pair (by row positions), for
    errors that name them."""
    if decisions is None or decisions.empty or "line" not in decisions.columns:
        return None
    lines = {}
    for a, b, line in zip(decisions["record_id_a"], decisions["record_id_b"], decisions["line"],
                          strict=True):
        pa, pb = position[a], position[b]
        lines[(min(pa, pb), max(pa, pb))] = int(line)
    return decisions.attrs.get("path"), lines


def join_shards(
    records: pd.DataFrame,
    shards: list[pd.DataFrame],
    *,
    decisions: pd.DataFrame | None = None,
    rules: dict | None = None,
    workers: int = 1,
    validate: bool = True,
) -> DedupResult:
    """Cluster the pairs of all shards, apply the human decisions and merge the studies.

    With ``validate`` the four tables are checked against :mod:`prismake.models.studies`.
    """
    rules = load_rules() if rules is None else rules
    validate_rules(rules, source="rules")
    ordered = _canonical(records)
    position = {rid: i for i, rid in enumerate(ordered["record_id"].tolist())}
    pairs = _union(shards, [k["name"] for k in rules["blocking"]["keys"]])
    try:
        left = np.asarray([position[a] for a in pairs["record_id_a"]], np.int64)
        right = np.asarray([position[b] for b in pairs["record_id_b"]], np.int64)
    except KeyError as exc:
        raise InputError("a shard names a record that is not in the records", value=exc.args[0],
                         expected="the records the shards were made from") from exc
    pairs = pairs.drop(columns=["record_id_a", "record_id_b"])
    pairs.insert(0, "right", np.maximum(left, right))
    pairs.insert(0, "left", np.minimum(left, right))
    result = _join(ordered, pairs, decisions=decisions, rules=rules, workers=workers)
    if validate:
        validate_result(result)
    return result


def _join(ordered: pd.DataFrame, pairs: pd.DataFrame, *, decisions, rules: dict,
          workers: int, features: list | None = None) -> DedupResult:
    """Clustering, study ids and tables from pairs given by row positions in ``ordered``.

    ``features`` is a one-item list holding the normalised records when they are at hand; it is
    emptied once clustering no longer needs them, to give their memory back.
    """
    holder = features if features is not None else []
    ids = ordered["record_id"].to_numpy(dtype=object)
    rounds = ordered["search_round"].to_numpy(dtype=np.int64)
    # record id -> row, only for the decision sheet (a million entries cost about 100 MB)
    humans = decisions is not None and not decisions.empty
    position = {rid: i for i, rid in enumerate(ids.tolist())} if humans else {}

    def decide_more(left: np.ndarray, right: np.ndarray) -> pd.DataFrame:
        if not holder:
            holder.append(_features(ordered, rules, workers))
        out = _decide(holder[0], left, right, rules, workers)
        out.insert(0, "right", right)
        out.insert(0, "left", left)
        out["keys"] = "cluster_check"
        return _annotate(out, rules)

    pairs = _with_humans(pairs, decisions, position, decide_more)
    pairs = _annotate(pairs, rules)
    pairs = pairs.sort_values(["left", "right"], kind="stable").reset_index(drop=True)
    labels, pairs = cluster_records(rounds, pairs, score_more=decide_more,
                                    describe=lambda i: repr(ids[i]),
                                    sheet=_decision_lines(decisions, position))
    holder.clear()
    _give_back_memory()  # the features and the scoring's temporaries
    # canonical order: the first member of a cluster is its anchor and names its study (one
    # study id string per study, shared by its records)
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    anchor = first[inverse.ravel()]
    names = np.asarray([study_id_for(rid) for rid in ids[first].tolist()], dtype=object)
    study_ids = names[inverse.ravel()]
    role = np.where(
        np.arange(len(ids)) == anchor, "anchor",
        np.where(rounds > rounds[anchor], "update", "duplicate"),
    )
    clusters = pd.DataFrame({"record_id": ids, "study_id": study_ids,
                             "search_round": rounds, "role": role})
    clusters = clusters.sort_values("record_id", kind="stable").reset_index(drop=True)
    table = pairs_table(pairs, ids, study_ids, rounds)
    del pairs
    _give_back_memory()  # the internal pairs frame and the sorting of the pairs table
    studies = merge_studies(ordered, labels)
    queue = review_queue(table, ordered)
    _give_back_memory()  # merging's temporaries, before the tables are validated
    log.info("%d records, %d studies, %d pairs, %d queued", len(ids), len(studies), len(table),
             len(queue))
    return DedupResult(pairs=table, clusters=clusters, studies=studies, queue=queue)


def _annotate(pairs: pd.DataFrame, rules: dict) -> pd.DataFrame:
    """Add ``cannot_link`` and the join ``priority`` (see :mod:`prismake.dedup.clustering`)."""
    guards = guard_names(rules)
    order = {r["name"]: i for i, r in enumerate(rules["rules"])}
    by = pairs["decided_by"].to_numpy(dtype=object)
    decision = pairs["decision"].to_numpy(dtype=object)
    rule = pairs["rule"].to_numpy(dtype=object)
    human = by == "human"
    cannot = np.where(human, decision == "different",
                      (decision == "different") & np.isin(rule, list(guards)))
    title = np.nan_to_num(pairs["title"].to_numpy(dtype=np.float64), nan=0.0)
    rank = pd.Series(rule, dtype=object).map(order).fillna(len(order)).to_numpy(np.float64) + 1.0
    priority = np.where(human, 0.0, rank + (100.0 - title) / 1000.0)
    return pairs.assign(cannot_link=cannot, priority=priority)


def dedup_records(
    records: pd.DataFrame,
    *,
    decisions: pd.DataFrame | None = None,
    rules: dict | None = None,
    workers: int = 1,
    validate: bool = True,
) -> DedupResult:
    """Deduplicate the canonical records table (see :class:`DedupResult`).

    ``decisions`` is the human decision sheet (:func:`prismake.dedup.read_decisions`), ``rules``
    the validated rules (:func:`prismake.dedup.load_rules`; the defaults when None), ``workers``
    the number of threads for scoring. With ``validate`` the four tables are checked against
    :mod:`prismake.models.studies`. The same records, decisions and rules always give the same
    tables, whatever the order of the input rows.
    """
    rules = load_rules() if rules is None else rules
    validate_rules(rules, source="rules")
    ordered = _canonical(records)
    holder = [_features(ordered, rules, workers)]
    pairs = _shard_pairs(ordered, holder[0], rules=rules, shard=0, n_shards=1, workers=workers)
    result = _join(ordered, pairs, decisions=decisions, rules=rules, workers=workers,
                   features=holder)
    if validate:
        validate_result(result)
    return result
