"""Reading and writing the pipeline's tables.

Tables are CSV files (UTF-8, ``\\n`` line endings, a header row) so that auditors can open them in
any tool and ``git diff`` them. Columns that hold lists (authors, keywords, record ids) or mappings
(vendor fields kept as they were exported) are stored as compact JSON inside the cell. Missing
text is the empty string; missing integers are empty cells. Writing the same frame twice gives the
same bytes.

Parquet is supported for large tables (the command line's ``--output x.parquet``); there, lists and
mappings are stored the same way, as JSON text, so both files hold the same values.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from prismake.errors import InputError

#: Columns of the canonical records table, in order (see ``prismake.models.records``).
RECORD_COLUMNS: tuple[str, ...] = (
    "record_id",
    "source_id",
    "database",
    "platform",
    "search_round",
    "source_file",
    "source_sha256",
    "source_line",
    "type",
    "title",
    "authors",
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "accession",
    "issn",
    "isbn",
    "abstract",
    "keywords",
    "language",
    "url",
    "extra",
    "raw",
)

#: Columns that hold lists, wherever they appear.
LIST_COLUMNS: frozenset[str] = frozenset(
    {"authors", "keywords", "record_ids", "sources", "databases", "study_ids", "rounds"}
)
#: Columns that hold mappings, wherever they appear.
MAPPING_COLUMNS: frozenset[str] = frozenset({"extra", "raw", "field_sources", "scores"})
#: Columns that hold nullable integers, wherever they appear.
INT_COLUMNS: frozenset[str] = frozenset(
    {"year", "source_line", "search_round", "n_records", "n_participants"}
)


def _dump(value: object) -> str:
    if value is None or (isinstance(value, (list, tuple, dict)) and not value):
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _load(text: object, *, column: str, path: Path, row: int, empty: object) -> object:
    if text is None or text == "" or (isinstance(text, float) and pd.isna(text)):
        return empty() if callable(empty) else empty
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"column {column!r} does not hold JSON",
            path=path,
            row=row,
            value=text,
            expected="a JSON list or object",
        ) from exc


def encode(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``df`` whose list and mapping cells are JSON text."""
    out = df.copy()
    for column in out.columns:
        if column in LIST_COLUMNS or column in MAPPING_COLUMNS:
            out[column] = [_dump(v) for v in out[column]]
    return out


def decode(df: pd.DataFrame, *, path: Path | str = "<table>") -> pd.DataFrame:
    """Return a copy of ``df`` whose JSON cells are lists and mappings again."""
    out = df.copy()
    path = Path(path)
    for column in out.columns:
        if column in LIST_COLUMNS:
            out[column] = [
                _load(v, column=column, path=path, row=i + 2, empty=list)
                for i, v in enumerate(out[column])
            ]
        elif column in MAPPING_COLUMNS:
            out[column] = [
                _load(v, column=column, path=path, row=i + 2, empty=dict)
                for i, v in enumerate(out[column])
            ]
        elif column in INT_COLUMNS and out[column].dtype == object:
            values = [None if isinstance(v, str) and v == "" else v for v in out[column]]
            out[column] = pd.array(
                pd.to_numeric(pd.Series(values, dtype=object), errors="raise"), dtype="Int64"
            )
    return out


def atomic_path(path: Path) -> Path:
    """A temporary path beside ``path``; rename it over ``path`` when the write succeeded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return Path(name)


def write_table(df: pd.DataFrame, path: str | Path) -> None:
    """Write ``df`` to ``path`` (.csv, .tsv or .parquet), atomically and deterministically."""
    path = Path(path)
    encoded = encode(df)
    tmp = atomic_path(path)
    try:
        if path.suffix == ".parquet":
            encoded.to_parquet(tmp, index=False)
        else:
            sep = "\t" if path.suffix == ".tsv" else ","
            encoded.to_csv(tmp, index=False, sep=sep, lineterminator="\n", encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def read_table(path: str | Path, *, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """Read a table written by :func:`write_table`; every column is text unless known."""
    path = Path(path)
    if path.suffix == ".parquet":
        df = pd.read_parquet(path, columns=None if columns is None else list(columns))
        df = df.astype({c: "object" for c in df.columns if c not in INT_COLUMNS})
    else:
        sep = "\t" if path.suffix == ".tsv" else ","
        df = pd.read_csv(
            path,
            sep=sep,
            dtype=str,
            keep_default_na=False,
            na_values=[],
            encoding="utf-8",
            usecols=None if columns is None else list(columns),
        )
        df = df.astype(object)
    return decode(df, path=path)
