"""Embase and APA PsycInfo via Ovid: the RIS file Ovid's "Export, RIS, Complete Reference" writes.

Ovid's dialect: each record is preceded by its number (``1.``), the accession number is in ``ID``
(and in the ``L2`` link), the year is ``Y1  - 2019//``, the DOI is a ``http://dx.doi.org/`` URL,
and after ``ER  -`` come the NLM abbreviation (``NL``) and a "Link to the Ovid Full Text" line
pointing at the searching library's proxy. The file is plain ASCII: diacritics are dropped.
Embase gives authors as ``Surname I.J.``, PsycInfo as ``Surname, Given I``; PsycInfo prints
"No Specified" pages for articles with article numbers.
"""

from __future__ import annotations

from prismake.example.coverage import Record
from prismake.example.exports.common import (
    abstract_paragraph,
    copyright_line,
    has_doi,
    record_rng,
    surname_initials,
)
from prismake.example.text import sentence_case, straight_quotes, strip_diacritics
from prismake.example.topics import CONCEPT_HEADINGS, GENERIC_HEADINGS
from prismake.example.works import Work

OVID_DB = {"embase": "emez", "psycinfo": "psyh"}
PROXY = "https://login.ezproxy.northmoor.example/login?url="
PSYC_CLASS = {
    "peer": "Health & Mental Health Services [3370]",
    "sud": "Drug & Alcohol Usage (Legal) [2990]",
    "homeless": "Social Processes & Social Issues [2900]",
    "mh": "Health & Mental Health Services [3370]",
    "adolescent": "Developmental Psychology [2800]",
    "workforce": "Personnel Management & Selection & Training [3600]",
}
EMBASE_TYPE = {
    "article": "Article",
    "review": "Review",
    "protocol": "Article",
    "commentary": "Note",
    "erratum": "Erratum",
    "conference_abstract": "Conference Abstract",
}
DESIGN_TERMS = {
    "embase": {
        "qualitative": ("qualitative research", "semi structured interview", "thematic analysis"),
        "trial": ("randomized controlled trial", "controlled study"),
        "cohort": ("cohort analysis", "major clinical study"),
        "survey": ("cross-sectional study", "questionnaire"),
        "review": ("systematic review",),
    },
    "psyc": {
        "qualitative": ("Qualitative Methods",),
        "trial": ("Treatment Effectiveness Evaluation",),
        "survey": ("Surveys",),
    },
}


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {value}"


def _ascii(text: str) -> str:
    text = strip_diacritics(straight_quotes(text)).replace("©", "(c)")
    return text.encode("ascii", "replace").decode("ascii")


def _keywords(work: Work, vendor: str) -> list[str]:
    thesaurus = "emtree" if vendor == "embase" else "psyc"
    out = []
    for i, concept in enumerate(work.concepts):
        term = CONCEPT_HEADINGS[concept][thesaurus]
        out.append(f"*{term}" if i < 2 else term)
    out += DESIGN_TERMS["embase" if vendor == "embase" else "psyc"].get(work.design, ())
    generic = list(GENERIC_HEADINGS[thesaurus])
    if vendor == "embase":  # Emtree's publication-type check tag
        kind = {
            "conference_abstract": "conference abstract",
            "erratum": "erratum",
            "commentary": "note",
            "review": "review",
        }.get(work.kind, "article")
        generic = [kind if term == "article" else term for term in generic]
    out += generic
    if vendor == "embase":
        out += list(work.keywords)
    seen, unique = set(), []
    for term in out:
        if term.lstrip("*").lower() not in seen:
            seen.add(term.lstrip("*").lower())
            unique.append(term)
    stars = sorted(t for t in unique if t.startswith("*"))
    return stars + sorted((t for t in unique if not t.startswith("*")), key=str.lower)


def _record(number: int, record: Record, *, vendor: str, seed: str) -> list[str]:
    work = record.work
    rng = record_rng(seed, vendor, work)
    an = record.accession
    lines = [f"{number}.", _line("TY", "CONF" if work.kind == "conference_abstract" else "JOUR")]
    lines.append(_line("ID", an))
    doi = has_doi(rng, vendor, work)
    doi_url = f"http://dx.doi.org/{work.doi}" if doi else ""
    if vendor == "psycinfo" and doi:
        lines.append(_line("DO", doi_url))
    title = work.title.rstrip(".")
    if vendor == "psycinfo":  # APA styles every title in sentence case
        title = sentence_case(title)
    lines.append(_line("T1", _ascii(title if title.endswith("?") else title + ".")))
    for author in work.authors:
        if vendor == "embase":
            lines.append(_line("A1", _ascii(surname_initials(author, dots=True))))
        else:
            lines.append(_line("A1", _ascii(f"{author.family}, {author.given}")))
    lines.append(_line("Y1", f"{work.year}//"))
    if work.kind != "erratum" and work.sections:
        style = "embase" if vendor == "embase" else "title"
        text = abstract_paragraph(work, label_style=style)
        if vendor == "embase":
            text += " Copyright " + copyright_line(work)
        else:
            text += (
                f" (PsycInfo Database Record (c) {min(work.year + 1, 2024)} APA, all rights "
                "reserved)"
            )
        lines.append(_line("N2", _ascii(text)))
    for keyword in _keywords(work, vendor):
        lines.append(_line("KW", _ascii(keyword)))
    if vendor == "psycinfo":
        lines.append(
            _line(
                "M3",
                PSYC_CLASS.get(
                    work.concepts[0] if work.concepts else "",
                    "Health & Mental Health Services [3370]",
                ),
            )
        )
    else:
        lines.append(_line("M3", EMBASE_TYPE[work.kind]))
    lines.append(_line("JF", _ascii(work.journal.title)))
    if vendor == "embase":
        lines.append(_line("JA", _ascii(work.journal.iso)))
    if work.conference:
        lines.append(_line("T3", _ascii(work.conference)))
    lines.append(_line("VL", work.volume))
    if work.issue:
        lines.append(_line("IS", "Supplement 1" if work.supplement else work.issue))
    if work.article_number:
        if vendor == "psycinfo":
            lines += [_line("SP", "No"), _line("EP", "Specified")]
        else:
            lines.append(_line("SP", work.article_number))
    elif work.first_page:
        lines += [_line("SP", work.first_page.lstrip("S")), _line("EP", work.last_page.lstrip("S"))]
    lines.append(_line("CY", _ascii(work.journal.country)))
    lines.append(_line("PB", _ascii(work.journal.publisher)))
    if vendor == "psycinfo":
        lines.append(_line("PB", _ascii(work.journal.country)))
    lines.append(_line("SN", work.journal.issn))
    if vendor == "embase":
        lines.append(_line("SN", work.journal.eissn))
    first = work.authors[0]
    if vendor == "embase":
        lines.append(
            _line("AD", _ascii(f"{surname_initials(first, dots=True)}, {work.affiliation}"))
        )
    else:
        lines.append(_line("AD", _ascii(f"{first.family}, {first.given}: {work.affiliation}")))
    if vendor == "embase":
        lines.append(_line("LA", work.language))
    if doi:
        lines.append(_line("DO", doi_url))
    reference = (
        f"http://ovidsp.ovid.com/ovidweb.cgi?T=JS&PAGE=reference&D={OVID_DB[vendor]}&NEWS=N&AN={an}"
    )
    lines.append(_line("L2", reference))
    lines.append("ER  -")
    if work.pmid:
        lines.append(_line("NL", work.journal.nlm))
    fulltext = (
        f"{PROXY}http://ovidsp.ovid.com/ovidweb.cgi?T=JS&CSC=Y&NEWS=N&PAGE=fulltext"
        f"&D={OVID_DB[vendor]}&AN={an}"
    )
    lines += ["", f"Link to the Ovid Full Text or citation: {fulltext}", ""]
    return lines


def render(records: list[Record], *, vendor: str, seed: str) -> bytes:
    """The whole RIS file of one Ovid database (``vendor`` is ``embase`` or ``psycinfo``)."""
    lines: list[str] = []
    for number, record in enumerate(records, start=1):
        lines += _record(number, record, vendor=vendor, seed=seed)
    return ("\n".join(lines) + "\n").encode("ascii")
