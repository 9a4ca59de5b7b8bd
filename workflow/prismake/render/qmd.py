"""Reading a Quarto (.qmd) document: front matter, markdown, Python cells and inline code.

The subset of Quarto read here is the one a manuscript needs:

- a YAML front matter block between ``---`` lines at the top of the file;
- executable cells fenced as ```` ```{python} ```` whose leading ``#| key: value`` lines are
  cell options (``label``, ``echo``, ``output``, ``include``, ``warning``, ``error``,
  ``fig-cap``, ``tbl-cap``, ...), read as YAML like Quarto does;
- inline code `` `{python} expr` `` in the markdown (Quarto 1.4 and later), outside fenced
  code blocks.

Everything else is markdown and goes to pandoc unchanged. Line numbers are 1-based lines of
the .qmd file, so that an error can point at the line an editor shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from prismake.errors import InputError

#: Opening fence of an executable Python cell: ```{python} (optionally with attributes).
CELL_OPEN = re.compile(r"^(?P<fence>`{3,})\s*\{python(?P<attrs>[^}]*)\}\s*$")
#: Any other fence opening (``` or ~~~), which may hold `{python}` text that is not code.
FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|~{3,})")
#: Inline expression as Quarto matches it: `{python} expr` not preceded by a backtick.
INLINE = re.compile(r"(?<!`)`\{python\}[ \t]+(?P<expr>[^`]+)`")
#: A cell option line: ``#| key: value``.
OPTION = re.compile(r"^#\|\s?(?P<text>.*)$")


@dataclass(frozen=True)
class InlineExpr:
    """One inline expression: its text, where it starts in its chunk, and its qmd line."""

    expr: str
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class Markdown:
    """A run of markdown between cells; ``line`` is the qmd line of its first line."""

    text: str
    line: int
    inline: tuple[InlineExpr, ...] = ()


@dataclass(frozen=True)
class Cell:
    """One executable cell: its full source (option lines included), options and qmd line.

    ``line`` is the qmd line of the opening fence, so source line ``k`` (1-based) of the cell
    is qmd line ``line + k``.
    """

    source: str
    options: dict = field(default_factory=dict)
    line: int = 1

    @property
    def code(self) -> str:
        """The source without its ``#|`` option lines (what ``echo`` shows)."""
        lines = self.source.split("\n")
        k = 0
        while k < len(lines) and OPTION.match(lines[k]):
            k += 1
        return "\n".join(lines[k:])

    @property
    def label(self) -> str | None:
        value = self.options.get("label")
        return None if value is None else str(value)

    def describe(self) -> str:
        """``cell 'fig-prisma' (line 40)`` or ``cell at line 40``: for messages."""
        if self.label:
            return f"cell {self.label!r} (line {self.line})"
        return f"cell at line {self.line}"


@dataclass(frozen=True)
class Document:
    """A parsed .qmd: its path, front matter and chunks in document order."""

    path: Path
    front_matter: dict
    chunks: tuple[Markdown | Cell, ...]

    @property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(c for c in self.chunks if isinstance(c, Cell))


def _front_matter(lines: list[str], *, path: Path) -> tuple[dict, int]:
    """The front matter mapping and the index of the first line after it."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for k in range(1, len(lines)):
        if lines[k].strip() in ("---", "..."):
            text = "\n".join(lines[1:k])
            try:
                meta = yaml.safe_load(text) if text.strip() else {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = None if mark is None else mark.line + 2
                raise InputError(
                    f"front matter is not valid YAML ({getattr(exc, 'problem', exc)})",
                    path=path,
                    line=line,
                    expected="a YAML mapping between '---' lines",
                ) from exc
            if not isinstance(meta, dict):
                raise InputError(
                    "front matter is not a mapping",
                    path=path,
                    line=1,
                    value=meta,
                    expected="key: value lines between '---' lines",
                )
            return meta, k + 1
    raise InputError(
        "front matter is not closed", path=path, line=1, expected="a closing '---' line"
    )


def _cell_options(body: list[str], *, path: Path, line: int) -> dict:
    texts = []
    for text in body:
        match = OPTION.match(text)
        if not match:
            break
        texts.append(match["text"])
    if not texts:
        return {}
    try:
        options = yaml.safe_load("\n".join(texts))
    except yaml.YAMLError as exc:
        raise InputError(
            f"cell options are not valid YAML ({getattr(exc, 'problem', exc)})",
            path=path,
            line=line + 1,
            expected="'#| key: value' lines",
        ) from exc
    if not isinstance(options, dict):
        raise InputError(
            "cell options are not a mapping",
            path=path,
            line=line + 1,
            value=options,
            expected="'#| key: value' lines",
        )
    return options


def find_inline(text: str, *, line: int = 1) -> tuple[InlineExpr, ...]:
    """Inline expressions of a markdown chunk that starts at qmd line ``line``.

    Expressions inside fenced code blocks are left alone, like Quarto does.
    """
    found = []
    offset = 0
    fence: str | None = None
    for k, text_line in enumerate(text.split("\n")):
        stripped = text_line.lstrip()
        match = FENCE_OPEN.match(stripped)
        if fence is None and match:
            fence = match["fence"]
        elif (
            fence is not None and stripped.startswith(fence) and not stripped[len(fence) :].strip()
        ):
            fence = None
        elif fence is None:
            for m in INLINE.finditer(text_line):
                found.append(
                    InlineExpr(
                        expr=m["expr"].strip(),
                        start=offset + m.start(),
                        end=offset + m.end(),
                        line=line + k,
                    )
                )
        offset += len(text_line) + 1
    return tuple(found)


def _markdown(lines: list[str], start: int) -> Markdown:
    text = "\n".join(lines)
    return Markdown(text=text, line=start + 1, inline=find_inline(text, line=start + 1))


def parse_qmd(text: str, *, path: str | Path = "<qmd>") -> Document:
    """Parse the text of a .qmd file into a :class:`Document`.

    >>> doc = parse_qmd("---\\ntitle: T\\n---\\n\\n```{python}\\n#| echo: false\\nx = 1\\n```\\n")
    >>> doc.front_matter, doc.cells[0].options, doc.cells[0].line
    ({'title': 'T'}, {'echo': False}, 5)
    """
    path = Path(path)
    lines = text.replace("\r\n", "\n").split("\n")
    meta, k = _front_matter(lines, path=path)
    chunks: list[Markdown | Cell] = []
    md_start, md_lines = k, []
    fence: str | None = None
    while k < len(lines):
        current = lines[k]
        stripped = current.lstrip()
        opened = CELL_OPEN.match(current) if fence is None else None
        if opened:
            end = k + 1
            close = opened["fence"]
            while end < len(lines) and not (
                lines[end].startswith(close) and not lines[end].strip("`").strip()
            ):
                end += 1
            if end == len(lines):
                raise InputError(
                    "code cell is not closed",
                    path=path,
                    line=k + 1,
                    expected=f"a closing {close} line",
                )
            if md_lines:
                chunks.append(_markdown(md_lines, md_start))
            body = lines[k + 1 : end]
            chunks.append(
                Cell(
                    source="\n".join(body),
                    options=_cell_options(body, path=path, line=k + 1),
                    line=k + 1,
                )
            )
            k = end + 1
            md_start, md_lines = k, []
            continue
        match = FENCE_OPEN.match(stripped)
        if fence is None and match:
            fence = match["fence"]
        elif (
            fence is not None and stripped.startswith(fence) and not stripped[len(fence) :].strip()
        ):
            fence = None
        md_lines.append(current)
        k += 1
    if md_lines:
        chunks.append(_markdown(md_lines, md_start))
    return Document(path=path, front_matter=meta, chunks=tuple(chunks))


def read_qmd(path: str | Path, *, name: str | Path | None = None) -> Document:
    """Read and parse a .qmd file (UTF-8); errors name ``name`` (default: ``path``)."""
    path = Path(path)
    shown = Path(name) if name is not None else path
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise InputError("the document does not exist", path=shown) from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            f"the document is not UTF-8 text (byte {exc.start})", path=shown, expected="UTF-8"
        ) from exc
    return parse_qmd(text, path=shown)
