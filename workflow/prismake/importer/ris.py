"""A fast line-oriented RIS reader.

RIS is read here rather than with :mod:`rispy` because rispy keeps only the first value of a
repeated non-list tag (a second ``SN`` or ``DO`` is lost), does not recognise a lone ``\\r`` as a
line end, drops a record cut off before ``ER`` without a word, and is several times slower than a
reader that only splits lines (``bench/bench_import.py`` measures both). rispy remains the
reference in the tests: on well-formed files both readers see the same records.

Rules (each a test in ``tests/unit/test_import_ris.py``):

* a tag line is ``XX  - value``; ``XX`` is an upper-case letter then an upper-case letter or a
  digit. Vendors' looser forms (``KW - x``, ``A1<TAB>- x``) are accepted;
* a record runs from ``TY`` to ``ER``; a record cut off before ``ER`` (by the end of the file or by
  the next ``TY``) is an error, never a silent drop;
* a tag line before the first ``TY``, or an ``ER`` with no open record (a record without its
  ``TY``), is an error; other tags between ``ER`` and the next ``TY`` belong to the record before
  them (Ovid writes ``NL`` after ``ER``);
* a line that is not a tag line continues the previous value (joined with a newline); outside a
  record such lines are export headers (``1.``, ``Record #1 of 2``, ``Provider: ...``) and skipped;
* every value of every tag is kept, in file order; empty values are dropped;
* tags outside the RIS specification and the vendor extensions listed in :data:`KNOWN_TAGS` are
  kept as well, and logged once per file as a warning naming the line.
"""

from __future__ import annotations

import logging
import re
import string
from pathlib import Path

from prismake.errors import ParseError
from prismake.importer.base import RawRecord
from prismake.importer.encoding import split_lines

log = logging.getLogger(__name__)

_UPPER = string.ascii_uppercase
VALID_TAGS = frozenset(a + b for a in _UPPER for b in _UPPER + string.digits)
_LOOSE = re.compile(r"([A-Z][A-Z0-9])[ \t]{0,3}-(?:[ \t]+(.*)|[ \t]*$)")
_TAG_LIKE = re.compile(r"([A-Za-z0-9]{2})  - ")

#: Tags of the RIS specification plus those the databases and reference managers really write
#: (Web of Science, Scopus, Embase, Ovid, EBSCOhost, ProQuest, Lens, Dimensions, Zotero, EndNote,
#: Citavi, Rayyan, ASReview). Anything else is still kept, with a warning.
KNOWN_TAGS = frozenset(
    """TY ER A1 A2 A3 A4 AB AD AI AN AU BT C1 C2 C3 C4 C5 C6 C7 C8 CA CN CP CT CY DA DB DI DO DP
    ED EP ET FU FX ID IS J1 J2 J9 JA JF JI JO KW L1 L2 L3 L4 LA LB LK M1 M2 M3 M4 N1 N2 NL NV OP
    PA PB PI PP PU PY RI RN RP SE SN SO SP ST T1 T2 T3 TA TI TS TT U1 U2 U3 U4 U5 UK UR VL VO WE
    Y1 Y2""".split()
)


def parse_ris(
    lines: list[str],
    *,
    path: str | Path,
    first: int = 1,
    records: list[RawRecord] | None = None,
    warn: bool = True,
) -> list[RawRecord]:
    """Parse RIS lines into raw records, line by line (see the module docstring for the rules).

    ``first`` is the file line number of ``lines[0]``; records are appended to ``records``.
    """
    records = [] if records is None else records
    add_record = records.append
    valid = VALID_TAGS
    fields: dict[str, list[str]] | None = None
    last: list[str] | None = None
    start = 0
    new_tags: dict[str, int] = {}
    pieces: list[str] = []  # continuation lines of the last value, joined when it ends
    for number, line in enumerate(lines, first):
        if line[2:5] == "  -" and fields is not None:
            tag = line[:2]
            if tag in valid:
                # The fast path: a well-formed tag line inside a record.
                if pieces:
                    last[-1] = "\n".join(pieces)
                    pieces = []
                if tag == "ER":
                    add_record(RawRecord(start, fields))
                    fields = last = None
                    continue
                if tag == "TY":
                    _cut_off(path, start, number, line)
                value = line[5:].strip()
                values = fields.get(tag)
                if values is None:
                    last = fields[tag] = [value] if value else []
                    if tag not in new_tags:
                        new_tags[tag] = number
                else:
                    if value:
                        values.append(value)
                    last = values
                continue
        # The slow path: loose tag lines, continuation lines, lines outside records.
        match = _LOOSE.match(line)
        if match is None:
            text = line.strip()
            if not text:
                continue
            bad = _TAG_LIKE.match(line)
            if bad and bad.group(1) not in valid:
                _malformed(path, number, line)
            if fields is None or last is None:
                continue
            if not last:  # an empty tag whose value starts on the next line
                last.append(text)
                continue
            if not pieces:
                pieces.append(last[-1])
            pieces.append(text)
            continue
        if pieces:
            last[-1] = "\n".join(pieces)
            pieces = []
        tag, value = match.group(1), (match.group(2) or "").strip()
        if fields is None:
            if tag == "TY":
                last = [value] if value else []
                fields = {"TY": last}
                start = number
                continue
            if records and tag != "ER":
                # Ovid writes 'NL' after 'ER': a trailing tag belongs to the record before it.
                trailing = records[-1].fields.setdefault(tag, [])
                if value:
                    trailing.append(value)
                continue
            raise ParseError(
                f"tag {tag!r} outside a record (a record without its type tag?)",
                path=path,
                line=number,
                value=line[:80],
                expected="'TY  - ' to open each record",
            )
        if tag == "ER":
            add_record(RawRecord(start, fields))
            fields = last = None
            continue
        if tag == "TY":
            _cut_off(path, start, number, line)
        values = fields.get(tag)
        if values is None:
            values = fields[tag] = []
            new_tags.setdefault(tag, number)
        if value:
            values.append(value)
        last = values
    if fields is not None:
        raise ParseError(
            f"the file ends inside the record that starts at line {start} (a record cut off "
            f"before its end)",
            path=path,
            line=first + len(lines) - 1,
            value=lines[-1][:80] if lines else "",
            expected="'ER  - ' closing the last record",
        )
    if warn:
        for tag, number in new_tags.items():
            if tag not in KNOWN_TAGS:
                log.warning("%s, line %d: unknown RIS tag %r kept in 'extra'", path, number, tag)
    return records


def parse_ris_text(text: str, *, path: str | Path) -> list[RawRecord]:
    """Parse RIS text (any line ends) into raw records."""
    return parse_ris(split_lines(text), path=path)


def _cut_off(path: str | Path, start: int, number: int, line: str) -> None:
    raise ParseError(
        f"the record that starts at line {start} has no end tag before the next 'TY' "
        f"(a record cut off)",
        path=path,
        line=number,
        value=line[:80],
        expected="'ER  - ' closing each record",
    )


def _malformed(path: str | Path, number: int, line: str) -> None:
    raise ParseError(
        "a tag line whose tag is not two upper-case letters or digits",
        path=path,
        line=number,
        value=line[:80],
        expected="a tag such as 'TI  - ' (an upper-case letter, then a letter or digit)",
    )
