"""Author names and study labels.

:func:`parse_author` turns one author string as a database exported it into a CSL name
(``{"family": ..., "given": ...}``, or ``{"literal": ...}`` for an organisation). It reads the
forms the vendors use::

    "Smith, John A"   "Smith, J. A."   "Smith JA"   "Smith J A"   "John A. Smith"
    "van der Berg, Anna"   "Smith, John, Jr."   "Smith JA Jr"   "SMITH, JOHN"
    "World Health Organization"

:func:`study_labels` gives every study a short label, the first author's family name and the year
(``"Okafor 2012"``); studies that would share a label get ``a``, ``b``, ... in the order of their
titles (then ids), as author-date styles do (``"Okafor 2012a"``, ``"Okafor 2012b"``). A study
without a year is ``"Okafor n.d."`` (``"Okafor n.d.-a"`` when disambiguated); one without an
author is labelled ``"Anonymous"``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

import pandas as pd

#: Words that mark an author string as an organisation, not a person.
# fmt: off
ORGANISATION_WORDS = frozenset((
    "organization", "organisation", "association", "society", "institute", "institution",
    "council", "committee", "group", "collaboration", "collaborative", "consortium", "network",
    "ministry", "department", "agency", "centre", "center", "university", "foundation", "trust",
    "board", "commission", "office", "programme", "program", "team", "alliance", "federation",
    "service", "services", "unit",
))
#: Lower-case particles that belong to the family name when a name is written given-name first.
PARTICLES = frozenset((
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "la", "le",
    "ter", "ten", "zu", "bin", "al",
))
# fmt: on
SUFFIXES = {
    "jr": "Jr.",
    "jr.": "Jr.",
    "sr": "Sr.",
    "sr.": "Sr.",
    "ii": "II",
    "iii": "III",
    "iv": "IV",
}
NO_AUTHOR = frozenset({"", "anonymous", "[anonymous]", "anon", "anon.", "et al", "et al."})
ANONYMOUS = "Anonymous"

_INITIALS = re.compile(r"(?:[A-Z][.\-]?){1,4}")
#: In an all-capitals name, "JOHN" is a given name, not four initials.
_SHOUTED_INITIALS = re.compile(r"(?:[A-Z][.\-]?){1,3}")


def _initials(token: str) -> str:
    """``"JA"`` -> ``"J. A."``, ``"J-P"`` -> ``"J.-P."``, ``"J.A."`` -> ``"J. A."``."""
    out = ""
    for char in token:
        if char.isalpha():
            if out and not out.endswith("-"):
                out += " "
            out += char + "."
        elif char == "-":
            out += "-"
    return out


def _recase(text: str) -> str:
    """``"SMITH-JONES"`` -> ``"Smith-Jones"``; text with any lower-case letter is kept."""
    if any(c.islower() for c in text):
        return text
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), text)


def _is_organisation(text: str) -> bool:
    words = re.findall(r"[^\W\d_]+", text.casefold())
    return len(words) >= 2 and any(w in ORGANISATION_WORDS for w in words)


def _name(family: str, given: str, suffix: str = "", *, shout: bool) -> dict[str, str]:
    family = _recase(family) if shout else family
    if shout and not _SHOUTED_INITIALS.fullmatch(given.replace(" ", "").replace(".", "")):
        given = _recase(given)
    name = {"family": family.strip()}
    if given.strip():
        name["given"] = given.strip()
    if suffix:
        name["suffix"] = suffix
    return name


def parse_author(text: object) -> dict[str, str] | None:
    """A CSL name for one exported author string; ``None`` for empty or placeholder authors."""
    if not isinstance(text, str):
        return None
    text = re.sub(r"\s+", " ", text).strip().strip(";").strip()
    if text.casefold() in NO_AUTHOR:
        return None
    # in "Family, Given" form only the part before the comma can name an organisation
    if _is_organisation(text.split(",")[0]):
        return {"literal": text}
    shout = not any(c.islower() for c in text)
    initials = _SHOUTED_INITIALS if shout else _INITIALS
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) >= 2:
        family, rest = parts[0], parts[1:]
        suffix = ""
        if len(rest) >= 2 and rest[0].casefold() in SUFFIXES:  # "Last, Jr, First"
            suffix, rest = SUFFIXES[rest[0].casefold()], rest[1:]
        elif len(rest) >= 2 and rest[-1].casefold() in SUFFIXES:  # "Last, First, Jr."
            suffix, rest = SUFFIXES[rest[-1].casefold()], rest[:-1]
        given = " ".join(rest)
        if initials.fullmatch(given.replace(" ", "")) and "." not in given:
            given = _initials(given.replace(" ", ""))
        return _name(family, given, suffix, shout=shout)
    tokens = text.split(" ")
    suffix = ""
    if len(tokens) >= 2 and tokens[-1].casefold() in SUFFIXES:
        suffix, tokens = SUFFIXES[tokens[-1].casefold()], tokens[:-1]
    if len(tokens) == 1:
        return _name(tokens[0], "", suffix, shout=shout)
    # "Smith JA", "Smith J A", "de Souza JC": trailing initials make it family-first
    cut = len(tokens)
    while cut > 1 and initials.fullmatch(tokens[cut - 1]):
        cut -= 1
    if cut < len(tokens):
        given = _initials("".join(tokens[cut:]))
        return _name(" ".join(tokens[:cut]), given, suffix, shout=shout)
    # "John A. Smith", "Ludwig van Beethoven": given names first
    start = len(tokens) - 1
    while start > 1 and tokens[start - 1] in PARTICLES:
        start -= 1
    return _name(" ".join(tokens[start:]), " ".join(tokens[:start]), suffix, shout=shout)


def author_short(name: Mapping[str, str] | None) -> str:
    """The part of a CSL name a label shows: the family name, or the organisation's name."""
    if not name:
        return ""
    return name.get("family") or name.get("literal", "")


def first_author(authors: object) -> str:
    """The family name (or organisation) of the first real author in an authors list."""
    if not isinstance(authors, (list, tuple)):
        return ""
    for text in authors:
        name = parse_author(text)
        if name:
            return author_short(name)
    return ""


def _letters(i: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa, ..."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def _year_text(year: object) -> str:
    if year is None or pd.isna(year):
        return "n.d."
    return str(int(year))


def study_labels(studies: pd.DataFrame) -> pd.Series:
    """Labels of ``studies`` (columns ``study_id``, ``authors``, ``year``, ``title``).

    Returns a Series of labels indexed by ``study_id``, in the order of ``studies``. Labels are
    unique among the studies given, so compute them on the set that will be shown together (the
    included studies).
    """
    bases: dict[str, str] = {}
    for sid, authors, year in zip(
        studies["study_id"], studies["authors"], studies["year"], strict=True
    ):
        bases[sid] = f"{first_author(authors) or ANONYMOUS} {_year_text(year)}"
    titles = dict(
        zip(studies["study_id"], studies.get("title", pd.Series(dtype=object)), strict=False)
    )
    groups: dict[str, list[str]] = defaultdict(list)
    for sid, base in bases.items():
        groups[base].append(sid)
    labels: dict[str, str] = {}
    for base, members in groups.items():
        if len(members) == 1:
            labels[members[0]] = base
            continue
        members.sort(key=lambda s: (str(titles.get(s) or "").casefold(), s))
        dash = "-" if base.endswith("n.d.") else ""
        for i, sid in enumerate(members):
            labels[sid] = f"{base}{dash}{_letters(i)}"
    return pd.Series(
        [labels[s] for s in studies["study_id"]],
        index=list(studies["study_id"]),
        name="label",
        dtype=object,
    )


def order_studies(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` (with ``year`` and ``label``) sorted by year (missing last), then label."""
    key = pd.DataFrame(
        {
            "missing": [y is None or pd.isna(y) for y in table["year"]],
            "year": [0 if y is None or pd.isna(y) else int(y) for y in table["year"]],
            "label": [str(v).casefold() for v in table["label"]],
            "study_id": list(table["study_id"]),
        },
        index=table.index,
    )
    order = key.sort_values(["missing", "year", "label", "study_id"], kind="mergesort").index
    return table.loc[order].reset_index(drop=True)


def label_map(table: pd.DataFrame) -> dict[str, str]:
    """``{study_id: label}`` from a table with both columns (the included studies)."""
    return dict(zip(table["study_id"], table["label"], strict=True))


def labels_for(ids: Iterable[str], labels: Mapping[str, str]) -> list[str]:
    """The labels of ``ids`` in the order given."""
    return [labels[i] for i in ids]
