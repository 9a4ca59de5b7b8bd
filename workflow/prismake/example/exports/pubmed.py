"""MEDLINE via PubMed: the ``.nbib`` file PubMed's "Save, format: PubMed" writes.

Four-character tags padded with spaces then ``- ``; long values wrap at 90 columns with a
six-space indent; records are separated by a blank line. Titles end with a full stop, page ranges
are abbreviated (``123-9``), authors appear twice (``FAU`` full name, ``AU`` initials), translated
titles are in square brackets with the original in ``TT``.
"""

from __future__ import annotations

from prismake.example.coverage import Record
from prismake.example.exports.common import (
    MONTHS,
    abstract_paragraph,
    copyright_line,
    day_of,
    has_doi,
    nlm_id,
    record_rng,
    surname_initials,
)
from prismake.example.text import medline_pages, straight_quotes, strip_diacritics, wrap
from prismake.example.topics import CONCEPT_HEADINGS, GENERIC_HEADINGS
from prismake.example.works import Work

COUNTRY = {
    "United Kingdom": "England",
    "United States": "United States",
    "Netherlands": "Netherlands",
    "Canada": "Canada",
    "France": "France",
}
LANGUAGE = {"English": "eng", "French": "fre"}
SUBHEADING = {
    "homeless": "psychology",
    "sud": "rehabilitation",
    "mh": "organization & administration",
    "workforce": "psychology",
    "overdose": "prevention & control",
    "hiv": "therapy",
    "hcv": "drug therapy",
    "opioid": "drug therapy",
    "alcohol": "therapy",
}
DESIGN_HEADINGS = {
    "qualitative": ("Qualitative Research", "Interviews as Topic"),
    "survey": ("Cross-Sectional Studies", "Surveys and Questionnaires"),
    "trial": ("Treatment Outcome",),
    "cohort": ("Cohort Studies", "Retrospective Studies"),
    "review": (),
}


def _field(tag: str, value: str) -> list[str]:
    return wrap(value, width=90, first=f"{tag:<4}- ", indent=" " * 6)


def _date(work: Work, *, hour: str = "06:00", days: int = 0) -> str:
    month, year = work.month, work.year
    day = day_of(work) + days
    while day > 28:
        day -= 28
        month += 1
        if month > 12:
            month, year = 1, year + 1
    return f"{year}/{month:02d}/{day:02d} {hour}"


def _status(work: Work) -> str:
    if work.year >= 2024:
        return "Publisher"
    if work.year == 2023:
        return "In-Data-Review" if work.month > 6 else "MEDLINE"
    if work.journal.doi_style in ("oa", "bmc") and work.key[-1] in "13579":
        return "PubMed-not-MEDLINE"
    return "MEDLINE"


def pages(work: Work) -> str:
    if work.article_number:
        return work.article_number
    return medline_pages(work.first_page, work.last_page)


def source_line(work: Work, *, doi: bool = True) -> str:
    """The ``SO`` citation: ``Hous Care Incl. 2019 Jun;12(3):123-9. doi: ...``."""
    issue = f"({work.issue})" if work.issue else ""
    date = f"{work.year} {MONTHS[work.month - 1]}"
    text = f"{work.journal.nlm}. {date};{work.volume}{issue}:{pages(work)}."
    if doi and work.doi:
        text += f" doi: {work.doi}."
    return text


def _headings(work: Work) -> list[str]:
    out = []
    for i, concept in enumerate(work.concepts):
        term = CONCEPT_HEADINGS[concept]["mesh"]
        sub = SUBHEADING.get(concept)
        if sub and i < 2:
            out.append(f"{term}/*{sub}")
        else:
            out.append(f"*{term}" if i < 2 else term)
    out += list(GENERIC_HEADINGS["mesh"]) + list(DESIGN_HEADINGS.get(work.design, ()))
    return sorted(set(out), key=lambda h: h.lstrip("*").lower())


def _record(record: Record, *, seed: str, index: dict[str, Work]) -> list[str]:
    work = record.work
    rng = record_rng(seed, "medline", work)
    status = _status(work)
    lines = _field("PMID", record.accession) + _field("OWN", "NLM") + _field("STAT", status)
    revised = min(
        f"{work.year + 1 + rng.randint(0, 3)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}",
        f"2024{rng.randint(1, 2):02d}{rng.randint(1, 28):02d}",
    )
    if status == "MEDLINE":
        lines += _field("DCOM", f"{work.year}{work.month:02d}{day_of(work):02d}")
    lines += _field("LR", revised)
    lines += _field("IS", f"{work.journal.eissn} (Electronic)")
    lines += _field("IS", f"{work.journal.issn} (Linking)")
    lines += _field("VI", work.volume)
    if work.issue:
        lines += _field("IP", work.issue)
    day = f" {day_of(work)}" if rng.random() < 0.3 else ""
    lines += _field("DP", f"{work.year} {MONTHS[work.month - 1]}{day}")
    title = straight_quotes(work.title)
    if work.language != "English":
        title = f"[{title}]"
    lines += _field("TI", title if title.endswith(("?", ".")) else title + ".")
    lines += _field("PG", pages(work))
    doi = has_doi(rng, "medline", work)
    if doi:
        lines += _field("LID", f"{work.doi} [doi]")
    if work.article_number:
        lines += _field("LID", work.article_number)
    if work.kind != "erratum" and work.sections:
        lines += _field("AB", straight_quotes(abstract_paragraph(work, label_style="upper")))
        lines += _field("CI", copyright_line(work).replace("©", "Copyright ©"))
    for i, author in enumerate(work.authors):
        lines += _field("FAU", f"{author.family}, {author.given}")
        lines += _field("AU", surname_initials(author, dots=False))
        if i == 0 or (i == len(work.authors) - 1 and rng.random() < 0.5):
            lines += _field("AD", work.affiliation + ".")
    lines += _field("LA", LANGUAGE[work.language])
    types = {
        "erratum": ["Published Erratum"],
        "commentary": ["Journal Article", "Comment"],
        "review": ["Journal Article", "Review"],
    }.get(work.kind, ["Journal Article"])
    if work.design == "trial":
        types.append("Randomized Controlled Trial")
    if work.design == "review" and "systematic" in work.title.lower():
        types.append("Systematic Review")
    if work.language != "English":
        types.insert(0, "English Abstract")
    for publication_type in types:
        lines += _field("PT", publication_type)
    epub = rng.random() < 0.6 and work.year >= 2008
    if epub:
        lines += _field("DEP", f"{work.year}{work.month:02d}{day_of(work):02d}")
    lines += _field("PL", COUNTRY[work.journal.country])
    lines += _field("TA", work.journal.nlm)
    lines += _field("JT", strip_diacritics(work.journal.nlm_full))
    lines += _field("JID", nlm_id(work.journal.key))
    if work.original_title:
        lines += _field("TT", straight_quotes(work.original_title) + ".")
    if work.related_to and work.kind == "commentary":
        target = index[work.related_to]
        lines += _field("CON", f"{source_line(target)} PMID: {target.pmid}.")
    if work.related_to and work.kind == "erratum":
        target = index[work.related_to]
        lines += _field("EFR", f"{source_line(target)} PMID: {target.pmid}.")
    if status == "MEDLINE":
        lines += _field("SB", "IM")
        for heading in _headings(work):
            lines += _field("MH", heading)
    if work.keywords and work.kind != "erratum":
        lines += _field("OTO", "NOTNLM")
        for keyword in work.keywords:
            lines += _field("OT", keyword)
    lines += _field("EDAT", _date(work))
    lines += _field("MHDA", _date(work, hour="06:01" if status == "MEDLINE" else "06:00", days=9))
    lines += _field("CRDT", _date(work, hour="05:23"))
    if work.kind == "article" and work.year >= 2005:
        lines += _field(
            "PHST",
            f"{work.year - (work.month < 7)}/{(work.month + 5) % 12 + 1:02d}/"
            f"{rng.randint(1, 28):02d} 00:00 [received]",
        )
        lines += _field(
            "PHST",
            f"{work.year - (work.month < 3)}/{(work.month + 9) % 12 + 1:02d}/"
            f"{rng.randint(1, 28):02d} 00:00 [accepted]",
        )
    lines += _field(
        "PHST", f"{_date(work, hour='06:01' if status == 'MEDLINE' else '06:00', days=9)} [medline]"
    )
    lines += _field("PHST", f"{_date(work)} [pubmed]")
    lines += _field("PHST", f"{_date(work, hour='05:23')} [entrez]")
    if doi:
        lines += _field("AID", f"{work.doi} [doi]")
    lines += _field("PST", "epublish" if work.article_number else "ppublish")
    so = source_line(work, doi=doi)
    if epub:
        so += f" Epub {work.year} {MONTHS[work.month - 1]} {day_of(work)}."
    lines += _field("SO", so)
    return lines


def render(records: list[Record], *, seed: str, index: dict[str, Work]) -> bytes:
    """The whole ``.nbib`` file."""
    blocks = ["\n".join(_record(r, seed=seed, index=index)) for r in records]
    return ("\n" + "\n\n".join(blocks) + "\n").encode("utf-8")
