"""Reading the human sheets and checking tables against their pandera models.

Human sheets (screening decisions, CASP answers, study characteristics, coding) are small CSV files
that people edit by hand. :func:`read_sheet` reads one with the *physical* line number where each
row starts (the header is line 1; a quoted note spanning two lines moves every later row down),
so every error can point at the line a text editor shows. The frame keeps that number in a
``line`` column and the file's path in ``frame.attrs["path"]``.

:func:`check_sheet` validates a sheet against a pandera model and reports failures as a
:class:`~prismake.errors.SheetError` naming lines; :func:`check_table` validates a table the
pipeline produced and raises :class:`~prismake.errors.ValidationError` carrying pandera's failure
cases.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from prismake.errors import SheetError, ValidationError

log = logging.getLogger(__name__)

#: Name of the column that holds each row's physical line number.
LINE = "line"
#: How many ids or failures an error message lists before it says "and N more".
PREVIEW = 10


def preview(values: Iterable[object], *, limit: int = PREVIEW) -> str:
    """``"a, b, c"`` or ``"a, b, c and 7 more"``: a short list for an error message."""
    values = [str(v) for v in values]
    head = ", ".join(values[:limit])
    if len(values) > limit:
        head += f" and {len(values) - limit} more"
    return head


def sheet_path(sheet: pd.DataFrame) -> str:
    """The file a sheet was read from, or ``"<sheet>"`` for a frame built in memory."""
    return str(sheet.attrs.get("path", "<sheet>"))


def sheet_lines(sheet: pd.DataFrame) -> list[int]:
    """The physical line of every row (header = line 1), also for frames built in memory."""
    if LINE in sheet.columns:
        return [int(v) for v in sheet[LINE]]
    return list(range(2, len(sheet) + 2))


def read_sheet(
    path: str | Path,
    *,
    columns: Sequence[str],
    optional: Sequence[str] = (),
) -> pd.DataFrame:
    """Read a human sheet (UTF-8 CSV with a header row) into a frame of text.

    ``columns`` must all be present and ``optional`` may be; any other column is an error, so a
    misspelt header is caught. Cells are stripped of surrounding white space; blank lines are
    skipped. The result holds ``columns``, then ``optional`` (empty text where absent), then
    ``line``; ``attrs["path"]`` is ``str(path)``.
    """
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(_rows(handle))
    except UnicodeDecodeError as exc:
        raise SheetError(
            "the sheet is not UTF-8 text", path=path, value=exc.object[exc.start : exc.end],
            expected="a UTF-8 encoded CSV file",
        ) from exc
    except csv.Error as exc:
        raise SheetError(
            f"the sheet is not valid CSV ({exc})", path=path, expected="comma-separated values"
        ) from exc
    if not rows:
        raise SheetError("the sheet is empty", path=path, line=1, expected="a header row")
    _, header = rows[0]
    header = [h.strip() for h in header]
    _check_header(header, path=path, columns=columns, optional=optional)
    data: dict[str, list[object]] = {c: [] for c in (*columns, *optional, LINE)}
    for line, cells in rows[1:]:
        if len(cells) != len(header):
            raise SheetError(
                f"row has {len(cells)} fields", path=path, line=line, value=cells,
                expected=f"{len(header)} fields ({', '.join(header)})",
            )
        record = dict(zip(header, (c.strip() for c in cells), strict=True))
        for column in (*columns, *optional):
            data[column].append(record.get(column, ""))
        data[LINE].append(line)
    frame = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in data.items()})
    frame[LINE] = frame[LINE].astype("int64")
    frame.attrs["path"] = str(path)
    log.info("read %d rows from %s", len(frame), path)
    return frame


def _rows(handle) -> Iterable[tuple[int, list[str]]]:
    reader = csv.reader(handle)
    previous = 0
    for cells in reader:
        start = previous + 1
        previous = reader.line_num
        if not cells or all(not c.strip() for c in cells):
            continue
        yield start, cells


def _check_header(
    header: list[str], *, path: Path, columns: Sequence[str], optional: Sequence[str]
) -> None:
    expected = f"columns {', '.join(columns)}" + (
        f" (optionally {', '.join(optional)})" if optional else ""
    )
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise SheetError("duplicate column", path=path, line=1, value=name, expected=expected)
        seen.add(name)
    missing = [c for c in columns if c not in seen]
    if missing:
        raise SheetError(
            f"missing column(s) {', '.join(missing)}", path=path, line=1, value=header,
            expected=expected,
        )
    unknown = [c for c in header if c not in columns and c not in optional]
    if unknown:
        raise SheetError(
            f"unknown column(s) {', '.join(unknown)}", path=path, line=1, value=header,
            expected=expected,
        )


def check_sheet(model: type[pa.DataFrameModel], sheet: pd.DataFrame) -> pd.DataFrame:
    """Validate ``sheet`` (without its ``line`` column) against ``model``, lazily.

    Returns the validated (coerced) frame with ``line`` and ``attrs`` kept. On failure raises a
    :class:`SheetError` naming the line of the first failure and listing up to :data:`PREVIEW`
    failures; the error's ``failure_cases`` holds pandera's full table, with a ``line`` column.
    """
    lines = pd.Series(sheet_lines(sheet), index=sheet.index)
    body = sheet.drop(columns=[LINE], errors="ignore")
    try:
        valid = model.validate(body, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.copy()
        cases[LINE] = [
            int(lines[i]) if i is not None and not pd.isna(i) and i in lines.index else None
            for i in cases["index"]
        ]
        items = [
            (f"line {ln}: " if ln is not None else "")
            + f"column {col!r} value {val!r} fails {check}"
            for ln, col, val, check in zip(
                cases[LINE], cases["column"], cases["failure_case"], cases["check"], strict=True
            )
        ]
        first = cases.iloc[0]
        err = SheetError(
            f"{len(items)} invalid value(s): {preview(items)}",
            path=sheet_path(sheet),
            line=None if first[LINE] is None else int(first[LINE]),
            expected=f"values that satisfy {model.__name__}",
        )
        err.failure_cases = cases
        raise err from exc
    valid = valid.copy()
    valid[LINE] = lines.to_numpy()
    valid.attrs = dict(sheet.attrs)
    return valid


def check_table(model: type[pa.DataFrameModel], table: pd.DataFrame, *, name: str) -> pd.DataFrame:
    """Validate a table the pipeline produced; raise :class:`ValidationError` with failure cases."""
    try:
        return model.validate(table, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        items = [
            f"column {col!r} value {val!r} fails {check}"
            for col, val, check in zip(
                cases["column"], cases["failure_case"], cases["check"], strict=True
            )
        ]
        message = f"{name} breaks its schema {model.__name__}: {preview(items)}"
        raise ValidationError(message, failure_cases=cases) from exc


def first_duplicate(
    sheet: pd.DataFrame, columns: Sequence[str], *, what: str
) -> None:
    """Raise a :class:`SheetError` if two rows share the values of ``columns``."""
    lines = sheet_lines(sheet)
    seen: dict[tuple, int] = {}
    for line, key in zip(lines, sheet[list(columns)].itertuples(index=False, name=None), strict=True):
        if key in seen:
            value = key[0] if len(key) == 1 else key
            raise SheetError(
                f"{what} appears twice (lines {seen[key]} and {line})",
                path=sheet_path(sheet), line=line, value=value, expected="each exactly once",
            )
        seen[key] = line


def check_known_ids(
    sheet: pd.DataFrame, known: Iterable[str], *, column: str = "study_id", expected: str
) -> None:
    """Raise a :class:`SheetError` naming the first row whose ``column`` is not in ``known``."""
    known = set(known)
    unknown = [
        (line, value)
        for line, value in zip(sheet_lines(sheet), sheet[column], strict=True)
        if value not in known
    ]
    if unknown:
        line, value = unknown[0]
        more = f" ({len(unknown)} rows in all: {preview(v for _, v in unknown)})" if len(
            unknown
        ) > 1 else ""
        raise SheetError(
            f"unknown {column}{more}", path=sheet_path(sheet), line=line, value=value,
            expected=expected,
        )


def check_all_present(
    sheet: pd.DataFrame, required: Iterable[str], *, column: str = "study_id", what: str
) -> None:
    """Raise a :class:`SheetError` listing every id of ``required`` the sheet lacks."""
    present = set(sheet[column])
    missing = sorted(set(required) - present)
    if missing:
        raise SheetError(
            f"{len(missing)} {what} missing from the sheet: {preview(missing)}",
            path=sheet_path(sheet), expected=f"one row per {what.rstrip('s')}",
        )
