"""The ``prismake`` command line.

Each module in :mod:`prismake.commands` adds one or more subcommands through a
``register(subparsers)`` function; the subcommand's handler takes the parsed arguments and returns
an exit status. Errors that prismake raises on purpose are printed as one clear message and give
exit status 2; anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from prismake import __version__, commands
from prismake.errors import PrismakeError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prismake",
        description="Reproducible systematic reviews: import, deduplicate, screen, synthesise.",
    )
    parser.add_argument("--version", action="version", version=f"prismake {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args) or 0)
    except PrismakeError as exc:
        print(f"prismake {args.command}: error: {exc}", file=sys.stderr)  # noqa: T201
        return 2


if __name__ == "__main__":
    sys.exit(main())
