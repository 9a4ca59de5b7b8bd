"""CASP appraisal: the sheet checked against the included studies, tables and the figure."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from prismake.appraisal import (
    CASP_QUESTIONS,
    casp_summary,
    casp_svg,
    casp_table,
    check_casp,
)
from prismake.errors import SheetError
from prismake.tables import read_table

SVG = "{http://www.w3.org/2000/svg}"


def sheet(path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.attrs["path"] = str(path)
    return frame


@pytest.fixture
def data(test_data):
    return test_data / "appraisal"


@pytest.fixture
def included(data):
    return read_table(data / "included.csv")


@pytest.fixture
def answers(data, included):
    return check_casp(sheet(data / "casp.csv"), included=included)


def test_ten_questions_each_with_a_heading_and_text():
    assert [q.number for q in CASP_QUESTIONS] == list(range(1, 11))
    assert len({q.heading for q in CASP_QUESTIONS}) == 10
    assert all(q.text.endswith("?") for q in CASP_QUESTIONS)


def test_answers_are_ordered_like_the_included_studies(answers):
    assert list(answers.columns) == ["study_id", "question", "answer", "comment", "label"]
    assert answers["label"].drop_duplicates().tolist() == [
        "Okafor 2012a",
        "Okafor 2012b",
        "Lindqvist 2015",
    ]
    assert answers["question"].tolist()[:10] == list(range(1, 11))


def test_wide_table(answers):
    table = casp_table(answers)
    assert list(table.columns) == [
        "study_id",
        "label",
        *(f"Q{i}" for i in range(1, 11)),
        "n_yes",
        "n_no",
        "n_cant_tell",
    ]
    okafor_a = table.set_index("label").loc["Okafor 2012a"]
    assert [okafor_a[f"Q{i}"] for i in range(1, 11)] == (
        ["yes", "yes", "cant_tell", "yes", "yes", "cant_tell", "no", "yes", "yes", "yes"]
    )
    assert (okafor_a["n_yes"], okafor_a["n_no"], okafor_a["n_cant_tell"]) == (7, 1, 2)


def test_summary_counts_per_question(answers):
    summary = casp_summary(answers)
    assert summary["question"].tolist() == list(range(1, 11))
    by_q = summary.set_index("question")
    assert by_q.loc[6, ["yes", "no", "cant_tell", "n_studies"]].tolist() == [0, 2, 1, 3]
    assert by_q.loc[1, ["yes", "no", "cant_tell"]].tolist() == [3, 0, 0]
    assert by_q.loc[8, "heading"] == "Analysis"


def test_figure_has_one_circle_per_answer_and_a_legend(answers):
    table = casp_table(answers)
    svg = casp_svg(table)
    assert svg == casp_svg(table)
    root = ET.fromstring(svg)
    circles = list(root.iter(f"{SVG}circle"))
    assert len(circles) == 3 * 10 + 3  # the grid, then the legend
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"Okafor 2012a", "Okafor 2012b", "Lindqvist 2015", "Q1", "Q10", "Can't tell"} <= set(
        texts
    )
    assert any(t.startswith("Q6 Reflexivity:") for t in texts)
    # colour is never the only cue: every answer circle carries a symbol
    for answer, symbol in (("yes", "+"), ("no", "\u2212"), ("cant_tell", "?")):
        assert texts.count(symbol) == int(table[f"n_{answer}"].sum()) + 1  # + the legend
    assert texts.count("\u2212") == 4 + 1
    assert "class=" not in svg
    assert "foreignObject" not in svg


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        (
            "casp_missing_question.csv",
            r"casp_missing_question\.csv: 1 studies lack questions: Sa00000000007 lacks Q4, Q9",
        ),
        (
            "casp_duplicate_question.csv",
            r"casp_duplicate_question\.csv, line 15: study and question appears twice "
            r"\(lines 14 and 15\); found \('Sa00000000007', '3'\)",
        ),
        (
            "casp_unknown_study.csv",
            r"casp_unknown_study\.csv, line 32: unknown study_id; found 'Sa00000000002'; "
            r"expected an included study",
        ),
        (
            "casp_missing_study.csv",
            r"casp_missing_study\.csv: 1 included studies missing from the sheet: Sa00000000008",
        ),
        (
            "casp_bad_answer.csv",
            r"casp_bad_answer\.csv: 1 invalid value\(s\): line 14: column 'answer' value 'maybe' "
            r"fails isin",
        ),
        (
            "casp_question_eleven.csv",
            r"casp_question_eleven\.csv: 1 invalid value\(s\): line 11: column 'question' value 11 "
            r"fails less_than_or_equal_to\(10\)",
        ),
    ],
)
def test_bad_sheets(data, included, fixture, message):
    with pytest.raises(SheetError, match=message):
        check_casp(sheet(data / fixture), included=included)


def test_failure_cases_travel_with_the_error(data, included):
    with pytest.raises(SheetError) as info:
        check_casp(sheet(data / "casp_bad_answer.csv"), included=included)
    cases = info.value.failure_cases
    assert cases.loc[cases["column"] == "answer", "line"].tolist() == [14]
