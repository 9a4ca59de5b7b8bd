"""ASSIA and Sociological Abstracts via ProQuest: the RIS file ProQuest's "Export, RIS" writes.

ProQuest's dialect: the title first and without a full stop; ``AN  - <ProQuest document ID>;
<database accession number>``; the journal in ``JF`` only; both ISSNs in one ``SN`` line; the DOI
as a ``http://dx.doi.org/`` URL in ``L2`` and ``DO``; ``N1`` revision dates; three blank lines
between records. Ampersands and angle brackets come through as HTML entities, and now and then a
title is in American spelling or uses `` - `` before the subtitle.
"""

from __future__ import annotations

from prismake.example.coverage import Record
from prismake.example.exports.common import abstract_paragraph, given_dotted, has_doi, record_rng
from prismake.example.text import americanise, html_entities
from prismake.example.topics import CONCEPT_HEADINGS
from prismake.example.works import Work

DATABASE = {
    "assia": "Applied Social Sciences Index & Abstracts (ASSIA)",
    "sociological_abstracts": "Sociological Abstracts",
}
ACCOUNT = "14871"


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {value}"


def _title(work: Work, rng) -> str:
    title = work.title
    if rng.random() < 0.06:
        title = americanise(title)
    if ": " in title and rng.random() < 0.12:
        title = title.replace(": ", " - ", 1)
    return html_entities(title.rstrip("."))


def _record(record: Record, *, vendor: str, seed: str) -> list[str]:
    work = record.work
    rng = record_rng(seed, vendor, work)
    lines = [_line("TY", "JOUR"), _line("T1", _title(work, rng))]
    lines.append(_line("AN", f"{record.accession}; {record.ids['an']}"))
    if work.kind != "erratum" and work.sections:
        lines.append(_line("AB", html_entities(abstract_paragraph(work))))
    lines.append(_line("JF", html_entities(work.journal.title)))
    for author in work.authors:
        lines.append(_line("AU", f"{author.family}, {given_dotted(author.given).rstrip('.')}"))
    lines.append(_line("PY", str(work.year)))
    if work.first_page:
        lines += [_line("SP", work.first_page), _line("EP", work.last_page)]
    elif work.article_number:
        lines.append(_line("SP", work.article_number))
    lines.append(_line("VL", work.volume))
    if work.issue:
        lines.append(_line("IS", work.issue))
    lines.append(_line("SN", f"{work.journal.issn}, {work.journal.eissn}"))
    for concept in work.concepts:
        lines.append(_line("KW", CONCEPT_HEADINGS[concept]["proquest"]))
    for keyword in work.keywords:
        lines.append(_line("KW", keyword))
    lines.append(
        _line("UR", f"https://www.proquest.com/docview/{record.accession}?accountid={ACCOUNT}")
    )
    doi = has_doi(rng, vendor, work)
    if doi:
        lines.append(_line("L2", f"http://dx.doi.org/{work.doi}"))
    lines.append(_line("LA", work.language))
    lines.append(_line("DB", html_entities(DATABASE[vendor])))
    revised = f"{min(work.year + 1, 2024)}-{work.month:02d}-{1 + len(record.accession) % 27:02d}"
    lines += [_line("N1", f"Date revised - {revised}"), _line("N1", f"Last updated - {revised}")]
    if doi:
        lines.append(_line("DO", f"http://dx.doi.org/{work.doi}"))
    lines += ["ER  -", "", "", ""]
    return lines


def render(records: list[Record], *, vendor: str, seed: str) -> bytes:
    """The whole RIS file of one ProQuest database (``assia`` or ``sociological_abstracts``)."""
    lines: list[str] = []
    for record in records:
        lines += _record(record, vendor=vendor, seed=seed)
    text = "\n".join(lines).rstrip("\n") + "\n"
    return text.encode("utf-8")
