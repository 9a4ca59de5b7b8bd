"""BibTeX exports (Zotero, Scopus, Web of Science, ACM, ...) read with :mod:`bibtexparser` v2.

Gaps of the library filled here: an entry whose field repeats (bibtexparser puts it aside as a
failed block) is kept with every value; a block that does not parse is an error naming its line
rather than a silent drop, after a second try with a small brace-counting reader (bibtexparser
gives up on entries whose braced values contain ``@``, as EBSCOhost's do); ``@comment``,
``@string`` and ``@preamble`` blocks are not records.
Field names are lower-cased; ``ENTRYTYPE`` and ``ID`` hold the entry type and citation key.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import bibtexparser
from bibtexparser import model

from prismake.errors import ParseError
from prismake.importer.base import RawRecord

log = logging.getLogger(__name__)


def _unwrap(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == "{" and value[-1] == "}":
        depth = 0
        for i, ch in enumerate(value):
            depth += ch == "{"
            depth -= ch == "}"
            if depth == 0 and i < len(value) - 1:
                return value
        return value[1:-1]
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        return value[1:-1]
    return value


def _record(entry: model.Entry, *, unwrap: bool) -> RawRecord:
    fields: dict[str, list[str]] = {"ENTRYTYPE": [entry.entry_type], "ID": [entry.key]}
    for item in entry.fields:
        value = item.value if isinstance(item.value, str) else str(item.value)
        if unwrap:
            value = _unwrap(value)
        value = value.strip()
        values = fields.setdefault(item.key.lower(), [])
        if value:
            values.append(value)
    return RawRecord(entry.start_line + 1, fields)


_HEAD = re.compile(r"\s*@([A-Za-z]+)\s*[{(]\s*([^,\s]*)\s*,")
_NAME = re.compile(r"\s*([A-Za-z][\w:+.-]*)\s*=\s*")


def _value(text: str, pos: int) -> tuple[str, int] | None:
    """One field value starting at ``pos``: ``{...}`` (braces balanced), ``"..."`` or a word."""
    if pos >= len(text):
        return None
    if text[pos] == "{":
        depth = 0
        for i in range(pos, len(text)):
            depth += text[i] == "{"
            depth -= text[i] == "}"
            if depth == 0:
                return text[pos + 1 : i], i + 1
        return None
    if text[pos] == '"':
        end = text.find('"', pos + 1)
        return (text[pos + 1 : end], end + 1) if end != -1 else None
    match = re.match(r"[^,}\s]+", text[pos:])
    return (match.group(0), pos + match.end()) if match else None


_ENTRY_START = re.compile(r"\s*@[A-Za-z]+\s*[{(]")


def _entry_end(lines: list[str], start: int) -> int:
    """Index of the first line after ``start`` (0-based) that opens another entry."""
    for index in range(start + 1, len(lines)):
        if _ENTRY_START.match(lines[index]):
            return index
    return len(lines)


def _fallback(raw: str, line: int) -> RawRecord | None:
    """Read one entry that bibtexparser gave up on (an ``@`` inside a braced value trips it).

    Only a complete entry with balanced braces is accepted; anything else returns None.
    """
    head = _HEAD.match(raw)
    if head is None:
        return None
    fields: dict[str, list[str]] = {"ENTRYTYPE": [head.group(1).lower()], "ID": [head.group(2)]}
    pos = head.end()
    while True:
        name = _NAME.match(raw, pos)
        if name is None:
            rest = raw[pos:].strip()
            return RawRecord(line, fields) if rest in ("}", ")") else None
        value = _value(raw, name.end())
        if value is None:
            return None
        text, pos = value
        values = fields.setdefault(name.group(1).lower(), [])
        if text.strip():
            values.append(" ".join(text.split()))
        comma = re.match(r"\s*,", raw[pos:])
        if comma:
            pos += comma.end()


def parse_bibtex(text: str, *, path: str | Path) -> list[RawRecord]:
    """Records of a BibTeX file, in file order."""
    library = bibtexparser.parse_string(text)
    lines = text.split("\n")
    records: list[RawRecord] = []
    covered = -1
    for block in library.blocks:
        if block.start_line <= covered:
            continue  # a piece of an entry the fallback reader already took whole
        if isinstance(block, model.Entry):
            records.append(_record(block, unwrap=False))
        elif isinstance(block, (model.DuplicateFieldKeyBlock, model.DuplicateBlockKeyBlock)):
            entry = block.ignore_error_block
            records.append(_record(entry, unwrap=isinstance(block, model.DuplicateFieldKeyBlock)))
        elif isinstance(block, model.ParsingFailedBlock):
            end = _entry_end(lines, block.start_line)
            fallback = _fallback("\n".join(lines[block.start_line : end]), block.start_line + 1)
            if fallback is not None:
                records.append(fallback)
                covered = end - 1
                continue
            raw = (block.raw or "").strip().splitlines()
            raise ParseError(
                "a BibTeX entry that does not parse (a value's braces or quotes do not balance)",
                path=path,
                line=block.start_line + 1,
                value=raw[0][:80] if raw else "",
                expected="@type{key, field = {value}, ...} with balanced braces",
            )
    records.sort(key=lambda r: r.line)
    return records
