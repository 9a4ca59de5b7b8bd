"""pandoc (from the ``pypandoc-binary`` wheel) to HTML and Typst, and Typst to PDF.

The markdown is read once into pandoc's syntax tree, cross-referenced
(:mod:`prismake.render.crossref`) and written twice: standalone HTML with every resource
embedded, and Typst markup that the ``typst`` package compiles to PDF. Citations are resolved by
pandoc's citeproc in both, from the ``bibliography`` (and ``csl``) of the front matter, so the
HTML and the PDF list the same references in the same style.

The PDF gets a fixed creation date (``SOURCE_DATE_EPOCH`` when set, else the Unix epoch) and
only the fonts that ship inside Typst and matplotlib, so the same input gives the same bytes on
any machine.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import pypandoc
import typst

from prismake.render.crossref import line_of, transform
from prismake.render.execute import RenderError

log = logging.getLogger(__name__)

READER = "markdown"
#: Typst set rules added before the document: numbering is done by the crossref step (so HTML
#: and PDF agree), tables are set a little smaller and ruled like a journal's.
TYPST_HEADER = """\
#set figure(numbering: none)
#show figure.caption: set text(size: 0.9em)
#show figure.where(kind: table): set text(size: 0.8em)
#show figure.where(kind: table): set par(justify: false)
#set table(inset: (x: 4pt, y: 5pt), stroke: (x, y) => if y == 0 { (top: 0.6pt, bottom: 0.4pt) })
#show heading: set block(above: 1.4em, below: 0.8em)
#show quote.where(block: true): set text(style: "italic")
"""
#: Front-matter keys under ``format.html`` and ``format.typst`` that the fallback honours, and the
#: pandoc option or variable each becomes.
HTML_FLAGS = {"toc": "--toc", "number-sections": "--number-sections"}
TYPST_VARIABLES = (
    "papersize",
    "margin",
    "mainfont",
    "fontsize",
    "section-numbering",
    "columns",
    "linestretch",
)


MISSING_CITATION = re.compile(r"Citeproc: citation (\S+) not found")


def pandoc(
    args: Sequence[str],
    *,
    stdin: str,
    cwd: Path,
    what: str,
    path: str | Path = "<document>",
    source: str = "",
) -> str:
    """Run pandoc with ``args`` on ``stdin`` in ``cwd``; its stdout, or a clear error.

    A citation that the bibliography lacks is an error (pandoc would print ``key?``), named
    with its line in ``source`` (the .qmd text) where it can be found.
    """
    cmd = [pypandoc.get_pandoc_path(), *args]
    proc = subprocess.run(
        cmd, input=stdin.encode("utf-8"), cwd=cwd, capture_output=True, check=False
    )
    err = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode != 0:
        raise RenderError(f"pandoc failed while {what}: {err}", path=path)
    missing = MISSING_CITATION.findall(err)
    if missing:
        key = missing[0]
        raise RenderError(
            f"citation @{key} is not in the bibliography",
            path=path,
            line=line_of(source, f"@{key}"),
            value=sorted(set(missing)),
            expected="an id of the bibliography given in the front matter",
        )
    for line in err.splitlines():
        log.warning("pandoc (%s): %s", what, line)
    return proc.stdout.decode("utf-8")


def _format_options(meta: Mapping, name: str) -> dict:
    formats = meta.get("format")
    if isinstance(formats, Mapping):
        options = formats.get(name)
        return dict(options) if isinstance(options, Mapping) else {}
    return {}


def read_markdown(markdown: str, *, cwd: Path) -> str:
    """pandoc's JSON syntax tree of a markdown document (front matter included)."""
    return pandoc(["-f", READER, "-t", "json"], stdin=markdown, cwd=cwd, what="reading markdown")


def write_html(
    ast_json: str, *, meta: Mapping, cwd: Path, path: str | Path, source: str = ""
) -> bytes:
    """Standalone, self-contained HTML (UTF-8 bytes) from pandoc JSON."""
    options = _format_options(meta, "html")
    args = ["-f", "json", "-t", "html5", "--standalone", "--embed-resources", "--citeproc"]
    args.append("--mathml")  # math without a script fetched from the network
    args += [flag for key, flag in HTML_FLAGS.items() if options.get(key)]
    css = options.get("css")
    for sheet in [css] if isinstance(css, str) else list(css or []):
        args += ["--css", str(sheet)]
    args += ["--resource-path", "."]
    ast = transform(json.loads(ast_json), target="html", path=path, source=source)
    text = json.dumps(ast, ensure_ascii=False)
    return pandoc(args, stdin=text, cwd=cwd, what="writing HTML", path=path, source=source).encode(
        "utf-8"
    )


def write_typst(
    ast_json: str, *, meta: Mapping, cwd: Path, path: str | Path, source: str = ""
) -> str:
    """Standalone Typst markup from pandoc JSON (images resolve relative to ``cwd``)."""
    options = _format_options(meta, "typst")
    header = cwd / "_prismake-header.typ"
    header.write_text(TYPST_HEADER, encoding="utf-8")
    args = ["-f", "json", "-t", "typst", "--standalone", "--citeproc"]
    args += ["--include-in-header", header.name]
    ast = json.loads(ast_json)
    for key in TYPST_VARIABLES:
        if options.get(key) is not None:
            ast["meta"][key] = meta_value(options[key])
    ast = transform(ast, target="typst", path=path, source=source)
    text = json.dumps(ast, ensure_ascii=False)
    return pandoc(args, stdin=text, cwd=cwd, what="writing Typst", path=path, source=source)


def meta_value(value: object) -> dict:
    """A plain YAML value as a pandoc metadata value (strings stay literal)."""
    if isinstance(value, bool):
        return {"t": "MetaBool", "c": value}
    if isinstance(value, Mapping):
        return {"t": "MetaMap", "c": {str(k): meta_value(v) for k, v in value.items()}}
    if isinstance(value, (list, tuple)):
        return {"t": "MetaList", "c": [meta_value(v) for v in value]}
    return {"t": "MetaString", "c": str(value)}


def font_paths() -> list[str]:
    """Font folders shipped with the Python packages: matplotlib's DejaVu fonts, so that SVG
    figures asking for a sans-serif font get DejaVu Sans on every machine."""
    spec = importlib.util.find_spec("matplotlib")
    for location in (spec.submodule_search_locations or []) if spec else []:
        folder = Path(location) / "mpl-data" / "fonts" / "ttf"
        if folder.is_dir():
            return [str(folder)]
    return []


def compile_pdf(typ: Path, *, root: Path, timestamp: int) -> bytes:
    """Compile a Typst file to PDF bytes with a fixed creation date and only the fonts that
    ship with Typst and matplotlib (never the machine's), so the bytes are the same anywhere."""
    try:
        pdf, warnings = typst.compile_with_warnings(
            str(typ),
            root=str(root),
            font_paths=font_paths(),
            ignore_system_fonts=True,
            timestamp=timestamp,
        )
    except typst.TypstError as exc:
        detail = getattr(exc, "diagnostic", "") or str(exc)
        raise RenderError(
            f"Typst failed: {exc.message if hasattr(exc, 'message') else exc} ({detail.strip()})",
            path=typ.name,
        ) from exc
    for warning in warnings:
        log.warning("typst: %s", getattr(warning, "message", warning))
    return pdf
