"""Normalising one bibliographic field value for matching.

Each function takes the value as exported (already in the canonical records table) and returns
the form that comparisons use. The rules encode how bibliographic databases are known to differ
from each other, never the quirks of one data set:

* **Titles.** MEDLINE puts translated titles in square brackets and appends notes such as
  ``[Review] [57 refs]``, ``[Erratum appears in ...]``, ``[Article in French]`` or ``. [Chinese]``;
  Embase appends the original-language title after ``<ORIGINAL>``; exporters differ in case,
  punctuation, hyphenation, markup and accents. None of these change which work is meant.
* **Authors.** One database writes ``Zuna, R E``, another ``Zuna R.E.``, ``Ronald E. Zuna`` or
  ``ZUNA, RONALD``; some truncate the list, some spell a Cyrillic name in Latin letters. The
  surname and the initials survive all of these.
* **Pages.** ``221-8`` and ``221-228`` are one range; ``S542`` and ``542``, ``e1234`` and ``1234``
  name the same start page in supplement and article-number notations.
* **Volume / issue.** Only the number identifies the volume (``44 (2 Supplement 1)`` is volume
  44 of a supplement).
* **DOI.** Case-insensitive by definition; prefixes (``https://doi.org/``) and trailing
  punctuation are not part of it. Versioned DOIs (Cochrane ``.pub2``, preprint ``v2``) name
  versions of one work, so the *stem* is kept as well.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

from prismake.dedup.text import alnum_words, fold, strip_markup

# --- titles -----------------------------------------------------------------------------------

_LANGUAGES = (
    "afrikaans|albanian|arabic|armenian|bosnian|bulgarian|catalan|chinese|croatian|czech|danish|"
    "dutch|english|estonian|finnish|flemish|french|georgian|german|greek|hebrew|hungarian|"
    "icelandic|indonesian|italian|japanese|korean|latvian|lithuanian|macedonian|malay|norwegian|"
    "persian|polish|portuguese|romanian|russian|serbian|slovak|slovene|slovenian|spanish|swedish|"
    "thai|turkish|ukrainian|vietnamese|multiple languages"
)
# A trailing note in brackets that describes the record rather than naming the work.
_NOTE = re.compile(
    r"\s*[\[(]\s*(?:"
    rf"(?:article|text|abstract) in (?:{_LANGUAGES})[^\])]*"
    rf"|(?:{_LANGUAGES})(?:\s*(?:,|and|with)\s*(?:{_LANGUAGES}|english abstract))*(?: abstract)?"
    r"|review|review article|systematic review|meta-analysis|editorial|letter|comment|abstract"
    r"|\d+\s*refs?\.?|see comments?|with comments?|author'?s? transl|"
    r"(?:published )?erratum[^\]]*"
    r"|(?:see )?(?:comment|commentary|retraction|corrected and republished"
    r"|update|reprint|expression of concern|republished|summary for patients)\b[^\]]*"
    r")\s*[\])]\s*\.?\s*$",
    re.IGNORECASE,
)
_UNCLOSED_NOTE = re.compile(
    r"\s*\[(?:published )?(?:erratum|retraction|comment|corrected|update|republished)[^\]]*$",
    re.IGNORECASE,
)
_ORIGINAL = re.compile(r"<\s*original\s*>", re.IGNORECASE)
_ROMAN = {
    "ii": "2", "iii": "3", "iv": "4", "vi": "6", "vii": "7", "viii": "8", "ix": "9", "xi": "11",
    "xii": "12",
}
_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12",
}
_NUMBER_NAMES = frozenset(_ROMAN) | frozenset(_NUMBER_WORDS)
# "I" is a number only where a count or rank is expected ("phase I", "type I", "part I/II").
_ROMAN_ONE = re.compile(
    r"\b(?:phase|part|type|stage|grade|class|study|trial|series|level) i\b|\bi ii\b"
)
_THOUSANDS = re.compile(r"\b(\d{1,3}) (\d{3})\b")
_NUMBER = re.compile(r"\d+")
_ERRATUM = re.compile(
    r"^(?:erratum|errata|corrigend(?:um|a)|addendum|correction|corrections|"
    r"notice of correction|published erratum|author correction|publisher correction)\b"
    r"|\b(?:erratum|corrigendum|correction) (?:to|for|in|on|of)\b",
)
# Web of Science titles a correction notice with the corrected article's title followed by
# where that article was printed: "... (vol 33, pg 717, 2019)", "... (vol 16, e0251071, 2021)",
# or for an article then online only, its month: "... (Jul, 1, 2022)".
_CORRECTION_CITATION = re.compile(
    r"\((?:vol\.? \d+, (?:pg )?[a-z]?\d+|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec), "
    r"(?:pg )?\d+), (?:1[89]|20)\d\d\)$",
    re.IGNORECASE,
)
_RETRACTION = re.compile(
    r"^(?:retraction|retracted|withdrawn|notice of retraction|expression of concern|"
    r"retraction note|editorial expression of concern)\b|^\w* ?retraction (?:of|to|for|notice)\b",
)
# Replies, comments and letters announce themselves at the start of the title.
_COMMENT = re.compile(
    r"^(?:re|reply|in reply|response|a response|author response|authors response|"
    r"authors reply|author reply|the authors reply|reply to|response to|comment|comments|"
    r"commentary|comment on|comments on|letter|letter to the editor|correspondence|"
    r"in response|letter regarding)\b"
)
# Headings of recurring sections: they do not name a work, so they cannot identify one.
_GENERIC_WORDS = frozenset(
    [
        "editorial", "editorials", "introduction", "intro", "editor", "editors", "s", "comments",
        "comment", "notes", "note", "preface", "foreword", "issue", "this", "remarks", "from",
        "letter", "message", "acknowledgement", "acknowledgements", "acknowledgment", "reviewers",
        "reviewer", "announcement", "announcements", "news", "index", "contents", "guest",
        "special", "section", "overview", "welcome", "conclusion", "conclusions", "summary",
        "update", "corrigendum", "highlights", "column", "opinion", "perspective", "perspectives",
        "viewpoint", "commentary", "retrospective", "retrospect", "board", "statement", "thanks"
    ]
)
_TITLE_STOP = frozenset(
    ["the", "a", "an", "of", "to", "in", "on", "for", "and", "from", "by", "with", "at"]
)


def is_generic_title(key: str, venue: str = "") -> bool:
    """Whether a normalised title is a section heading ("Editorial", "Editor's Comments").

    Words of the record's own journal name count as heading words ("Remarks from MIS Quarterly
    Editor").

    >>> is_generic_title("editorial notes")
    True
    >>> is_generic_title("guest editorial open source software")
    False
    """
    words = [w for w in key.split() if w not in _TITLE_STOP]
    if not words or len(words) > 8:
        return False
    venue_words = set(venue.split())
    generic = sum(w in _GENERIC_WORDS or w in venue_words for w in words)
    return generic / len(words) >= 0.75


def clean_title(raw: str) -> tuple[str, str, bool]:
    """Split a title into ``(main, other_language, was_bracketed)`` without database notes.

    ``main`` keeps the case and punctuation of the source (for display in the review queue);
    :func:`title_key` makes it comparable.

    >>> clean_title("[Effect of X on Y]. [Chinese]")
    ('Effect of X on Y', '', True)
    >>> clean_title("Management of lesions. [Review] [97 refs]")
    ('Management of lesions', '', False)
    """
    text = raw.strip()
    other = ""
    marker = _ORIGINAL.search(text)
    if marker:
        text, other = text[: marker.start()], text[marker.end() :]
    text = strip_markup(text)
    if "[" in text:
        text = _UNCLOSED_NOTE.sub("", text)
    for _ in range(4):
        if text.rstrip(". ")[-1:] not in ("]", ")"):
            break  # notes are bracketed and come last
        shorter = _NOTE.sub("", text)
        if shorter == text:
            break
        text = shorter
    text = text.strip().rstrip(".").strip()
    bracketed = len(text) > 2 and text[0] == "[" and text[-1] == "]" and "[" not in text[1:-1]
    if bracketed:
        text = text[1:-1].strip().rstrip(".").strip()
    if len(text) > 2 and text[0] == '"' and text[-1] == '"':
        text = text[1:-1].strip()
    return text, strip_markup(other).strip(), bracketed


def title_key(text: str) -> str:
    """A title as lower-case ASCII words, ``&`` read as ``and``.

    >>> title_key("Exendin-4 labeled with <sup>99m</sup>Tc & <sup>111</sup>In")
    'exendin 4 labeled with 99m tc and 111 in'
    """
    return alnum_words(text.replace("&", " and "))


def title_numbers(key: str) -> str:
    """The numbers a title mentions (digits, number words, Roman numerals II-XII), sorted.

    Series parts, trial phases and follow-up times distinguish otherwise identical titles
    ("... Part 2", "... phase III", "10-year results"). Repeated numbers are kept: "phase II ...
    part 1" and "phase II ... part 2" give ``1|2`` and ``2|2``.

    >>> title_numbers("results of the phase iii trial two years 10 and 2")
    '10|2|2|3'
    >>> title_numbers("a phase i ii trial among 10 000 women")
    '1|10000|2'
    """
    found = []
    # a search for an ASCII digit rather than a test of every character (keys are ASCII; the
    # test stays for other text, whose digits include more than 0-9)
    if _NUMBER.search(key) if key.isascii() else any(map(str.isdigit, key)):
        key = _THOUSANDS.sub(r"\1\2", key)
        found = _NUMBER.findall(key)
    words = set(key.split())
    for word in words & _NUMBER_NAMES:
        found.extend([_ROMAN.get(word) or _NUMBER_WORDS[word]] * key.split().count(word))
    if "i" in words and _ROMAN_ONE.search(key):
        found.append("1")
    return "|".join(sorted(n.lstrip("0") or "0" for n in found))


def title_kind(key: str, title: str = "") -> str:
    """``'erratum'``, ``'retraction'``, ``'comment'`` or ``''`` from a title's wording.

    ``key`` is the :func:`title_key` of ``title``, the title as :func:`clean_title` leaves it
    (with its punctuation, which a correction notice's citation of the article needs).

    >>> title_kind("x", "Gait in dogs (vol 33, pg 717, 2019)")
    'erratum'
    """
    if not key:
        return ""
    if _ERRATUM.search(key) or _CORRECTION_CITATION.search(title.rstrip()):
        return "erratum"
    if _RETRACTION.search(key):
        return "retraction"
    if _COMMENT.search(key):
        return "comment"
    return ""


# --- authors ----------------------------------------------------------------------------------

_AUTHOR_SEPARATORS = re.compile(r"\s+and\s+|\s*;\s*|\s*\|\s*")
# "Adeli K.Lewis G. F." (names run together after the initials' full stop, as some tools export).
_RUN_TOGETHER = re.compile(r"(?<=[A-Z]\.)(?=[A-Z][a-z'])")
_INITIALS = re.compile(r"^(?:[A-Z]\.?-?){1,4}$")
_SUFFIX = {"jr", "sr", "ii", "iii", "iv", "2nd", "3rd"}
_LETTERS = re.compile(r"[^a-z]+")
_ET_AL = re.compile(r"\bet\.? ?al\.?$|\band others$", re.IGNORECASE)


def split_authors(values: list[str] | tuple[str, ...]) -> list[str]:
    """Individual author names, also when one value holds several run together."""
    out: list[str] = []
    for value in values:
        value = str(value).strip()
        if not value:
            continue
        if " and " in value or ";" in value or "|" in value:
            parts = _AUTHOR_SEPARATORS.split(value)
        elif "," not in value and _RUN_TOGETHER.search(value):
            parts = _RUN_TOGETHER.split(value)
        else:
            parts = [value]
        stripped = [p.strip() for p in parts]
        out.extend(p for p in stripped if p and not _ET_AL.fullmatch(p))
    return out


@lru_cache(maxsize=500_000)
def parse_author(name: str) -> tuple[str, str]:
    """``(surname, initials)`` as lower-case letters from any common way of writing a name.

    >>> parse_author("Zuna, R E"), parse_author("Lewis G. F."), parse_author("Ronald E. Zuna")
    (('zuna', 're'), ('lewis', 'gf'), ('zuna', 're'))
    >>> parse_author("Lynch Jr, T. J."), parse_author("el-Kholy, M. S.")
    (('lynch', 'tj'), ('elkholy', 'ms'))
    """
    name = _ET_AL.sub("", strip_markup(name)).strip().strip(",").strip()
    if not name:
        return "", ""
    if "," in name:
        surname, _, given = name.partition(",")
        if given.strip().lower().rstrip(".") in _SUFFIX:
            given = ""
    else:
        tokens = name.split()
        if len(tokens) == 1:
            surname, given = tokens[0], ""
        elif _INITIALS.match(tokens[-1]):
            cut = len(tokens) - 1
            while cut > 1 and _INITIALS.match(tokens[cut - 1]):
                cut -= 1
            surname, given = " ".join(tokens[:cut]), " ".join(tokens[cut:])
        elif _INITIALS.match(tokens[0]):
            cut = 1
            while cut < len(tokens) - 1 and _INITIALS.match(tokens[cut]):
                cut += 1
            surname, given = " ".join(tokens[cut:]), " ".join(tokens[:cut])
        else:
            surname, given = tokens[-1], " ".join(tokens[:-1])
    words = [w for w in fold(surname).split() if w.strip(".") not in _SUFFIX]
    surname_key = _LETTERS.sub("", "".join(words))
    given_folded = fold(given)
    if given_folded.isupper() or (given.replace(".", "").replace(" ", "").isupper()):
        initials = _LETTERS.sub("", given_folded)
    else:
        words = re.split(r"[\s.\-]+", given_folded)
        initials = "".join(w[0] for w in words if w and w[0].isalpha())
    initials = initials[:3]
    return surname_key, initials


# --- journals, pages, volume, issue, identifiers --------------------------------------------

_PAGE = re.compile(
    r"^\s*([a-z]{0,3})\s*0*(\d+)\s*([a-z]?)(?:\s*(?:-+|to)\s*([a-z]{0,3})\s*0*(\d+))?"
)
_PAGE_PARTS = re.compile(r"\s*[,+;]\s*")
# supplement issues, meeting-abstract issues, supplement pages ("S33", "i22", "iii19")
_SUPPLEMENT = re.compile(
    r"suppl|supplement|meeting|abstracts|congress|^\s*(?:s|i|ii|iii|iv)\d", re.IGNORECASE
)


def page_range(raw: str) -> tuple[str, str]:
    """``(first, last)`` page; a short last page borrows the first's leading digits.

    A letter prefix stays (``S542`` is a supplement page, not page 542; ``e24`` an article
    number); leading zeros go. An article printed in parts has several ranges (``"233-8, 230-5,
    246-51"``); databases list them in different orders, so the range that starts first is taken.

    >>> page_range("221-8"), page_range("S542"), page_range("e0123"), page_range("t-8")
    (('221', '228'), ('s542', ''), ('e123', ''), ('', ''))
    >>> page_range('"233-8, 230-5, 246-51"')
    ('230', '235')
    """
    text = fold(raw).strip().strip('"').strip()
    best: tuple[int, str, str] | None = None
    for part in _PAGE_PARTS.split(text) if ("," in text or "+" in text) else [text]:
        match = _PAGE.match(part)
        if not match:
            continue
        prefix, first, last = match.group(1), match.group(2), match.group(5) or ""
        if last and len(last) < len(first):
            last = first[: len(first) - len(last)] + last
        if best is None or int(first) < best[0]:
            best = (int(first), prefix + first, (prefix + last) if last else "")
    return (best[1], best[2]) if best else ("", "")


_ARTICLE_NUMBER = re.compile(r"^\s*([a-z]{1,3})\s*0*(\d{4,})\s*$")


def article_number(raw: str) -> str:
    """An article number such as ``CD006828`` or ``e12724`` (letters, then 4+ digits), or ``''``.

    Electronic journals and the Cochrane Library number articles instead of paging them; the
    Cochrane review number stays the same across the versions of a review.
    """
    match = _ARTICLE_NUMBER.match(fold(raw))
    return f"{match.group(1)}{match.group(2)}" if match else ""


@lru_cache(maxsize=100_000)
def first_number(raw: str) -> str:
    """The first run of digits, without leading zeros: ``'44 (2 Supplement 1)'`` -> ``'44'``."""
    match = _NUMBER.search(raw)
    if not match:
        return ""
    return match.group(0).lstrip("0") or "0"


def is_supplement(*values: str) -> bool:
    """Whether a volume, issue or page value marks a supplement or meeting-abstract issue.

    Meeting abstracts are printed in supplements (``10 Suppl 2``, ``1 MeetingAbstracts``) on
    pages numbered ``S33``; a full article of the same study is printed in a regular issue.
    """
    return any(v and _SUPPLEMENT.search(v) for v in values)


_DOI = re.compile(r"10\.\d{3,9}/\S+")
_DOI_VERSION = re.compile(r"(?:\.pub\d+|[./]v\d+|(?<=\d)v\d+)$")


def doi_key(raw: str) -> str:
    """A DOI in lower case without resolver prefix or trailing punctuation, or ``''``."""
    text = unquote(raw) if "%" in raw else raw
    match = _DOI.search(text.lower())
    if not match:
        return ""
    return match.group(0).rstrip(".,;)]}>'\"")


def doi_stem(doi: str) -> str:
    """A DOI without a version suffix: Cochrane ``.pub3`` and preprint ``v2`` name versions."""
    return _DOI_VERSION.sub("", doi)


def digits(raw: str) -> str:
    """Only the digits of an identifier such as a PMID, without leading zeros."""
    return "".join(ch for ch in raw if ch.isdigit()).lstrip("0")


# --- venue words ------------------------------------------------------------------------------

_CONFERENCE_VENUE = re.compile(
    r"\b(?:abstracts?|meeting|congress|conference|symposium|proceedings|annual scientific|"
    r"poster|workshop|summit|colloquium)\b"
)


def venue_is_meeting(key: str) -> bool:
    """Whether a normalised venue names a meeting or an abstract book."""
    return bool(_CONFERENCE_VENUE.search(key))
