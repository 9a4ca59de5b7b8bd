"""Study characteristics: pandera-checked sheet, labelled and ordered."""

from __future__ import annotations

import pandas as pd
import pytest
from prismake.errors import SheetError
from prismake.extraction import COLUMNS, characteristics_table
from prismake.tables import read_table, write_table


def sheet(path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.attrs["path"] = str(path)
    return frame


@pytest.fixture
def data(test_data):
    return test_data / "extraction"


@pytest.fixture
def included(data):
    return read_table(data / "included.csv")


def test_table_is_labelled_and_ordered_by_year_then_label(data, included):
    table = characteristics_table(sheet(data / "characteristics.csv"), included=included)
    assert list(table.columns) == list(COLUMNS)
    assert table["label"].tolist() == ["Okafor 2012a", "Okafor 2012b", "Lindqvist 2015"]
    assert table["country"].tolist() == ["United Kingdom", "Nigeria", "Sweden"]
    assert table["n_participants"].tolist() == [9, 22, 14]
    assert str(table["n_participants"].dtype) == "int64"
    assert table["year"].tolist() == [2012, 2012, 2015]


def test_written_twice_gives_the_same_bytes(tmp_path, data, included):
    for name in ("a", "b"):
        write_table(
            characteristics_table(sheet(data / "characteristics.csv"), included=included),
            tmp_path / f"{name}.csv",
        )
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        (
            "characteristics_zero_participants.csv",
            r"1 invalid value\(s\): line 4: column 'n_participants' value 0 fails "
            r"greater_than_or_equal_to\(1\)",
        ),
        (
            "characteristics_participants_not_a_number.csv",
            r"1 invalid value\(s\): line 3: column 'n_participants' value 'about 20' fails "
            r"coerce_dtype",
        ),
        (
            "characteristics_empty_country.csv",
            r"1 invalid value\(s\): line 2: column 'country' value '' fails str_length",
        ),
        (
            "characteristics_unknown_study.csv",
            r"characteristics_unknown_study\.csv, line 5: unknown study_id; found 'Sa00000000003'",
        ),
        (
            "characteristics_duplicate_study.csv",
            r"line 5: study_id appears twice \(lines 3 and 5\); found 'Sa00000000001'",
        ),
        (
            "characteristics_missing_study.csv",
            r"characteristics_missing_study\.csv: 1 included studies missing from the sheet: "
            r"Sa00000000007",
        ),
    ],
)
def test_bad_sheets(data, included, fixture, message):
    with pytest.raises(SheetError, match=message):
        characteristics_table(sheet(data / fixture), included=included)


def test_missing_required_column(data, included):
    frame = sheet(data / "characteristics.csv").drop(columns=["n_participants"])
    with pytest.raises(SheetError, match=r"line 1: missing column\(s\) \['n_participants'\]"):
        characteristics_table(frame, included=included)
