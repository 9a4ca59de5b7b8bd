"""Rendering the Quarto manuscript to self-contained HTML and PDF.

With a ``quarto`` binary on PATH, :func:`render` runs ``quarto render``. Without one, it uses its
own fallback, which reads the same .qmd: cells and inline code run in one Jupyter kernel
(:mod:`~prismake.render.execute`), their outputs become pandoc markdown
(:mod:`~prismake.render.markdown`), figures and tables are numbered
(:mod:`~prismake.render.crossref`), and pandoc writes HTML and Typst, which Typst compiles to PDF
(:mod:`~prismake.render.pandoc`). Modules: :mod:`~prismake.render.qmd` (parsing),
:mod:`~prismake.render.quarto` (dispatch), :mod:`~prismake.render.core` (staging, output).
"""

from prismake.render.core import ENGINES, FORMATS, render, resolve_engine
from prismake.render.execute import RenderError
from prismake.render.qmd import Cell, Document, Markdown, parse_qmd, read_qmd

__all__ = [
    "ENGINES",
    "FORMATS",
    "Cell",
    "Document",
    "Markdown",
    "RenderError",
    "parse_qmd",
    "read_qmd",
    "render",
    "resolve_engine",
]
