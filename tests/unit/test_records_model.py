"""The pandera model of the canonical records table."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prismake.errors import ValidationError
from prismake.importer import read_file
from prismake.models.records import RecordsModel, validate_records
from prismake.tables import RECORD_COLUMNS, read_table, write_table


@pytest.fixture
def table(test_data):
    return read_file(test_data / "import" / "good" / "basic.ris", source_id="medline")


def test_columns_follow_the_contract():
    assert tuple(RecordsModel.to_schema().columns) == RECORD_COLUMNS


def test_imported_table_is_valid(table):
    assert validate_records(table) is not None
    assert str(table["year"].dtype) == "Int64"


def test_table_survives_csv_and_parquet(tmp_path, table):
    for name in ("records.csv", "records.parquet"):
        write_table(table, tmp_path / name)
        back = validate_records(read_table(tmp_path / name))
        assert back.to_dict("records") == table.to_dict("records")


@pytest.mark.parametrize(
    ("column", "value", "check"),
    [
        ("type", "journal-article", "isin"),
        ("doi", "https://doi.org/10.1/x", "DOI in lower case"),
        ("doi", "10.1/ABC", "DOI in lower case"),
        ("authors", "Alder, Jane", "list of strings"),
        ("extra", {"TY": "JOUR"}, "mapping of tag to list of strings"),
        ("title", None, "no missing values"),
        ("source_line", 0, "greater_than_or_equal_to"),
    ],
)
def test_bad_values_are_caught(table, column, value, check):
    bad = table.copy()
    bad[column] = pd.Series(
        [value] * len(bad), dtype=object if column != "source_line" else "Int64"
    )
    with pytest.raises(
        ValidationError, match=r"t\.csv: the records table breaks its schema"
    ) as info:
        validate_records(bad, path="t.csv")
    cases = info.value.failure_cases
    assert any(check in str(name) for name in cases["check"])


def test_duplicate_record_ids_are_caught(table):
    bad = table.copy()
    bad["record_id"] = "medline:1"
    with pytest.raises(ValidationError, match="field_uniqueness|unique"):
        validate_records(bad)


def test_missing_column_is_caught(table):
    with pytest.raises(ValidationError):
        validate_records(table.drop(columns=["raw"]))


DOIS = st.sampled_from(["", "10.1/x", "10.1/X", "10.12/a/b", "10.1/x\n"])


@given(st.lists(st.one_of(DOIS, st.text()), max_size=6))
@settings(max_examples=300, deadline=None)
def test_doi_check_on_all_values_at_once_agrees_with_value_by_value(values):
    """The DOI check first tries every value at once; where that passes, so does each value."""
    from prismake.models.records import _DOI, _all_dois

    series = pd.Series(values, dtype=object)
    one_by_one = (series.map(_DOI.match).notna() & (series == series.str.lower())).all()
    if _all_dois(series):
        assert one_by_one
    if one_by_one and not any("\n" in v for v in values):
        assert _all_dois(series)


def test_vendor_fields_check_looks_inside_the_lists(table):
    bad = table.copy()
    bad["extra"] = [{"N1": ["note", 3]}] * len(bad)
    with pytest.raises(ValidationError, match="the records table breaks its schema"):
        validate_records(bad)
