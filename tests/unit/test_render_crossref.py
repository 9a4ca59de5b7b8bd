"""Numbering figures and tables, resolving @fig-/@tbl- references, callouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from prismake.errors import InputError
from prismake.render.crossref import line_of, transform
from prismake.render.pandoc import read_markdown

DOC = """\
See @fig-b, then @tbl-t and [@fig-a].

![First.](a.png){#fig-a}

![Second.](b.png){#fig-b}

| x |
|---|
| 1 |

: A table. {#tbl-t}

::: {.callout-warning title="Careful now"}
Inside.
:::
"""


@pytest.fixture(scope="module")
def ast(tmp_path_factory):
    return json.loads(read_markdown(DOC, cwd=tmp_path_factory.mktemp("x")))


def texts(node):
    """All Str contents of a subtree, joined by spaces."""
    out = []

    def visit(n):
        if isinstance(n, dict):
            if n.get("t") == "Str":
                out.append(n["c"])
            for v in n.values():
                visit(v)
        elif isinstance(n, list):
            for v in n:
                visit(v)

    visit(node)
    return " ".join(out)


def test_figures_and_tables_numbered_in_order(ast):
    out = transform(ast, target="html")
    figures = [b for b in out["blocks"] if b["t"] == "Figure"]
    assert texts(figures[0]["c"][1]) == "Figure 1: First."
    assert texts(figures[1]["c"][1]) == "Figure 2: Second."
    table = next(b for b in out["blocks"] if b["t"] == "Table")
    assert texts(table["c"][1]) == "Table 1: A table."


def test_references_become_links(ast):
    para = transform(ast, target="html")["blocks"][0]
    assert texts(para).startswith("See Figure 2 , then Table 1 and Figure 1")
    links = [n for n in json.dumps(para).split('"#')[1:]]
    assert [link.split('"')[0] for link in links] == ["fig-b", "tbl-t", "fig-a"]


def test_input_not_changed(ast):
    before = json.dumps(ast)
    transform(ast, target="typst")
    assert json.dumps(ast) == before


def test_callout_html_keeps_class_and_title(ast):
    div = next(b for b in transform(ast, target="html")["blocks"] if b["t"] == "Div")
    assert div["c"][0][1] == ["callout", "callout-warning"]
    assert texts(div["c"][1][0]) == "Careful now"


def test_callout_typst_is_a_raw_block(ast):
    blocks = transform(ast, target="typst")["blocks"]
    raws = [b["c"] for b in blocks if b["t"] == "RawBlock"]
    assert raws[0][0] == "typst"
    assert raws[0][1].startswith("#block(")
    assert raws[1] == ["typst", "]"]


def test_unknown_reference_names_its_line(tmp_path):
    source = "Text.\n\nAs @fig-gone shows.\n"
    ast = json.loads(read_markdown(source, cwd=tmp_path))
    with pytest.raises(
        InputError, match=r"d\.qmd, line 3: cross-reference @fig-gone has no target"
    ):
        transform(ast, target="html", path=Path("d.qmd"), source=source)


def test_mixed_citation_and_crossref_is_an_error(tmp_path):
    source = "![A.](a.png){#fig-a}\n\nSee [@fig-a; @smith2010].\n"
    ast = json.loads(read_markdown(source, cwd=tmp_path))
    with pytest.raises(InputError, match="cross-reference"):
        transform(ast, target="html", source=source)


def test_bibliographic_citations_untouched(tmp_path):
    ast = json.loads(read_markdown("See @smith2010.\n", cwd=tmp_path))
    assert transform(ast, target="html") == ast


def test_line_of():
    assert line_of("a\nb @x\n", "@x") == 2
    assert line_of("a", "@x") is None
