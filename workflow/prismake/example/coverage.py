"""Which database returns which work, under which accession number, in which order.

A work can only be found in a database that indexes its journal; whether the search finds it there
depends on how near it is to the search terms (its ``relevance``) and on the database. Every work
is found at least once (it is in the example because some search found it). Accession numbers
follow each vendor's real scheme and grow with the publication year, as real ones do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from prismake.example.journals import (
    ASSIA,
    CINAHL,
    EMBASE,
    MEDLINE,
    PSYCINFO,
    SCOPUS,
    SOCABS,
    SOCINDEX,
    WOS,
)
from prismake.example.works import Serials, Work, by_year

#: The nine sources in search-log order.
SOURCE_IDS: tuple[str, ...] = (
    MEDLINE,
    EMBASE,
    PSYCINFO,
    CINAHL,
    SOCINDEX,
    ASSIA,
    SOCABS,
    SCOPUS,
    WOS,
)

FIND_PROBABILITY = {
    "included": 0.85,
    "fulltext": 0.55,
    "special": 0.6,
    "close": 0.15,
    "related": 0.075,
    "distant": 0.055,
}
SOURCE_FACTOR = {
    MEDLINE: 1.0,
    EMBASE: 1.08,
    PSYCINFO: 0.95,
    CINAHL: 0.95,
    SOCINDEX: 0.8,
    ASSIA: 0.9,
    SOCABS: 0.75,
    SCOPUS: 0.95,
    WOS: 0.85,
}
FIRST_FOUND_WEIGHT = {
    EMBASE: 1.4,
    MEDLINE: 1.2,
    SCOPUS: 1.0,
    PSYCINFO: 0.9,
    CINAHL: 0.75,
    WOS: 0.6,
    ASSIA: 0.9,
    SOCINDEX: 0.6,
    SOCABS: 0.7,
}


@dataclass
class Record:
    """One work as one database exports it."""

    source_id: str
    work: Work
    accession: str
    ids: dict[str, str] = field(default_factory=dict)  #: other vendor numbers (ProQuest AN, ...)


def _indexed(work: Work) -> list[str]:
    found = [s for s in SOURCE_IDS if s in work.journal.indexed]
    if work.year < 1996:
        found = [s for s in found if s not in (SCOPUS, WOS)]
    if work.kind == "conference_abstract":
        found = [s for s in found if s in (EMBASE, WOS)]
    if work.kind == "erratum":
        found = [s for s in found if s in (MEDLINE, EMBASE, SCOPUS, WOS)]
    if not work.pmid:
        found = [s for s in found if s != MEDLINE]
    return found


def find(rng: random.Random, work: Work) -> list[str]:
    """The sources whose search returns ``work`` (at least one)."""
    indexed = _indexed(work)
    if not indexed:
        raise ValueError(f"work {work.key!r} is in no database (journal {work.journal.key!r})")
    first = rng.choices(indexed, weights=[FIRST_FOUND_WEIGHT[s] for s in indexed])[0]
    if work.kind in ("conference_abstract", "erratum"):
        return indexed
    base = FIND_PROBABILITY[work.relevance]
    return [s for s in indexed if s == first or rng.random() < base * SOURCE_FACTOR[s]]


# --------------------------------------------------------------------------- accession numbers

_EMBASE = (
    (2010, 358_000_000),
    (2013, 369_000_000),
    (2014, 373_000_000),
    (2016, 609_000_000),
    (2018, 621_000_000),
    (2020, 630_000_000),
    (2022, 637_000_000),
    (2024, 643_000_000),
    (2025, 646_000_000),
)
_CINAHL = (
    (2016, 113_000_000),
    (2018, 129_000_000),
    (2020, 143_000_000),
    (2022, 156_000_000),
    (2024, 176_000_000),
    (2025, 181_000_000),
)
_EBSCO = (
    (1990, 9_400_000),
    (2005, 17_000_000),
    (2010, 48_000_000),
    (2015, 101_000_000),
    (2018, 128_000_000),
    (2020, 142_000_000),
    (2022, 155_000_000),
    (2024, 175_000_000),
    (2025, 180_000_000),
)
_PROQUEST = (
    (1990, 57_000_000),
    (2005, 60_500_000),
    (2010, 85_000_000),
    (2014, 1_560_000_000),
    (2017, 1_900_000_000),
    (2020, 2_400_000_000),
    (2022, 2_680_000_000),
    (2024, 2_930_000_000),
    (2025, 3_050_000_000),
)
_SCOPUS = (
    (1996, 298_000_000),
    (2003, 1_442_000_000),
    (2005, 20_444_000_000),
    (2006, 33_745_000_000),
    (2008, 42_149_000_000),
    (2009, 67_649_000_000),
    (2011, 79_955_000_000),
    (2013, 84_872_000_000),
    (2016, 84_963_000_000),
    (2017, 85_010_000_000),
    (2019, 85_062_000_000),
    (2021, 85_100_000_000),
    (2023, 85_146_000_000),
    (2024, 85_183_000_000),
    (2025, 85_200_000_000),
)
_WOS = (
    (1997, 71_000_000),
    (2006, 236_000_000),
    (2010, 276_000_000),
    (2014, 330_000_000),
    (2016, 370_000_000),
    (2018, 424_000_000),
    (2019, 456_000_000),
    (2020, 510_000_000),
    (2021, 600_000_000),
    (2022, 750_000_000),
    (2023, 950_000_000),
    (2024, 1_130_000_000),
    (2025, 1_250_000_000),
)


def _unique(serials: Serials, namespace: str, make) -> str:
    while True:
        value = make()
        if serials.claim(namespace, value):
            return value


def accession(rng: random.Random, serials: Serials, source_id: str, work: Work) -> Record:
    """The record of ``work`` in ``source_id``, with the vendor's accession number."""
    year = work.year + (work.month - 1) / 12
    ids: dict[str, str] = {}
    if source_id == MEDLINE:
        number = work.pmid
    elif source_id == EMBASE:
        if work.year < 2010:
            number = _unique(serials, "embase", lambda: f"{work.year}{rng.randint(100000, 699999)}")
        else:
            number = _unique(
                serials, "embase", lambda: str(by_year(_EMBASE, year) + rng.randint(0, 400_000))
            )
    elif source_id == PSYCINFO:
        number = _unique(
            serials,
            "psycinfo",
            lambda: f"{work.year}-{rng.randint(10000, 99999)}-{rng.randint(1, 14):03d}",
        )
    elif source_id == CINAHL and work.year < 2016:
        number = _unique(serials, "ebsco", lambda: f"{work.year}{rng.randint(100000, 999999)}")
    elif source_id == CINAHL:
        number = _unique(
            serials, "ebsco", lambda: str(by_year(_CINAHL, year) + rng.randint(0, 900_000))
        )
    elif source_id == SOCINDEX:
        number = _unique(
            serials, "ebsco", lambda: str(by_year(_EBSCO, year) + rng.randint(0, 900_000))
        )
    elif source_id in (ASSIA, SOCABS):
        number = _unique(
            serials, "proquest", lambda: str(by_year(_PROQUEST, year) + rng.randint(0, 2_000_000))
        )
        if source_id == ASSIA:
            ids["an"] = _unique(serials, "assia", lambda: str(rng.randint(10_000_000, 99_999_999)))
        else:
            ids["an"] = _unique(
                serials, "socabs", lambda: f"{work.year}{rng.randint(10000, 99999)}"
            )
    elif source_id == SCOPUS:
        number = _unique(
            serials,
            "scopus",
            lambda: f"2-s2.0-{by_year(_SCOPUS, year) + rng.randint(0, 9_000_000):011d}",
        )
    elif source_id == WOS:
        if work.year < 1997:
            letters = "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXY") for _ in range(2))
            number = _unique(
                serials,
                "wos",
                lambda: (
                    f"WOS:A{work.year}{letters}{rng.randint(10000, 99999):05d}"
                    + f"000{rng.randint(1, 40):02d}"
                ),
            )
        else:
            number = _unique(
                serials,
                "wos",
                lambda: (
                    "WOS:"
                    + format(
                        (by_year(_WOS, year) + rng.randint(0, 900_000)) * 1000 + rng.randint(1, 99),
                        "015d",
                    )
                ),
            )
    else:
        raise ValueError(f"unknown source {source_id!r}")
    return Record(source_id, work, number, ids)


def _order_key(rng: random.Random, source_id: str, record: Record) -> tuple:
    """How each vendor orders its results: by date, by accession, or by relevance."""
    work = record.work
    if source_id == MEDLINE:  # "Most recent": newest first
        return (-work.year, -work.month, -int(record.accession))
    if source_id in (EMBASE, PSYCINFO):  # Ovid lists by accession, newest first
        return (-work.year, record.accession[::-1])
    if source_id in (SCOPUS, WOS):  # date (newest)
        return (-work.year, -work.month, rng.random())
    return (rng.random(),)  # EBSCOhost and ProQuest: relevance


def assign(rng: random.Random, works: list[Work]) -> dict[str, list[Record]]:
    """Every source's records, in export order."""
    serials = Serials()
    by_source: dict[str, list[Record]] = {s: [] for s in SOURCE_IDS}
    for work in works:
        for source_id in find(rng, work):
            by_source[source_id].append(accession(rng, serials, source_id, work))
    ordered = {}
    for source_id, records in by_source.items():
        keys = {id(r): _order_key(rng, source_id, r) for r in records}
        ordered[source_id] = sorted(records, key=lambda r: keys[id(r)])
    return ordered
