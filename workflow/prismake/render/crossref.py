"""Cross-references, table captions and callouts, on pandoc's JSON syntax tree.

pandoc-crossref is not available, so the fallback numbers things itself, the way Quarto shows
them: every captioned figure and every captioned table gets a number in document order, its
caption starts with "Figure 1: " or "Table 1: ", and ``@fig-x`` / ``@tbl-x`` become a link reading
"Figure 1" / "Table 1". A reference to a label that does not exist is an error (Quarto would
print ``?@fig-x``), so a renamed label cannot slip through.

Callouts (``::: {.callout-note}``) keep their class for the HTML stylesheet; for Typst they
become a shaded block. Everything here is a pure function: the tree given is not changed.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from prismake.errors import InputError
from prismake.render.markdown import CAPTION_DIV_CLASS, TABLE_DIV_CLASS

PREFIXES = {"fig-": "Figure", "tbl-": "Table"}
TYPST_CALLOUT = (
    "#block(width: 100%, inset: 8pt, radius: 3pt, fill: luma(238), "
    "stroke: (left: 2.5pt + luma(120)))["
)


def _str_inlines(text: str) -> list[dict]:
    out: list[dict] = []
    for k, word in enumerate(text.split(" ")):
        if k:
            out.append({"t": "Space"})
        if word:
            out.append({"t": "Str", "c": word})
    return out


def _walk_blocks(node: object, fn: Callable[[list], list]) -> object:
    """Apply ``fn`` to every list of blocks, innermost first; returns the new node."""
    if isinstance(node, list):
        items = [_walk_blocks(v, fn) for v in node]
        if items and all(isinstance(v, dict) and "t" in v for v in items) and _is_blocks(items):
            return fn(items)
        return items
    if isinstance(node, dict):
        return {k: _walk_blocks(v, fn) for k, v in node.items()}
    return node


BLOCK_TYPES = frozenset(
    {
        "Plain",
        "Para",
        "LineBlock",
        "CodeBlock",
        "RawBlock",
        "BlockQuote",
        "OrderedList",
        "BulletList",
        "DefinitionList",
        "Header",
        "HorizontalRule",
        "Table",
        "Figure",
        "Div",
    }
)


def _is_blocks(items: list) -> bool:
    return items[0]["t"] in BLOCK_TYPES


def _walk_inlines(node: object, fn: Callable[[dict], dict]) -> object:
    if isinstance(node, list):
        return [_walk_inlines(v, fn) for v in node]
    if isinstance(node, dict):
        new = {k: _walk_inlines(v, fn) for k, v in node.items()}
        return fn(new) if new.get("t") == "Cite" else new
    return node


def _attr(block: dict) -> list:
    return block["c"][0]


def _caption_blocks(blocks: list) -> list:
    return [{"t": "Plain", "c": b["c"]} if b["t"] == "Para" else b for b in blocks]


def _resolve_table_divs(blocks: list, *, path: Path) -> list:
    out = []
    for block in blocks:
        if block["t"] != "Div" or TABLE_DIV_CLASS not in _attr(block)[1]:
            out.append(block)
            continue
        label = _attr(block)[0]
        inner = block["c"][1]
        caption = [b for b in inner if b["t"] == "Div" and CAPTION_DIV_CLASS in _attr(b)[1]]
        rest = [b for b in inner if not (b["t"] == "Div" and CAPTION_DIV_CLASS in _attr(b)[1])]
        tables = [k for k, b in enumerate(rest) if b["t"] == "Table"]
        if not tables:
            raise InputError(
                f"cell {label!r} has a tbl-cap but its output holds no table",
                path=path,
                expected="a markdown (pipe) table as the cell's output",
            )
        table = copy.deepcopy(rest[tables[0]])
        table["c"][0] = [label, table["c"][0][1], table["c"][0][2]]
        cap_blocks = caption[0]["c"][1] if caption else []
        table["c"][1] = [None, _caption_blocks(cap_blocks)]
        rest[tables[0]] = table
        out.extend(rest)
    return out


def _number(ast: dict) -> dict[str, tuple[str, int]]:
    labels: dict[str, tuple[str, int]] = {}
    counts = {"Figure": 0, "Table": 0}

    def visit(node: object) -> None:
        if isinstance(node, list):
            for v in node:
                visit(v)
        elif isinstance(node, dict):
            kind = {"Figure": "Figure", "Table": "Table"}.get(node.get("t"))
            if kind and node["c"][1][1]:
                counts[kind] += 1
                ident = node["c"][0][0]
                if ident:
                    labels[ident] = (kind, counts[kind])
                node["c"][1][1] = _prefix_caption(node["c"][1][1], f"{kind} {counts[kind]}:")
            for v in node.values():
                visit(v)

    visit(ast["blocks"])
    return labels


def _prefix_caption(blocks: list, prefix: str) -> list:
    blocks = list(blocks)
    first = blocks[0]
    if first["t"] in ("Plain", "Para"):
        blocks[0] = {"t": first["t"], "c": [*_str_inlines(prefix), {"t": "Space"}, *first["c"]]}
    else:
        blocks.insert(0, {"t": "Plain", "c": _str_inlines(prefix)})
    return blocks


def line_of(source: str, needle: str) -> int | None:
    """The 1-based line of ``source`` where ``needle`` first occurs, or None."""
    index = source.find(needle)
    return None if index < 0 else source.count("\n", 0, index) + 1


def _cite_to_ref(
    labels: dict[str, tuple[str, int]], *, path: Path, source: str
) -> Callable[[dict], dict]:
    def fn(cite: dict) -> dict:
        ids = [c["citationId"] for c in cite["c"][0]]
        crossref = [i for i in ids if i.startswith(tuple(PREFIXES))]
        if not crossref:
            return cite
        unknown = [i for i in crossref if i not in labels]
        if unknown or len(crossref) != len(ids):
            bad = (unknown or ids)[0]
            raise InputError(
                f"cross-reference @{bad} has no target",
                path=path,
                line=line_of(source, f"@{bad}"),
                expected="a figure or table with that label (e.g. '#| label: fig-x' and "
                "'#| fig-cap: ...', or '{#tbl-x}' after a table caption)",
            )
        inlines: list[dict] = []
        for k, ident in enumerate(ids):
            kind, n = labels[ident]
            if k:
                inlines += [{"t": "Str", "c": ","}, {"t": "Space"}]
            text = _str_inlines(f"{kind} {n}")
            inlines.append({"t": "Link", "c": [["", [], []], text, [f"#{ident}", ""]]})
        return {"t": "Span", "c": [["", ["crossref"], []], inlines]}

    return fn


def _callouts(blocks: list, *, target: str) -> list:
    out = []
    for block in blocks:
        classes = _attr(block)[1] if block["t"] == "Div" else []
        kinds = [c for c in classes if c.startswith("callout-")]
        if not kinds:
            out.append(block)
            continue
        ident, _, attrs = _attr(block)
        inner = list(block["c"][1])
        title = dict(attrs).get("title")
        if title:
            inner.insert(0, {"t": "Para", "c": [{"t": "Strong", "c": _str_inlines(title)}]})
        if target == "typst":
            out.append({"t": "RawBlock", "c": ["typst", TYPST_CALLOUT]})
            out.extend(inner)
            out.append({"t": "RawBlock", "c": ["typst", "]"]})
        else:
            rest = [(k, v) for k, v in attrs if k != "title"]
            out.append({"t": "Div", "c": [[ident, ["callout", *classes], rest], inner]})
    return out


def transform(ast: dict, *, target: str, path: str | Path = "<document>", source: str = "") -> dict:
    """Number figures and tables, resolve ``@fig-``/``@tbl-`` references, style callouts.

    ``ast`` is pandoc's JSON (as a dict); ``target`` is ``"html"`` or ``"typst"``; ``path``
    and ``source`` (the .qmd and its text) let an error name the line of a bad reference.
    """
    path = Path(path)
    out = copy.deepcopy(ast)
    out["blocks"] = _walk_blocks(out["blocks"], lambda b: _resolve_table_divs(b, path=path))
    labels = _number(out)
    out["blocks"] = _walk_inlines(out["blocks"], _cite_to_ref(labels, path=path, source=source))
    out["blocks"] = _walk_blocks(out["blocks"], lambda b: _callouts(b, target=target))
    return out
