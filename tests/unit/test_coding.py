"""Thematic synthesis: sheets checked together, matrix, theme summary, coded segments."""

from __future__ import annotations

import logging

import pandas as pd
import pytest
from prismake.coding import check_coding, coding_tables, natural_key
from prismake.errors import SheetError
from prismake.tables import read_table, write_table

S1, S7, S8 = "Sa00000000001", "Sa00000000007", "Sa00000000008"


def sheet(path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.attrs["path"] = str(path)
    return frame


@pytest.fixture
def data(test_data):
    return test_data / "coding"


@pytest.fixture
def included(data):
    return read_table(data / "included.csv")


def load(data, included, **bad):
    files = {k: bad.get(k, f"{k}.csv") for k in ("themes", "codebook", "segments")}
    return check_coding(
        *(sheet(data / files[k]) for k in ("themes", "codebook", "segments")), included=included
    )


@pytest.fixture
def tables(data, included):
    return coding_tables(load(data, included), included=included)


def test_matrix_counts_segments_per_study_and_theme(tables):
    matrix = tables.matrix
    # analytical themes first, then descriptive ones in natural order (D1.2 before D1.10)
    assert list(matrix.columns) == [
        "study_id",
        "label",
        "A1",
        "A2",
        "D1.1",
        "D1.2",
        "D1.10",
        "D2.1",
    ]
    assert matrix["study_id"].tolist() == [S7, S1, S8]  # year, then label
    assert matrix.set_index("study_id").loc[S7].tolist()[1:] == [2, 1, 1, 0, 1, 1]
    assert matrix.set_index("study_id").loc[S1].tolist()[1:] == [2, 1, 1, 1, 0, 1]
    # a study with no coded segment still has its row
    assert matrix.set_index("study_id").loc[S8].tolist()[1:] == [0] * 6


def test_theme_summary(tables):
    themes = tables.themes.set_index("theme_id")
    assert themes.index.tolist() == ["A1", "A2", "D1.1", "D1.2", "D1.10", "D2.1"]
    assert themes.loc["A1", ["n_codes", "n_segments", "n_studies"]].tolist() == [3, 4, 2]
    assert themes.loc["A1", "study_ids"] == [S7, S1]
    assert themes.loc["A1", "study_labels"] == "Okafor 2012a; Okafor 2012b"
    # the unused code still counts as a code of its theme
    assert themes.loc["D2.1", ["n_codes", "n_segments", "n_studies"]].tolist() == [2, 2, 2]
    assert themes.loc["D1.2", ["parent_id", "study_labels"]].tolist() == ["A1", "Okafor 2012b"]


def test_segments_joined_to_both_themes(tables):
    segments = tables.segments
    assert segments["segment_id"].tolist() == ["G1", "G2", "G3", "G4", "G5", "G10"]
    g5 = segments.set_index("segment_id").loc["G5"]
    assert (g5["theme_id"], g5["theme_label"], g5["analytical_id"], g5["analytical_label"]) == (
        "D1.1",
        "Blurred boundaries",
        "A1",
        "Straddling two worlds",
    )
    assert segments.set_index("segment_id").loc["G5", "quote"] == (
        "Mates one day, worker the next."
    )


def test_unused_code_is_logged(data, included, caplog):
    with caplog.at_level(logging.WARNING, logger="prismake.coding"):
        load(data, included)
    assert "code 'unused code' has no coded segment" in caplog.text


def test_tables_written_twice_give_the_same_bytes(tmp_path, data, included):
    for name in ("a", "b"):
        out = coding_tables(load(data, included), included=included)
        write_table(out.themes, tmp_path / f"{name}.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert read_table(tmp_path / "a.csv")["study_ids"].iloc[0] == [S7, S1]


def test_natural_key():
    assert sorted(["D1.10", "D2.1", "D1.2", "A10", "A2"], key=natural_key) == [
        "A2",
        "A10",
        "D1.2",
        "D1.10",
        "D2.1",
    ]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            {"themes": "themes_duplicate_id.csv"},
            r"themes_duplicate_id\.csv, line 8: theme_id appears twice \(lines 4 and 8\); "
            r"found 'D1\.1'",
        ),
        (
            {"themes": "themes_parent_is_descriptive.csv"},
            r"line 7: descriptive theme D1\.10 needs an analytical parent; found 'D1\.1'",
        ),
        (
            {"themes": "themes_analytical_with_parent.csv"},
            r"line 3: analytical theme A2 has a parent; found 'A1'",
        ),
        (
            {"codebook": "codebook_analytical_theme.csv"},
            r"codebook_analytical_theme\.csv, line 3: code 'staff side' belongs to an analytical "
            r"theme; found 'A1'; expected the theme_id of a descriptive theme",
        ),
        (
            {"codebook": "codebook_duplicate_code.csv"},
            r"line 7: code appears twice \(lines 5 and 7\); found 'own story'",
        ),
        (
            {"segments": "segments_unknown_code.csv"},
            r"segments_unknown_code\.csv, line 5: unknown code; found 'own storey'",
        ),
        (
            {"segments": "segments_excluded_study.csv"},
            r"line 8: unknown study_id; found 'Sa00000000003'; expected an included study",
        ),
        (
            {"segments": "segments_empty_quote.csv"},
            r"segments_empty_quote\.csv: 1 invalid value\(s\): line 4: column 'quote' value '' "
            r"fails str_length",
        ),
        (
            {"segments": "segments_duplicate_id.csv"},
            r"line 8: segment_id appears twice \(lines 3 and 8\); found 'G2'",
        ),
    ],
)
def test_bad_sheets(data, included, bad, message):
    with pytest.raises(SheetError, match=message):
        load(data, included, **bad)
