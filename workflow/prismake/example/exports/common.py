"""What the exporters share: per-record randomness, author forms, dates and copyright lines."""

from __future__ import annotations

import hashlib
import random

from prismake.example.text import americanise, initials
from prismake.example.works import Author, Work

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: How often a vendor's record lacks the DOI (older records lack it more often).
MISSING_DOI = {
    "medline": (0.4, 0.0),
    "embase": (0.35, 0.04),
    "psycinfo": (0.2, 0.05),
    "cinahl": (0.45, 0.15),
    "socindex": (0.5, 0.2),
    "assia": (0.5, 0.25),
    "sociological_abstracts": (0.6, 0.35),
    "scopus": (0.15, 0.02),
    "wos": (0.3, 0.05),
}


def record_rng(seed: str, source_id: str, work: Work) -> random.Random:
    """A generator private to one record, so that one vendor's noise never shifts another's."""
    return random.Random(f"{seed}:{source_id}:{work.key}")


def has_doi(rng: random.Random, source_id: str, work: Work) -> bool:
    old, new = MISSING_DOI[source_id]
    return bool(work.doi) and rng.random() >= (old if work.year < 2010 else new)


def given_dotted(given: str) -> str:
    """``Owen P`` -> ``Owen P.`` (a lone middle initial takes a full stop)."""
    return " ".join(p + "." if len(p) == 1 else p for p in given.split())


def surname_initials(author: Author, *, dots: bool, comma: bool = False) -> str:
    """``Jamieson OP`` / ``Jamieson O.P.`` / ``Jamieson, OP``."""
    sep = ", " if comma else " "
    return f"{author.family}{sep}{initials(author.given, dots=dots)}"


def author_id(author: Author) -> str:
    """A stable 11-digit author id, as Scopus assigns them."""
    digest = int(hashlib.sha256(f"{author.family}|{author.given}".encode()).hexdigest(), 16)
    return str(57_000_000_000 + digest % 2_900_000_000)


def nlm_id(journal_key: str) -> str:
    digest = int(hashlib.sha256(journal_key.encode()).hexdigest(), 16)
    return str(100_000_000 + digest % 2_000_000)


def day_of(work: Work) -> int:
    return 1 + sum(map(ord, work.key)) % 28


def copyright_line(work: Work) -> str:
    """The publisher's copyright statement as abstracts carry it."""
    publisher = work.journal.publisher
    if work.journal.doi_style in ("bmc", "oa"):
        return f"© {work.year}. The Author(s)."
    if work.journal.doi_style == "elsevier":
        return f"© {work.year} {publisher}. All rights reserved."
    return f"© {work.year} {publisher}"


def abstract_paragraph(work: Work, *, label_style: str = "title") -> str:
    """The abstract as one paragraph; labels as ``Background:``, ``BACKGROUND:`` or Embase's
    ``Method(s):`` forms."""
    parts = []
    for label, text in work.sections:
        if not label:
            parts.append(text)
            continue
        if label_style == "upper":
            label = label.upper()
        elif label_style == "embase":
            label = {
                "Methods": "Method(s)",
                "Results": "Result(s)",
                "Conclusions": "Conclusion(s)",
                "Conclusion": "Conclusion(s)",
                "Method": "Method(s)",
            }.get(label, label)
        parts.append(f"{label}: {text}")
    return " ".join(parts)


def spelled(text: str, work: Work) -> str:
    """Text in the work's own spelling (American for US authors)."""
    return americanise(text) if work.country == "United States" else text


def cited_by(work: Work, *, search_year: int = 2024) -> int:
    if work.kind in ("erratum", "conference_abstract"):
        return 0
    age = max(0, search_year - work.year)
    base = {"included": 9, "fulltext": 5}.get(work.relevance, 3)
    return (sum(map(ord, work.key)) % 7 + base) * age // 2
