"""Merging the records of each cluster into one study record."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from prismake.dedup.merge import STUDY_COLUMNS, merge_studies
from prismake.ids import study_id_for


def _records() -> pd.DataFrame:
    return pd.DataFrame({
        "record_id": ["d", "b", "a", "c", "e"],
        "search_round": [1, 1, 2, 1, 1],
        "title": ["A TRIAL", "A trial of X", " A trial ", "Other work", None],
        "authors": [["Smith, J"], ["Smith, John", "Roe, B"], [], ("Lee, K",), None],
        "year": pd.array([2001, 2002, 2002, None, 1999], dtype="Int64"),
        "journal": ["J Med", "Journal of Medicine", "", "Lancet", "BMJ"],
        "source_id": ["s1", "s2", "s1", "", "s2"],
    })


@pytest.mark.parametrize("labels", [[7, 7, 7, 3, 5], [0, 0, 0, 1, 2], [-1, -1, -1, 9, -4],
                                    [-1, -1, -1, 3, 5], [2, 2, 2, 0, 1]])
def test_the_studies_depend_on_the_clusters_not_on_their_labels(labels):
    studies = merge_studies(_records(), np.asarray(labels))
    assert tuple(studies.columns) == STUDY_COLUMNS
    assert studies["study_id"].tolist() == sorted(studies["study_id"])
    merged = studies.set_index("study_id").loc[study_id_for("b")]  # b is first in id order
    assert merged["record_ids"] == ["b", "d", "a"]  # round, then id
    assert merged["title"] == "A trial of X"  # mixed case over capitals, then the longest
    assert merged["authors"] == ["Smith, John", "Roe, B"]
    assert merged["year"] == 2002  # two records give 2002
    assert merged["field_sources"]["journal"] == "b"
    single = studies.set_index("study_id").loc[study_id_for("e")]
    assert (single["title"], single["authors"], single["record_ids"]) == ("", [], ["e"])
    assert single["field_sources"] == {"journal": "e", "year": "e"}
    reference = merge_studies(_records(), np.asarray([0, 0, 0, 1, 2]))
    pd.testing.assert_frame_equal(studies, reference, check_exact=True)


def test_no_records_give_no_studies():
    studies = merge_studies(_records().iloc[:0], np.asarray([], dtype=np.int64))
    assert tuple(studies.columns) == STUDY_COLUMNS
    assert len(studies) == 0
