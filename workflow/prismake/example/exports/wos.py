"""Web of Science Core Collection: the plain-text file of "Export, Other file formats, Plain text,
Full record".

UTF-8 with a byte-order mark; a ``FN``/``VR`` header; two-letter tags, continuation lines indented
by three spaces, titles and keyword lists wrapped at 75 columns; ``ER`` after each record and
``EF`` at the end. Authors as ``Surname, IJ`` (``AU``) and in full (``AF``); the journal in capitals
(``SO``); corrections carry the corrected article's citation in their title; meeting abstracts
their supplement (``SU``) and abstract number (``MA``). The accession number is ``UT``.
"""

from __future__ import annotations

import re

from prismake.example.coverage import Record
from prismake.example.exports.common import (
    MONTHS,
    cited_by,
    given_dotted,
    has_doi,
    record_rng,
    surname_initials,
)
from prismake.example.text import strip_diacritics, wrap
from prismake.example.topics import CONCEPT_HEADINGS
from prismake.example.works import Work

#: The day the records were exported (the search date in config/sources.tsv).
EXPORTED = "2024-03-12"
DOC_TYPE = {
    "article": "Article",
    "review": "Review",
    "protocol": "Article",
    "commentary": "Editorial Material",
    "erratum": "Correction",
    "conference_abstract": "Meeting Abstract",
}
CATEGORY = {
    "sud": "Substance Abuse",
    "homeless": "Social Work",
    "mh": "Psychiatry",
    "peer": "Public, Environmental & Occupational Health",
    "housing": "Urban Studies",
    "adolescent": "Psychology, Developmental",
    "prison": "Criminology & Penology",
    "hiv": "Infectious Diseases",
    "workforce": "Social Work",
    "primary_care": "Primary Health Care",
}
PUBLISHER_ADDRESS = {
    "Northgate Science": (
        "NORTHGATE SCIENCE",
        "AMSTERDAM",
        "RADARWEG 29, 1043 NX AMSTERDAM, NETHERLANDS",
    ),
    "Fenwick & Hale": (
        "FENWICK & HALE LTD",
        "ABINGDON",
        "2-4 PARK SQUARE, MILTON PARK, ABINGDON OR14 4RN, OXON, ENGLAND",
    ),
    "Meridian Open": ("MERIDIAN OPEN", "LONDON", "CAMPUS, 4 CRINAN ST, LONDON N1 9XW, ENGLAND"),
    "Halden-Price": ("HALDEN-PRICE", "HOBOKEN", "111 RIVER ST, HOBOKEN 07030-5774, NJ USA"),
    "Larkspur Academic": (
        "LARKSPUR ACADEMIC INC",
        "THOUSAND OAKS",
        "2455 TELLER RD, THOUSAND OAKS, CA 91320 USA",
    ),
    "Clarendon Academic": (
        "CLARENDON ACADEMIC PRESS",
        "OXFORD",
        "GREAT CLARENDON ST, OXFORD OX2 6DP, ENGLAND",
    ),
    "Stanmore Nature": (
        "STANMORE NATURE",
        "NEW YORK",
        "ONE NEW YORK PLAZA, SUITE 4600, NEW YORK, NY, UNITED STATES",
    ),
    "Granta University Press": (
        "GRANTA UNIV PRESS",
        "CAMBRIDGE",
        "EDINBURGH BLDG, SHAFTESBURY RD, CB2 8RU CAMBRIDGE, ENGLAND",
    ),
    "Kestrel Publishing": (
        "KESTREL PUBLISHING LTD",
        "BINGLEY",
        "HOWARD HOUSE, WAGON LANE, BINGLEY BD16 1WA, W YORKSHIRE, ENGLAND",
    ),
}


def _field(tag: str, value: str, *, width: int = 75) -> list[str]:
    return wrap(value, width=width, first=f"{tag} ", indent="   ")


def _multi(tag: str, values: list[str]) -> list[str]:
    return [f"{tag if i == 0 else '  '} {v}" for i, v in enumerate(values)]


def _abbrev_affiliation(text: str) -> str:
    swaps = {
        "University": "Univ",
        "Department": "Dept",
        "School": "Sch",
        "Centre": "Ctr",
        "Center": "Ctr",
        "Institute": "Inst",
        "Health": "Hlth",
        "Social": "Social",
        "Faculty": "Fac",
        "Research": "Res",
        "Sciences": "Sci",
        "Public": "Publ",
    }
    return (
        re.sub(r"[A-Za-z]+", lambda m: swaps.get(m.group(0), m.group(0)), text)
        .replace(" for ", " ")
        .replace(" of ", " ")
        .replace(" the ", " ")
    )


def _record(record: Record, *, seed: str, index: dict[str, Work]) -> list[str]:
    work = record.work
    rng = record_rng(seed, "wos", work)
    lines = ["PT J"]
    lines += _multi("AU", [surname_initials(a, dots=False, comma=True) for a in work.authors])
    lines += _multi("AF", [f"{a.family}, {given_dotted(a.given)}" for a in work.authors])
    title = work.title.rstrip(".")
    if work.kind == "erratum" and work.related_to:
        target = index[work.related_to]
        number = target.article_number or target.first_page
        title = f"{target.title} (vol {target.volume}, {number}, {target.year})"
    lines += _field("TI", title)
    lines += _field("SO", work.journal.title.upper())
    lines.append(f"LA {work.language}")
    lines.append(f"DT {DOC_TYPE[work.kind]}")
    if work.keywords and work.kind not in ("erratum", "conference_abstract"):
        lines += _field("DE", "; ".join(work.keywords))
    plus = [CONCEPT_HEADINGS[c]["wos"] for c in work.concepts if rng.random() < 0.7]
    if plus and work.kind == "article":
        lines += _field("ID", "; ".join(plus))
    if work.kind != "erratum" and work.sections:
        paragraphs = []
        for label, text in work.sections:
            paragraphs += [label, text] if label else [text]
        lines += _multi("AB", paragraphs)
    names = "; ".join(f"{a.family}, {given_dotted(a.given)}" for a in work.authors)
    lines.append(f"C1 [{names}] {_abbrev_affiliation(work.affiliation)}.")
    first = work.authors[0]
    lines.append(
        f"RP {surname_initials(first, dots=False, comma=True)} (corresponding author), "
        f"{_abbrev_affiliation(work.affiliation)}."
    )
    email = strip_diacritics(first.family.split()[-1].lower().replace("'", ""))
    lines.append(f"EM {email}@northmoor.example")
    count = cited_by(work)
    references = {"erratum": 0, "conference_abstract": 0, "commentary": rng.randint(3, 12)}
    lines += [
        f"NR {references.get(work.kind, 20 + rng.randint(0, 45))}",
        f"TC {count}",
        f"Z9 {count + rng.randint(0, 2)}",
        f"U1 {rng.randint(0, 9)}",
        f"U2 {rng.randint(1, 40)}",
    ]
    publisher, city, address = PUBLISHER_ADDRESS[work.journal.publisher]
    lines += [f"PU {publisher}", f"PI {city}"]
    lines += _field("PA", address)
    lines += [
        f"SN {work.journal.issn}",
        f"EI {work.journal.eissn}",
        f"J9 {work.journal.j9}",
        f"JI {work.journal.iso}",
    ]
    lines.append(f"PD {MONTHS[work.month - 1].upper()}")
    lines += [f"PY {work.year}", f"VL {work.volume}"]
    if work.supplement:
        lines += ["SU 1", f"MA {work.first_page}"]
    elif work.issue:
        lines.append(f"IS {work.issue}")
    if work.first_page and not work.supplement:
        lines += [f"BP {work.first_page}", f"EP {work.last_page}"]
    if work.article_number:
        lines.append(f"AR {work.article_number}")
    if has_doi(rng, "wos", work) and work.kind != "conference_abstract":
        lines.append(f"DI {work.doi}")
    lines.append(f"PG {1 if work.supplement else work.n_pages}")
    categories = sorted({CATEGORY[c] for c in work.concepts if c in CATEGORY}) or ["Social Work"]
    lines += _field("WC", "; ".join(categories))
    lines += _field("SC", "; ".join(categories))
    lines.append(f"GA {''.join(chr(65 + (ord(c) * 7) % 26) for c in record.accession[-5:])}")
    lines.append(f"UT {record.accession}")
    if work.pmid:
        lines.append(f"PM {work.pmid}")
    if work.journal.doi_style in ("bmc", "oa"):
        lines.append("OA gold")
    lines.append(f"DA {EXPORTED}")
    lines += ["ER", ""]
    return lines


def render(records: list[Record], *, seed: str, index: dict[str, Work]) -> bytes:
    """The whole plain-text file (``savedrecs.txt``)."""
    lines = ["FN Clarivate Analytics Web of Science", "VR 1.0"]
    for record in records:
        lines += _record(record, seed=seed, index=index)
    return ("\ufeff" + "\n".join(lines) + "\nEF").encode("utf-8")
