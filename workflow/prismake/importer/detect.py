"""Recognising an export's format from its content (the file name is never trusted).

:data:`FORMATS` lists every format the importer reads. :func:`detect_text` looks at the first
lines of the decoded text; the CSV layouts are told apart by their header row
(:mod:`prismake.importer.csv_layouts`). A format declared by the caller (``--format``, the search
log's ``format`` column) overrides detection, but a declared format the content plainly
contradicts (an RIS file declared as a Scopus CSV) is an error, not a silent misreading.
"""

from __future__ import annotations

import re
from pathlib import Path

from prismake.errors import FormatDetectionError
from prismake.importer.csv_layouts import detect_layout
from prismake.importer.csvs import sniff_delimiter

#: Every format the importer reads, with what it is.
FORMATS: dict[str, str] = {
    "ris": "RIS (Ovid, EBSCOhost, ProQuest, Scopus, Web of Science, Embase, Lens, Dimensions, "
    "EndNote, Zotero, Mendeley, Rayyan, ...)",
    "nbib": "PubMed/MEDLINE (.nbib, .txt)",
    "wos": "Web of Science plain text (field-tagged)",
    "wos_tab": "Web of Science tab-delimited",
    "scopus_csv": "Scopus CSV",
    "embase_csv": "Embase CSV",
    "zotero_csv": "Zotero CSV",
    "lens_csv": "Lens.org CSV",
    "pubmed_csv": "PubMed CSV",
    "rayyan_csv": "Rayyan CSV",
    "openalex_csv": "OpenAlex CSV",
    "csv": "generic CSV/TSV with BibTeX-style column names (ID, author, title, journal, year, ...)",
    "endnote_xml": "EndNote XML (EndNote, Zotero, Mendeley)",
    "bibtex": "BibTeX",
    "ovid": "Ovid native (Citavi .ovd, EndNote .cgi 'Complete Reference')",
    "endnote_tagged": "EndNote tagged (%0, %T, ...)",
    "proquest": "ProQuest plain text",
}
CSV_FORMATS = frozenset(
    {
        "csv",
        "scopus_csv",
        "embase_csv",
        "zotero_csv",
        "lens_csv",
        "pubmed_csv",
        "rayyan_csv",
        "openalex_csv",
        "wos_tab",
    }
)

_RIS_TY = re.compile(r"^TY[ \t]{1,3}-", re.M)
_RIS_TAG = re.compile(r"^[A-Z][A-Z0-9]  - ", re.M)
_NBIB = re.compile(r"^(?:PMID- |[A-Z]{3,4} ?- )", re.M)
_WOS = re.compile(r"^(?:FN |VR |PT [A-Z]\s*$)", re.M)
_OVID = re.compile(r"^<\s*\d+\.\s*>\s*$", re.M)
_ENW = re.compile(r"^%[0-9A-Z@!#$&()*+^~>\]|?] ", re.M)
_BIB = re.compile(r"^\s*@[A-Za-z]+\s*[{(]", re.M)
_PROQUEST = re.compile(r"^(?:Report Information from ProQuest|Document \d+ of \d+)\s*$", re.M)


def detect_text(text: str, *, path: str | Path = "<text>") -> str:
    """The format of an export's decoded text (a key of :data:`FORMATS`)."""
    head = text[:20000]
    stripped = head.lstrip()
    if stripped.startswith("<"):
        if "<record" in head or "<records" in head:
            return "endnote_xml"
        if stripped.startswith("<?xml") or stripped.startswith("<xml"):
            raise FormatDetectionError(
                "XML, but not EndNote XML (no <records>/<record> elements)",
                path=path,
                line=1,
                value=stripped[:60],
                expected="EndNote XML: <xml><records><record>...",
            )
    if _OVID.search(head):
        return "ovid"
    if _PROQUEST.search(head):
        return "proquest"
    if _WOS.search(head) and not _RIS_TY.search(head):
        return "wos"
    if _RIS_TY.search(head):
        return "ris"
    if _NBIB.search(head):
        return "nbib"
    if _RIS_TAG.search(head):
        return "ris"
    if _ENW.search(head) and re.search(r"^%0 ", head, re.M):
        return "endnote_tagged"
    if _BIB.search(head):
        return "bibtex"
    first = stripped.split("\n", 1)[0]
    sep = sniff_delimiter(first)
    if first.count(sep) >= 1:
        header = [cell.strip().strip('"').lstrip("\ufeff") for cell in first.split(sep)]
        return detect_layout(header)
    raise FormatDetectionError(
        "cannot tell the format of this file from its content",
        path=path,
        line=1,
        value=first[:60],
        expected="one of: " + ", ".join(FORMATS),
    )


def check_declared(declared: str, detected: str | None, *, path: str | Path, line: int = 1) -> str:
    """The format to read with: the declared one, unless the content contradicts it."""
    if declared not in FORMATS:
        raise FormatDetectionError(
            f"unknown format {declared!r}",
            path=path,
            value=declared,
            expected="'auto' or one of: " + ", ".join(FORMATS),
        )
    if detected is None or detected == declared:
        return declared
    if declared in CSV_FORMATS and detected in CSV_FORMATS:
        return declared
    if {declared, detected} <= {"ris", "ovid"}:
        return declared
    raise FormatDetectionError(
        f"declared format {declared!r} does not match the content, which looks like "
        f"{detected!r} ({FORMATS[detected]})",
        path=path,
        line=line,
        value=declared,
        expected=f"a {FORMATS[declared]} file, or format 'auto'",
    )
