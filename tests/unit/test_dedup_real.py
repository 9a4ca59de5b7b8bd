"""Deduplication on real labelled exports (skipped when ../shared/data is absent)."""

from __future__ import annotations

import importlib.util
import itertools
import sys
from pathlib import Path

import pandas as pd
import pytest
from prismake.dedup import dedup_records, join_shards, shard_pairs
from prismake.importer import read_file

BENCH = Path(__file__).resolve().parents[2] / "bench"

pytestmark = pytest.mark.shared_data


def _pairs(groups) -> set[tuple[str, str]]:
    return {p for g in groups for p in itertools.combinations(sorted(g), 2)}


@pytest.mark.parametrize("name", ["cytology_screening", "special_cases"])
def test_no_false_merge_and_high_f1_on_a_labelled_set(shared_data, name):
    folder = shared_data / "bib-dedupe" / name
    records = read_file(folder / "records_pre_merged.csv")
    truth = [g.split(";") for g in pd.read_csv(folder / "merged_record_ids.csv")["merged_ids"]]
    result = dedup_records(records, workers=2)
    predicted = result.clusters.groupby("study_id")["record_id"].apply(list).tolist()
    group_of = {r: i for i, g in enumerate(truth) for r in g}
    mixed = [m for m in predicted if len({group_of.get(r, r) for r in m}) > 1]
    assert mixed == []
    true, found = _pairs(truth), _pairs(m for m in predicted if len(m) > 1)
    recall = len(true & found) / len(true)
    assert recall >= 0.99


def test_sharded_equals_single_on_a_real_set(shared_data):
    records = read_file(shared_data / "bib-dedupe" / "respiratory" / "records_pre_merged.csv")
    single = dedup_records(records, workers=2)
    joined = join_shards(records, [shard_pairs(records, shard=k, n_shards=4) for k in range(4)])
    for table in ("clusters", "studies", "pairs", "queue"):
        pd.testing.assert_frame_equal(getattr(single, table), getattr(joined, table))


def _bench_sets():
    """bench/dedup_sets.py, which reads the labelled sets for the benchmarks."""
    if "dedup_sets" not in sys.modules:
        spec = importlib.util.spec_from_file_location("dedup_sets", BENCH / "dedup_sets.py")
        sys.modules["dedup_sets"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules["dedup_sets"])
    return sys.modules["dedup_sets"]


def test_every_pairwise_case_of_bib_dedupe_is_answered_right(shared_data):
    # hand-labelled pairs: same paper in two layouts, different papers sharing a DOI by
    # mistake, annual introductions under one title, online first against the issue version
    cases = _bench_sets().pair_cases(shared_data / "bib-dedupe" / "tests_data" / "test_cases.json")
    wrong = []
    for case in cases:
        result = dedup_records(case.records)
        merged = result.clusters["study_id"].nunique() == 1
        if merged != case.expected:
            wrong.append((case.id, case.expected, sorted(result.pairs["rule"])))
    assert len(cases) == 25
    assert wrong == []
