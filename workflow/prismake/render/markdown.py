"""Turning executed cells into pandoc markdown, as Quarto does for the Jupyter engine.

For each cell, in order: the code (when ``echo``), then its outputs (unless ``output: false``);
``include: false`` drops both. Outputs become markdown by kind:

- ``text/markdown`` display data is markdown; so are stdout and ``text/plain`` with
  ``output: asis``;
- images (SVG, PNG, JPEG) are written as files under ``<stem>_files/`` and referenced, with the
  cell's ``fig-cap`` and ``label`` making a numbered figure;
- ``text/html`` becomes a raw HTML block (shown in HTML, dropped elsewhere);
- other text (stdout, ``text/plain``, stderr when ``warning`` allows) becomes a code block.

A cell with a ``tbl-*`` label and a ``tbl-cap`` wraps its output in a div that
:mod:`prismake.render.crossref` turns into a captioned, numbered table.

Inline expressions are replaced by their values. Everything here is a pure function of the
document and the outputs; files are returned, not written.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

from prismake.render.execute import ANSI, Executed
from prismake.render.qmd import Cell, Document, Markdown

#: Quarto's defaults for the execution options a manuscript uses.
DEFAULT_OPTIONS: dict[str, object] = {
    "echo": True,
    "output": True,
    "include": True,
    "warning": True,
    "error": False,
}
IMAGE_TYPES = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}
TABLE_DIV_CLASS = "prismake-table"
CAPTION_DIV_CLASS = "prismake-caption"


def cell_options(cell: Cell, *, defaults: Mapping[str, object]) -> dict[str, object]:
    """The cell's options over the document's ``execute`` defaults over Quarto's."""
    options = dict(DEFAULT_OPTIONS)
    options.update({k: v for k, v in defaults.items()})
    options.update(cell.options)
    return options


def _fence(text: str, info: str = "") -> str:
    ticks = "```"
    while ticks in text:
        ticks += "`"
    body = text if text.endswith("\n") else text + "\n"
    return f"{ticks}{info}\n{body}{ticks}"


def _text(value: object) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _image_bytes(mime: str, data: object) -> bytes:
    text = _text(data)
    if mime == "image/svg+xml":
        return text.encode("utf-8")
    return base64.b64decode(text)


def _image_md(path: str, *, caption: str, label: str | None) -> str:
    attrs = f"{{#{label}}}" if label and label.startswith("fig-") else ""
    return f"![{caption}]({path}){attrs}"


def _outputs_md(
    cell: Cell, outputs: list, *, options: Mapping[str, object], files_dir: str
) -> tuple[list[str], dict[str, bytes]]:
    asis = options.get("output") == "asis"
    label = cell.label
    caption = str(options.get("fig-cap") or "")
    blocks: list[str] = []
    files: dict[str, bytes] = {}
    n_images = 0
    stream_name, stream_text = None, []

    def flush() -> None:
        nonlocal stream_name, stream_text
        if stream_text:
            text = "".join(stream_text)
            blocks.append(text if asis and stream_name == "stdout" else _fence(text))
        stream_name, stream_text = None, []

    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream":
            name = output.get("name", "stdout")
            if name == "stderr" and not options.get("warning", True):
                continue
            if name != stream_name:
                flush()
                stream_name = name
            stream_text.append(_text(output.get("text", "")))
            continue
        flush()
        if kind == "error":
            blocks.append(_fence(ANSI.sub("", "\n".join(output.get("traceback", [])))))
            continue
        data = output.get("data", {})
        image = next((m for m in IMAGE_TYPES if m in data), None)
        if "text/markdown" in data:
            blocks.append(_text(data["text/markdown"]).strip("\n"))
        elif image:
            n_images += 1
            stem = label or f"cell-{cell.line}"
            name = f"{files_dir}/{stem}-{n_images}.{IMAGE_TYPES[image]}"
            files[name] = _image_bytes(image, data[image])
            first = n_images == 1
            blocks.append(
                _image_md(name, caption=caption if first else "", label=label if first else None)
            )
        elif "text/html" in data:
            blocks.append(_fence(_text(data["text/html"]), "{=html}"))
        elif "text/plain" in data:
            text = _text(data["text/plain"])
            blocks.append(text if asis else _fence(text))
    flush()
    return blocks, files


def cell_markdown(
    cell: Cell, outputs: list, *, defaults: Mapping[str, object], files_dir: str
) -> tuple[str, dict[str, bytes]]:
    """Markdown for one executed cell, and the image files it refers to (path -> bytes)."""
    options = cell_options(cell, defaults=defaults)
    if not options.get("include", True):
        return "", {}
    blocks: list[str] = []
    if options.get("echo", True) is True:
        blocks.append(_fence(cell.code, "python"))
    files: dict[str, bytes] = {}
    if options.get("output", True) is not False:
        out_blocks, files = _outputs_md(cell, outputs, options=options, files_dir=files_dir)
        label, caption = cell.label, options.get("tbl-cap")
        if out_blocks and label and label.startswith("tbl-") and caption:
            out_blocks = [
                f"::: {{#{label} .{TABLE_DIV_CLASS}}}",
                *out_blocks,
                f"::: {{.{CAPTION_DIV_CLASS}}}\n{caption}\n:::",
                ":::",
            ]
        blocks.extend(out_blocks)
    return "\n\n".join(blocks), files


def markdown_with_values(chunk: Markdown, index: int, values: Mapping[tuple[int, int], str]) -> str:
    """The chunk's text with every inline expression replaced by its value."""
    parts, last = [], 0
    for inline in chunk.inline:
        parts.append(chunk.text[last : inline.start])
        parts.append(values[(index, inline.start)])
        last = inline.end
    parts.append(chunk.text[last:])
    return "".join(parts)


def document_markdown(
    document: Document, executed: Executed, *, files_dir: str
) -> tuple[str, dict[str, bytes]]:
    """The body of the document as pandoc markdown (no front matter), and its image files."""
    defaults = document.front_matter.get("execute") or {}
    parts: list[str] = []
    files: dict[str, bytes] = {}
    for index, chunk in enumerate(document.chunks):
        if isinstance(chunk, Markdown):
            parts.append(markdown_with_values(chunk, index, executed.inline_values))
            continue
        outputs = executed.cell_outputs.get(index, [])
        text, cell_files = cell_markdown(chunk, outputs, defaults=defaults, files_dir=files_dir)
        files.update(cell_files)
        parts.append(f"\n{text}\n" if text else "")
    return "\n".join(parts), files
