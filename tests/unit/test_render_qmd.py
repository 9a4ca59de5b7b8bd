"""Parsing .qmd files: front matter, cells with options, inline code, line numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from prismake.errors import InputError
from prismake.render.qmd import Cell, Markdown, find_inline, parse_qmd, read_qmd


def test_front_matter_cells_and_lines():
    text = (
        "---\ntitle: T\nexecute:\n  echo: false\n---\n"
        "Intro.\n\n"
        '```{python}\n#| label: fig-x\n#| fig-cap: "A cap: with colon"\nx = 1\n```\n'
        "After.\n"
    )
    doc = parse_qmd(text, path="d.qmd")
    assert doc.front_matter == {"title": "T", "execute": {"echo": False}}
    kinds = [type(c) for c in doc.chunks]
    assert kinds == [Markdown, Cell, Markdown]
    cell = doc.cells[0]
    assert cell.line == 8
    assert cell.options == {"label": "fig-x", "fig-cap": "A cap: with colon"}
    assert cell.code == "x = 1"
    assert cell.label == "fig-x"
    assert doc.chunks[0].line == 6
    assert doc.chunks[2].text == "After.\n"


def test_no_front_matter():
    doc = parse_qmd("Just text with `{python} 1 + 1`.\n")
    assert doc.front_matter == {}
    assert [i.expr for i in doc.chunks[0].inline] == ["1 + 1"]


def test_inline_line_numbers_and_offsets():
    text = "a `{python} x` b\n\nc `{python} y + 1` and `{python} z`\n"
    found = find_inline(text, line=10)
    assert [(i.expr, i.line) for i in found] == [("x", 10), ("y + 1", 12), ("z", 12)]
    for inline in found:
        assert text[inline.start : inline.end].startswith("`{python}")


def test_inline_code_in_fenced_block_is_not_evaluated():
    text = "```\n`{python} x`\n```\n\n~~~~\n`{python} y`\n~~~~\n`{python} z`\n"
    assert [i.expr for i in find_inline(text)] == ["z"]


def test_python_cell_inside_a_longer_fence_is_markdown():
    text = "````markdown\n```{python}\nx = 1\n```\n````\n"
    doc = parse_qmd(text)
    assert doc.cells == ()


def test_plain_python_block_is_not_executed():
    doc = parse_qmd("```python\nx = 1\n```\n")
    assert doc.cells == ()


def test_unclosed_cell_names_its_line():
    with pytest.raises(InputError, match=r"d\.qmd, line 3: code cell is not closed"):
        parse_qmd("text\n\n```{python}\nx = 1\n", path="d.qmd")


def test_bad_front_matter_yaml():
    with pytest.raises(InputError, match=r"front matter is not valid YAML"):
        parse_qmd("---\ntitle: [unclosed\n---\n", path="d.qmd")


def test_unclosed_front_matter():
    with pytest.raises(InputError, match=r"front matter is not closed"):
        parse_qmd("---\ntitle: T\n", path="d.qmd")


def test_bad_cell_options():
    with pytest.raises(InputError, match=r"line 2: cell options are not valid YAML"):
        parse_qmd("```{python}\n#| label: [x\n1\n```\n", path="d.qmd")


def test_read_missing_file(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_qmd(tmp_path / "nope.qmd")


def test_describe_names_label_or_line():
    assert Cell(source="", options={"label": "setup"}, line=4).describe() == "cell 'setup' (line 4)"
    assert Cell(source="", line=9).describe() == "cell at line 9"


words = st.text(alphabet=st.characters(blacklist_characters="`~\n\r"), min_size=1, max_size=20)
names = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True)


@given(st.lists(st.tuples(words, names), max_size=5))
def test_inline_expressions_round_trip(parts):
    """Whatever text separates them, every inline expression is found once, in order.

    (Two expressions with nothing between them read as a double-backtick code span, in Quarto
    as here, so the separator is never empty.)
    """
    text = "".join(f"{before}`{{python}} {expr}`" for before, expr in parts)
    assert [i.expr for i in find_inline(text)] == [expr for _, expr in parts]
