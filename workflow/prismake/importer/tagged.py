"""Readers for the other field-tagged text exports.

* PubMed/MEDLINE (``.nbib``): ``TAG - value`` with the tag padded to four characters, values
  wrapped on lines indented by six spaces, records separated by blank lines. A PubMed record
  ends with its ``SO`` (source) line, so a last record without one was cut off: an error.
* Web of Science plain text (``FN``/``VR`` header, ``PT`` ... ``ER`` records, ``EF`` at the end):
  two-letter tags, continuation lines indented by three spaces. In list tags (authors, cited
  references, addresses) each continuation line is a new value; elsewhere it wraps the value.
* Ovid native (``.ovd`` Citavi and ``.cgi`` EndNote "Complete Reference" exports): records start
  at ``<1. >`` markers; ``XX  - value`` lines with six-space continuation lines.
* EndNote tagged (``%0 Journal Article``, ``%T`` title, ...): records separated by blank lines;
  a record may lack its ``%0`` type line (EndNote writes such records; their type is "other").
* ProQuest plain text ("Document 1 of 100", then ``Label: value`` paragraphs).
"""

from __future__ import annotations

import re
from pathlib import Path

from prismake.errors import ParseError
from prismake.importer.base import RawRecord


def _add(fields: dict[str, list[str]], tag: str, value: str) -> list[str]:
    values = fields.get(tag)
    if values is None:
        values = fields[tag] = []
    if value:
        values.append(value)
    return values


def _wrap(values: list[str], text: str, sep: str) -> None:
    if values:
        values[-1] = f"{values[-1]}{sep}{text}"
    else:
        values.append(text)


# --- PubMed / MEDLINE ------------------------------------------------------------------------

_NBIB_TAG = re.compile(r"([A-Z][A-Z0-9]{1,3}) {0,3}-(?: (.*)|$)")


def parse_nbib(lines: list[str], *, path: str | Path) -> list[RawRecord]:
    """PubMed/MEDLINE records; see the module docstring."""
    records: list[RawRecord] = []
    fields: dict[str, list[str]] | None = None
    last: list[str] | None = None
    start = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            if fields is not None:
                records.append(RawRecord(start, fields))
                fields = None
            continue
        if line[:1] == " ":
            if fields is None or last is None:
                raise ParseError(
                    "a continuation line outside a record",
                    path=path,
                    line=number,
                    value=line[:80],
                    expected="'PMID- ' to open each record",
                )
            _wrap(last, line.strip(), " ")
            continue
        match = _NBIB_TAG.match(line)
        if match is None:
            raise ParseError(
                "not a MEDLINE tag line",
                path=path,
                line=number,
                value=line[:80],
                expected="'TAG - value' with the tag padded to four characters, e.g. 'TI  - '",
            )
        tag, value = match.group(1), (match.group(2) or "").strip()
        if fields is None:
            fields = {}
            start = number
        elif tag == "PMID" and "PMID" in fields:
            records.append(RawRecord(start, fields))
            fields = {}
            start = number
        last = _add(fields, tag, value)
    if fields is not None:
        records.append(RawRecord(start, fields))
    for record in records:
        owner = (record.fields.get("OWN") or [""])[0]
        if "PMID" not in record.fields and owner in ("NLM", "PIP", "KIE", "NASA", "HMD", ""):
            raise ParseError(
                "a PubMed record without its 'PMID' tag",
                path=path,
                line=record.line,
                value=next(iter(record.fields)),
                expected="'PMID- ' as the first line of each record",
            )
    if records and "PMID" in records[-1].fields and "SO" not in records[-1].fields:
        raise ParseError(
            f"the last record (line {records[-1].line}) has no 'SO' line: it was cut off before "
            f"its end",
            path=path,
            line=len(lines),
            value=lines[-1][:80],
            expected="each PubMed record to end with its 'SO  - ' source line",
        )
    return records


# --- Web of Science plain text ---------------------------------------------------------------

#: Tags whose continuation lines are separate values.
WOS_LIST_TAGS = frozenset("AU AF BA BF BE CA GP CR C1 ED".split())


def parse_wos(lines: list[str], *, path: str | Path) -> list[RawRecord]:
    """Web of Science plain-text records; see the module docstring."""
    records: list[RawRecord] = []
    fields: dict[str, list[str]] | None = None
    last: list[str] | None = None
    last_tag = ""
    start = 0
    seen_ef = False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        tag = line[:2]
        if line[:3] == "   ":
            if fields is None or last is None:
                continue
            text = line.strip()
            if last_tag in WOS_LIST_TAGS:
                last.append(text)
            else:
                _wrap(last, text, " ")
            continue
        if not (tag.isalnum() and tag.isupper() and (len(line) == 2 or line[2] == " ")):
            raise ParseError(
                "not a Web of Science tag line",
                path=path,
                line=number,
                value=line[:80],
                expected="a two-character tag, a space and the value (e.g. 'TI title')",
            )
        value = line[3:].strip()
        if fields is None:
            if tag == "EF":
                seen_ef = True
                continue
            if tag in ("FN", "VR"):
                continue
            if tag != "PT":
                raise ParseError(
                    f"tag {tag!r} outside a record (a record without its 'PT' type tag?)",
                    path=path,
                    line=number,
                    value=line[:80],
                    expected="'PT' to open each record",
                )
            fields = {}
            start = number
        elif tag == "PT":
            raise ParseError(
                f"the record that starts at line {start} has no 'ER' before the next 'PT' "
                f"(a record cut off)",
                path=path,
                line=number,
                value=line[:80],
                expected="'ER' closing each record",
            )
        if tag == "ER":
            records.append(RawRecord(start, fields))
            fields = None
            last = None
            continue
        last = _add(fields, tag, value)
        last_tag = tag
    if fields is not None:
        raise ParseError(
            f"the file ends inside the record that starts at line {start} (a record cut off "
            f"before its end)",
            path=path,
            line=len(lines),
            value=lines[-1][:80],
            expected="'ER' closing the last record",
        )
    if records and not seen_ef:
        raise ParseError(
            "the file ends without its 'EF' line (cut off after a record?)",
            path=path,
            line=len(lines),
            value=lines[-1][:80] if lines else "",
            expected="'EF' as the last line of a Web of Science export",
        )
    return records


# --- Ovid native -----------------------------------------------------------------------------

_OVID_MARK = re.compile(r"<\s*(\d+)\.\s*>\s*$")
_OVID_TAG = re.compile(r"([A-Z][A-Z0-9]{1,3}) {1,3}- ?(.*)")


def parse_ovid(lines: list[str], *, path: str | Path) -> list[RawRecord]:
    """Ovid native records (``<1. >`` markers); see the module docstring."""
    records: list[RawRecord] = []
    fields: dict[str, list[str]] | None = None
    last: list[str] | None = None
    start = 0
    for number, line in enumerate(lines, 1):
        if _OVID_MARK.match(line):
            if fields is not None:
                records.append(RawRecord(start, fields))
            fields = {}
            start = number
            last = None
            continue
        if not line.strip():
            continue
        if line[:1] == " ":
            if fields is not None and last is not None:
                _wrap(last, line.strip(), "\n")
            continue
        match = _OVID_TAG.match(line)
        if fields is None:
            if match:
                raise ParseError(
                    "a field before the first record marker",
                    path=path,
                    line=number,
                    value=line[:80],
                    expected="'<1. >' before the first record",
                )
            continue
        if match is None:
            if last is not None:
                _wrap(last, line.strip(), "\n")
            continue
        last = _add(fields, match.group(1), match.group(2).strip())
    if fields is not None:
        records.append(RawRecord(start, fields))
    return records


# --- EndNote tagged --------------------------------------------------------------------------


def parse_enw(lines: list[str], *, path: str | Path) -> list[RawRecord]:
    """EndNote tagged records (``%0``, ``%T``, ...) separated by blank lines."""
    records: list[RawRecord] = []
    fields: dict[str, list[str]] | None = None
    last: list[str] | None = None
    start = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            if fields is not None:
                records.append(RawRecord(start, fields))
                fields = None
            continue
        if line[:1] == "%" and len(line) >= 2 and (len(line) == 2 or line[2] == " "):
            if fields is None:
                fields = {}
                start = number
            last = _add(fields, line[:2], line[3:].strip())
        elif fields is not None and last is not None:
            _wrap(last, line.strip(), "\n")
        else:
            raise ParseError(
                "not an EndNote tag line",
                path=path,
                line=number,
                value=line[:80],
                expected="'%X value' lines (e.g. '%0 Journal Article', '%T title')",
            )
    if fields is not None:
        records.append(RawRecord(start, fields))
    return records


# --- ProQuest plain text ---------------------------------------------------------------------

_PQ_DOC = re.compile(r"^Document (\d+) of (\d+)\s*$")
_PQ_LABEL = re.compile(r"^([A-Z][A-Za-z /()&-]{1,60}?): (.*)$")
_PQ_RULE = "_" * 20


def parse_proquest(lines: list[str], *, path: str | Path) -> list[RawRecord]:
    """ProQuest plain-text records; the line after "Document n of N" is the title."""
    records: list[RawRecord] = []
    fields: dict[str, list[str]] | None = None
    last: list[str] | None = None
    start = 0
    declared = 0
    for number, line in enumerate(lines, 1):
        doc = _PQ_DOC.match(line)
        if doc:
            if fields is not None:
                records.append(RawRecord(start, fields))
            fields = {}
            start = number
            last = None
            declared = int(doc.group(2))
            continue
        if fields is None or not line.strip():
            continue
        if line.startswith(_PQ_RULE):
            records.append(RawRecord(start, fields))
            fields = None
            continue
        label = _PQ_LABEL.match(line)
        if label:
            last = _add(fields, label.group(1), label.group(2).strip())
        elif not fields:
            last = _add(fields, "Document title", line.strip())
        elif line.startswith("http") and "URL" not in fields:
            last = _add(fields, "URL", line.strip())
        elif last is not None:
            _wrap(last, line.strip(), "\n")
    if fields is not None:
        records.append(RawRecord(start, fields))
    if declared and len(records) != declared:
        raise ParseError(
            f"{len(records)} documents found where the header of the last says {declared}",
            path=path,
            line=len(lines),
            expected=f"{declared} 'Document n of {declared}' sections",
        )
    return records
