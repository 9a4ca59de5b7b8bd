"""A fast line-oriented RIS reader.

RIS is read here rather than with :mod:`rispy` because rispy keeps only the first value of a
repeated non-list tag (a second ``SN`` or ``DO`` is lost), does not recognise a lone ``\\r`` as a
line end, drops a record cut off before ``ER`` without a word, and is several times slower than a
reader that only splits lines (``bench/bench_import.py`` measures both).
rispy remains the reference in the tests: on well-formed files both readers see the same records.

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

A large file need not be in memory as one text: :func:`parse_ris_chunks` reads it piece by
piece, each up to its last ``ER`` line (where no record is open), with the same result.
"""

from __future__ import annotations

import logging
import re
import string
from collections.abc import Iterable, Iterator
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
    new_tags: dict[str, int] | None = None,
) -> list[RawRecord]:
    """Parse RIS lines into raw records, line by line (see the module docstring for the rules).

    ``first`` is the file line number of ``lines[0]``; records are appended to ``records``, and
    the line where each tag is first seen to ``new_tags``. A record still open after the last
    line was cut off by the end of the file.
    """
    records = [] if records is None else records
    valid = VALID_TAGS
    body = _BODY_TAGS
    fields: dict[str, list[str]] | None = None
    get = None  # fields.get of the open record
    last: list[str] | None = None
    start = 0
    new_tags = {} if new_tags is None else new_tags
    seen = set(KNOWN_TAGS).union(new_tags)  # tags whose first line needs no noting

    def close(number: int) -> None:
        records.append(RawRecord(start, fields))
        if not fields.keys() <= seen:
            _note_new(fields, lines[start - first : number - first], start, new_tags, seen)

    pieces: list[str] = []  # continuation lines of the last value, joined when it ends
    for number, line in enumerate(lines, first):
        if fields is not None and line[2:6] == "  - ":
            tag = line[:2]
            if tag in body and not pieces:
                # The fast path: a well-formed tag line inside a record.
                value = line[6:].strip()
                values = get(tag)
                if values is None:
                    last = fields[tag] = [value] if value else []
                else:
                    if value:
                        values.append(value)
                    last = values
                continue
        if fields is not None and line[2:5] == "  -":
            tag = line[:2]
            if tag in valid:
                if pieces:
                    last[-1] = "\n".join(pieces)
                    pieces = []
                if tag == "ER":
                    close(number)
                    fields = get = last = None
                    continue
                if tag == "TY":
                    _cut_off(path, start, number, line)
                value = line[5:].strip()
                values = get(tag)
                if values is None:
                    last = fields[tag] = [value] if value else []
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
                get = fields.get
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
            close(number)
            fields = get = last = None
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
        _warn_unknown(path, new_tags)
    return records


_BODY_TAGS = VALID_TAGS - {"TY", "ER"}


def _note_new(
    fields: dict[str, list[str]],
    lines: list[str],
    first: int,
    new_tags: dict[str, int],
    seen: set[str],
) -> None:
    """Note the line where each tag of a record (``lines``, from file line ``first``) that no
    earlier record had first appears."""
    for tag in fields:
        if tag in seen:
            continue
        seen.add(tag)
        for number, line in enumerate(lines, first):
            if line[:2] == tag and line[2:5] == "  -":
                if new_tags.get(tag, number) >= number:
                    new_tags[tag] = number
                break


def _warn_unknown(path: str | Path, new_tags: dict[str, int]) -> None:
    unknown = sorted((number, tag) for tag, number in new_tags.items() if tag not in KNOWN_TAGS)
    for number, tag in unknown:
        log.warning("%s, line %d: unknown RIS tag %r kept in 'extra'", path, number, tag)


def parse_ris_text(text: str, *, path: str | Path) -> list[RawRecord]:
    """Parse RIS text (any line ends) into raw records."""
    return parse_ris(split_lines(text), path=path)


def parse_ris_chunks(chunks: Iterable[str], *, path: str | Path) -> list[RawRecord]:
    """Parse RIS text given as consecutive pieces (each may end anywhere) into raw records."""
    return list(iter_ris(chunks, path=path))


def iter_ris(chunks: Iterable[str], *, path: str | Path) -> Iterator[RawRecord]:
    """The raw records of RIS text given as consecutive pieces (each may end anywhere).

    Pieces let a large file be decoded and read a few megabytes at a time, so that neither its
    text nor all its raw records need to be in memory at once; the records are those of the
    whole text. Each piece is read up to its last complete ``ER`` line, after which no record is
    open, and the rest is carried over to the next piece. The last record read is held back until
    the next piece is read, as tags after its ``ER`` line still belong to it.
    """
    records: list[RawRecord] = []
    new_tags: dict[str, int] = {}
    carry = ""  # text not read yet; it starts at a line start of the file
    line = 1  # the file line number where ``carry`` starts
    cr = False  # the last piece ended with '\r', whose '\n' may open the next piece
    for chunk in chunks:
        if cr and chunk.startswith("\n"):
            chunk = chunk[1:]
        cr = chunk.endswith("\r")
        if "\r" in chunk:
            chunk = chunk.replace("\r\n", "\n").replace("\r", "\n")
        lines = (carry + chunk).split("\n")
        end = _after_last_end(lines)
        carry = "\n".join(lines[end:])
        if end:
            del lines[end:]
            parse_ris(lines, path=path, first=line, records=records, warn=False, new_tags=new_tags)
            line += end
            del lines
            if len(records) > 1:
                yield from records[:-1]
                del records[:-1]
    parse_ris(split_lines(carry), path=path, first=line, records=records, new_tags=new_tags)
    yield from records


def _after_last_end(lines: list[str]) -> int:
    """Index of the line after the last ``ER`` line that is complete (not the last), or 0."""
    for index in range(len(lines) - 2, -1, -1):
        if lines[index].startswith("ER  -"):
            return index + 1
    return 0


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
