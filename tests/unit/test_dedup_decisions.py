"""The human decision sheet: reading, and every flaw named by file, line and value."""

from __future__ import annotations

import pytest
from prismake.dedup import read_decisions
from prismake.dedup.io import read_records
from prismake.errors import SheetError


@pytest.fixture
def record_ids(test_data) -> set[str]:
    return set(read_records([test_data / "dedup" / "many.csv"])["record_id"])


def test_a_valid_sheet_is_read_with_its_lines(test_data, record_ids):
    sheet = read_decisions(test_data / "dedup" / "decisions_valid.csv", record_ids=record_ids)
    assert sheet[["record_id_a", "record_id_b", "decision"]].values.tolist() == [
        ["m00a", "m00b", "different"], ["m08a", "m09a", "same"]
    ]
    assert sheet["line"].tolist() == [2, 3]
    assert sheet["note"].tolist() == ["checked the full texts", ""]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("decisions_bad_value.csv", r"decisions_bad_value\.csv.*line 2.*'duplicate'.*same"),
        ("decisions_unknown_id.csv",
         r"decisions_unknown_id\.csv, line 2: unknown record id.*'m99z'"),
        ("decisions_self.csv", r"line 2: a record is paired with itself; found 'm00a'"),
        ("decisions_twice.csv", r"line 3: the pair appears twice \(lines 2 and 3\)"),
    ],
)
def test_flawed_sheets_name_file_line_and_value(test_data, record_ids, name, message):
    with pytest.raises(SheetError, match=message):
        read_decisions(test_data / "dedup" / name, record_ids=record_ids)


def test_a_sheet_with_only_its_header_decides_nothing(tmp_path, record_ids):
    path = tmp_path / "decisions.csv"
    path.write_text("record_id_a,record_id_b,decision,reviewer,note\n", encoding="utf-8")
    assert read_decisions(path, record_ids=record_ids).empty
