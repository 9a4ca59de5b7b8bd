"""``prismake render``: render the Quarto manuscript to self-contained HTML and PDF.

The cells find the review through two environment variables set here: ``PRISMAKE_RESULTS``
(absolute path of the results folder) and ``PRISMAKE_CONFIG`` (absolute path of config.yaml).
When the document's front matter has no ``title`` (or ``author``), the config's
``review.title`` (``review.authors``) fills it, so the title lives in one place.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import yaml

from prismake.errors import ConfigError, InputError
from prismake.manuscript import CONFIG_ENV, RESULTS_ENV, config_metadata
from prismake.render import ENGINES, FORMATS, read_qmd, render

log = logging.getLogger(__name__)


def parse_metadata(items: list[str]) -> dict:
    """``KEY=VALUE`` (or ``KEY:VALUE``, as Quarto writes it) pairs; values read as YAML."""
    meta = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            key, sep, value = item.partition(":")
        if not sep or not key.strip():
            raise InputError("bad metadata option", value=item, expected="KEY=VALUE")
        meta[key.strip()] = yaml.safe_load(value) if value.strip() else ""
    return meta


def _read_config(path: Path) -> dict:
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML ({exc})", path=path) from exc
    if not isinstance(config, dict):
        raise ConfigError("the config is not a mapping", path=path, value=config)
    return config


def run(args: argparse.Namespace) -> int:
    qmd = Path(args.qmd)
    formats = [f.strip() for f in args.to.split(",") if f.strip()]
    config_path = Path(args.config)
    variables = {RESULTS_ENV: str(Path(args.results).resolve())}
    metadata: dict = {}
    if config_path.is_file():
        variables[CONFIG_ENV] = str(config_path.resolve())
        metadata.update(config_metadata(_read_config(config_path), read_qmd(qmd).front_matter))
    else:
        log.warning("no config at %s: %s is not set", config_path, CONFIG_ENV)
    metadata.update(parse_metadata(args.metadata))
    written = render(
        qmd,
        output_dir=args.output_dir,
        formats=formats,
        engine=args.engine,
        variables=variables,
        metadata=metadata,
        timeout=args.timeout,
        keep_build=args.keep_build,
    )
    for path in written.values():
        log.info("wrote %s", path)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "render",
        help="render a Quarto manuscript to self-contained HTML and PDF",
        description=(
            "Render QMD to OUTPUT_DIR/<name>.html and .pdf: with `quarto render` when a quarto "
            "executable is on PATH, otherwise by running the cells in a Jupyter kernel and "
            "converting with pandoc (HTML) and Typst (PDF). Nothing is written unless every "
            "format succeeds."
        ),
    )
    parser.add_argument("qmd", help="the .qmd document")
    parser.add_argument("--output-dir", required=True, help="folder for the rendered files")
    parser.add_argument(
        "--to", default=",".join(FORMATS), help="comma-separated formats (default: html,pdf)"
    )
    parser.add_argument("--engine", choices=ENGINES, default="auto", help="default: auto")
    parser.add_argument(
        "--results", default="results", help=f"results folder, given to cells as {RESULTS_ENV}"
    )
    parser.add_argument(
        "--config",
        default="config/config.yaml",
        help=f"review config, given to cells as {CONFIG_ENV} (default: config/config.yaml)",
    )
    parser.add_argument(
        "-M",
        "--metadata",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set a front-matter key (repeatable)",
    )
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument(
        "--keep-build", default=None, metavar="DIR", help="copy the build folder here (debugging)"
    )
    parser.set_defaults(func=run)
