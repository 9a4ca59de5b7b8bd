"""CSV and tab-delimited exports, read with the standard :mod:`csv` module.

Every row becomes a raw record keyed by the header's column names (a repeated column name keeps
both cells); ``line`` is the physical line where the row starts, counting the line breaks inside
quoted cells. A row with more cells than the header is an error, and so is one with fewer (a row
cut off), except that trailing empty cells may be missing.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from prismake.errors import ParseError
from prismake.importer.base import RawRecord

csv.field_size_limit(1 << 30)


def sniff_delimiter(first_line: str) -> str:
    """Tab, semicolon or comma: whichever the header line holds most of (tab wins ties)."""
    counts = {sep: first_line.count(sep) for sep in ("\t", ";", ",")}
    if counts["\t"] and counts["\t"] >= max(counts[";"], counts[","]):
        return "\t"
    if counts[";"] > counts[","]:
        return ";"
    return ","


def read_rows(
    text: str, *, path: str | Path, delimiter: str | None = None, quoting: int = csv.QUOTE_MINIMAL
) -> tuple[list[str], list[RawRecord]]:
    """The header and one raw record per data row. Entirely empty rows are skipped."""
    stream = io.StringIO(text, newline="")
    first = text.split("\n", 1)[0]
    sep = delimiter or sniff_delimiter(first)
    reader = csv.reader(stream, delimiter=sep, quoting=quoting, strict=False)
    try:
        header = next(reader)
    except StopIteration:
        raise ParseError(
            "no header row", path=path, line=1, expected="a header row naming the columns"
        ) from None
    header = [name.strip().lstrip("\ufeff") for name in header]
    while header and header[-1] == "":
        header.pop()
    width = len(header)
    records: list[RawRecord] = []
    previous = reader.line_num
    try:
        for row in reader:
            start = previous + 1
            previous = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > width:
                if any(cell.strip() for cell in row[width:]):
                    raise ParseError(
                        f"a row with {len(row)} cells under a header of {width} columns",
                        path=path,
                        line=start,
                        value=row[width][:80],
                        expected=f"{width} cells per row (is a quote or delimiter unbalanced?)",
                    )
                row = row[:width]
            elif len(row) < width:
                raise ParseError(
                    f"a row with {len(row)} cells under a header of {width} columns (a row cut "
                    f"off?)",
                    path=path,
                    line=start,
                    value=row[-1][:80] if row else "",
                    expected=f"{width} cells per row",
                )
            fields: dict[str, list[str]] = {}
            for name, cell in zip(header, row, strict=True):
                cell = cell.strip()
                values = fields.get(name)
                if values is None:
                    fields[name] = [cell] if cell else []
                elif cell:
                    values.append(cell)
            records.append(RawRecord(start, fields))
    except csv.Error as exc:
        raise ParseError(
            f"malformed CSV: {exc}",
            path=path,
            line=reader.line_num,
            expected="RFC 4180 CSV (quotes doubled inside quoted cells)",
        ) from exc
    return header, records
