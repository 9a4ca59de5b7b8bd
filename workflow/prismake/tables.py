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

import csv
import gc
import io
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy as np
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


#: JSON as the tables store it: compact, UTF-8 text, keys sorted.
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _json_function() -> Callable[[object], str]:
    """``_JSON.encode``, without building a new C encoder for every value (when the C encoder
    is there: it is an implementation detail of CPython's json module)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover (pure-Python json)
        return _JSON.encode
    chunks = make(
        None,  # no circular-reference check: table cells are never circular
        _JSON.default,
        json.encoder.encode_basestring,
        None,
        _JSON.key_separator,
        _JSON.item_separator,
        _JSON.sort_keys,
        _JSON.skipkeys,
        _JSON.allow_nan,
    )
    join = "".join
    return lambda value: join(chunks(value, 0))


_to_json = _json_function()


def _dump(value: object) -> str:
    kind = type(value)
    if kind is list or kind is dict:
        return _to_json(value) if value else ""
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
            out[column] = list(map(_dump, out[column]))
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


def new_file_mode() -> int:
    """The mode a file created by ``open()`` gets under the process's umask (mkstemp's own
    0600 would make results unreadable to the rest of a review team)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_path(path: Path) -> Path:
    """A temporary path beside ``path``; rename it over ``path`` when the write succeeded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.fchmod(fd, new_file_mode())
    os.close(fd)
    return Path(name)


def write_table(df: pd.DataFrame, path: str | Path) -> None:
    """Write ``df`` to ``path`` (.csv, .tsv or .parquet), atomically and deterministically."""
    path = Path(path)
    tmp = atomic_path(path)
    try:
        if path.suffix == ".parquet":
            encode(df).to_parquet(tmp, index=False)
        else:
            sep = "\t" if path.suffix == ".tsv" else ","
            if not write_csv_text(df, tmp, sep=sep):
                encode(df).to_csv(tmp, index=False, sep=sep, lineterminator="\n", encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


# --- a faster CSV writer ---------------------------------------------------------------------
#
# ``DataFrame.to_csv`` hands every cell to the csv module, which looks at every character of
# every cell in a loop of its own: for a table of 100,000 records (400 MB of text) that is most
# of the time spent writing. The writer below gives the same bytes: it turns each column into
# text exactly as ``to_csv`` does for the column types the pipeline's tables use (text, lists
# and mappings as JSON, nullable integers, integers, booleans, the ``str`` dtype) and quotes a
# cell only where the csv module would (it is asked, once, which characters make it quote).
# Any other column type (floats, dates, categories, ...) leaves the table to ``to_csv``.

_ROWS_AT_A_TIME = 10_000


@cache
def _quoting(sep: str) -> re.Pattern:
    """A pattern matching the characters that make the csv module quote a cell (QUOTE_MINIMAL,
    the dialect ``to_csv`` uses), found by asking the module about each candidate."""
    special = []
    for code in [*range(128), 0x85, 0x2028, 0x2029]:
        char = chr(code)
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=sep, lineterminator="\n").writerow([f"a{char}b", "c"])
        if buffer.getvalue().startswith('"'):
            special.append(char)
    return re.compile("[" + "".join(re.escape(c) for c in special) + "]")


def _quoted(cells: list[str], special: re.Pattern) -> list[str]:
    if special.search("".join(cells)) is None:
        return cells
    search = special.search
    return ['"' + c.replace('"', '""') + '"' if search(c) else c for c in cells]


def _json_cells(values: list, special: re.Pattern) -> list[str]:
    """The cells of a list or mapping column: JSON text, quoted as the csv module would (JSON
    holding a string always holds a double quote, so the test is short)."""
    out = []
    add = out.append
    to_json = _to_json
    search = special.search
    for value in values:
        kind = type(value)
        text = (to_json(value) if value else "") if kind is list or kind is dict else _dump(value)
        if '"' in text or (text and search(text)):
            add('"' + text.replace('"', '""') + '"')
        else:
            add(text)
    return out


_TEXT_TYPES = frozenset({str})
#: Extension types whose cells ``to_csv`` writes as ``str()`` of the Python value.
_EXTENSION_TYPES = (
    pd.StringDtype,
    pd.BooleanDtype,
    pd.Int8Dtype,
    pd.Int16Dtype,
    pd.Int32Dtype,
    pd.Int64Dtype,
    pd.UInt8Dtype,
    pd.UInt16Dtype,
    pd.UInt32Dtype,
    pd.UInt64Dtype,
)
_MAYBE_MISSING = frozenset({str, type(None), float, type(pd.NA)})


def _cells(
    series: pd.Series, name: object, special: re.Pattern
) -> Callable[[int, int], list[str]] | None:
    """A function giving the text ``to_csv`` writes for rows ``[start, stop)`` of ``series``,
    or None for a column type left to ``to_csv``."""
    if name in LIST_COLUMNS or name in MAPPING_COLUMNS:
        values = list(series)
        return lambda start, stop: _Quoted(_json_cells(values[start:stop], special))
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "O":
        values = series.to_numpy(dtype=object)
        kinds = set(map(type, values))
        if kinds <= _TEXT_TYPES:
            texts = values.tolist()
            return lambda start, stop: texts[start:stop]
        if not kinds <= _MAYBE_MISSING:
            return None
        missing = pd.isna(values)
        if any(type(v) is float for v in values[~missing]):
            return None  # a number the csv module writes with repr(): leave it to to_csv
        texts = ["" if gone else v for v, gone in zip(values.tolist(), missing, strict=True)]
        return lambda start, stop: texts[start:stop]
    if isinstance(dtype, _EXTENSION_TYPES):
        array = series.array
        missing = array.isna()
        values = np.asarray(array.astype(object)).tolist()
        texts = ["" if gone else str(v) for v, gone in zip(values, missing, strict=True)]
        return lambda start, stop: texts[start:stop]
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        texts = series.to_numpy().astype(str).tolist()
        return lambda start, stop: texts[start:stop]
    return None


def write_csv_text(df: pd.DataFrame, path: Path, *, sep: str = ",") -> bool:
    """Write ``df`` as ``to_csv(path, index=False, sep=sep, lineterminator="\\n")`` would after
    :func:`encode`, byte for byte; False (nothing written) when a column's type is one this
    writer leaves to ``to_csv``."""
    columns = list(df.columns)
    if len(columns) < 2 or isinstance(df.columns, pd.MultiIndex):
        return False  # a one-column row has a quoting rule of its own; leave it to to_csv
    if not all(isinstance(name, str) for name in columns) or df.columns.has_duplicates:
        return False
    special = _quoting(sep)
    makers = [_cells(df[name], name, special) for name in columns]
    if any(maker is None for maker in makers):
        return False
    join = sep.join
    with _collector_paused(), Path(path).open("w", encoding="utf-8", newline="") as handle:
        handle.write(join(_quoted(columns, special)) + "\n")
        write = handle.write
        for start in range(0, len(df), _ROWS_AT_A_TIME):
            stop = start + _ROWS_AT_A_TIME
            cells = [_cells_quoted(make(start, stop), special) for make in makers]
            cells[-1] = [cell + "\n" for cell in cells[-1]]
            for row in map(join, zip(*cells, strict=True)):
                write(row)
    return True


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while writing: the writer builds millions of
    short-lived cells, none of them in a cycle, and the collector's passes cost a fifth of the
    writing time (bench/bench_import.py)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Quoted(list):
    """Cells already quoted as the csv module would."""


def _cells_quoted(cells: list[str], special: re.Pattern) -> list[str]:
    return cells if isinstance(cells, _Quoted) else _quoted(cells, special)


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
