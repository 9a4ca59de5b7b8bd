"""Scopus: the CSV file Scopus's "Export, CSV" writes (citation, abstract and keyword fields).

UTF-8 with a byte-order mark, every field quoted, one row per record. Authors appear as
``Surname I.J.`` separated by ``; `` and again with full names and Scopus author ids; pages are
split into ``Page start`` and ``Page end``; the accession number is the ``EID``. Non-English
articles carry the original title in square brackets after the English one.
"""

from __future__ import annotations

import csv
import hashlib
import io

from prismake.example.coverage import Record
from prismake.example.exports.common import (
    abstract_paragraph,
    author_id,
    cited_by,
    copyright_line,
    given_dotted,
    has_doi,
    record_rng,
    surname_initials,
)
from prismake.example.topics import CONCEPT_HEADINGS, GENERIC_HEADINGS

COLUMNS = (
    "Authors",
    "Author full names",
    "Author(s) ID",
    "Title",
    "Year",
    "Source title",
    "Volume",
    "Issue",
    "Art. No.",
    "Page start",
    "Page end",
    "Page count",
    "Cited by",
    "DOI",
    "Link",
    "Affiliations",
    "Authors with affiliations",
    "Abstract",
    "Author Keywords",
    "Index Keywords",
    "Correspondence Address",
    "Publisher",
    "ISSN",
    "PubMed ID",
    "Language of Original Document",
    "Abbreviated Source Title",
    "Document Type",
    "Publication Stage",
    "Open Access",
    "Source",
    "EID",
)
DOC_TYPE = {
    "article": "Article",
    "review": "Review",
    "protocol": "Article",
    "commentary": "Note",
    "erratum": "Erratum",
    "conference_abstract": "Conference Paper",
}


def _row(record: Record, *, seed: str) -> list[str]:
    work = record.work
    rng = record_rng(seed, "scopus", work)
    authors = work.authors
    short = "; ".join(surname_initials(a, dots=True) for a in authors)
    full = "; ".join(f"{a.family}, {given_dotted(a.given)} ({author_id(a)})" for a in authors)
    ids = "; ".join(author_id(a) for a in authors)
    title = work.title.rstrip(".")
    if work.original_title:
        title = f"{title} [{work.original_title}]"
    doi = work.doi if has_doi(rng, "scopus", work) else ""
    md5 = hashlib.md5(record.accession.encode()).hexdigest()  # noqa: S324 - a link token, not security
    link = f"https://www.scopus.com/inward/record.uri?eid={record.accession}"
    if doi:
        link += f"&doi={doi.replace('/', '%2F')}"
    link += f"&partnerID=40&md5={md5}"
    abstract = "[No abstract available]"
    if work.kind != "erratum" and work.sections:
        abstract = abstract_paragraph(work) + " " + copyright_line(work)
    index_terms = []
    if work.pmid:
        index_terms += [CONCEPT_HEADINGS[c]["mesh"] for c in work.concepts] + ["Humans"]
    index_terms += [CONCEPT_HEADINGS[c]["emtree"] for c in work.concepts]
    index_terms += list(GENERIC_HEADINGS["emtree"][:2])
    open_access = (
        "All Open Access; Gold Open Access" if work.journal.doi_style in ("bmc", "oa") else ""
    )
    first = authors[0]
    return [
        short,
        full,
        ids,
        title,
        str(work.year),
        work.journal.title,
        work.volume,
        work.issue if not work.supplement else "SUPPL 1",
        work.article_number,
        work.first_page,
        work.last_page,
        str(work.n_pages) if work.first_page or rng.random() < 0.5 else "",
        str(cited_by(work)),
        doi,
        link,
        work.affiliation,
        "; ".join(f"{surname_initials(a, dots=True)}, {work.affiliation}" for a in authors),
        abstract,
        "; ".join(work.keywords) if work.kind != "erratum" else "",
        "; ".join(index_terms) if work.kind != "erratum" else "",
        f"{first.given[0]}. {first.family}; {work.affiliation}",
        work.journal.publisher,
        work.journal.issn.replace("-", ""),
        work.pmid,
        work.language,
        work.journal.iso,
        DOC_TYPE[work.kind],
        "Article in press" if work.year == 2024 and work.month > 1 else "Final",
        open_access,
        "Scopus",
        record.accession,
    ]


def render(records: list[Record], *, seed: str) -> bytes:
    """The whole CSV file."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow(_row(record, seed=seed))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
