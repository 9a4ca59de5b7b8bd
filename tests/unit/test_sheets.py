"""The JSON Schema layer: sheets and config are checked before any rule runs."""

from __future__ import annotations

import pytest
import yaml
from prismake.errors import ConfigError, SheetError
from prismake.sheets import check_config, load_config, load_schema, read_sheet, read_sources


@pytest.fixture(scope="module")
def schemas(project_root):
    return {
        p.name.split(".")[0]: load_schema(p)
        for p in (project_root / "workflow" / "schemas").glob("*.yaml")
    }


@pytest.fixture
def sheets(test_data):
    return test_data / "sheets"


def test_a_good_sheet_reads_with_lines_and_defaults(sheets, schemas):
    frame = read_sheet(sheets / "ta_ok.csv", schema=schemas["screening_title_abstract"])
    assert frame["decision"].tolist() == ["include", "exclude", "unsure", "include"]
    assert frame["reason"].tolist() == ["", "TA1", "", ""]
    # the third row spans two physical lines, so the fourth starts on line 6
    assert frame["line"].tolist() == [2, 3, 4, 6]


@pytest.mark.parametrize(
    ("fixture", "schema", "message"),
    [
        (
            "ta_unknown_decision.csv",
            "screening_title_abstract",
            r"ta_unknown_decision\.csv, line 3: bad value in column 'decision'; found 'maybe'; "
            r"expected one of 'include', 'exclude', 'unsure'",
        ),
        (
            "ta_exclude_without_reason.csv",
            "screening_title_abstract",
            r"line 2: bad value in column 'reason'; found ''; "
            r"expected a value \(this column is required here\)",
        ),
        (
            "ta_reason_on_include.csv",
            "screening_title_abstract",
            r"line 2: bad value in column 'reason'; found 'TA2'; expected an empty value here",
        ),
        (
            "ta_missing_column.csv",
            "screening_title_abstract",
            r"line 1: bad header: missing column\(s\) \['decision'\]",
        ),
        (
            "ta_unknown_column.csv",
            "screening_title_abstract",
            r"line 1: bad header: unknown column\(s\) \['score'\]",
        ),
        (
            "ta_latin1.csv",
            "screening_title_abstract",
            r"ta_latin1\.csv, line 2: the file is not valid UTF-8.*expected UTF-8 text",
        ),
        ("ta_empty.csv", "screening_title_abstract", r"ta_empty\.csv: the file is empty"),
        (
            "ta_ragged_row.csv",
            "screening_title_abstract",
            r"line 2: the row has 2 cells.*expected 4 cells",
        ),
        (
            "ta_bad_study_id.csv",
            "screening_title_abstract",
            r"line 2: bad value in column 'study_id'; found 'study-7'; expected text matching",
        ),
        (
            "casp_question_11.csv",
            "casp",
            r"line 2: bad value in column 'question'; found 11; expected a number <= 10",
        ),
        (
            "casp_question_not_a_number.csv",
            "casp",
            r"line 2: bad value in column 'question'; found 'one'; "
            r"expected a value of type integer",
        ),
    ],
)
def test_bad_sheets_name_file_line_value_and_expectation(sheets, schemas, fixture, schema, message):
    with pytest.raises(SheetError, match=message):
        read_sheet(sheets / fixture, schema=schemas[schema])


def test_every_bad_row_is_reported_together(tmp_path, schemas):
    path = tmp_path / "many.csv"
    rows = "".join(f"S0123456789a{i:x},maybe,,\n" for i in range(12))
    path.write_text("study_id,decision,reason,note\n" + rows, encoding="utf-8")
    with pytest.raises(SheetError, match=r"line 2: .*also line 3: .*and 2 more") as info:
        read_sheet(path, schema=schemas["screening_title_abstract"])
    assert len(info.value.problems) == 12


def test_missing_sheet(tmp_path, schemas):
    with pytest.raises(SheetError, match=r"nope\.csv: the file does not exist"):
        read_sheet(tmp_path / "nope.csv", schema=schemas["casp"])


def test_example_config_is_valid_and_defaults_are_filled(project_root, schemas):
    config = load_config(project_root / "config" / "config.yaml", schema=schemas["config"])
    assert config["dedup"]["shards"] >= 1
    assert isinstance(config["review"]["fictional"], bool)


def test_config_error_names_key_and_line(tmp_path, project_root, schemas):
    text = (project_root / "config" / "config.yaml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    config["screening"]["title_abstract"]["reviewers"] = config["screening"]["title_abstract"][
        "reviewers"
    ][:1]
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    with pytest.raises(
        ConfigError,
        match=r"config\.yaml, line \d+: bad value at screening\.title_abstract\.reviewers"
        r".*expected at least 2 items",
    ):
        check_config(config, schema=schemas["config"], path=path)


def test_config_with_unknown_key(tmp_path, schemas):
    path = tmp_path / "config.yaml"
    path.write_text(
        "review: {title: t, question: q}\nsources: config/sources.tsv\nsorces: x\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match=r"line 1: bad value at <top level>"):
        load_config(path, schema=schemas["config"])


def test_sources_with_missing_export(tmp_path, schemas):
    path = tmp_path / "sources.tsv"
    path.write_text(
        "source_id\tdatabase\tplatform\tfile\tsearch_date\thits\n"
        "medline\tMEDLINE\tPubMed\tresources/exports/nope.nbib\t2024-03-01\t10\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ConfigError,
        match=r"sources\.tsv, line 2: the export file does not exist; "
        r"found 'resources/exports/nope\.nbib'",
    ):
        read_sources(path, schema=schemas["sources"], root=tmp_path)


def test_sources_with_repeated_id(tmp_path, schemas):
    (tmp_path / "a.ris").write_text("TY  - JOUR\nER  - \n", encoding="utf-8")
    path = tmp_path / "sources.tsv"
    row = "medline\tMEDLINE\tPubMed\ta.ris\t2024-03-01\t1\n"
    path.write_text(
        "source_id\tdatabase\tplatform\tfile\tsearch_date\thits\n" + row + row, encoding="utf-8"
    )
    with pytest.raises(
        ConfigError, match=r"line 3: source_id repeats the one on line 2; found 'medline'"
    ):
        read_sources(path, schema=schemas["sources"], root=tmp_path)
