"""Which vendor fields each source of the search log leaves in ``extra``, and how full the
identifier columns are: a look for fields the importer could map but does not.

    .venv/bin/python bench/import_extra_keys.py                   # config/sources.tsv
    .venv/bin/python bench/import_extra_keys.py --top 20 other/sources.tsv

For each source: the records imported, how many have a DOI, PMID, accession number, ISSN,
ISBN, language and keywords, then the ``extra`` keys held by the most records with one example
value each.
"""

from __future__ import annotations

import argparse
import csv
import logging
from collections import Counter
from pathlib import Path

from prismake.importer import import_source

ROOT = Path(__file__).resolve().parents[1]
FILLED = ("doi", "pmid", "accession", "issn", "isbn", "language", "keywords")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="?", default=str(ROOT / "config" / "sources.tsv"))
    parser.add_argument("--top", type=int, default=12, help="extra keys shown per source")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    with Path(args.sources).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for row in rows:
        df = import_source(
            ROOT / row["file"],
            source_id=row["source_id"],
            database=row["database"],
            platform=row["platform"],
            hits=int(row["hits"]),
            display_path=row["file"],
        )
        filled = ", ".join(f"{name} {int(df[name].astype(bool).sum())}" for name in FILLED)
        print(f"\n{row['source_id']} ({row['platform']}): {len(df)} records; {filled}")  # noqa: T201
        keys = Counter(key for extra in df["extra"] for key in extra)
        for key, count in keys.most_common(args.top):
            example = next(extra[key] for extra in df["extra"] if key in extra)
            print(f"  {key!r:<28}{count:>6}  {str(example)[:90]}")  # noqa: T201


if __name__ == "__main__":
    main()
