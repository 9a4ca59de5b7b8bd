"""The manuscript's helpers, and the manuscript rendered against a tiny fake results folder."""

from __future__ import annotations

import doctest
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from prismake import manuscript as ms
from prismake.errors import InputError
from prismake.render import render
from prismake.tables import read_table, write_table

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "render"
RESULTS = FIXTURES / "results"
MANUSCRIPT = Path(__file__).resolve().parents[2] / "workflow" / "manuscript" / "manuscript.qmd"


def test_doctests():
    assert doctest.testmod(ms).failed == 0


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "zero"), (1, "one"), (9, "nine"), (10, "10"), (272, "272")]
)
def test_spell(n, expected):
    assert ms.spell(n) == expected


def test_spell_limit_and_capitals():
    assert ms.spell(12, limit=20) == "twelve"
    assert ms.spell(21, limit=100) == "21"
    assert ms.spell(3, capitalize=True) == "Three"


def test_plural():
    assert ms.plural(1, "study", "studies") == "one study"
    assert ms.plural(0, "study", "studies") == "zero studies"
    assert ms.plural(272, "participant") == "272 participants"


@given(st.lists(st.text(alphabet="abc", min_size=1), max_size=6))
def test_join_words_keeps_every_item_in_order(items):
    text = ms.join_words(items)
    position = 0
    for item in items:
        position = text.index(item, position) + len(item)
    assert text.count(" and ") == (1 if len(items) > 1 else 0) + sum(" and " in i for i in items)


def test_join_words():
    assert ms.join_words(["A", "B", "C"]) == "A, B and C"
    assert ms.join_words(["A", "B"], conjunction="or") == "A or B"


def test_dates():
    assert ms.long_date("2024-03-01") == "1 March 2024"
    assert ms.date_range("2024-03-01", "2024-03-01") == "on 1 March 2024"
    assert ms.date_range("2024-02-28", "2024-03-04") == "between 28 February and 4 March 2024"
    assert (
        ms.date_range("2023-12-30", "2024-01-02") == "between 30 December 2023 and 2 January 2024"
    )


def test_md_table_keeps_no_break_spaces():
    frame = pd.DataFrame({"P": [f"9 workers ({ms.n_eq(9)})"]})
    assert "(n\u00a0=\u00a09)" in ms.md_table(frame)


def test_numbers():
    assert ms.decimal(0.7812) == "0.78"
    assert ms.decimal(float("nan")) == "n/a"
    assert ms.percent(0.9091) == "91%"
    assert ms.n_eq(9) == "n\u00a0=\u00a09"


def test_md_table_pipe_table_with_caption_and_escapes():
    frame = pd.DataFrame({"Name": ["a|b", "multi\nline"], "N": [1, 22]})
    text = ms.md_table(frame, caption="Cap.", label="tbl-x", align={"N": "right"})
    lines = text.splitlines()
    assert lines[0] == "| Name | N |"
    assert lines[1] == "|:----------|-------:|"  # at least the longest word plus a margin
    assert lines[2] == r"| a\|b | 1 |"
    assert lines[3] == "| multi line | 22 |"
    assert lines[-1] == ": Cap. {#tbl-x}"
    assert text._repr_markdown_() == str(text)


def test_md_table_widths():
    frame = pd.DataFrame({"A": ["x"], "B": ["y"]})
    assert ms.md_table(frame, widths={"A": 10}).splitlines()[1] == "|:---------|:------|"
    long = pd.DataFrame({"A": ["a sentence longer than the thirty characters of the cap"]})
    assert ms.md_table(long).splitlines()[1] == "|:" + "-" * 29 + "|"


def test_figure_copies_file_and_returns_markdown(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = ms.figure(RESULTS / "prisma" / "flow.svg", caption="Flow.", label="fig-f", width="90%")
    assert text == "![Flow.](figures/flow.svg){#fig-f width=90%}"
    assert (tmp_path / "figures" / "flow.svg").read_bytes() == (
        RESULTS / "prisma" / "flow.svg"
    ).read_bytes()


def test_figure_missing_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError, match="flow.svg: file to include in the manuscript is missing"):
        ms.figure(tmp_path / "flow.svg", caption="x")


def test_cite():
    assert ms.cite(["a", "b", "a"]) == "[@a; @b]"
    assert ms.cite(["a"], locator="p. 7") == "[@a, p. 7]"
    assert ms.cite([]) == ""
    with pytest.raises(InputError, match=r"has no reference; found \['z'\]"):
        ms.cite(["a", "z"], known={"a"})


def test_results_reads_tables_and_checks_columns():
    results = ms.Results(RESULTS)
    assert len(results.table("screening/included.csv")) == 3
    with pytest.raises(InputError, match=r"included\.csv: results table lacks column\(s\) nope"):
        results.table("screening/included.csv", columns=["study_id", "nope"])


def test_results_missing_table(tmp_path):
    with pytest.raises(InputError, match=r"coding/themes\.csv: results table is missing"):
        ms.Results(tmp_path).table("coding/themes.csv")


def test_results_agreement_from_per_stage_files(tmp_path):
    agreement = read_table(RESULTS / "screening" / "agreement.csv")
    for stage, part in agreement.groupby("stage"):
        write_table(part, tmp_path / "screening" / f"{stage}_agreement.csv")
    table = ms.Results(tmp_path).table("screening/agreement.csv")
    assert sorted(table["stage"]) == ["full_text", "title_abstract"]


def test_results_dir_from_environment(monkeypatch):
    monkeypatch.setenv(ms.RESULTS_ENV, str(RESULTS))
    assert ms.Results().root == RESULTS


def test_load_config(monkeypatch):
    monkeypatch.delenv(ms.CONFIG_ENV, raising=False)
    with pytest.raises(InputError, match="PRISMAKE_CONFIG is not set"):
        ms.load_config()
    monkeypatch.setenv(ms.CONFIG_ENV, str(FIXTURES / "config.yaml"))
    assert ms.load_config()["review"]["fictional"] is True


def test_summaries():
    results = ms.Results(RESULTS)
    search = ms.search_summary(results.table("import/counts.csv"))
    assert search["databases"] == ["MEDLINE (Ovid)", "CINAHL Plus (EBSCOhost)", "ASSIA (ProQuest)"]
    assert (search["hits"], search["first_date"], search["last_date"]) == (
        31,
        "2024-03-01",
        "2024-03-04",
    )
    studies = ms.study_summary(results.table("extraction/characteristics.csv"))
    assert studies["n_participants"] == 45
    assert studies["countries"] == ["Canada", "United Kingdom"]
    assert (studies["first_year"], studies["last_year"]) == (2012, 2019)
    flow = ms.prisma_numbers(results.table("prisma/counts.csv"))
    assert flow["included"] == 3
    assert flow["duplicates"] == 9


def test_prisma_numbers_missing_box():
    counts = pd.DataFrame({"key": ["studies_included"], "detail": [""], "n": [3]})
    with pytest.raises(InputError, match="PRISMA counts lack box"):
        ms.prisma_numbers(counts)


def test_theme_tree_and_quotes():
    results = ms.Results(RESULTS)
    tree = ms.theme_tree(results.table("coding/themes.csv"))
    assert [t["theme_id"] for t in tree] == ["A1", "A2"]
    assert [c["theme_id"] for c in tree[0]["children"]] == ["D1.1", "D1.2"]
    quotes = ms.quotes_for(results.table("coding/segments.csv"), ["A1", "D1.1", "D1.2"], n=2)
    assert [q["segment_id"] for q in quotes] == ["G001", "G002"]
    assert len({q["study_id"] for q in quotes}) == 2


def test_quotes_prefer_participants_words():
    segments = pd.DataFrame(
        {
            "segment_id": ["G1", "G2", "G3"],
            "study_id": ["S1", "S2", "S3"],
            "quote": ["Authors noted a pattern.", "\u201cI felt useful.\u201d", '"Me too."'],
            "theme_id": ["D1", "D1", "D1"],
        }
    )
    assert [q["segment_id"] for q in ms.quotes_for(segments, ["D1"], n=2)] == ["G2", "G3"]
    assert [q["segment_id"] for q in ms.quotes_for(segments, ["D1"], n=3)] == ["G2", "G3", "G1"]


def test_search_summary_platform_same_as_database():
    counts = pd.DataFrame(
        {
            "source_id": ["scopus"],
            "database": ["Scopus"],
            "platform": ["Scopus"],
            "search_date": ["2024-03-11"],
            "hits": [5],
            "records": [5],
        }
    )
    assert ms.search_summary(counts)["databases"] == ["Scopus"]


def test_theme_tree_orphan():
    themes = pd.DataFrame(
        {"theme_id": ["D9.1"], "level": ["descriptive"], "parent_id": ["A9"], "label": ["x"]}
    )
    with pytest.raises(InputError, match="no analytical parent; found 'D9.1'"):
        ms.theme_tree(themes)


def test_casp_long_and_wide_agree():
    wide = read_table(RESULTS / "appraisal" / "casp.csv")
    questions = [f"Q{k}" for k in range(1, 11)]
    long = wide[["study_id", "label", *questions]].melt(
        id_vars=["study_id", "label"], var_name="question", value_name="answer"
    )
    long["question"] = long["question"].str[1:]
    assert ms.casp_table(long).equals(ms.casp_table(wide))
    assert ms.casp_table(wide)["Q6"].tolist() == ["N", "N", "N"]
    assert ms.casp_agreement(wide)["weak"] == ["q6"]


def test_casp_unknown_answer():
    wide = read_table(RESULTS / "appraisal" / "casp.csv")
    wide.loc[0, "Q3"] = "maybe"
    with pytest.raises(InputError, match="CASP answer not recognised; found \\['maybe'\\]"):
        ms.casp_table(wide)


def test_consistent():
    assert ms.consistent(a=3, b=3) == 3
    with pytest.raises(InputError, match="disagree"):
        ms.consistent(prisma=3, included=4)


# --- the manuscript itself --------------------------------------------------------------------


def render_manuscript(
    results: Path, out: Path, *, config: Path = FIXTURES / "config.yaml", **kwargs
) -> dict[str, Path]:
    return render(
        MANUSCRIPT,
        output_dir=out,
        engine="fallback",
        variables={ms.RESULTS_ENV: str(results), ms.CONFIG_ENV: str(config)},
        metadata={"title": "A fictional review"},
        **kwargs,
    )


@pytest.fixture(scope="module")
def manuscript(tmp_path_factory):
    out = tmp_path_factory.mktemp("manuscript")
    paths = render_manuscript(RESULTS, out)
    html = paths["html"].read_text(encoding="utf-8")
    return {"paths": paths, "html": html, "text": re.sub(r"[ \t\n]+", " ", html)}


def test_manuscript_computed_sentences(manuscript):
    text = manuscript["text"]
    assert "We included three studies, published between 2012 and 2019 in two countries" in text
    assert "with 45 participants in all" in text
    assert "produced two analytical themes" in text
    assert "We searched three databases, MEDLINE (Ovid), CINAHL Plus (EBSCOhost) and ASSIA" in text
    assert "between 1 and 4 March 2024" in text
    assert "Cohen’s κ = 0.78" in text or "Cohen's κ = 0.78" in text
    assert "nine duplicates" in text
    assert "not a qualitative study (n\u00a0=\u00a02)" in text


def test_manuscript_says_it_is_fictional(manuscript):
    assert 'class="callout callout-warning"' in manuscript["html"]
    assert "This review is <strong>fictional</strong>" in manuscript["text"]


def test_real_review_has_no_fictional_notice(tmp_path):
    config = tmp_path / "config.yaml"
    text = (FIXTURES / "config.yaml").read_text(encoding="utf-8")
    config.write_text(text.replace("fictional: true", "fictional: false"), encoding="utf-8")
    html = render_manuscript(RESULTS, tmp_path / "out", config=config, formats=["html"])["html"]
    text = html.read_text(encoding="utf-8")
    assert "callout" not in text[text.index("<body>") :]
    assert "We included three studies" in re.sub(r"\s+", " ", text)


def test_manuscript_figures_tables_themes_references(manuscript):
    text = manuscript["text"]
    assert "Figure 1: PRISMA 2020 flow diagram" in text
    assert "Figure 2: CASP appraisal" in text
    assert "Table 2: Characteristics of the included studies." in text
    assert "Table 3: CASP qualitative checklist" in text
    assert text.count("data:image/svg+xml") + text.count("<svg") >= 2
    assert "Lived experience as a resource and a burden" in text
    assert "They knew I’d slept in the same doorways" in text
    for ref in ("ref-S0a1b2c3d4e5f", "ref-S1b2c3d4e5f6a", "ref-S2c3d4e5f6a7b"):
        assert f'id="{ref}"' in text
    assert 'Okafor and Brennan (<a href="#ref-S0a1b2c3d4e5f"' in text
    assert manuscript["paths"]["pdf"].read_bytes().startswith(b"%PDF-")


def test_manuscript_is_deterministic(manuscript, tmp_path):
    again = render_manuscript(RESULTS, tmp_path)
    for fmt in ("html", "pdf"):
        assert again[fmt].read_bytes() == manuscript["paths"][fmt].read_bytes(), fmt


def test_manuscript_missing_table_names_it(tmp_path):
    results = tmp_path / "results"
    shutil.copytree(RESULTS, results)
    (results / "coding" / "themes.csv").unlink()
    with pytest.raises(
        InputError, match=r"cell 'setup'.*coding/themes\.csv: results table is missing"
    ):
        render_manuscript(results, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_manuscript_disagreeing_counts_stop_the_render(tmp_path):
    results = tmp_path / "results"
    shutil.copytree(RESULTS, results)
    counts = read_table(results / "prisma" / "counts.csv")
    counts.loc[counts["key"] == "studies_included", "n"] = "4"
    write_table(counts, results / "prisma" / "counts.csv")
    with pytest.raises(InputError, match="disagree on a count"):
        render_manuscript(results, tmp_path / "out", formats=["html"])
