"""The search log as the build saw it: per source, what the database reported and what we read.

This is the PRISMA-S side of the import: database, platform, date, the search as run, the hit count
the database reported, the number of records parsed, and the SHA-256 of the export file, so an
auditor can tie every count in the PRISMA diagram to the bytes of one file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from prismake.errors import InputError

COUNT_COLUMNS = (
    "source_id", "database", "platform", "file", "sha256", "format", "search_date",
    "search_round", "hits", "records", "search_string",
)


def file_sha256(path: str | Path) -> str:
    """The SHA-256 of the file at ``path``, in hex."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_summary(
    records: pd.DataFrame, *, source: Mapping[str, Any], path: str | Path, format: str
) -> pd.DataFrame:
    """One row of the counts table for one imported source.

    The file's SHA-256 is the one its records carry (``source_sha256``, computed from the bytes
    the importer read); the file is hashed again only when they carry none.
    """
    row = {
        "source_id": source["source_id"],
        "database": source["database"],
        "platform": source["platform"],
        "file": source["file"],
        "sha256": _records_sha256(records) or file_sha256(path),
        "format": format,
        "search_date": source["search_date"],
        "search_round": int(source.get("search_round", 1)),
        "hits": int(source["hits"]),
        "records": len(records),
        "search_string": source.get("search_string", ""),
    }
    frame = pd.DataFrame([row], columns=list(COUNT_COLUMNS))
    return frame.astype({"search_round": "Int64", "hits": "Int64", "records": "Int64"})


def _records_sha256(records: pd.DataFrame) -> str | None:
    """The one SHA-256 the records carry, or None (no records, or more than one file)."""
    if "source_sha256" not in records.columns or records.empty:
        return None
    column = records["source_sha256"]
    first = column.iloc[0]
    if not isinstance(first, str) or not (column == first).all():
        return None
    return first


def merge_sources(
    tables: Sequence[pd.DataFrame], *, names: Sequence[str] | None = None
) -> pd.DataFrame:
    """Concatenate per-source tables in search-log order; record ids must stay unique."""
    merged = pd.concat(list(tables), ignore_index=True)
    if "record_id" in merged.columns:
        repeated = merged["record_id"][merged["record_id"].duplicated()]
        if not repeated.empty:
            first = repeated.iloc[0]
            sources = merged.loc[merged["record_id"] == first, "source_id"].tolist()
            raise InputError(
                "a record id occurs in more than one source table",
                path=None if names is None else ", ".join(names),
                value=first,
                expected=f"unique record ids (found in sources {sources})",
            )
    return merged
