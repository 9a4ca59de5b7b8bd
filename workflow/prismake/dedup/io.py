"""Reading deduplication inputs and writing its tables (used by the CLI and the Snakemake rule).

Inputs are either canonical records tables written by :func:`prismake.tables.write_table`
(``results/import/records.csv``, ``.parquet``) or any export the importer reads
(:func:`prismake.importer.read_file`), including the benchmark CSV layout whose ``ID`` column
becomes ``record_id``.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from pandas.api.types import infer_dtype

from prismake.dedup.pipeline import SHARD_COLUMNS, DedupResult
from prismake.errors import InputError
from prismake.tables import RECORD_COLUMNS, collector_paused, read_table, write_table

log = logging.getLogger(__name__)

#: File names of the tables in ``results/dedup/`` (README: what results/ holds).
RESULT_FILES = {
    "pairs": "pairs",
    "clusters": "clusters",
    "studies": "studies",
    "queue": "review_queue",
}


def _is_records_table(path: Path) -> bool:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq  # noqa: PLC0415

        return tuple(pq.read_schema(path).names) == RECORD_COLUMNS
    if path.suffix not in (".csv", ".tsv"):
        return False
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        header = next(csv.reader(handle, delimiter="\t" if path.suffix == ".tsv" else ","), [])
    return tuple(header) == RECORD_COLUMNS


def _shared(values: pd.Series) -> pd.Series:
    """The same text column with each distinct string one object.

    Memory: records repeat their source, database, type, journal and volume, and duplicates
    (what deduplication reads them for) often their title and abstract. One object per distinct
    string keeps about 0.4 GB fewer at a million records, for a second of work. Record ids are
    all distinct, and columns that are not all text are left as they are.
    """
    if values.dtype != object or values.name == "record_id":
        return values
    items = values.tolist()
    if infer_dtype(items, skipna=False) != "string":
        return values
    memo: dict[str, str] = {}
    return pd.Series([memo.setdefault(v, v) for v in items], index=values.index,
                     name=values.name, dtype=object)


def _read_table(path: Path, columns: list[str]) -> pd.DataFrame:
    """The ``columns`` of a canonical records table, repeated strings shared (:func:`_shared`).

    Memory: a Parquet table is read one column at a time, so that one column's Arrow data and
    repeated strings are alive at a time, not every column's (at a million records the used
    columns then take 1.7 GB instead of 3.1 GB, and the read peaks at 2.2 GB, not 3.2 GB).
    """
    if path.suffix != ".parquet":
        return _kept(read_table(path, columns=columns), columns)
    return pd.DataFrame({name: _shared(read_table(path, columns=[name])[name])
                         for name in columns})


def _kept(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The ``columns`` of ``table`` that it has, repeated strings shared (:func:`_shared`)."""
    return pd.DataFrame({name: _shared(table[name]) for name in columns if name in table})


def read_records(paths: list[str | Path], *, format: str = "auto",  # noqa: A002
                 encoding: str = "auto", columns: Iterable[str] | None = None) -> pd.DataFrame:
    """One records table from canonical tables and/or exports (record ids must not repeat).

    With ``columns`` only those of the canonical columns are kept (``record_id`` always), and
    equal strings of a column are one object (:func:`_shared`; the values are the same): at a
    million records every text column costs tens to hundreds of MB of Python strings, and
    deduplication reads only :data:`prismake.dedup.pipeline.USED_COLUMNS` (not ``extra``,
    ``raw`` or the provenance columns).
    """
    from prismake.importer import read_file  # noqa: PLC0415 (the importer is heavy to import)

    keep = None
    if columns is not None:
        wanted = {"record_id", *columns}
        keep = [c for c in RECORD_COLUMNS if c in wanted]
    tables = []
    for name in paths:
        path = Path(name)
        if not path.is_file():
            raise InputError("no such file", path=path, expected="a records table or an export")
        if format == "auto" and _is_records_table(path):
            if keep is None:
                tables.append(read_table(path))
            else:
                # no collector passes over the million lists being decoded (they form no cycles)
                with collector_paused():
                    tables.append(_read_table(path, keep))
        else:
            table = read_file(path, format=format, encoding=encoding, display_path=str(name))
            tables.append(table if keep is None else _kept(table, keep))
        log.info("%s: %d records", name, len(tables[-1]))
    records = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
    repeated = records["record_id"][records["record_id"].duplicated()]
    if len(repeated):
        raise InputError("two inputs give the same record id", value=repeated.iloc[0],
                         expected="distinct record ids (distinct file names or source ids)")
    return records


def write_result(result: DedupResult, directory: str | Path, *, suffix: str = ".csv") -> list[Path]:
    """Write the four tables of ``result`` into ``directory``; return the paths written."""
    directory = Path(directory)
    written = []
    for attribute, stem in RESULT_FILES.items():
        path = directory / f"{stem}{suffix}"
        write_table(getattr(result, attribute), path)
        written.append(path)
    return written


def write_clusters_csv(result: DedupResult, path: str | Path) -> None:
    """The two-column answer ``record_id,study_id`` (sorted by record id)."""
    write_table(result.clusters[["record_id", "study_id"]], path)


def read_pairs(paths: list[str | Path]) -> list[pd.DataFrame]:
    """Shard pair tables written by :func:`write_pairs`, checked for their columns."""
    shards = []
    for name in paths:
        frame = read_table(name)
        if tuple(frame.columns) != SHARD_COLUMNS:
            raise InputError("not a shard pairs table", path=name, value=list(frame.columns)[:5],
                             expected="the output of 'prismake dedup-shard'")
        shards.append(_typed(frame))
    return shards


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Scores back to floats (they are text after a CSV round trip)."""
    out = frame.copy()
    for column in SHARD_COLUMNS[3:-3]:
        out[column] = pd.to_numeric(out[column].replace("", None), errors="raise").astype(float)
    return out


def write_pairs(pairs: pd.DataFrame, path: str | Path) -> None:
    """Write one shard's pairs (Parquet keeps the scores exact; CSV round-trips them too)."""
    write_table(pairs, path)
