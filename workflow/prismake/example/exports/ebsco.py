"""CINAHL Plus and SocINDEX via EBSCOhost: the RIS file EBSCOhost's "Export, RIS" writes.

EBSCOhost's dialect: CRLF line endings; titles end with a full stop; the journal twice (``JO`` and
``JF``); ``Y1  - 2021/06//``; ISSNs without the hyphen; the abstract followed by a second ``AB``
holding the publisher's copyright notice; the accession number inside ``N1`` and the ``UR`` link;
``ER  - `` with a trailing space. CINAHL puts the DOI in ``DO``; SocINDEX records put it in ``L3``.
Subject terms follow each thesaurus (CINAHL headings, SocINDEX's ``PEER counseling`` style).
"""

from __future__ import annotations

from prismake.example.coverage import Record
from prismake.example.exports.common import (
    MONTHS,
    abstract_paragraph,
    given_dotted,
    has_doi,
    nlm_id,
    record_rng,
)
from prismake.example.topics import CONCEPT_HEADINGS
from prismake.example.works import Work

COPYRIGHT = (
    "Copyright of {journal} is the property of {publisher} and its content may not be copied or "
    "emailed to multiple sites or posted to a listserv without the copyright holder's express "
    "written permission. However, users may print, download, or email articles for individual "
    "use. This abstract may be abridged. No warranty is given about the accuracy of the copy. "
    "Users should refer to the original published version of the material for the full "
    "abstract. (Copyright applies to all Abstracts.)"
)
DB_CODE = {"cinahl": "rzh", "socindex": "sih"}
CINAHL_DESIGN = {
    "qualitative": ("Qualitative Studies", "Interviews", "Thematic Analysis"),
    "trial": ("Randomized Controlled Trials",),
    "survey": ("Surveys", "Cross Sectional Studies"),
    "cohort": ("Prospective Studies",),
    "review": ("Systematic Review",),
}
DOC_TYPE = {
    "article": "Article",
    "review": "Article",
    "protocol": "Article",
    "commentary": "Commentary",
    "erratum": "Correction Notice",
    "conference_abstract": "Abstract",
}


def _line(tag: str, value: str) -> str:
    return f"{tag}  - {value}"


def _subjects(work: Work, vendor: str) -> list[str]:
    thesaurus = "cinahl" if vendor == "cinahl" else "soc"
    terms = [CONCEPT_HEADINGS[c][thesaurus] for c in work.concepts]
    if vendor == "cinahl":
        if "homeless" in work.concepts:
            terms = [
                t + " -- Psychosocial Factors" if t == "Homeless Persons" else t for t in terms
            ]
        terms += CINAHL_DESIGN.get(work.design, ()) + ("Human",)
    else:
        terms += [k.lower() for k in work.keywords[:3]]
    seen, out = set(), []
    for term in terms:
        if term.lower() not in seen:
            seen.add(term.lower())
            out.append(term)
    return out


def _record(record: Record, *, vendor: str, seed: str) -> list[str]:
    work = record.work
    rng = record_rng(seed, vendor, work)
    an = record.accession
    types = {"review": "JOUR", "conference_abstract": "ABST"}
    lines = [_line("TY", types.get(work.kind, "JOUR"))]
    for author in work.authors:
        given = given_dotted(author.given)
        if vendor == "socindex" and rng.random() < 0.15:
            given = given.split()[0]  # middle initial dropped
        lines.append(_line("AU", f"{author.family}, {given}"))
    title = work.title
    if vendor == "socindex" and work.country == "United States" and rng.random() < 0.1:
        title = title.replace(":", " --", 1)
    lines.append(_line("T1", title if title.endswith(("?", ".")) else title + "."))
    lines += [_line("JO", work.journal.title), _line("JF", work.journal.title)]
    lines.append(_line("Y1", f"{work.year}/{work.month:02d}//"))
    lines.append(_line("VL", work.volume))
    if work.issue:
        lines.append(_line("IS", work.issue))
    lines.append(_line("M3", DOC_TYPE[work.kind] if vendor == "cinahl" else "Article"))
    if work.article_number:
        lines += [_line("SP", "1"), _line("EP", str(work.n_pages))]
    elif work.first_page:
        lines += [_line("SP", work.first_page), _line("EP", work.last_page)]
    lines.append(_line("PB", work.journal.publisher))
    lines.append(_line("SN", work.journal.issn.replace("-", "")))
    if work.kind != "erratum" and work.sections:
        lines.append(_line("AB", abstract_paragraph(work)))
        notice = COPYRIGHT.format(journal=work.journal.title, publisher=work.journal.publisher)
        lines.append(_line("AB", notice))
    for term in _subjects(work, vendor):
        lines.append(_line("KW", term))
    source_info = (
        f"{MONTHS[work.month - 1]}{work.year}, Vol. {work.volume} Issue {work.issue}, "
        f"p{work.first_page or 1}"
    )
    if vendor == "cinahl":
        pmid = f" PMID: NLM{work.pmid}." if work.pmid and rng.random() < 0.7 else ""
        note = (
            f"Accession Number: {an}. Language: {work.language}. Entry Date: "
            f"{work.year}{work.month:02d}{(3 + len(an)) % 28 + 1:02d}. Revision Date: "
            f"{work.year + 1}{work.month:02d}01. Publication Type: {DOC_TYPE[work.kind]}. "
            f"Journal Subset: Peer Reviewed.{pmid} NLM UID: {nlm_id(work.journal.key)}."
        )
    else:
        authors = "; ".join(f"{a.family}, {given_dotted(a.given)} 1" for a in work.authors)
        note = (
            f"Accession Number: {an}; {authors}; Affiliations: 1 : {work.affiliation}; "
            f"Source Info: {source_info}; Subject Term: "
            + "; ".join(_subjects(work, vendor)[:3])
            + f"; Number of Pages: {work.n_pages}; "
            f"Document Type: Article"
        )
    lines.append(_line("N1", note))
    if has_doi(rng, vendor, work):
        lines.append(_line("DO" if vendor == "cinahl" else "L3", work.doi))
    lines.append(
        _line(
            "UR",
            f"https://search.ebscohost.com/login.aspx?direct=true&db={DB_CODE[vendor]}"
            f"&AN={an}&site=ehost-live",
        )
    )
    lines += [_line("DP", "EBSCOhost"), _line("DB", DB_CODE[vendor]), "ER  - ", ""]
    return lines


def render(records: list[Record], *, vendor: str, seed: str) -> bytes:
    """The whole RIS file of one EBSCOhost database (``cinahl`` or ``socindex``)."""
    lines: list[str] = []
    for record in records:
        lines += _record(record, vendor=vendor, seed=seed)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
