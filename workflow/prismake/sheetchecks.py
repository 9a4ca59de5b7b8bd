"""Checks shared by the stages that read human sheets, and the output-table check.

The JSON Schema layer (:mod:`prismake.sheets`) has already checked each sheet's structure row by
row and given it a ``line`` column (the physical line where the row starts; the header is line 1).
The checks here are the ones that need more than one row or another table: ids known, each study
exactly once, nothing missing. They take any frame; without a ``line`` column the line is the data
row number + 1, as for a file without multi-line cells.

:func:`check_sheet` validates a sheet against a pandera model and reports failures as a
:class:`~prismake.errors.SheetError` naming lines; :func:`check_table` validates a table the
pipeline produced and raises :class:`~prismake.errors.ValidationError` carrying pandera's failure
cases.
"""

from __future__ import annotations

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


def sheet_path(sheet: pd.DataFrame, path: str | Path | None = None) -> str:
    """``path`` if given, else the path the reader recorded, else ``"<sheet>"``."""
    if path is not None:
        return str(path)
    return str(sheet.attrs.get("path", "<sheet>"))


def sheet_lines(sheet: pd.DataFrame) -> list[int]:
    """The physical line of every row (header = line 1), also for frames built in memory."""
    if LINE in sheet.columns:
        return [int(v) for v in sheet[LINE]]
    return list(range(2, len(sheet) + 2))


def text_column(sheet: pd.DataFrame, column: str) -> list[str]:
    """The cells of ``column`` as stripped text (missing cells and NaN become ``""``)."""
    if column not in sheet.columns:
        return [""] * len(sheet)
    return [
        "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v).strip()
        for v in sheet[column]
    ]


def require_columns(
    sheet: pd.DataFrame, columns: Sequence[str], *, path: str | Path | None = None
) -> None:
    """Raise a :class:`SheetError` if ``sheet`` lacks any of ``columns``."""
    missing = [c for c in columns if c not in sheet.columns]
    if missing:
        raise SheetError(
            f"missing column(s) {missing}",
            path=sheet_path(sheet, path),
            line=1,
            value=[c for c in sheet.columns if c != LINE],
            expected=f"columns {list(columns)}",
        )


def check_sheet(
    model: type[pa.DataFrameModel], sheet: pd.DataFrame, *, path: str | Path | None = None
) -> pd.DataFrame:
    """Validate ``sheet`` (without its ``line`` column) against ``model``, lazily.

    Returns the validated (coerced) frame with ``line`` put back. On failure raises a
    :class:`SheetError` naming the line of the first failure and listing up to :data:`PREVIEW`
    failures; the error's ``failure_cases`` holds pandera's full table with a ``line`` column.
    """
    lines = pd.Series(sheet_lines(sheet), index=sheet.index)
    body = sheet.drop(columns=[LINE], errors="ignore")
    try:
        valid = model.validate(body, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.copy()
        cases[LINE] = pd.Series(
            [_line_of(i, lines) for i in cases["index"]], dtype=object, index=cases.index
        )
        items = _failure_items(cases)
        err = SheetError(
            f"{len(items)} invalid value(s): {preview(items)}",
            path=sheet_path(sheet, path),
            expected=f"values that satisfy {model.__name__}",
        )
        err.failure_cases = cases
        raise err from exc
    valid = valid.copy()
    valid[LINE] = lines.to_numpy()
    valid.attrs = dict(sheet.attrs)
    return valid


def _failure_items(cases: pd.DataFrame) -> list[str]:
    """One readable item per bad cell: a failed cast is reported once, at its line, and the
    follow-on failures pandera records without a row are dropped."""
    located = {c for c, ln in zip(cases["column"], cases[LINE], strict=True) if ln is not None}
    items: list[str] = []
    seen: set[tuple] = set()
    for ln, col, val, check in zip(
        cases[LINE], cases["column"], cases["failure_case"], cases["check"], strict=True
    ):
        if (ln is None and col in located) or (ln, col, str(val)) in seen:
            continue
        seen.add((ln, col, str(val)))
        where = f"line {ln}: " if ln is not None else ""
        items.append(f"{where}column {col!r} value {val!r} fails {check}")
    return items


def _line_of(index: object, lines: pd.Series) -> int | None:
    if index is None or (isinstance(index, float) and pd.isna(index)):
        return None
    return int(lines[index]) if index in lines.index else None


def check_table(model: type[pa.DataFrameModel], table: pd.DataFrame, *, name: str) -> pd.DataFrame:
    """Validate a table the pipeline produced; raise :class:`ValidationError` with failure cases
    (all of them are logged too)."""
    try:
        return model.validate(table, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        log.error("%s breaks its schema %s:\n%s", name, model.__name__, cases.to_string())
        items = [
            f"column {col!r} value {val!r} fails {check}"
            for col, val, check in zip(
                cases["column"], cases["failure_case"], cases["check"], strict=True
            )
        ]
        message = f"{name} breaks its schema {model.__name__}: {preview(items)}"
        raise ValidationError(message, failure_cases=cases) from exc


def check_unique(
    sheet: pd.DataFrame, columns: Sequence[str], *, what: str, path: str | Path | None = None
) -> None:
    """Raise a :class:`SheetError` naming both lines if two rows share the values of ``columns``."""
    seen: dict[tuple, int] = {}
    keys = zip(*(text_column(sheet, c) for c in columns), strict=True)
    for line, key in zip(sheet_lines(sheet), keys, strict=True):
        if key in seen:
            raise SheetError(
                f"{what} appears twice (lines {seen[key]} and {line})",
                path=sheet_path(sheet, path),
                line=line,
                value=key[0] if len(key) == 1 else key,
                expected="each exactly once",
            )
        seen[key] = line


def check_known(
    sheet: pd.DataFrame,
    known: Iterable[str],
    *,
    column: str = "study_id",
    expected: str,
    path: str | Path | None = None,
) -> None:
    """Raise a :class:`SheetError` naming the first row whose ``column`` is not in ``known``."""
    known = set(known)
    unknown = [
        (line, value)
        for line, value in zip(sheet_lines(sheet), text_column(sheet, column), strict=True)
        if value not in known
    ]
    if unknown:
        line, value = unknown[0]
        more = (
            f" ({len(unknown)} rows in all: {preview(v for _, v in unknown)})"
            if len(unknown) > 1
            else ""
        )
        raise SheetError(
            f"unknown {column}{more}",
            path=sheet_path(sheet, path),
            line=line,
            value=value,
            expected=expected,
        )


def check_complete(
    sheet: pd.DataFrame,
    required: Iterable[str],
    *,
    column: str = "study_id",
    what: str = "studies",
    expected: str = "one row for each",
    path: str | Path | None = None,
) -> None:
    """Raise a :class:`SheetError` listing (sorted) every id of ``required`` the sheet lacks."""
    present = set(text_column(sheet, column))
    missing = sorted(set(required) - present)
    if missing:
        raise SheetError(
            f"{len(missing)} {what} missing from the sheet: {preview(missing)}",
            path=sheet_path(sheet, path),
            expected=expected,
        )
