"""``prismake import`` and ``prismake export``.

``prismake import FILE... [--format F] [--encoding E] [--source-id S] [--hits N] --output OUT``
reads each export with :func:`prismake.importer.read_file` (the function the ``import_source``
rule calls, through :func:`prismake.importer.import_source`), writes one canonical table (CSV or
Parquet, by the output's suffix) and prints the record count of each file. ``prismake export
RECORDS --output OUT.ris|OUT.csv`` writes a records table as RIS or flat CSV.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from prismake.errors import InputError
from prismake.exporter import write_csv, write_ris
from prismake.importer import FORMATS, import_source, read_file
from prismake.tables import RECORD_COLUMNS, read_table, write_table


def register(subparsers: argparse._SubParsersAction) -> None:
    formats = ", ".join(FORMATS)
    imp = subparsers.add_parser(
        "import",
        help="read database exports into the canonical records table",
        description=f"Read database exports into one canonical records table. Formats: {formats}.",
    )
    imp.add_argument("files", nargs="+", metavar="FILE", help="export files")
    imp.add_argument("--format", default="auto", help="format of every FILE (default: auto)")
    imp.add_argument("--encoding", default="auto", help="text encoding (default: auto)")
    imp.add_argument("--source-id", help="source id (one FILE only; default: from the file name)")
    imp.add_argument("--hits", type=int, help="records the database reported (one FILE only)")
    imp.add_argument("--output", "-o", required=True, help="OUT.csv, OUT.tsv or OUT.parquet")
    imp.set_defaults(func=run_import)

    exp = subparsers.add_parser(
        "export",
        help="write a records table as RIS or CSV",
        description="Write a records table as RIS (Rayyan, Covidence, EndNote, Zotero) or CSV.",
    )
    exp.add_argument("table", metavar="RECORDS", help="records table (.csv, .tsv or .parquet)")
    exp.add_argument("--output", "-o", required=True, help="OUT.ris or OUT.csv")
    exp.set_defaults(func=run_export)


def run_import(args: argparse.Namespace) -> int:
    if (args.source_id or args.hits is not None) and len(args.files) > 1:
        raise InputError(
            "--source-id and --hits apply to one file",
            value=args.files,
            expected="a single FILE with --source-id/--hits",
        )
    tables = []
    for name in args.files:
        if args.hits is not None:
            df = import_source(
                name,
                source_id=args.source_id or Path(name).stem.lower(),
                format=args.format,
                encoding=args.encoding,
                hits=args.hits,
                display_path=name,
            )
        else:
            df = read_file(
                name,
                format=args.format,
                encoding=args.encoding,
                source_id=args.source_id,
                display_path=name,
            )
        print(f"{name}\t{len(df)} records")  # noqa: T201
        tables.append(df)
    out = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
    duplicated = out["record_id"][out["record_id"].duplicated()]
    if len(duplicated):
        raise InputError(
            "two files give the same record id",
            value=duplicated.iloc[0],
            expected="distinct file names or --source-id per file",
        )
    write_table(out[list(RECORD_COLUMNS)], args.output, plain_json=True)  # validated tables
    print(f"total\t{len(out)} records -> {args.output}")  # noqa: T201
    return 0


def run_export(args: argparse.Namespace) -> int:
    df = read_table(args.table)
    suffix = Path(args.output).suffix.lower()
    if suffix == ".ris":
        write_ris(df, args.output)
    elif suffix == ".csv":
        write_csv(df, args.output)
    else:
        raise InputError(
            "unknown output type", path=args.output, value=suffix, expected="'.ris' or '.csv'"
        )
    print(f"{len(df)} records -> {args.output}", file=sys.stdout)  # noqa: T201
    return 0
