"""Normalising single values: DOIs, years, pages, ISSN/ISBN, text repair, the type vocabulary.

Each function takes one value and returns the normalised value; none of them edits its input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from prismake.errors import ParseError

# --- DOI -------------------------------------------------------------------------------------

_DOI_PREFIX = re.compile(
    r"^\s*(?:(?:https?://)?(?:dx\.)?doi\.org/|doi\.org/|doi:\s*|\[?doi\]?\s*:?\s*)", re.I
)
_DOI_IN_TEXT = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)", re.I)
_DOI_TAIL = " .;,]\t)"


def normalise_doi(value: str) -> str:
    """``'https://doi.org/10.1/ABC.'`` -> ``'10.1/abc'``; ``''`` when there is no DOI in it.

    >>> normalise_doi("DOI: 10.1002/CPP.2398")
    '10.1002/cpp.2398'
    >>> normalise_doi("http://dx.doi.org/10.1002/cpp.2398 [doi]")
    '10.1002/cpp.2398'
    """
    text = value.strip()
    if not text:
        return ""
    if text[:3] != "10.":  # a bare DOI has no prefix to remove
        text = _DOI_PREFIX.sub("", text, count=1)
    if text.endswith("[doi]"):
        text = text[:-5]
    parts = text.split()
    text = parts[0].rstrip(_DOI_TAIL) if parts else ""
    if text[:3] == "10." and "/" in text and " " not in text:
        return text.lower()
    match = _DOI_IN_TEXT.search(value)
    if match:
        return match.group(1).rstrip(_DOI_TAIL).lower()
    return ""


def find_doi(values: Iterable[str]) -> str:
    """The first DOI found inside any of ``values`` (URLs, notes), normalised, or ``''``."""
    for value in values:
        if "10." in value:
            match = _DOI_IN_TEXT.search(value)
            if match:
                return match.group(1).rstrip(_DOI_TAIL).lower()
    return ""


# --- year ------------------------------------------------------------------------------------

_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?:[01]\d[0-3]\d)?(?!\d)")
#: Values that honestly say "no year"; they give a missing year, not an error.
NO_YEAR = re.compile(
    r"^\s*(n\.?\s*d\.?|no date|undated|in press|forthcoming|unknown|na|n/a|-)\s*$", re.I
)


def parse_year(value: str, *, path: str | Path, line: int, field: str) -> int | None:
    """The publication year in ``value`` (``'2021/06//'``, ``'Mar. 2017'``, ``'20170812'``).

    Empty values and words meaning "no date" give ``None``; anything else without a plausible
    four-digit year (``'20xx'``, ``'10 15'``) is an error naming the file, line and value.
    """
    text = value.strip()
    if not text or NO_YEAR.match(text):
        return None
    match = _YEAR.search(text)
    if match:
        return int(match.group(1))
    raise ParseError(
        f"field {field!r} holds no publication year",
        path=path,
        line=line,
        value=value,
        expected="a four-digit year between 1500 and 2099 (e.g. '2019', '2019/05/01', 'May 2019')",
    )


# --- pages, ISSN, ISBN ------------------------------------------------------------------------


def join_pages(start: str, end: str) -> str:
    """``('221', '8')`` -> ``'221-8'``; a start that already holds a range is kept."""
    start, end = start.strip(), end.strip()
    if not end or end == start or "-" in start:
        return start
    if not start:
        return end
    return f"{start}-{end}"


_DASHES = re.compile(r"\s*(?:--|[\u2010-\u2015\u2212])\s*")


def normalise_pages(value: str) -> str:
    """``'134--137'`` and ``'134 \u2013 137'`` -> ``'134-137'``; other text as it was."""
    return _DASHES.sub("-", value.strip())


_ISSN = re.compile(r"(?<![\dX-])(\d{4})-?(\d{3}[\dXx])(?![\dX])")
_ISBN = re.compile(r"(?<!\d)(97[89][\d-]{10,14}|\d[\d-]{8,11}[\dXx])(?![\dX])")


def split_issn_isbn(values: Iterable[str]) -> tuple[list[str], list[str]]:
    """Sort serial numbers into ISSNs (``1234-5678``) and ISBNs, each distinct, in order."""
    issns: list[str] = []
    isbns: list[str] = []
    for value in values:
        rest = value
        for match in _ISBN.finditer(value):
            digits = match.group(1).replace("-", "")
            if len(digits) in (10, 13):
                if digits not in isbns:
                    isbns.append(digits.upper())
                rest = rest.replace(match.group(1), " ")
        for match in _ISSN.finditer(rest):
            issn = f"{match.group(1)}-{match.group(2).upper()}"
            if issn not in issns:
                issns.append(issn)
    return issns, isbns


# --- text repair -----------------------------------------------------------------------------


@cache
def _ftfy() -> Any:
    """ftfy and the configuration prismake repairs text with (imported on first use: most
    values never need it, and the import costs a tenth of a second)."""
    import ftfy  # noqa: PLC0415

    config = ftfy.TextFixerConfig(
        unescape_html=True,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=True,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )
    return ftfy, config


_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


#: A UTF-8 lead byte read as cp1252/latin-1 (``Â``-``ô``) followed by a continuation byte read the
#: same way: the signature of mojibake. Only text that shows it is handed to ftfy.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6"
    "\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc"
    "\u2122\u0161\u203a\u0153\u017e\u0178]"
)


def has_entity(text: str) -> bool:
    """Whether ``text`` holds an HTML entity such as ``&amp;`` or ``&#233;``."""
    return _ENTITY.search(text) is not None


#: Characters that start nearly every mojibake sequence (UTF-8 lead bytes of Latin, Greek and
#: Cyrillic text and of typographic punctuation, read as cp1252); a fast filter before the regex.
_LEADS = "\u00c3\u00c2\u00e2\u00ce\u00cf\u00d0\u00d1\u00c5\u00c4\u00e3"


def has_mojibake(text: str) -> bool:
    """Whether ``text`` shows the byte pattern of UTF-8 read as cp1252/latin-1."""
    for lead in _LEADS:
        if lead in text:
            return _MOJIBAKE.search(text) is not None
    return False


#: Every match of ftfy's badness expression holds a non-ASCII character and is at most this long
#: (both checked by a test), so it lies within this distance of a run of non-ASCII characters.
BADNESS_REACH = 8
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_C1_OR_SURROGATE = re.compile("[\x80-\x9f\ud800-\udfff]")


def is_bad(text: str) -> bool:
    """``ftfy.badness.is_bad(text)``, searching only near the non-ASCII characters of ``text``.

    ftfy's expression tries dozens of alternatives at every character; looking only around the
    non-ASCII runs gives the same answer at a fraction of the cost on long abstracts.
    """
    if text.isascii():
        return False
    search = _ftfy()[0].badness.BADNESS_RE.search
    reach = BADNESS_REACH
    start = end = -1
    for run in _NON_ASCII_RUN.finditer(text):
        low, high = run.start() - reach, run.end() + reach
        if low > end:
            if end > start and search(text, max(start, 0), end):
                return True
            start = low
        end = high
    return end > start and search(text, max(start, 0), end) is not None


def _unescape_only(text: str) -> str | None:
    """What ftfy's ``fix_text`` makes of ``text`` when all it does is undo HTML entities, or
    None when ftfy would do more (the text, once unescaped, looks like mojibake or holds C1
    control characters or surrogates). ftfy repeats its steps until nothing changes, so entities
    are undone until none is left (``&amp;lt;`` gives ``<``)."""
    unescape = _ftfy()[0].fixes.unescape_html
    current = text
    checked = None  # the last text found clean (ftfy's next round would look at it again)
    while True:
        unescaped = unescape(current)
        if unescaped != checked:
            if not unescaped.isascii() and (
                is_bad(unescaped) or _C1_OR_SURROGATE.search(unescaped) is not None
            ):
                return None
            checked = unescaped
        if unescaped == current:
            return unescaped
        current = unescaped


def repair(text: str) -> str:
    """Undo HTML entities and mojibake (``'CafÃ©'`` -> ``'Café'``); other text is returned as is.

    This is ftfy's ``fix_text`` (with the fixes listed in :func:`_ftfy`), with cheap checks in
    front that keep the common case fast: text is handed to ftfy only when it holds an HTML
    entity or the byte pattern of mojibake, and text whose only fault is HTML entities is
    unescaped without ftfy's slower mojibake search, with the same result.
    """
    if "&" in text and _ENTITY.search(text):
        fixed = _unescape_only(text)
        if fixed is not None:
            return fixed
        ftfy, config = _ftfy()
        return ftfy.fix_text(text, config)
    if text.isascii() or not has_mojibake(text):
        return text
    if not is_bad(text):
        return text
    ftfy, config = _ftfy()
    return ftfy.fix_text(text, config)


# --- types -----------------------------------------------------------------------------------

#: The canonical ``type`` vocabulary. The vendor's own type stays in ``extra``.
TYPES = (
    "article",
    "review",
    "conference",
    "book",
    "chapter",
    "thesis",
    "report",
    "preprint",
    "editorial",
    "letter",
    "erratum",
    "dataset",
    "other",
)

#: Document-type words (any vendor, lower case) and the canonical type they give. Checked in
#: this order against the vendor's document-type values, so "review" beats "article".
DOCTYPE_WORDS: tuple[tuple[str, str], ...] = (
    ("erratum", "erratum"),
    ("errata", "erratum"),
    ("correction", "erratum"),
    ("retraction", "erratum"),
    ("preprint", "preprint"),
    ("editorial", "editorial"),
    ("letter", "letter"),
    ("comment", "letter"),
    ("systematic review", "review"),
    ("meta-analysis", "review"),
    ("review", "review"),
    ("dissertation", "thesis"),
    ("thesis", "thesis"),
    ("book chapter", "chapter"),
    ("chapter", "chapter"),
    ("conference", "conference"),
    ("proceedings", "conference"),
    ("meeting abstract", "conference"),
    ("congress", "conference"),
    ("book", "book"),
    ("report", "report"),
    ("dataset", "dataset"),
    ("data set", "dataset"),
    ("article", "article"),
    ("journal", "article"),
)

#: RIS ``TY`` values (and other vendors' base types) mapped to the canonical vocabulary.
BASE_TYPES: dict[str, str] = {
    **dict.fromkeys(
        "JOUR JFULL MGZN NEWS EJOUR ABST INPR ELEC NEWS article journalarticle "
        "magazinearticle newspaperarticle j".split(),
        "article",
    ),
    **dict.fromkeys(
        "CONF CPAPER inproceedings conference conferencepaper proceedings c s".split(),
        "conference",
    ),
    **dict.fromkeys("BOOK EBOOK EDBOOK book b".split(), "book"),
    **dict.fromkeys("CHAP ECHAP inbook incollection booksection bookchapter".split(), "chapter"),
    **dict.fromkeys("THES phdthesis mastersthesis thesis".split(), "thesis"),
    **dict.fromkeys("RPRT report techreport".split(), "report"),
    **dict.fromkeys("DATA DBASE dataset".split(), "dataset"),
    **dict.fromkeys("preprint".split(), "preprint"),
}
_BASE_LOWER = {key.lower(): value for key, value in BASE_TYPES.items()}


def canonical_type(base: Iterable[str], doctypes: Iterable[str]) -> str:
    """The canonical type from a base type (``TY``, ``ENTRYTYPE``) and document-type values."""
    words = " | ".join(value.lower() for value in doctypes if value)
    if words:
        for word, kind in DOCTYPE_WORDS:
            if word in words:
                return kind
    for value in base:
        kind = _BASE_LOWER.get(value.strip().lower().replace(" ", ""))
        if kind:
            return kind
    for value in base:
        low = value.lower()
        for word, kind in DOCTYPE_WORDS:
            if word in low:
                return kind
    return "other"


def collapse(text: str) -> str:
    """Whitespace runs (newlines included) become one space; ends trimmed."""
    return " ".join(text.split())
