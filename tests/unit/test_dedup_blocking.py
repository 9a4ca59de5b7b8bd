"""Blocking: candidate pairs from shared keys, near-linear, identical when sharded."""

from __future__ import annotations

import numpy as np
import pandas as pd
from prismake.dedup.blocking import candidate_pairs
from prismake.dedup.normalise import normalise_records
from prismake.dedup.rules import load_rules

KEYS = load_rules()["blocking"]["keys"]


def _records(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["authors"] = [[a] for a in frame["authors"]]
    frame["year"] = pd.array(frame["year"], dtype="Int64")
    return frame


def test_records_sharing_a_key_are_paired_and_others_are_not():
    features = normalise_records(_records([
        {"record_id": "a", "title": "Zinc supplementation and growth in preschool children",
         "authors": "Okafor, I", "year": 2018, "doi": "10.1/x"},
        {"record_id": "b", "title": "ZINC SUPPLEMENTATION AND GROWTH IN PRESCHOOL CHILDREN",
         "authors": "Okafor, I", "year": 2018, "doi": ""},
        {"record_id": "c", "title": "Something else entirely about pleural effusion",
         "authors": "Light, R", "year": 1999, "doi": ""},
    ]))
    pairs = candidate_pairs(features, keys=KEYS)
    assert list(zip(pairs["left"], pairs["right"], strict=True)) == [(0, 1)]
    assert pairs["keys"].iloc[0].split("|")[:2] == ["title_start", "author_year"]


def test_a_huge_block_is_paired_by_sorted_neighbourhood_not_all_against_all():
    n = 400  # every record shares one author and year
    features = normalise_records(_records([
        {"record_id": f"r{i:04d}", "title": f"Topic {i:04d} of a long series of unrelated papers",
         "authors": "Wang, L", "year": 2019} for i in range(n)
    ]))
    keys = [{"name": "author_year", "fields": ["first_author", "year"]}]
    pairs = candidate_pairs(features, keys=keys, max_block_size=50, window=5)
    assert len(pairs) <= n * 5
    assert len(pairs) >= (n - 5) * 5
    assert (pairs["right"] > pairs["left"]).all()


def test_pairs_only_a_min_title_key_proposes_need_alike_titles():
    features = normalise_records(_records([
        {"record_id": "a", "title": "Peer support workers in homeless shelters: qualitative study",
         "authors": "Okafor, I", "year": 2018},
        {"record_id": "b",
         "title": "Qualitative study of peer support workers in homeless shelters",
         "authors": "Okafor, I", "year": 2018},  # the same words: kept
        {"record_id": "c", "title": "Zinc supplementation and growth in preschool children",
         "authors": "Okafor, I", "year": 2018},  # same author and year, another work: dropped
        {"record_id": "d", "title": "Pleural effusion after cardiac surgery in adults",
         "authors": "Okafor, I", "year": 2018, "pages": "10-19"},
        {"record_id": "e", "title": "Outcomes of a randomised trial of early mobilisation",
         "authors": "Okafor, I", "year": 2018, "pages": "10-17"},  # also shares a page: kept
    ]))
    keys = [{"name": "author_year", "fields": ["first_author_initial", "year"], "min_title": 70},
            {"name": "author_page", "fields": ["first_author", "page_first"]}]
    pairs = candidate_pairs(features, keys=keys)
    found = {(features["record_id"][a], features["record_id"][b])
             for a, b in zip(pairs["left"], pairs["right"], strict=True)}
    assert found == {("a", "b"), ("d", "e")}
    # the key counts only where the titles are alike, so a shard that sees the pair only through
    # it drops it, and the pair's keys are the same however the blocks are sharded
    assert list(pairs["keys"]) == ["author_year", "author_page"]
    without = candidate_pairs(features, keys=[{**keys[0], "min_title": 0}, keys[1]])
    assert len(without) == 10  # all five share the author and year


def test_shards_partition_the_blocks_so_their_union_is_the_whole():
    rng = np.random.default_rng(3)
    rows = []
    for i in range(300):
        j = int(rng.integers(0, 60))
        rows.append({"record_id": f"r{i:03d}",
                     "title": f"Study number {j} on pleural disease outcomes",
                     "authors": f"Author{j % 17}, A", "year": 2000 + j % 5,
                     "volume": str(j % 9), "pages": f"{j}-{j + 9}"})
    features = normalise_records(_records(rows))
    whole = candidate_pairs(features, keys=KEYS)
    parts = [candidate_pairs(features, keys=KEYS, shard=k, n_shards=3) for k in range(3)]
    union = pd.concat(parts)[["left", "right"]].drop_duplicates().sort_values(["left", "right"])
    assert union.reset_index(drop=True).equals(whole[["left", "right"]])


def test_only_pairs_with_a_new_record_are_formed_for_a_later_round():
    features = normalise_records(_records([
        {"record_id": rid, "title": "Pleural infection in children: a cohort study",
         "authors": "A, B", "year": 2010}
        for rid in ("old1", "old2", "new")
    ]))
    new = np.array([False, False, True])
    pairs = candidate_pairs(features, keys=KEYS, new=new)
    assert sorted(zip(pairs["left"], pairs["right"], strict=True)) == [(0, 2), (1, 2)]
