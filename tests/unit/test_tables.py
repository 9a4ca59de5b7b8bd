"""Tables round-trip through CSV and Parquet with lists, mappings and nullable integers."""

from __future__ import annotations

import os
import stat

import pandas as pd
import pytest
from prismake.errors import InputError
from prismake.tables import read_table, write_table


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "record_id": ["medline:1", "cinahl:2"],
            "authors": [["Ó Briain, Siobhán", "Smith, J"], []],
            "year": pd.array([2019, None], dtype="Int64"),
            "title": ['Peer "support", and recovery\nline two', ""],
            "extra": [{"N1": ["note"]}, {}],
        }
    )


@pytest.mark.parametrize("suffix", [".csv", ".tsv", ".parquet"])
def test_round_trip(tmp_path, frame, suffix):
    path = tmp_path / f"t{suffix}"
    write_table(frame, path)
    back = read_table(path)
    assert back["authors"].tolist() == frame["authors"].tolist()
    assert back["extra"].tolist() == frame["extra"].tolist()
    assert back["title"].tolist() == frame["title"].tolist()
    assert back["year"].dtype == "Int64"
    assert back["year"].isna().tolist() == [False, True]


def test_same_frame_same_bytes(tmp_path, frame):
    write_table(frame, tmp_path / "a.csv")
    write_table(frame.copy(), tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path, frame):
    write_table(frame, tmp_path / "a.csv")
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_written_file_gets_the_umask_mode_not_private(tmp_path, frame, suffix):
    old = os.umask(0o022)
    try:
        write_table(frame, tmp_path / f"a{suffix}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / f"a{suffix}").stat().st_mode) == 0o644


def test_bad_json_cell_names_file_and_row(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text('record_id,authors\nx,"[""unclosed"\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.csv, row 2: column 'authors' does not hold JSON"):
        read_table(path)
