"""The ground truth of the example: one :class:`Work` per real-world publication.

A work is what a duplicate cluster should collapse to. Its fields are the canonical values (as the
journal printed them); the exporters in :mod:`prismake.example.exports` render each work the way
one vendor would, with that vendor's noise. Works are built from the hand-written studies in
:mod:`prismake.example.studies` and from topic pools (:mod:`prismake.example.topics`) for the
background literature a broad search retrieves.
"""

from __future__ import annotations

import bisect
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from string import Formatter

from prismake.example import studies, topics
from prismake.example.journals import BY_KEY, MEDLINE, Journal, make_doi
from prismake.example.names import (
    COUNTRY_WEIGHTS,
    FAMILY_NAMES,
    GIVEN_NAMES,
    INSTITUTIONS,
    MIDDLE_NAMES,
    PLACES,
)
from prismake.example.text import americanise, cap_first, number_word, title_case

#: The month the searches were run (no work is published after it).
SEARCH_YEAR, SEARCH_MONTH = 2024, 3
FIRST_YEAR = 1990


@dataclass(frozen=True)
class Author:
    family: str
    given: str  #: given names; a trailing single letter is a middle initial ("Owen P")


@dataclass
class Work:
    """One publication, with the truth about how the review treats it."""

    key: str
    kind: str  #: article, review, protocol, commentary, conference_abstract, erratum
    design: str
    topic: str
    relevance: str  #: included, fulltext, close, related, distant
    title: str
    authors: tuple[Author, ...]
    affiliation: str
    year: int
    month: int
    journal: Journal
    volume: str
    issue: str
    first_page: str
    last_page: str
    article_number: str
    doi: str
    pmid: str
    sections: tuple[tuple[str, str], ...]
    keywords: tuple[str, ...]
    concepts: tuple[str, ...]
    country: str
    language: str = "English"
    original_title: str = ""
    related_to: str = ""
    supplement: str = ""
    conference: str = ""
    ta: str = "include"  #: "include", or the title/abstract exclusion reason code
    ft: str = ""  #: for works included at title/abstract: include, not_retrieved or a reason
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def abstract(self) -> str:
        """The abstract as one paragraph with ``Label:`` prefixes."""
        return " ".join(f"{label}: {text}" if label else text for label, text in self.sections)

    @property
    def n_pages(self) -> int:
        if self.kind in ("erratum", "conference_abstract"):
            return 1
        if self.first_page.isdigit() and self.last_page.isdigit():
            return int(self.last_page) - int(self.first_page) + 1
        return 8 + len(self.title) % 9


class _Slots(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"template slot {{{key}}} has no value")


def _fill(template: str, slots: dict[str, str]) -> str:
    return Formatter().vformat(template, (), _Slots(slots))


def _weighted(rng: random.Random, weights: dict[str, int | float]) -> str:
    keys = sorted(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


# ------------------------------------------------------------------------------------ authors


def author_pool(rng: random.Random) -> dict[str, list[Author]]:
    """Invented authors per country; a few names recur across works, as prolific authors do."""
    pool: dict[str, list[Author]] = {}
    seen: set[tuple[str, str]] = set()
    for country in sorted(COUNTRY_WEIGHTS):
        size = 20 + COUNTRY_WEIGHTS[country] * 4
        authors: list[Author] = []
        while len(authors) < size:
            family = rng.choice(FAMILY_NAMES)
            given = rng.choice(GIVEN_NAMES)
            if rng.random() < 0.35:
                middle = rng.choice(MIDDLE_NAMES)
                given = f"{given} {middle if rng.random() < 0.4 else middle[0]}"
            if (family, given.split()[0]) in seen:
                continue
            seen.add((family, given.split()[0]))
            authors.append(Author(family, given))
        pool[country] = authors
    return pool


def _team(rng: random.Random, pool: list[Author], size: int) -> tuple[Author, ...]:
    weights = [1.0 / (i + 1) ** 0.8 for i in range(len(pool))]
    team: list[Author] = []
    while len(team) < size:
        author = rng.choices(pool, weights=weights)[0]
        if author not in team:
            team.append(author)
    return tuple(team)


# ------------------------------------------------------------------------------ identifiers

_PMID_POINTS = (
    (1990, 2_100_000),
    (1998, 9_500_000),
    (2004, 14_700_000),
    (2006, 16_400_000),
    (2010, 20_000_000),
    (2014, 24_300_000),
    (2016, 26_700_000),
    (2018, 29_300_000),
    (2019, 30_600_000),
    (2020, 31_900_000),
    (2021, 33_300_000),
    (2022, 34_900_000),
    (2023, 36_600_000),
    (2024, 38_100_000),
    (2025, 39_600_000),
)


def by_year(points: tuple[tuple[int, int], ...], year: float) -> int:
    """Linear interpolation of a (year, value) table, as accession numbers grow over time."""
    years = [p[0] for p in points]
    i = min(max(bisect.bisect_right(years, year) - 1, 0), len(points) - 2)
    (y0, v0), (y1, v1) = points[i], points[i + 1]
    return int(v0 + (v1 - v0) * (year - y0) / (y1 - y0))


class Serials:
    """Unique numbers per namespace (PMIDs, DOIs per journal, accession numbers per vendor)."""

    def __init__(self) -> None:
        self._used: dict[str, set[object]] = {}
        self._counters: Counter[str] = Counter()

    def next(self, namespace: str) -> int:
        self._counters[namespace] += 1
        return self._counters[namespace]

    def claim(self, namespace: str, value: object) -> bool:
        used = self._used.setdefault(namespace, set())
        if value in used:
            return False
        used.add(value)
        return True


def new_pmid(rng: random.Random, serials: Serials, year: int, month: int) -> str:
    base = by_year(_PMID_POINTS, year + (month - 1) / 12)
    while True:
        value = base + rng.randint(0, 120_000)
        if serials.claim("pmid", value):
            return str(value)


# ---------------------------------------------------------------------------- bibliographic


def _issues_per_year(journal: Journal) -> int:
    return (4, 6, 12)[sum(map(ord, journal.key)) % 3]


def place_in_journal(
    rng: random.Random,
    serials: Serials,
    journal: Journal,
    year: int,
    month: int,
    *,
    pages: tuple[int, int] = (7, 16),
    supplement: str = "",
) -> dict[str, str]:
    """Volume, issue, pages or article number and DOI for a work in ``journal``."""
    per_year = _issues_per_year(journal)
    issue = str(math.ceil(month / (12 / per_year)))
    volume = str(max(1, year - journal.founded + 1))
    serial = serials.next(f"issue:{journal.key}:{year}")
    while True:  # unique across the journal's years, as a registrar guarantees
        doi = make_doi(journal, year=year, month=month, serial=serials.next(f"doi:{journal.key}"))
        if serials.claim("doi", doi.lower()):
            break
    first = last = number = ""
    if supplement:
        issue = supplement
        start = rng.randint(10, 240)
        first, last = f"S{start}", f"S{start + 1}"
    elif year >= journal.article_numbers_from:
        if journal.doi_style == "elsevier":
            number = str(100000 + (year % 100) * 1000 + serial * 3 + rng.randint(0, 2))
        elif journal.doi_style == "oa":
            number = f"e{serial:03d}"
        else:
            number = str(serial * 29 + rng.randint(0, 28))
    else:
        start = (int(issue) - 1) * (420 // per_year) + rng.randint(1, 300 // per_year)
        first, last = str(start), str(start + rng.randint(*pages))
    return dict(
        volume=volume, issue=issue, first_page=first, last_page=last, article_number=number, doi=doi
    )


# --------------------------------------------------------------------------- background


_LABEL_SETS = (
    ("Background", "Aims", "Methods", "Results", "Conclusions"),
    ("Introduction", "Objective", "Methods", "Results", "Conclusion"),
    ("Background", "Objectives", "Design and methods", "Findings", "Conclusions"),
    ("Context", "Aim", "Method", "Results", "Discussion"),
)


def _numbers(rng: random.Random, design: str) -> dict[str, str]:
    n_range = {
        "qualitative": (8, 45),
        "survey": (120, 1600),
        "trial": (60, 640),
        "cohort": (400, 48000),
        "mixed": (80, 900),
        "review": (600, 6400),
        "scoping": (300, 4200),
        "protocol": (60, 600),
        "evaluation": (12, 300),
        "commentary": (10, 50),
    }[design]
    odds = round(rng.uniform(1.15, 3.4), 2)
    lo = round(odds * rng.uniform(0.55, 0.9), 2)
    y2 = rng.randint(2008, 2023)
    return {
        "n": f"{rng.randint(*n_range):,}",
        "m": str(rng.randint(6, 58)),
        "k": str(rng.randint(2, 9)),
        "y1": str(y2 - rng.randint(1, 8)),
        "y2": str(y2),
        "pct": str(rng.randint(12, 88)),
        "or_": f"{odds:.2f}",
        "lo": f"{lo:.2f}",
        "hi": f"{odds * rng.uniform(1.1, 1.6):.2f}",
        "p2": f"{rng.randint(11, 93):02d}",
        "pct2": str(rng.randint(36, 44)),
    }


_QUALITATIVE = frozenset({"qualitative", "commentary"})
_QUANTITATIVE = frozenset({"survey", "trial", "cohort", "protocol"})


def _title_templates(topic: dict, design: str) -> list[str]:
    """The topic's title templates that suit ``design`` (``Q:`` qualitative, ``N:`` numeric)."""
    out = []
    for template in topic["titles"]:
        mark, _, body = (
            template.partition(":") if template[:2] in ("Q:", "N:") else ("", "", template)
        )
        if (mark == "Q" and design in _QUANTITATIVE) or (mark == "N" and design in _QUALITATIVE):
            continue
        out.append(body)
    return out


_NUMERIC_AIM = (
    "estimate",
    "evaluated whether",
    "assessed the effect",
    "assessed the association",
    "measured",
    "examined whether",
    "assessed associations",
    "assess fidelity",
    "assessed fidelity",
    "described {out}",
    "examined {out}",
)
_QUALITATIVE_AIM = ("explore", "experience", "reflects", "describe how", "understand")


def _aims(topic: dict, design: str) -> list[str]:
    """The topic's aims that suit ``design`` (exploratory aims for qualitative work and so on)."""
    aims = list(topic["aims"])
    if design in _QUANTITATIVE:
        fit = [a for a in aims if not any(w in a for w in _QUALITATIVE_AIM)]
    elif design in _QUALITATIVE:
        fit = [a for a in aims if not any(w in a for w in _NUMERIC_AIM)]
    else:
        fit = aims
    return fit or aims


def _sections(
    rng: random.Random, topic: dict, design: str, slots: dict[str, str], structured: bool
) -> tuple[tuple[str, str], ...]:
    pick = lambda pool, k=1: rng.sample(list(pool), min(k, len(pool)))  # noqa: E731
    background = " ".join(_fill(s, slots) for s in pick(topic["background"], rng.randint(1, 2)))
    if design == "commentary":
        text = (
            f"{background} In this commentary we argue that {slots['int']} deserves closer "
            f"attention from researchers and commissioners. "
            f"{_fill(pick(topic['conclusions'])[0], slots)}"
        )
        return (("", text),)
    aim = _fill(pick(_aims(topic, design))[0], slots)
    methods = _fill(pick(topics.METHODS_BY_DESIGN[design])[0], slots)
    if design == "qualitative":
        methods += " " + pick(topics.QUAL_ANALYSIS)[0]
        found = pick(topic["findings"], rng.randint(2, 4))
        if len(found) >= 2:
            results = (
                f"{cap_first(number_word(len(found)))} themes were identified: "
                + "; ".join(found[:-1])
                + f"; and {found[-1]}."
            )
        else:
            results = f"Participants emphasised {found[0]}."
    elif design in ("review", "scoping"):
        results = " ".join(_fill(s, slots) for s in pick(topics.REVIEW_RESULTS, 2))
    elif design == "protocol":
        results = ""
    else:
        results = " ".join(_fill(s, slots) for s in pick(topics.RESULTS_BY_DESIGN[design], 2))
    conclusion = _fill(pick(topic["conclusions"])[0], slots)
    if design == "protocol":
        parts = (
            ("Introduction", f"{background} {aim}"),
            ("Methods and analysis", methods),
            (
                "Ethics and dissemination",
                "Ethical approval has been obtained. Findings will "
                "be disseminated through peer-reviewed publications and to people with lived "
                "experience.",
            ),
        )
        return parts if structured else (("", " ".join(t for _, t in parts)),)
    labels = _LABEL_SETS[rng.randrange(len(_LABEL_SETS))]
    parts = (
        (labels[0], background),
        (labels[1], aim),
        (labels[2], methods),
        (labels[3], results),
        (labels[4], conclusion),
    )
    if structured:
        return parts
    return (("", " ".join(t for _, t in parts if t)),)


def _ta_reason(topic_key: str, relevance: str, design: str) -> str:
    if design in ("commentary", "protocol"):
        return "PUBLICATION"
    if design in ("review", "scoping"):
        return "DESIGN"
    if topic_key == "peer_mh":
        return "POPULATION"
    if topic_key in ("peer_sud", "peer_homeless", "peer_harm", "peer_hiv", "justice"):
        return "PERSPECTIVE" if design == "qualitative" else "DESIGN"
    if topic_key == "peer_education":
        return "POPULATION"
    return "TOPIC"


def _title(rng: random.Random, topic: dict, design: str, slots: dict[str, str]) -> str:
    if design == "commentary":
        main = cap_first(_fill(rng.choice(topics.COMMENTARY_TITLES), slots))
        return main + rng.choice(("", "", ": a commentary", ": a call to action"))
    main = cap_first(_fill(rng.choice(_title_templates(topic, design)), slots))
    suffixes = topics.DESIGN_SUFFIXES[design]
    forced = design in ("review", "scoping", "trial", "protocol")
    if ":" not in main and not main.endswith("?") and suffixes and (forced or rng.random() < 0.55):
        if slots["place"] in main:
            suffixes = tuple(s for s in suffixes if "{place}" not in s) or suffixes
        return f"{main}: {_fill(rng.choice(suffixes), slots)}"
    return main


_YEAR_WEIGHTS = {y: math.exp((y - FIRST_YEAR) / 8.5) for y in range(FIRST_YEAR, SEARCH_YEAR + 1)}


def background_work(
    rng: random.Random,
    serials: Serials,
    key: str,
    topic_key: str,
    pool: dict[str, list[Author]],
    titles: set[str],
) -> Work:
    """One invented background work of ``topic_key``; its title is new (not in ``titles``)."""
    topic = topics.TOPICS[topic_key]
    design = _weighted(rng, topic["designs"])
    country = _weighted(rng, COUNTRY_WEIGHTS)
    journal = BY_KEY[rng.choice(topic["journals"])]
    for _ in range(200):
        slots = {name: rng.choice(topic[name]) for name in ("pop", "peer", "int", "set", "out")}
        slots.update({f"{name}_cap": cap_first(slots[name]) for name in list(slots)})
        slots.update(_numbers(rng, design))
        slots["place"] = rng.choice(PLACES[country])
        slots["quote"] = rng.choice(topic["quotes"])
        slots["exposure"] = rng.choice(topic.get("exposures", topics.DEFAULT_EXPOSURES))
        slots["exposure_cap"] = cap_first(slots["exposure"])
        slots["finding"] = rng.choice(topic["findings"])
        slots["adj"] = rng.choice(("qualitative", "observational", "cross-sectional", "mixed"))
        title = _title(rng, topic, design, slots)
        if country == "United States":
            title = americanise(title)
        if journal.title_style == "title":
            title = title_case(title)
        if title.lower() not in titles:
            titles.add(title.lower())
            break
    else:  # pragma: no cover - the pools are large enough
        raise RuntimeError(f"could not invent a new title for topic {topic_key!r}")
    years = [y for y in _YEAR_WEIGHTS if y >= journal.founded]
    year = rng.choices(years, weights=[_YEAR_WEIGHTS[y] for y in years])[0]
    month = rng.randint(1, SEARCH_MONTH - 1 if year == SEARCH_YEAR else 12)
    sections = _sections(rng, topic, design, slots, journal.structured)
    if country == "United States":
        sections = tuple((label, americanise(text)) for label, text in sections)
    size = {
        "commentary": (1, 2),
        "qualitative": (2, 5),
        "trial": (4, 10),
        "cohort": (3, 8),
        "review": (3, 6),
        "scoping": (3, 6),
    }.get(design, (2, 7))
    authors = _team(rng, pool[country], rng.randint(*size))
    kind = {
        "review": "review",
        "scoping": "review",
        "protocol": "protocol",
        "commentary": "commentary",
    }.get(design, "article")
    keywords = tuple(
        rng.sample(list(topic["keywords"]), min(len(topic["keywords"]), rng.randint(3, 5)))
    )
    placed = place_in_journal(rng, serials, journal, year, month)
    pmid = new_pmid(rng, serials, year, month) if MEDLINE in journal.indexed else ""
    return Work(
        key=key,
        kind=kind,
        design=design,
        topic=topic_key,
        relevance=str(topic["relevance"]),
        title=title,
        authors=authors,
        affiliation=rng.choice(INSTITUTIONS[country]),
        year=year,
        month=month,
        journal=journal,
        pmid=pmid,
        sections=sections,
        keywords=keywords,
        concepts=tuple(topic["concepts"]),
        country=country,
        ta=_ta_reason(topic_key, str(topic["relevance"]), design),
        **placed,
    )


# ---------------------------------------------------------------------------- hand-written


def _authors(pairs: tuple[tuple[str, str], ...]) -> tuple[Author, ...]:
    return tuple(Author(family, given) for family, given in pairs)


def studied_work(
    rng: random.Random, serials: Serials, spec: dict[str, object], *, relevance: str
) -> Work:
    """A :class:`Work` from one hand-written entry of :mod:`prismake.example.studies`."""
    journal = BY_KEY[str(spec["journal"])]
    year, month = int(spec["year"]), int(spec["month"])
    country = str(spec["country"])
    kind = str(spec.get("kind", "review" if spec["design"] in ("review", "scoping") else "article"))
    placed = place_in_journal(
        rng,
        serials,
        journal,
        year,
        month,
        pages=(0, 0) if kind == "erratum" else ((18, 26) if relevance == "included" else (9, 19)),
        supplement=str(spec.get("supplement", "")),
    )
    title, sections = str(spec["title"]), tuple(spec["sections"])  # type: ignore[arg-type]
    if country == "United States":
        title = americanise(title)
        sections = tuple((label, americanise(text)) for label, text in sections)
    if journal.title_style == "title":
        title = title_case(title)
    keywords = tuple(spec.get("keywords", ()))  # type: ignore[arg-type]
    ft = str(spec.get("ft", ""))
    ta = str(spec.get("ta", "include"))
    pmid = ""
    if MEDLINE in journal.indexed and kind != "conference_abstract":
        pmid = new_pmid(rng, serials, year, month)
    institutions = INSTITUTIONS.get(country, INSTITUTIONS["United Kingdom"])
    return Work(
        key=str(spec["key"]),
        kind=kind,
        design=str(spec["design"]),
        topic="handwritten",
        relevance=relevance,
        title=title,
        authors=_authors(spec["authors"]),  # type: ignore[arg-type]
        affiliation=str(
            spec.get("affiliation")
            or institutions[sum(map(ord, str(spec["key"]))) % len(institutions)]
        ),
        year=year,
        month=month,
        journal=journal,
        pmid=pmid,
        sections=sections,
        keywords=keywords,
        concepts=tuple(spec.get("concepts", ())),  # type: ignore[arg-type]
        country=country,
        language=str(spec.get("language", "English")),
        original_title=str(spec.get("original_title", "")),
        related_to=str(spec.get("related_to", "")),
        supplement=str(spec.get("supplement", "")),
        conference=str(spec.get("conference", "")),
        ta=ta,
        ft=ft,
        extra={k: spec[k] for k in ("characteristics", "place") if k in spec},
        **placed,
    )


def build_works(rng: random.Random, *, n_background: int) -> list[Work]:
    """Every work of the example: hand-written ones first, then ``n_background`` invented ones."""
    serials = Serials()
    works = [studied_work(rng, serials, s, relevance="included") for s in studies.INCLUDED]
    works += [
        studied_work(rng, serials, s, relevance="fulltext") for s in studies.FULL_TEXT_EXCLUDED
    ]
    works += [studied_work(rng, serials, s, relevance="special") for s in studies.RELATED]
    titles = {w.title.lower() for w in works}
    pool = author_pool(rng)
    topic_keys = sorted(topics.TOPICS)
    weights = [int(topics.TOPICS[k]["weight"]) for k in topic_keys]
    for i in range(n_background):
        topic_key = rng.choices(topic_keys, weights=weights)[0]
        works.append(background_work(rng, serials, f"bg{i + 1:04d}", topic_key, pool, titles))
    return works
