"""The human decision sheet: pairs of records a person marked ``same`` or ``different``.

The sheet (``resources/dedup/decisions.csv``, see ``config/README.md``) is replayed on every
build and always wins over the algorithm: ``same`` joins the two records' studies (even studies of
earlier search rounds), ``different`` keeps the two records in different studies whatever links
them otherwise.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from prismake.errors import SheetError
from prismake.sheets import read_sheet, schema

DECISION_COLUMNS = ("record_id_a", "record_id_b", "decision", "reviewer", "note")
HUMAN_DECISIONS = ("same", "different")
LINE = "line"


def _lines(sheet: pd.DataFrame) -> list[int]:
    if LINE in sheet.columns:
        return [int(v) for v in sheet[LINE]]
    return list(range(2, len(sheet) + 2))


def validate_decisions(sheet: pd.DataFrame, *, record_ids: set[str]) -> pd.DataFrame:
    """Check a decision sheet read into a frame; return it with values stripped.

    Raises :class:`SheetError` naming the file, the line and the bad value for: a decision that
    is not ``same``/``different``, an unknown record id, a record paired with itself, or a pair
    that appears twice.
    """
    path = str(sheet.attrs.get("path", "<decisions>"))
    lines = _lines(sheet)
    out = sheet.copy()
    for column in DECISION_COLUMNS:
        if column not in out.columns:
            if column in ("record_id_a", "record_id_b", "decision"):
                raise SheetError(f"missing column {column}", path=path, line=1,
                                 expected="columns " + ", ".join(DECISION_COLUMNS))
            out[column] = ""
        out[column] = [
            "" if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v))
            else str(v).strip()
            for v in out[column]
        ]
    for line, value in zip(lines, out["decision"], strict=True):
        if value not in HUMAN_DECISIONS:
            raise SheetError("bad decision", path=path, line=line, value=value,
                             expected="'same' or 'different'")
    for column in ("record_id_a", "record_id_b"):
        for line, value in zip(lines, out[column], strict=True):
            if value not in record_ids:
                raise SheetError(f"unknown record id in {column}", path=path, line=line,
                                 value=value,
                                 expected="a record_id of the records table "
                                          "(results/import/records.csv)")
    seen: dict[tuple[str, str], int] = {}
    for line, a, b in zip(lines, out["record_id_a"], out["record_id_b"], strict=True):
        if a == b:
            raise SheetError("a record is paired with itself", path=path, line=line, value=a,
                             expected="two different record ids")
        key = (min(a, b), max(a, b))
        if key in seen:
            raise SheetError(f"the pair appears twice (lines {seen[key]} and {line})", path=path,
                             line=line, value=key, expected="one decision per pair")
        seen[key] = line
    out[LINE] = lines
    result = out[[*DECISION_COLUMNS, LINE]]
    result.attrs["path"] = path
    return result


def read_decisions(path: str | Path, *, record_ids: set[str]) -> pd.DataFrame:
    """Read and validate the human decision sheet at ``path``.

    Columns: ``record_id_a``, ``record_id_b``, ``decision`` (``same`` or ``different``),
    ``reviewer`` and ``note`` (both may be empty); the structure is checked against
    ``workflow/schemas/decisions.schema.yaml``, the ids against ``record_ids``. The result adds
    ``line`` (the line each row starts on). A sheet with only its header row decides nothing.
    """
    sheet = read_sheet(path, schema=schema("decisions"))
    return validate_decisions(sheet, record_ids=set(record_ids))
