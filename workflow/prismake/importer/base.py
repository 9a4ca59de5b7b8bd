"""What every reader returns: raw records as ordered tag -> values mappings, with their line."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class RawRecord:
    """One record as the export holds it.

    ``fields`` maps each tag or column name, in the order first seen, to its values in file order
    (a tag that repeats keeps every value). ``line`` is the 1-based line where the record starts.
    """

    line: int
    fields: dict[str, list[str]]


@dataclass(slots=True)
class Parsed:
    """The records of one file plus what the reader learnt about the file's dialect."""

    format: str
    records: list[RawRecord]
    dialect: str = ""
    database: str = ""
    platform: str = ""
    notes: list[str] = field(default_factory=list)
