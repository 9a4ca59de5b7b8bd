"""Reading deduplication inputs: records tables and exports, all columns or only some."""

from __future__ import annotations

import pandas as pd
import pytest
from prismake.dedup.io import read_records
from prismake.dedup.pipeline import USED_COLUMNS
from prismake.tables import RECORD_COLUMNS, read_table, write_table


@pytest.fixture
def records(test_data) -> pd.DataFrame:
    return read_records([test_data / "dedup" / "many.csv"])


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_only_the_columns_asked_for_are_read_with_the_same_values(records, tmp_path, suffix):
    path = tmp_path / f"records{suffix}"
    write_table(records, path)
    some = read_records([path], columns=["title", "authors", "year"])
    assert list(some.columns) == ["record_id", "title", "authors", "year"]  # table order
    whole = read_table(path)
    pd.testing.assert_frame_equal(some, whole[list(some.columns)], check_exact=True)
    used = read_records([path], columns=USED_COLUMNS)
    assert list(used.columns) == [c for c in RECORD_COLUMNS if c in USED_COLUMNS]
    pd.testing.assert_frame_equal(read_records([path]), whole, check_exact=True)


def test_an_export_keeps_only_the_columns_asked_for(test_data, records):
    some = read_records([test_data / "dedup" / "many.csv"], columns=["journal"])
    assert list(some.columns) == ["record_id", "journal"]
    assert some["journal"].tolist() == records["journal"].tolist()


def test_equal_strings_are_read_as_one_object(records, tmp_path):
    path = tmp_path / "records.parquet"
    write_table(records, path)
    journals = read_records([path], columns=["journal"])["journal"].tolist()
    repeated = [j for j in journals if j and journals.count(j) > 1]
    assert repeated, "the fixture should repeat a journal"
    first = {}
    assert all(first.setdefault(j, j) is j for j in repeated)
    ids = read_records([path], columns=["journal"])["record_id"].tolist()
    assert len(set(ids)) == len(ids)
