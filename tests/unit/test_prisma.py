"""PRISMA 2020 counts computed from the tables, their identities, and the flow diagram."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from prismake.errors import InputError, ValidationError
from prismake.prisma import flow_svg, prisma_counts, prisma_exclusions
from prismake.screening import resolve_stage, stage_studies
from prismake.tables import read_table

TA_REASONS = {"TA1": "Not about peer workers", "TA2": "Not qualitative research"}
FT_REASONS = {
    "FT1": "Not about peer workers' experiences",
    "FT2": "Not qualitative",
    "FT3": "Conference abstract only",
}
SVG = "{http://www.w3.org/2000/svg}"


def sheet(path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.attrs["path"] = str(path)
    return frame


@pytest.fixture(scope="module")
def review(test_data):
    """The tiny review of tests/data/screening, screened at both stages."""
    data = test_data / "screening"
    studies = read_table(data / "studies.csv")
    ta = resolve_stage(
        stage_studies("title_abstract", studies=studies),
        {"R1": sheet(data / "ta_R1.csv"), "R2": sheet(data / "ta_R2.csv")},
        sheet(data / "ta_consensus.csv"),
        stage="title_abstract",
        reasons=TA_REASONS,
    )
    ft = resolve_stage(
        stage_studies("full_text", studies=studies, title_abstract=ta),
        {"R1": sheet(data / "ft_R1.csv"), "R2": sheet(data / "ft_R2.csv")},
        sheet(data / "ft_consensus.csv"),
        stage="full_text",
        reasons=FT_REASONS,
    )
    return {
        "studies": studies,
        "title_abstract": ta,
        "full_text": ft,
        "import_counts": read_table(test_data / "prisma" / "counts.csv"),
    }


def counts(review, **changes):
    args = {**review, **changes}
    return prisma_counts(full_text_reasons=FT_REASONS, **args)


def test_counts_follow_the_tables(review):
    table = counts(review)
    assert list(table.columns) == ["key", "detail", "label", "n"]
    assert list(zip(table["key"], table["detail"], table["n"], strict=True)) == [
        ("records_identified", "", 12),
        # two MEDLINE exports (Ovid 3, PubMed 2) are one database; search-log order kept
        ("records_identified_database", "MEDLINE", 5),
        ("records_identified_database", "CINAHL Plus", 4),
        ("records_identified_database", "ASSIA", 3),
        ("duplicates_removed", "", 4),
        ("records_screened", "", 8),
        ("records_excluded", "", 3),
        ("reports_sought", "", 5),
        ("reports_not_retrieved", "", 1),
        ("reports_assessed", "", 4),
        ("reports_excluded", "", 1),
        ("reports_excluded_reason", "FT1", 1),
        ("reports_excluded_reason", "FT2", 0),
        ("reports_excluded_reason", "FT3", 0),
        ("studies_included", "", 3),
        ("reports_included", "", 3),
    ]
    assert table.loc[table["detail"] == "FT1", "label"].item() == FT_REASONS["FT1"]


def test_exclusions_list_every_configured_reason(review):
    table = prisma_exclusions(
        title_abstract=review["title_abstract"],
        full_text=review["full_text"],
        reasons={"title_abstract": TA_REASONS, "full_text": FT_REASONS},
    )
    assert list(zip(table["stage"], table["reason"], table["n"], strict=True)) == [
        ("title_abstract", "TA1", 2),
        ("title_abstract", "TA2", 1),
        ("full_text", "FT1", 1),
        ("full_text", "FT2", 0),
        ("full_text", "FT3", 0),
    ]


def test_exclusion_reason_missing_from_the_config(review):
    with pytest.raises(
        ValidationError,
        match=r"full_text exclusions use reason codes missing "
        r"from the config: FT1",
    ):
        prisma_exclusions(
            title_abstract=review["title_abstract"],
            full_text=review["full_text"],
            reasons={"title_abstract": TA_REASONS, "full_text": {"FT2": "x"}},
        )


def test_a_lost_record_breaks_the_first_identity(review, test_data):
    lost = read_table(test_data / "prisma" / "counts_record_lost.csv")
    with pytest.raises(
        ValidationError,
        match=r"identity broken: records identified = records "
        r"in deduplicated studies .*: 11 != 12\)",
    ):
        counts(review, import_counts=lost)


def test_records_that_are_not_a_number(review, test_data):
    bad = read_table(test_data / "prisma" / "counts_records_not_a_number.csv")
    with pytest.raises(
        InputError,
        match=r"row 5: column 'records' is not a whole number; "
        r"found 'three'",
    ):
        counts(review, import_counts=bad)


def test_screening_table_that_misses_a_study(review):
    ta = review["title_abstract"]
    with pytest.raises(
        ValidationError,
        match=r"records screened = studies after deduplication "
        r".*only in the second: Sa00000000008",
    ):
        counts(review, title_abstract=ta[ta["study_id"] != "Sa00000000008"])


def test_full_text_table_that_is_not_the_title_abstract_includes(review):
    ft = review["full_text"]
    with pytest.raises(
        ValidationError,
        match=r"reports sought = records included at "
        r"title/abstract .*only in the second: "
        r"Sa00000000004",
    ):
        counts(review, full_text=ft[ft["study_id"] != "Sa00000000004"])


def test_a_decision_outside_the_vocabulary_breaks_the_assessed_identity(review):
    ft = review["full_text"].copy()
    ft.loc[ft["study_id"] == "Sa00000000001", "decision"] = "unsure"
    with pytest.raises(
        ValidationError,
        match=r"reports assessed = reports excluded \+ studies "
        r"included .*: 4 != 3\)",
    ):
        counts(review, full_text=ft)


def test_flow_diagram_is_plain_deterministic_svg(review):
    table = counts(review)
    svg = flow_svg(table)
    assert svg == flow_svg(table)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    nbsp = "\u00a0"
    # the bold heading wraps: "Records identified from" / "databases (n = 12):"
    assert f"Records identified from databases{nbsp}(n{nbsp}={nbsp}12):" in " ".join(texts)
    for line in (
        f"MEDLINE{nbsp}(n{nbsp}={nbsp}5)",
        f"Duplicate records removed{nbsp}(n{nbsp}={nbsp}4)",
        f"Reports not retrieved{nbsp}(n{nbsp}={nbsp}1)",
        f"Studies included in review{nbsp}(n{nbsp}={nbsp}3)",
    ):
        assert line in texts
    # a long reason wraps over two lines; the count stays with its last word
    assert f"Not about peer workers' experiences{nbsp}(n{nbsp}={nbsp}1)" in " ".join(texts)
    assert f"experiences{nbsp}(n{nbsp}={nbsp}1)" in texts
    # reasons nobody used are left out of the diagram
    assert not any("Conference abstract" in t for t in texts)
    assert {"Identification", "Screening", "Included"} <= set(texts)
    for banned in ("class=", "foreignObject", "<style", "href"):
        assert banned not in svg


def test_names_are_escaped_and_long_ones_wrapped(review):
    table = counts(review).copy()
    name = "Social Services Abstracts & Sociological Abstracts <ProQuest>"
    table.loc[table["detail"] == "ASSIA", ["detail", "label"]] = name
    svg = flow_svg(table)
    root = ET.fromstring(svg)  # would fail on a raw & or <
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert any(t.startswith("Social Services Abstracts &") for t in texts)
    assert not any(name in t for t in texts)  # too long for one line


def test_diagram_needs_every_box(review):
    table = counts(review)
    with pytest.raises(ValidationError, match="lacks the box.*reports_assessed"):
        flow_svg(table[table["key"] != "reports_assessed"])


def test_typst_draws_the_diagram(review, tmp_path):
    typst = pytest.importorskip("typst")
    (tmp_path / "flow.svg").write_text(flow_svg(counts(review)), encoding="utf-8")
    (tmp_path / "flow.typ").write_text(
        '#set page(width: auto, height: auto, margin: 4pt)\n#image("flow.svg", width: 400pt)\n',
        encoding="utf-8",
    )
    typst.compile(
        str(tmp_path / "flow.typ"), output=str(tmp_path / "flow.png"), format="png", ppi=72
    )
    assert (tmp_path / "flow.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
