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
from itertools import chain
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


def write_table(df: pd.DataFrame, path: str | Path, *, plain_json: bool = False) -> None:
    """Write ``df`` to ``path`` (.csv, .tsv or .parquet), atomically and deterministically.

    ``plain_json=True`` says that the list and mapping cells hold only text, integers, booleans
    and None, as a table that passed :func:`prismake.models.records.validate_records` does:
    the CSV writer then hands them to orjson without looking at every value first (0.16 s of
    CPU less for 100,000 records, bench/bench_import.py). Other values in them would be written
    as orjson writes them (a float's spelling may differ from the json module's).
    """
    path = Path(path)
    tmp = atomic_path(path)
    try:
        if path.suffix == ".parquet":
            encode(df).to_parquet(tmp, index=False)
        else:
            sep = "\t" if path.suffix == ".tsv" else ","
            if not write_csv_text(df, tmp, sep=sep, plain_json=plain_json):
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
# Lists and mappings of plain values are encoded by orjson where it is installed (it writes
# them as the json module does; a test checks it). Any other column type (floats, dates,
# categories, ...) leaves the table to ``to_csv``.

#: Rows turned into bytes at a time. 2,500 rows of the records table hold about 10 MB, which
#: the next rows reuse; 10,000 rows made the kernel map 20,000 more pages of fresh memory
#: (0.03 s more CPU for 100,000 records, bench/bench_import.py).
_ROWS_AT_A_TIME = 2_500
#: Bytes gathered before each write to the file (fewer, larger writes than the default 8 KiB).
_WRITE_BUFFER = 1 << 20
#: The characters the csv module is asked about (every other one is never quoted).
_CANDIDATES = tuple(map(chr, [*range(128), 0x85, 0x2028, 0x2029]))


@cache
def _quoting(sep: str) -> re.Pattern:
    """A pattern matching the characters that make the csv module quote a cell (QUOTE_MINIMAL,
    the dialect ``to_csv`` uses), found by asking the module about each candidate."""
    special = []
    for char in _CANDIDATES:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=sep, lineterminator="\n").writerow([f"a{char}b", "c"])
        if buffer.getvalue().startswith('"'):
            special.append(char)
    return re.compile("[" + "".join(re.escape(c) for c in special) + "]")


@cache
def _needs_quotes(special: re.Pattern) -> Callable[[str], bool]:
    """Whether a cell holds a character of ``special``: for three such characters or fewer (a
    comma or a tab as separator), three substring tests, much faster than the pattern's
    search. The separator is tested first: it is the one most cells that need quotes hold."""
    chars = sorted((c for c in _CANDIDATES if special.match(c)), key=lambda c: c not in ",\t")
    if not chars or len(chars) > 3:
        search = special.search
        return lambda cell: search(cell) is not None
    a, b, c = (chars * 3)[:3]
    return lambda cell: a in cell or b in cell or c in cell


@cache
def _needs_quotes_utf8(special: re.Pattern) -> Callable[[bytes], bool]:
    """:func:`_needs_quotes` for a cell's UTF-8 bytes."""
    chars = [c for c in _CANDIDATES if special.match(c)]
    if chars and len(chars) <= 3 and all(c.isascii() for c in chars):
        a, b, c = ([c.encode() for c in chars] * 3)[:3]
        return lambda cell: a in cell or b in cell or c in cell
    needs = _needs_quotes(special)
    return lambda cell: needs(cell.decode("utf-8"))


def _quoted(cells: list[str], special: re.Pattern) -> list[bytes]:
    """The cells quoted as the csv module would, as UTF-8."""
    needs = _needs_quotes(special)
    if not cells:
        return []
    if not any(map(needs, cells[:4])) and not needs("".join(cells)):
        # Most columns need no quotes at all: one test for all their cells, and one encoding
        # (no cell holds a line end, so the line ends split the cells apart again).
        return "\n".join(cells).encode("utf-8").split(b"\n")
    return [
        ('"' + c.replace('"', '""') + '"').encode("utf-8") if needs(c) else c.encode("utf-8")
        for c in cells
    ]


#: Values both JSON encoders write alike (orjson writes floats and other types its own way).
_PLAIN = frozenset({str, int, bool, type(None)})


def _orjson_fits(values: list) -> bool:
    """Whether every cell is a list of plain values or a mapping to plain values or to lists of
    plain values (see :data:`_PLAIN`). Keys are not looked at: orjson refuses any but text,
    and the json module then writes the cell."""
    kinds = set(map(type, values))
    if not kinds <= {list, dict}:
        return False
    leaves: set[type] = set()
    if list in kinds:
        lists = values if dict not in kinds else [v for v in values if type(v) is list]
        leaves |= set(map(type, chain.from_iterable(lists)))
    if dict in kinds:
        dicts = values if list not in kinds else [v for v in values if type(v) is dict]
        inner = set(map(type, chain.from_iterable(map(dict.values, dicts))))
        if list in inner:
            nested = chain.from_iterable(map(dict.values, dicts))
            if inner != {list}:
                nested = (x for x in nested if type(x) is list)
            inner = (inner - {list}) | set(map(type, chain.from_iterable(nested)))
        leaves |= inner
    return leaves <= _PLAIN


def _json_cells(values: list, special: re.Pattern, *, plain: bool = False) -> list[bytes]:
    """The cells of a list or mapping column: JSON text, quoted as the csv module would, as
    UTF-8 (JSON holding a string always holds a double quote, so the test is short). With
    ``plain`` the caller vouches for :func:`_orjson_fits`."""
    if _orjson is None or not (plain or _orjson_fits(values)):
        needs = _needs_quotes(special)
        return [
            ('"' + t.replace('"', '""') + '"' if '"' in t or (t and needs(t)) else t).encode()
            for t in _json_texts(values)
        ]
    needs_utf8 = _needs_quotes_utf8(special)
    dumps = _orjson.dumps
    option = _orjson.OPT_SORT_KEYS
    out = []
    add = out.append
    for value in values:
        if not value:
            add(b"")
            continue
        try:
            text = dumps(value, option=option)
        except TypeError:  # keys that are not text, an integer beyond 64 bits, a surrogate
            text = _to_json(value).encode("utf-8")
        if b'"' in text or needs_utf8(text):
            text = b'"' + text.replace(b'"', b'""') + b'"'
        add(text)
    return out


def _json_texts(values: list) -> list[str]:
    """The JSON text of each cell of a list or mapping column (before quoting)."""
    if _orjson is not None and _orjson_fits(values):
        dumps = _orjson.dumps
        option = _orjson.OPT_SORT_KEYS
        out = []
        for value in values:
            try:
                out.append(dumps(value, option=option).decode("utf-8") if value else "")
            except TypeError:  # keys that are not text, an integer beyond 64 bits, a surrogate
                out.append(_to_json(value))
        return out
    to_json = _to_json
    return [
        (to_json(v) if v else "") if type(v) is list or type(v) is dict else _dump(v)
        for v in values
    ]


try:  # pragma: no cover (depends on the environment)
    import orjson as _orjson
except ImportError:  # pragma: no cover
    _orjson = None


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
#: Nullable integer types whose values fit an int64 (written as numpy writes them, as str does).
_INTEGER_TYPES = (pd.Int8Dtype, pd.Int16Dtype, pd.Int32Dtype, pd.Int64Dtype)


def _cells(
    series: pd.Series, name: object, special: re.Pattern, *, plain_json: bool = False
) -> Callable[[int, int], list[bytes]] | None:
    """A function giving the cells ``to_csv`` writes for rows ``[start, stop)`` of ``series``
    (quoted, as UTF-8), or None for a column type left to ``to_csv``."""
    if name in LIST_COLUMNS or name in MAPPING_COLUMNS:
        # tolist, not list(): iterating a Series asks numpy for each value, six times slower
        # (0.024 s against 0.004 s a column of 100,000 records)
        values = series.tolist()
        return lambda start, stop: _json_cells(values[start:stop], special, plain=plain_json)
    texts = _texts(series)
    if texts is None:
        return None
    return lambda start, stop: _quoted(texts[start:stop], special)


def _texts(series: pd.Series) -> list[str] | None:
    """The text ``to_csv`` writes for each value of ``series`` (before quoting), or None."""
    dtype = series.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "O":
        values = series.to_numpy(dtype=object)
        # map goes faster through a list than through an array: 0.067 s against 0.076 s for
        # the 20 text columns of 100,000 records
        texts = values.tolist()
        kinds = set(map(type, texts))
        if kinds <= _TEXT_TYPES:
            return texts
        if not kinds <= _MAYBE_MISSING:
            return None
        missing = pd.isna(values)
        if any(type(v) is float for v in values[~missing]):
            return None  # a number the csv module writes with repr(): leave it to to_csv
        return ["" if gone else v for v, gone in zip(texts, missing, strict=True)]
    if isinstance(dtype, _INTEGER_TYPES):
        array = series.array
        texts = array.to_numpy(dtype=np.int64, na_value=0).astype(str).astype(object)
        texts[array.isna()] = ""
        return texts.tolist()
    if isinstance(dtype, _EXTENSION_TYPES):
        array = series.array
        missing = array.isna()
        values = np.asarray(array.astype(object)).tolist()
        return ["" if gone else str(v) for v, gone in zip(values, missing, strict=True)]
    if isinstance(dtype, np.dtype) and dtype.kind in "iub":
        return series.to_numpy().astype(str).tolist()
    return None


def write_csv_text(
    df: pd.DataFrame, path: Path, *, sep: str = ",", plain_json: bool = False
) -> bool:
    """Write ``df`` as ``to_csv(path, index=False, sep=sep, lineterminator="\\n")`` would after
    :func:`encode`, byte for byte; False (nothing written) when a column's type is one this
    writer leaves to ``to_csv``. ``plain_json``: see :func:`write_table`."""
    columns = list(df.columns)
    if len(columns) < 2 or isinstance(df.columns, pd.MultiIndex):
        return False  # a one-column row has a quoting rule of its own; leave it to to_csv
    if not all(isinstance(name, str) for name in columns) or df.columns.has_duplicates:
        return False
    special = _quoting(sep)
    makers = [_cells(df[name], name, special, plain_json=plain_json) for name in columns]
    if any(maker is None for maker in makers):
        return False
    join = sep.encode("utf-8").join
    with collector_paused(), _open_for_writing(path) as handle:
        handle.write(join(_quoted(columns, special)) + b"\n")
        for start in range(0, len(df), _ROWS_AT_A_TIME):
            stop = start + _ROWS_AT_A_TIME
            cells = [make(start, stop) for make in makers]
            cells[-1] = [cell + b"\n" for cell in cells[-1]]
            handle.writelines(map(join, zip(*cells, strict=True)))
        handle.truncate()  # whatever an existing file held beyond what was written
    return True


def _open_for_writing(path: str | Path) -> io.BufferedWriter:
    """``path`` opened for writing from its start, created if need be, but not truncated: the
    caller truncates after writing.

    ext4 takes a file truncated on opening (``open(path, "wb")``), then written, for a file
    being replaced, and on closing it makes the kernel allocate its blocks at once: for the
    380 MB records table of 100,000 records that close took 0.02 s of CPU and up to 0.13 s of
    wall time (bench/bench_import.py). :func:`write_table` writes to a new, empty file, where
    truncating changes nothing.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
    return os.fdopen(fd, "wb", buffering=_WRITE_BUFFER)


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector: reading and writing large tables builds millions of
    objects, none of them in a cycle, and the collector's passes over them cost more than the
    work itself when parsing and a fifth of the time when writing (bench/bench_import.py).

    With ``freeze`` the objects alive on the way out are moved to the collector's permanent
    generation (``gc.freeze``) before it runs again: otherwise its first pass would walk every
    list and dict of a table just built. They are still freed, by reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if freeze:
                gc.freeze()
            gc.enable()


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
