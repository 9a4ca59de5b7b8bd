"""One family of errors.

Every message names the file, the line or row, the bad value (as ``repr``) and what was expected,
so that a review team can fix the input without reading code.
"""

from __future__ import annotations

from pathlib import Path


class PrismakeError(Exception):
    """Base class of every error prismake raises on purpose."""


def _where(path: str | Path | None, line: int | None = None, row: int | None = None) -> str:
    parts = []
    if path is not None:
        parts.append(str(path))
    if line is not None:
        parts.append(f"line {line}")
    if row is not None:
        parts.append(f"row {row}")
    return ", ".join(parts) if parts else "<input>"


class InputError(PrismakeError):
    """A bad input file or value: names where, what was found and what was expected."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        row: int | None = None,
        value: object = None,
        expected: str | None = None,
    ) -> None:
        self.path = None if path is None else str(path)
        self.line = line
        self.row = row
        self.value = value
        self.expected = expected
        text = f"{_where(path, line, row)}: {message}"
        if value is not None:
            text += f"; found {value!r}"
        if expected:
            text += f"; expected {expected}"
        super().__init__(text)


class ParseError(InputError):
    """A database export that cannot be read as the format it claims to be."""


class FormatDetectionError(InputError):
    """The format of an export could not be recognised from its content."""


class CountMismatchError(InputError):
    """The number of records parsed differs from the number the database reported."""


class SheetError(InputError):
    """A human decision sheet (screening, appraisal, extraction, coding) is invalid."""


class ConfigError(InputError):
    """The review configuration (config/*.yaml, config/sources.tsv) is invalid."""


class ValidationError(PrismakeError):
    """A table the pipeline produced breaks its schema; carries the failure cases."""

    def __init__(self, message: str, *, failure_cases: object = None) -> None:
        self.failure_cases = failure_cases
        super().__init__(message)
