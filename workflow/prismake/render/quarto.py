"""Rendering with a ``quarto`` binary, when one is on PATH.

Quarto runs in the staged copy of the document's folder (so it writes nothing beside the
source) with ``quarto render DOC --to html,typst``: HTML with every resource embedded
(``-M embed-resources:true``) and a PDF through Quarto's own Typst format, so no LaTeX is
needed. The same environment variables as the fallback tell the cells where the results are;
``QUARTO_PYTHON`` makes Quarto use this interpreter, whose ipykernel runs the cells.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from prismake.render.execute import RenderError

log = logging.getLogger(__name__)

#: Our output name -> Quarto's format name and the extension of the file it writes.
QUARTO_FORMATS = {"html": ("html", "html"), "pdf": ("typst", "pdf")}
STDERR_TAIL = 20


def find_quarto(name: str = "quarto") -> str | None:
    """The quarto executable on PATH, or None."""
    return shutil.which(name)


def quarto_command(
    executable: str, document: str, *, formats: Sequence[str], metadata: Mapping[str, object]
) -> list[str]:
    """The ``quarto render`` command line for ``document`` (a file name in the cwd).

    >>> quarto_command("quarto", "ms.qmd", formats=["html", "pdf"], metadata={"title": "T"})[3:]
    ['--to', 'html,typst', '-M', 'embed-resources:true', '-M', 'title:"T"']
    """
    to = ",".join(QUARTO_FORMATS[f][0] for f in formats)
    cmd = [executable, "render", document, "--to", to, "-M", "embed-resources:true"]
    for key, value in metadata.items():
        cmd += ["-M", f"{key}:{json.dumps(value, ensure_ascii=False, default=str)}"]
    return cmd


def render_quarto(
    document: Path,
    *,
    executable: str,
    formats: Sequence[str],
    variables: Mapping[str, str],
    metadata: Mapping[str, object],
    base_env: Mapping[str, str],
) -> dict[str, bytes]:
    """Render the staged ``document`` with Quarto; the bytes of each requested format."""
    env = dict(base_env)
    env.update(variables)
    env.setdefault("QUARTO_PYTHON", sys.executable)
    env["PYTHONHASHSEED"] = "0"
    cmd = quarto_command(executable, document.name, formats=formats, metadata=metadata)
    log.info("running %s in %s", " ".join(cmd), document.parent)
    proc = subprocess.run(
        cmd, cwd=document.parent, env=env, capture_output=True, text=True, check=False
    )
    for line in proc.stderr.splitlines():
        log.info("quarto: %s", line)
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-STDERR_TAIL:])
        raise RenderError(
            f"quarto render exited with status {proc.returncode}:\n{tail}", path=document.name
        )
    outputs = {}
    for fmt in formats:
        produced = document.with_suffix("." + QUARTO_FORMATS[fmt][1])
        if not produced.is_file():
            raise RenderError(
                f"quarto render did not write {produced.name!r}",
                path=document.name,
                expected=f"{fmt} output beside the document",
            )
        outputs[fmt] = produced.read_bytes()
    return outputs
