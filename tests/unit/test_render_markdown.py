"""Cell outputs to pandoc markdown: options, output kinds, images, table captions."""

from __future__ import annotations

import base64

from prismake.render.execute import Executed
from prismake.render.markdown import cell_markdown, document_markdown
from prismake.render.qmd import Cell, parse_qmd

PNG = base64.b64encode(b"\x89PNG fake bytes").decode()


def stream(text, name="stdout"):
    return {"output_type": "stream", "name": name, "text": text}


MIMES = {
    "text_markdown": "text/markdown",
    "text_plain": "text/plain",
    "text_html": "text/html",
    "image_png": "image/png",
    "image_svg": "image/svg+xml",
}


def data(**mimes):
    return {"output_type": "display_data", "data": {MIMES[k]: v for k, v in mimes.items()}}


def md(cell, outputs, **defaults):
    return cell_markdown(cell, outputs, defaults=defaults, files_dir="doc_files")


def test_echo_shows_code_without_option_lines():
    cell = Cell(source="#| echo: true\nx = 1", options={"echo": True})
    text, _ = md(cell, [])
    assert text == "```python\nx = 1\n```"


def test_document_default_echo_false_hides_code():
    cell = Cell(source="x = 1")
    assert md(cell, [], echo=False)[0] == ""


def test_stdout_is_a_code_block_unless_asis():
    cell = Cell(source="print()", options={"echo": False})
    assert md(cell, [stream("a\n"), stream("b\n")])[0] == "```\na\nb\n```"
    asis = Cell(source="print()", options={"echo": False, "output": "asis"})
    assert md(asis, [stream("**a**\n")])[0] == "**a**\n"


def test_code_block_fence_longer_than_backticks_inside():
    cell = Cell(source="", options={"echo": False})
    text, _ = md(cell, [stream("```\n")])
    assert text.startswith("````\n")


def test_stderr_dropped_when_warning_false():
    cell = Cell(source="", options={"echo": False, "warning": False})
    assert md(cell, [stream("w\n", "stderr"), stream("o\n")])[0] == "```\no\n```"


def test_output_false_and_include_false():
    out = [stream("x\n")]
    assert md(Cell(source="1", options={"echo": False, "output": False}), out)[0] == ""
    assert md(Cell(source="1", options={"include": False}), out)[0] == ""


def test_markdown_preferred_over_plain_text():
    cell = Cell(source="", options={"echo": False})
    text, _ = md(cell, [data(text_markdown="*m*", text_plain="'m'")])
    assert text == "*m*"


def test_html_is_a_raw_block():
    cell = Cell(source="", options={"echo": False})
    text, _ = md(cell, [data(text_html="<b>x</b>", text_plain="x")])
    assert text == "```{=html}\n<b>x</b>\n```"


def test_image_written_and_captioned_with_label():
    cell = Cell(source="", options={"echo": False, "label": "fig-a", "fig-cap": "Cap."}, line=7)
    text, files = md(cell, [data(image_png=PNG, text_plain="<Figure>")])
    assert text == "![Cap.](doc_files/fig-a-1.png){#fig-a}"
    assert files == {"doc_files/fig-a-1.png": b"\x89PNG fake bytes"}


def test_unlabelled_image_named_after_its_line():
    cell = Cell(source="", options={"echo": False}, line=12)
    text, files = md(cell, [data(image_svg="<svg/>")])
    assert text == "![](doc_files/cell-12-1.svg)"
    assert files["doc_files/cell-12-1.svg"] == b"<svg/>"


def test_table_caption_from_cell_options_wraps_output():
    cell = Cell(source="", options={"echo": False, "label": "tbl-x", "tbl-cap": "Cap."})
    text, _ = md(cell, [data(text_markdown="| a |\n|---|\n| 1 |")])
    assert text.startswith("::: {#tbl-x .prismake-table}")
    assert "::: {.prismake-caption}\nCap.\n:::" in text


def test_inline_values_replace_expressions():
    doc = parse_qmd("A `{python} x` and `{python} y`.\n")
    chunk = doc.chunks[0]
    values = {(0, chunk.inline[0].start): "1", (0, chunk.inline[1].start): "two"}
    text, files = document_markdown(doc, Executed({}, values), files_dir="f")
    assert text == "A 1 and two.\n"
    assert files == {}
