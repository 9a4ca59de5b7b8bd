"""Running a document's cells in one Jupyter kernel (nbclient), in document order.

The kernel is the current interpreter's ``ipykernel``, started from an explicit kernel spec
(``sys.executable -m ipykernel_launcher``), so it works inside a virtual environment and under
Snakemake without any user-level kernel spec, and a user's ``python3`` spec or IPython startup
files cannot change the output. Inline expressions run as cells of their own at their place in
the document, so they see the variables of the cells above them.

A cell that raises stops the run with an :class:`~prismake.errors.InputError` naming the .qmd,
the cell (label and line), the line of the statement that failed and the exception.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from prismake.errors import InputError
from prismake.render.qmd import Cell, Document, InlineExpr, Markdown

log = logging.getLogger(__name__)

KERNEL_NAME = "prismake-python"
#: MIME type under which an inline expression's value comes back from the kernel.
INLINE_MIME = "text/x-prismake-inline"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
#: IPython names the failing line of a cell like this in a traceback.
CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")

#: Runs first, hidden: how inline values become text (str as is, markdown objects as markdown,
#: anything else through ``str``), and the same figure defaults on every machine.
PREAMBLE = f"""\
def __prismake_inline__(value):
    from IPython.display import publish_display_data
    if hasattr(value, "_repr_markdown_"):
        text = value._repr_markdown_()
        text = text[0] if isinstance(text, tuple) else text
    else:
        text = value if isinstance(value, str) else str(value)
    publish_display_data({{{INLINE_MIME!r}: text}})
"""


class RenderError(InputError):
    """Rendering failed outside the document's own code (kernel, pandoc, Typst, Quarto)."""


class _InterpreterKernelSpecs(KernelSpecManager):
    """A kernel spec manager that knows one kernel: this interpreter's ipykernel."""

    def find_kernel_specs(self) -> dict[str, str]:
        return {KERNEL_NAME: ""}

    def get_kernel_spec(self, kernel_name: str, *args, **kwargs) -> KernelSpec:
        return KernelSpec(
            argv=[
                sys.executable,
                "-Xfrozen_modules=off",
                "-m",
                "ipykernel_launcher",
                "-f",
                "{connection_file}",
            ],
            display_name="Python (prismake)",
            language="python",
            resource_dir="",
        )


@dataclass(frozen=True)
class Executed:
    """Outputs of a run: per cell (by index in ``document.chunks``) and per inline expression."""

    cell_outputs: dict[int, list]
    inline_values: dict[tuple[int, int], str]


def kernel_env(
    base: Mapping[str, str], *, variables: Mapping[str, str], ipython_dir: Path
) -> dict[str, str]:
    """The kernel's environment: ``base`` plus ``variables`` and fixed settings.

    ``PYTHONHASHSEED`` is fixed so that set and dict orders of strings are the same on every
    run; ``IPYTHONDIR`` points to an empty folder so no user profile or startup file runs;
    figures use the inline backend whatever ``MPLBACKEND`` says outside.
    """
    env = dict(base)
    env.update(variables)
    env["PYTHONHASHSEED"] = "0"
    env["IPYTHONDIR"] = str(ipython_dir)
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    return env


def build_notebook(document: Document) -> tuple[nbformat.NotebookNode, list]:
    """A notebook of the document's cells and inline expressions, and what each cell is.

    The second value maps each notebook cell to ``None`` (preamble), ``(index, cell)`` for a
    document cell or ``(index, inline)`` for an inline expression of markdown chunk ``index``.
    """
    cells = [nbformat.v4.new_code_cell(PREAMBLE)]
    origin: list = [None]
    for index, chunk in enumerate(document.chunks):
        if isinstance(chunk, Cell):
            if chunk.options.get("eval", True) is False:
                continue
            cells.append(nbformat.v4.new_code_cell(chunk.source))
            origin.append((index, chunk))
        elif isinstance(chunk, Markdown):
            for inline in chunk.inline:
                cells.append(nbformat.v4.new_code_cell(f"__prismake_inline__((\n{inline.expr}\n))"))
                origin.append((index, inline))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": KERNEL_NAME,
        "display_name": "Python",
        "language": "python",
    }
    return nb, origin


def _error_of(cell: nbformat.NotebookNode) -> tuple[str, str, str]:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            trace = ANSI.sub("", "\n".join(output.get("traceback", [])))
            return output.get("ename", "Error"), output.get("evalue", ""), trace
    return "Error", "", ""


def _describe(item: Cell | InlineExpr | None) -> str:
    if isinstance(item, Cell):
        return item.describe()
    if isinstance(item, InlineExpr):
        return f"inline expression `{{python}} {item.expr}`"
    return "the renderer's preamble"


def _cell_failure(document: Document, what: Cell | InlineExpr, nb_cell) -> InputError:
    ename, evalue, trace = _error_of(nb_cell)
    where = _describe(what)
    if isinstance(what, Cell):
        match = CELL_LINE.search(trace)
        line = what.line + int(match[1]) if match else what.line
    else:
        line = what.line
    log.info("traceback of the failing %s:\n%s", where, trace)
    error = InputError(f"{where} raised {ename}: {evalue}", path=document.path, line=line)
    error.traceback = trace
    return error


def execute(
    document: Document,
    *,
    cwd: Path,
    env: Mapping[str, str],
    scratch: Path,
    timeout: int = 600,
) -> Executed:
    """Run every cell and inline expression of ``document`` in one fresh kernel.

    ``cwd`` is the kernel's working directory (Quarto uses the document's folder); ``env`` its
    full environment (see :func:`kernel_env`); ``scratch`` a private folder for the kernel's
    connection file. Cells marked ``error: true`` may raise; their error becomes output.
    Returns the outputs of every cell and the text of every inline value.
    """
    nb, origin = build_notebook(document)
    km = AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=_InterpreterKernelSpecs())
    km.connection_file = str(Path(scratch) / "kernel.json")
    # Unix sockets in the private scratch folder, not TCP ports on localhost.
    km.transport = "ipc"
    km.ip = str(Path(scratch) / "ipc")
    client = NotebookClient(
        nb,
        km=km,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        resources={"metadata": {"path": str(cwd)}},
        allow_errors=False,
        shutdown_kernel="immediate",
        extra_arguments=["--HistoryManager.enabled=False"],
    )
    cell_outputs: dict[int, list] = {}
    inline_values: dict[tuple[int, int], str] = {}
    try:
        with client.setup_kernel(env=dict(env), cleanup_kc=True):
            for k, nb_cell in enumerate(nb.cells):
                what = origin[k]
                item = None if what is None else what[1]
                allow = isinstance(item, Cell) and bool(item.options.get("error", False))
                try:
                    client.execute_cell(nb_cell, k, execution_count=k + 1)
                except CellExecutionError as exc:
                    if item is None:
                        msg = "the renderer's preamble failed"
                        raise RenderError(msg, path=document.path) from exc
                    if not allow:
                        raise _cell_failure(document, item, nb_cell) from None
                except CellTimeoutError as exc:
                    raise RenderError(
                        f"{_describe(item)} did not finish within {timeout} s",
                        path=document.path,
                        line=getattr(item, "line", None),
                    ) from exc
                if isinstance(item, Cell):
                    cell_outputs[what[0]] = list(nb_cell.outputs)
                elif item is not None:
                    inline_values[(what[0], item.start)] = _inline_text(nb_cell, item, document)
    except DeadKernelError as exc:
        raise RenderError(f"the kernel died: {exc}", path=document.path) from exc
    except RuntimeError as exc:
        if "kernel" in str(exc).lower():
            raise RenderError(f"the kernel did not start: {exc}", path=document.path) from exc
        raise
    return Executed(cell_outputs=cell_outputs, inline_values=inline_values)


def _inline_text(nb_cell, item: InlineExpr, document: Document) -> str:
    for output in nb_cell.outputs:
        data = output.get("data", {})
        if INLINE_MIME in data:
            return data[INLINE_MIME]
    raise RenderError(
        f"inline expression `{{python}} {item.expr}` gave no value",
        path=document.path,
        line=item.line,
    )
