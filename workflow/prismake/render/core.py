"""Rendering a .qmd to HTML and PDF: staging, engine choice, and all-or-nothing output.

The document's folder is copied to a temporary folder first and everything runs there, with
that copy as the working directory (as Quarto runs cells in the document's folder). Nothing is
written beside the source, and files the cells write (figures, a copied bibliography) cannot
leak into it. Outputs are moved into the output folder only when every requested format
succeeded, so a failed render leaves no partial output.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from prismake.render import pandoc
from prismake.render.execute import RenderError, execute, kernel_env
from prismake.render.markdown import document_markdown
from prismake.render.qmd import read_qmd
from prismake.render.quarto import find_quarto, render_quarto
from prismake.tables import new_file_mode

log = logging.getLogger(__name__)

FORMATS = ("html", "pdf")
ENGINES = ("auto", "quarto", "fallback")
#: The staged copy of a document's folder may not be larger than this.
MAX_STAGE_BYTES = 50 * 1024 * 1024
#: Front-matter keys that only Quarto reads; they are not passed to pandoc as metadata.
QUARTO_ONLY = frozenset(
    {
        "format",
        "execute",
        "jupyter",
        "engine",
        "crossref",
        "knitr",
        "editor",
        "filters",
        "freeze",
        "cache",
        "keep-ipynb",
        "keep-md",
        "keep-typ",
        "execute-dir",
    }
)
IGNORED_NAMES = ("__pycache__", ".*", "*.pyc", ".ipynb_checkpoints")


def _folder_size(folder: Path, *, limit: int) -> int:
    """Bytes in ``folder`` (ignored names skipped), counting stops once past ``limit``."""
    ignore = shutil.ignore_patterns(*IGNORED_NAMES)
    total = 0
    for root, dirs, files in os.walk(folder):
        skipped = ignore(root, dirs + files)
        dirs[:] = sorted(d for d in dirs if d not in skipped)
        for name in files:
            if name not in skipped:
                total += (Path(root) / name).stat().st_size
        if total > limit:
            break
    return total


def _stage(folder: Path, dest: Path) -> None:
    size = _folder_size(folder, limit=MAX_STAGE_BYTES)
    if size > MAX_STAGE_BYTES:
        raise RenderError(
            f"the document's folder holds more than {MAX_STAGE_BYTES} bytes; it is copied for "
            "every render",
            path=folder,
            expected="a folder of its own for the .qmd (and the files it needs)",
        )
    shutil.copytree(folder, dest, ignore=shutil.ignore_patterns(*IGNORED_NAMES), symlinks=False)


def resolve_engine(engine: str, *, quarto: str = "quarto") -> tuple[str, str | None]:
    """``("quarto", path)`` or ``("fallback", None)`` for an engine choice."""
    if engine not in ENGINES:
        raise RenderError("unknown engine", value=engine, expected=" or ".join(ENGINES))
    found = find_quarto(quarto) if engine in ("auto", "quarto") else None
    if engine == "quarto" and found is None:
        raise RenderError(
            "no quarto executable on PATH", value=quarto, expected="quarto, or --engine fallback"
        )
    return ("quarto", found) if found else ("fallback", None)


def pandoc_metadata(front_matter: Mapping, overrides: Mapping[str, object]) -> dict:
    """Front matter for pandoc: Quarto-only keys dropped, ``overrides`` applied."""
    meta = {k: v for k, v in front_matter.items() if k not in QUARTO_ONLY}
    meta.update(overrides)
    return meta


def source_date_epoch(env: Mapping[str, str]) -> int:
    """``SOURCE_DATE_EPOCH`` as an integer (the reproducible-builds convention), else 0."""
    value = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return 0
    try:
        return int(value)
    except ValueError as exc:
        raise RenderError(
            "SOURCE_DATE_EPOCH is not an integer", value=value, expected="seconds since 1970"
        ) from exc


def render_fallback(
    source: Path,
    document: Path,
    *,
    formats: Sequence[str],
    variables: Mapping[str, str],
    metadata: Mapping[str, object],
    base_env: Mapping[str, str],
    scratch: Path,
    timeout: int,
) -> dict[str, bytes]:
    """Execute the staged ``document`` with nbclient and convert it with pandoc and Typst.

    ``source`` is the original .qmd (named in error messages); ``document`` its staged copy.
    """
    doc = read_qmd(document, name=source)
    text = document.read_text(encoding="utf-8")
    cwd = document.parent
    env = kernel_env(base_env, variables=variables, ipython_dir=scratch / "ipython")
    executed = execute(doc, cwd=cwd, env=env, scratch=scratch, timeout=timeout)
    stem = document.stem
    body, files = document_markdown(doc, executed, files_dir=f"{stem}_files")
    for name, data in files.items():
        (cwd / name).parent.mkdir(parents=True, exist_ok=True)
        (cwd / name).write_bytes(data)
    meta = pandoc_metadata(doc.front_matter, metadata)
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) if meta else ""
    markdown = f"---\n{front}---\n\n{body}\n" if front else body
    (cwd / f"_prismake-{stem}.md").write_text(markdown, encoding="utf-8")
    ast = pandoc.read_markdown(markdown, cwd=cwd)
    outputs: dict[str, bytes] = {}
    if "html" in formats:
        outputs["html"] = pandoc.write_html(
            ast, meta=doc.front_matter, cwd=cwd, path=source, source=text
        )
    if "pdf" in formats:
        typ = cwd / f"_prismake-{stem}.typ"
        typ.write_text(
            pandoc.write_typst(ast, meta=doc.front_matter, cwd=cwd, path=source, source=text),
            encoding="utf-8",
        )
        outputs["pdf"] = pandoc.compile_pdf(typ, root=cwd, timestamp=source_date_epoch(base_env))
    return outputs


def _publish(outputs: Mapping[str, bytes], *, output_dir: Path, stem: str) -> dict[str, Path]:
    output_dir.mkdir(parents=True, exist_ok=True)
    temps: dict[str, tuple[Path, Path]] = {}
    try:
        for fmt, data in outputs.items():
            final = output_dir / f"{stem}.{fmt}"
            fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=output_dir)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            Path(name).chmod(new_file_mode())
            temps[fmt] = (Path(name), final)
        for tmp, final in temps.values():
            tmp.replace(final)
    finally:
        for tmp, _ in temps.values():
            tmp.unlink(missing_ok=True)
    return {fmt: final for fmt, (_, final) in temps.items()}


def render(
    qmd: str | Path,
    *,
    output_dir: str | Path,
    formats: Sequence[str] = FORMATS,
    engine: str = "auto",
    variables: Mapping[str, str] | None = None,
    metadata: Mapping[str, object] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: int = 600,
    keep_build: str | Path | None = None,
    name: str | None = None,
) -> dict[str, Path]:
    """Render ``qmd`` to ``output_dir/<name>.html`` and ``.pdf``; returns the files written.

    ``name`` defaults to the document's stem (``manuscript`` for ``manuscript.qmd``).
    ``variables`` are set in the environment of the cells (and of Quarto), e.g.
    ``PRISMAKE_RESULTS``; ``metadata`` overrides front-matter keys (e.g. ``title``); ``env`` is
    the base environment (default: this process's). ``engine`` is ``auto`` (Quarto when a
    ``quarto`` executable is on PATH, else the fallback), ``quarto`` or ``fallback``.
    ``keep_build`` copies the build folder there (the markdown and Typst the fallback made).
    """
    qmd = Path(qmd)
    if not qmd.is_file():
        raise RenderError("the document does not exist", path=qmd, expected="a .qmd file")
    formats = list(dict.fromkeys(formats))
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise RenderError("unknown output format", value=",".join(bad), expected="html and/or pdf")
    chosen, quarto = resolve_engine(engine)
    base_env = dict(os.environ if env is None else env)
    variables = dict(variables or {})
    metadata = dict(metadata or {})
    log.info("rendering %s with %s to %s", qmd, chosen, ",".join(formats))
    with tempfile.TemporaryDirectory(prefix="prismake-render-") as tmp:
        tmp_path = Path(tmp)
        src = tmp_path / "src"
        _stage(qmd.resolve().parent, src)
        staged = src / qmd.name
        for fmt in formats:
            staged.with_suffix(f".{fmt}").unlink(missing_ok=True)
        try:
            if chosen == "quarto":
                outputs = render_quarto(
                    staged,
                    executable=quarto,
                    formats=formats,
                    variables=variables,
                    metadata=metadata,
                    base_env=base_env,
                )
            else:
                scratch = tmp_path / "scratch"
                scratch.mkdir()
                outputs = render_fallback(
                    qmd,
                    staged,
                    formats=formats,
                    variables=variables,
                    metadata=metadata,
                    base_env=base_env,
                    scratch=scratch,
                    timeout=timeout,
                )
        finally:
            if keep_build is not None:
                shutil.copytree(src, Path(keep_build), dirs_exist_ok=True)
        return _publish(outputs, output_dir=Path(output_dir), stem=name or qmd.stem)
