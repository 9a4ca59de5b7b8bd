"""Small text transformations that make one work look different in different databases.

Real exports of the same article differ in capitalisation, diacritics, page ranges, author forms,
spelling and quotation marks; these helpers produce those differences deterministically.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata

SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "on",
        "or",
        "per",
        "the",
        "to",
        "via",
        "vs",
        "with",
    ]
)
#: Words that keep their capital in sentence case (besides acronyms and words with digits).
PROPER = frozenset(
    [
        "Canada",
        "Canadian",
        "British",
        "Scotland",
        "Scottish",
        "England",
        "English",
        "Wales",
        "Welsh",
        "Ireland",
        "Irish",
        "Glasgow",
        "London",
        "Manchester",
        "Edinburgh",
        "Vancouver",
        "Vancouver's",
        "Vancouver’s",
        "Toronto",
        "Toronto's",
        "Toronto’s",
        "Ontario",
        "Montreal",
        "Baltimore",
        "Philadelphia",
        "Boston",
        "Oregon",
        "Colorado",
        "California",
        "Massachusetts",
        "Australia",
        "Sydney",
        "Melbourne",
        "Norway",
        "Oslo",
        "Netherlands",
        "Amsterdam",
        "Dublin",
        "Auckland",
        "Québec",
        "Portland",
        "Cardiff",
        "Denver",
        "Indigenous",
        "Black",
        "Latinx",
        "LGBTQ+",
        "PRISMA",
        "I",
        "I've",
        "I’ve",
        "Boateng",
    ]
)
#: Multi-word names that keep their capitals.
PROPER_PHRASES = (
    "Housing First",
    "Downtown Eastside",
    "New York City",
    "San Francisco",
    "British Columbia",
    "United States",
    "United Kingdom",
    "New Zealand",
    "New South Wales",
    "Northern Ireland",
)

_BRITISH_AMERICAN = {
    "behaviour": "behavior",
    "behaviours": "behaviors",
    "behavioural": "behavioral",
    "programme": "program",
    "programmes": "programs",
    "organisation": "organization",
    "organisations": "organizations",
    "organisational": "organizational",
    "randomised": "randomized",
    "randomisation": "randomization",
    "recognise": "recognize",
    "recognised": "recognized",
    "prioritise": "prioritize",
    "utilisation": "utilization",
    "hospitalisation": "hospitalization",
    "stigmatisation": "stigmatization",
    "centre": "center",
    "centres": "centers",
    "labour": "labor",
    "analysed": "analyzed",
    "analyse": "analyze",
    "modelling": "modeling",
    "counselling": "counseling",
    "counsellors": "counselors",
    "specialised": "specialized",
    "emphasise": "emphasize",
    "minimise": "minimize",
    "criminalisation": "criminalization",
    "marginalised": "marginalized",
    "conceptualise": "conceptualize",
    "characterised": "characterized",
    "realise": "realize",
    "neighbourhoods": "neighborhoods",
    "neighbourhood": "neighborhood",
    "victimisation": "victimization",
    "optimise": "optimize",
    "mobilise": "mobilize",
    "favour": "favor",
    "colour": "color",
    "paediatric": "pediatric",
    "licence": "license",
    "defence": "defense",
    "ageing": "aging",
}
_AMERICAN_BRITISH = {v: k for k, v in _BRITISH_AMERICAN.items()}
_WORD = re.compile(r"[A-Za-z]+")


def _swap(text: str, table: dict[str, str]) -> str:
    def repl(match: re.Match[str]) -> str:
        word = match.group(0)
        new = table.get(word.lower())
        if new is None:
            return word
        if word.isupper():
            return new.upper()
        if word[0].isupper():
            return new[0].upper() + new[1:]
        return new

    return _WORD.sub(repl, text)


def americanise(text: str) -> str:
    """British spellings turned American (``behaviour`` -> ``behavior``)."""
    return _swap(text, _BRITISH_AMERICAN)


def britishise(text: str) -> str:
    """American spellings turned British, the reverse of :func:`americanise`."""
    return _swap(text, _AMERICAN_BRITISH)


_TRANSLIT = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "‐": "-",
    }
)


def strip_diacritics(text: str) -> str:
    """``Zoë Ó Súilleabháin`` -> ``Zoe O Suilleabhain``, as ASCII-only vendors print it."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def straight_quotes(text: str) -> str:
    """Curly quotes and dashes as plain ASCII punctuation."""
    return (
        text.replace("“", '"')
        .replace("”", '"')
        .replace("‘", "'")
        .replace("’", "'")
        .replace("–", "-")
        .replace("—", "-")
    )


def _keeps_capital(word: str) -> bool:
    bare = word.strip("'\"‘’“”():;,.?!")
    if not bare:
        return False
    if "\x00" in bare:
        return True
    return bare in PROPER or (len(bare) > 1 and bare.isupper()) or any(c.isdigit() for c in bare)


def _protect(title: str) -> str:
    for phrase in PROPER_PHRASES:
        title = title.replace(phrase, phrase.replace(" ", "\x00"))
    return title


def sentence_case(title: str) -> str:
    """Capitalise the first word (and the first after a colon); lower-case the rest."""
    return _sentence_case(_protect(title)).replace("\x00", " ")


def _sentence_case(title: str) -> str:
    words = title.split(" ")
    out = []
    capital_next = True
    for word in words:
        if _keeps_capital(word):
            out.append(word)
        elif capital_next:
            out.append(_cap(word.lower()))
        else:
            out.append(word.lower())
        capital_next = word.endswith((":", "?", "!")) or word.endswith(".")
    return " ".join(out)


def title_case(title: str) -> str:
    """Capitalise every word except short function words (not first or after a colon)."""
    return _title_case(_protect(title)).replace("\x00", " ")


def _title_case(title: str) -> str:
    words = title.split(" ")
    out = []
    first = True
    for word in words:
        if _keeps_capital(word):
            out.append(word)
        elif not first and word.lower() in SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append("-".join(_cap(part) for part in word.split("-")))
        first = word.endswith((":", "?"))
    return " ".join(out)


def _cap(word: str) -> str:
    for i, c in enumerate(word):
        if c.isalpha():
            return word[:i] + c.upper() + word[i + 1 :]
    return word


def cap_first(text: str) -> str:
    """Upper-case the first letter only."""
    return _cap(text)


def medline_pages(first: str, last: str) -> str:
    """MEDLINE's abbreviated range: ``123``-``129`` -> ``123-9``; ``98``-``104`` stays whole."""
    if not last or last == first:
        return first
    if len(first) != len(last) or not (first.isdigit() and last.isdigit()):
        return f"{first}-{last}"
    i = 0
    while i < len(first) - 1 and first[i] == last[i]:
        i += 1
    return f"{first}-{last[i:]}"


def initials(given: str, *, dots: bool = False, space: bool = False) -> str:
    """``Hannah Louise`` -> ``HL`` (or ``H.L.`` / ``H. L.``); hyphenated parts keep the hyphen."""
    parts = []
    for name in given.split():
        pieces = [p[0] for p in name.split("-") if p]
        parts.append(("-" if not dots else ".-").join(pieces))
    if dots:
        sep = " " if space else ""
        return sep.join(p + "." for p in parts)
    return "".join(parts)


def wrap(text: str, *, width: int, indent: str, first: str) -> list[str]:
    """Lines of ``text`` wrapped at ``width`` columns: the first prefixed by ``first``, the rest
    by ``indent`` (as MEDLINE and Web of Science continuation lines are)."""
    lines = textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return lines or [first.rstrip()]


def html_entities(text: str) -> str:
    """Ampersands and angle brackets as HTML entities, as one vendor exports them."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def number_word(n: int) -> str:
    words = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    return words[n] if 0 <= n < len(words) else str(n)
