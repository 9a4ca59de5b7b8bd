"""Rendering .qmd fixtures with the fallback engine: HTML, PDF, errors, determinism."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import typst
from prismake.errors import InputError
from prismake.render import RenderError, render
from prismake.render.core import pandoc_metadata, source_date_epoch

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "render"


def variables() -> dict[str, str]:
    return {
        "PRISMAKE_RESULTS": str(FIXTURES / "results"),
        "PRISMAKE_CONFIG": str(FIXTURES / "config.yaml"),
    }


def render_fixture(fixture: str, out: Path, **kwargs) -> dict[str, Path]:
    return render(
        FIXTURES / f"{fixture}.qmd",
        output_dir=out,
        engine="fallback",
        variables=variables(),
        **kwargs,
    )


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Each fixture rendered once (HTML, PDF and the kept build folder)."""
    out = {}
    for name in ("basic", "options", "figure", "table", "cite"):
        root = tmp_path_factory.mktemp(name)
        paths = render_fixture(name, root / "out", keep_build=root / "build")
        out[name] = {
            "html": paths["html"].read_text(encoding="utf-8"),
            "pdf": paths["pdf"].read_bytes(),
            "typ": flat((root / "build" / f"_prismake-{name}.typ").read_text(encoding="utf-8")),
            "build": root / "build",
            "paths": paths,
        }
    return out


def body(html: str) -> str:
    """The HTML body with runs of whitespace made one space (pandoc wraps lines)."""
    return flat(html[html.index("<body>") :])


def flat(text: str) -> str:
    return " ".join(text.split())


def test_outputs_are_named_after_the_document(rendered):
    paths = rendered["basic"]["paths"]
    assert paths["html"].name == "basic.html"
    assert paths["pdf"].name == "basic.pdf"
    assert rendered["basic"]["pdf"].startswith(b"%PDF-")


def test_inline_code_evaluated(rendered):
    html = body(rendered["basic"]["html"])
    assert "The answer is 42, the names are Ada, Grace, Hedy" in html
    assert "<em>from a Markdown object</em>" in html
    assert "The answer is 42" in rendered["basic"]["typ"]


def test_inline_code_in_fenced_block_left_alone(rendered):
    assert "`{python} x` stays as it is" in body(rendered["basic"]["html"])


def test_asis_output_is_markdown(rendered):
    html = body(rendered["basic"]["html"])
    assert "<strong>bold printed by an asis cell</strong>" in html
    assert "#strong[bold printed by an asis cell]" in rendered["basic"]["typ"]


def test_cell_options(rendered):
    html = body(rendered["options"]["html"])
    assert "printed 5" in html
    assert 'class="sourceCode python"' in html  # echo: true
    assert "never shown" not in html
    assert "output hidden" not in html
    assert "warned" not in html
    assert "kept stdout" in html
    assert "ValueError: shown, not fatal" in html  # error: true
    assert "After the error." in html


def test_figures_embedded_in_html(rendered):
    html = body(rendered["figure"]["html"])
    assert html.count('<figure id="fig-') == 2
    assert "data:image/png;base64," in html
    assert 'src="figure_files/' not in html
    assert 'src="figures/' not in html
    assert "Figure 1: A line drawn by matplotlib." in html
    assert '<a href="#fig-flow">Figure 2</a>' in html


def test_figures_in_pdf(rendered):
    build = rendered["figure"]["build"]
    found = json.loads(
        typst.query(
            str(build / "_prismake-figure.typ"), "figure", root=str(build), ignore_system_fonts=True
        )
    )
    assert [f["body"]["source"] for f in found] == [
        "figure_files/fig-plot-1.png",
        "figures/flow.svg",
    ]
    assert (build / "figures" / "flow.svg").read_bytes() == (
        FIXTURES / "results" / "prisma" / "flow.svg"
    ).read_bytes()
    assert b"/Subtype/Image" in rendered["figure"]["pdf"]  # the PNG (the SVG is drawn as vectors)
    assert b"/Subtype/Image" not in rendered["basic"]["pdf"]


def test_tables_numbered_and_captioned(rendered):
    html = body(rendered["table"]["html"])
    assert "<caption>Table 1: Made by the helper.</caption>" in html
    assert "<caption>Table 2: Captioned by cell options.</caption>" in html
    assert '<a href="#tbl-option">Table 2</a>' in html
    assert "Table 2: Captioned by cell options." in rendered["table"]["typ"]


def test_citations_resolved_into_reference_list(rendered):
    html = body(rendered["cite"]["html"])
    assert "(Okafor 2012)" in html
    assert "Gagnon (2016)" in html
    assert 'id="ref-okafor2012"' in html
    assert 'id="ref-gagnon2016"' in html
    assert "Journal of Fictional Social Care" in html
    typ = rendered["cite"]["typ"]
    assert "(Okafor 2012)" in typ
    assert "Fictional Review of Addiction Services" in typ


def test_html_is_self_contained_without_machine_paths(rendered):
    for name, item in rendered.items():
        html = item["html"]
        assert not re.search(r'(src|href)="(?!data:|#|https?:)', html), name
        assert "prismake-render-" not in html, name
        assert str(FIXTURES) not in html, name


def test_same_input_same_bytes(rendered, tmp_path):
    again = render_fixture("figure", tmp_path)
    first = rendered["figure"]["paths"]
    assert again["html"].read_bytes() == first["html"].read_bytes()
    assert again["pdf"].read_bytes() == first["pdf"].read_bytes()


def test_failing_cell_names_document_cell_line_and_exception(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(
        InputError,
        match=r"fail\.qmd, line 16: cell 'broken' \(line 12\) raised KeyError: 'missing'",
    ):
        render_fixture("fail", out)
    assert not out.exists()


def test_failing_cell_leaves_existing_outputs_untouched(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "fail.html").write_text("old")
    with pytest.raises(InputError, match="KeyError"):
        render_fixture("fail", out, formats=["html"])
    assert [p.name for p in out.iterdir()] == ["fail.html"]
    assert (out / "fail.html").read_text() == "old"


def test_failing_inline_expression(tmp_path):
    with pytest.raises(
        InputError, match=r"fail_inline\.qmd, line 5: inline expression .*NameError"
    ):
        render_fixture("fail_inline", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_bad_cross_reference(tmp_path):
    with pytest.raises(InputError, match=r"badref\.qmd, line 5: cross-reference @fig-nowhere"):
        render_fixture("badref", tmp_path / "out")


def test_citation_missing_from_bibliography(tmp_path):
    with pytest.raises(RenderError, match=r"badcite\.qmd, line 8: citation @nobody2020 is not"):
        render_fixture("badcite", tmp_path / "out", formats=["html"])
    assert not (tmp_path / "out").exists()


def test_output_name(tmp_path):
    paths = render_fixture("basic", tmp_path, formats=["html"], name="renamed")
    assert paths["html"] == tmp_path / "renamed.html"


def test_source_folder_not_written(tmp_path):
    before = sorted(p.relative_to(FIXTURES) for p in FIXTURES.rglob("*"))
    render_fixture("figure", tmp_path, formats=["html"])
    assert sorted(p.relative_to(FIXTURES) for p in FIXTURES.rglob("*")) == before


def test_html_only(tmp_path):
    paths = render_fixture("basic", tmp_path, formats=["html"])
    assert list(paths) == ["html"]
    assert [p.name for p in tmp_path.iterdir()] == ["basic.html"]


def test_unknown_format_and_engine(tmp_path):
    with pytest.raises(RenderError, match="unknown output format; found 'docx'"):
        render(FIXTURES / "basic.qmd", output_dir=tmp_path, formats=["docx"])
    with pytest.raises(RenderError, match="unknown engine"):
        render(FIXTURES / "basic.qmd", output_dir=tmp_path, engine="knitr")


def test_missing_document(tmp_path):
    with pytest.raises(RenderError, match="does not exist"):
        render(tmp_path / "none.qmd", output_dir=tmp_path)


def test_pandoc_metadata_drops_quarto_keys():
    meta = pandoc_metadata(
        {"title": "T", "format": {"html": {}}, "execute": {"echo": False}, "jupyter": "python3"},
        {"author": ["A"]},
    )
    assert meta == {"title": "T", "author": ["A"]}


def test_source_date_epoch():
    assert source_date_epoch({}) == 0
    assert source_date_epoch({"SOURCE_DATE_EPOCH": "1700000000"}) == 1700000000
    with pytest.raises(RenderError, match="SOURCE_DATE_EPOCH"):
        source_date_epoch({"SOURCE_DATE_EPOCH": "yesterday"})


def test_large_document_folder_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("prismake.render.core.MAX_STAGE_BYTES", 100)
    (tmp_path / "doc.qmd").write_text("Text.\n")
    (tmp_path / "big.bin").write_bytes(b"x" * 200)
    (tmp_path / ".hidden").mkdir()
    with pytest.raises(RenderError, match="folder holds more than 100 bytes"):
        render(tmp_path / "doc.qmd", output_dir=tmp_path / "out", engine="fallback")
    (tmp_path / "big.bin").unlink()
    (tmp_path / ".hidden" / "ignored.bin").write_bytes(b"x" * 200)
    paths = render(
        tmp_path / "doc.qmd", output_dir=tmp_path / "out", formats=["html"], engine="fallback"
    )
    assert paths["html"].exists()


def test_cell_timeout_names_the_cell(tmp_path):
    with pytest.raises(RenderError, match=r"slow\.qmd, line 5: cell 'sleepy' .*within 1 s"):
        render_fixture("slow", tmp_path / "out", timeout=1)
    assert not (tmp_path / "out").exists()


def test_parse_error_names_the_source_not_the_staged_copy(tmp_path):
    doc = tmp_path / "doc.qmd"
    doc.write_text("Text.\n\n```{python}\nx = 1\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"^{re.escape(str(doc))}, line 3: code cell is not"):
        render(doc, output_dir=tmp_path / "out", engine="fallback")
