"""The CSV layouts the importer knows, told apart by their header row.

=================  ===========================================================================
layout             header it is recognised by
=================  ===========================================================================
``scopus_csv``     ``EID`` or ``Source title`` with ``Authors`` (Scopus "CSV export")
``embase_csv``     ``Emtree ... Index Terms`` or ``Author Names`` with ``Open URL Link``
``zotero_csv``     ``Key``, ``Item Type`` and ``Publication Title``
``wos_tab``        Web of Science field tags as column names (``PT``, ``AU``, ``TI``, ``UT``)
``lens_csv``       ``Lens ID``
``pubmed_csv``     ``PMID``, ``Citation`` and ``Journal/Book`` (PubMed "Save > CSV")
``rayyan_csv``     ``key`` with ``pubmed_id`` and ``notes`` (Rayyan articles.csv)
``openalex_csv``   ``display_name`` with ``publication_year``
``csv``            anything else: BibTeX-style column names (``ID``, ``author``, ``title``,
                   ``journal``, ``year``, ``volume``, ``number``, ``pages``, ``doi``,
                   ``abstract``, ``ENTRYTYPE``) and common aliases, matched case-insensitively
=================  ===========================================================================

Only the generic ``csv`` layout takes its record ids from the file (``ID`` or ``record_id``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote

from prismake.errors import ParseError
from prismake.importer.canonical import Spec
from prismake.importer.normalise import normalise_doi
from prismake.importer.specs import WOS

Fields = Mapping[str, list[str]]


def _one(fields: Fields, tag: str) -> str:
    values = fields.get(tag)
    return values[0].strip() if values else ""


def _split_names(value: str) -> list[str]:
    """``'Liu F.; Li C.'`` or the older ``'Yagai T., Kimura Y.'`` -> one name each."""
    if ";" in value:
        return value.split(";")
    return re.split(r",\s*", value)


# --- Scopus ----------------------------------------------------------------------------------

_PLACEHOLDERS = ("[No abstract available]", "[No author name available]", "[No title available]")


def _scopus_hook(fields: Fields, out: dict, consumed: set) -> None:
    if out["abstract"] in _PLACEHOLDERS:
        out["abstract"] = ""
        consumed.discard("Abstract")
    if out["authors"] and out["authors"][0] in _PLACEHOLDERS:
        out["authors"] = []
        consumed.discard("Authors")
    if not out["accession"]:
        match = re.search(r"[?&]eid=(2-s2\.0-\d+)", _one(fields, "Link"))
        if match:
            out["accession"] = match.group(1)
    if not out["pages"]:
        out["pages"] = _one(fields, "Art. No.")
        if out["pages"]:
            consumed.add("Art. No.")


SCOPUS_CSV = Spec(
    title=("Title",),
    authors=("Authors",),
    year=("Year",),
    journal=("Source title",),
    volume=("Volume",),
    issue=("Issue",),
    start_page=("Page start",),
    end_page=("Page end",),
    doi=("DOI",),
    pmid=("PubMed ID",),
    accession=("EID",),
    issn=("ISSN",),
    isbn=("ISBN",),
    abstract=("Abstract",),
    keywords=("Author Keywords", "Index Keywords"),
    language=("Language of Original Document",),
    url=("Link",),
    type=(),
    doctype=("Document Type",),
    author_split=_split_names,
    keyword_split=r";\s*",
    hook=_scopus_hook,
)


# --- Embase ----------------------------------------------------------------------------------

_EMBASE_SOURCE = re.compile(
    r"^(?P<journal>.*?)\s*\((?P<year>\d{4})\)\s*(?P<volume>[^:(\s]+)?(?::(?P<issue>[^\s(]+))?"
    r"\s*(?:\((?P<pages>[^)]*)\))?"
)


def _embase_hook(fields: Fields, out: dict, consumed: set) -> None:
    source = _one(fields, "Source")
    match = _EMBASE_SOURCE.match(source)
    if match:
        out["journal"] = out["journal"] or match.group("journal")
        out["year"] = out["year"] or int(match.group("year"))
        out["volume"] = out["volume"] or (match.group("volume") or "")
        out["issue"] = out["issue"] or (match.group("issue") or "")
        out["pages"] = out["pages"] or (match.group("pages") or "")
    link = unquote(_one(fields, "Open URL Link"))
    doi = re.search(r"[?&]id=doi:([^&]+)", link)
    if doi and not out["doi"]:
        out["doi"] = normalise_doi(doi.group(1))
    pmid = re.search(r"[?&]id=pmid:(\d+)", link)
    if pmid and not out["pmid"]:
        out["pmid"] = pmid.group(1)
    issn = re.search(r"[?&]issn=(\d{7}[\dXx])", link)
    if issn and not out["issn"]:
        out["issn"] = f"{issn.group(1)[:4]}-{issn.group(1)[4:].upper()}"


EMBASE_CSV = Spec(
    title=("Title",),
    authors=("Author Names",),
    year=("Publication Year", "Year"),
    journal=("Source title", "Journal"),
    volume=("Volume",),
    issue=("Issue",),
    pages=("Pages",),
    doi=("DOI",),
    pmid=("Medline PMID", "PUI"),
    accession=("Embase Accession ID", "Embase Accession Number", "PUI"),
    issn=("ISSN",),
    abstract=("Abstract",),
    keywords=("keywords", "Author Keywords"),
    language=("Language", "Article Language"),
    url=("Full Record Link", "Embase Link"),
    doctype=("Publication Type",),
    author_split=r",\s*",
    keyword_split=r",\s*(?![^()]*\))",
    hook=_embase_hook,
)


# --- Zotero ----------------------------------------------------------------------------------


def _zotero_hook(fields: Fields, out: dict, consumed: set) -> None:
    match = re.search(r"\bPMID:\s*(\d+)", _one(fields, "Extra"))
    if match and not out["pmid"]:
        out["pmid"] = match.group(1)


ZOTERO_CSV = Spec(
    title=("Title",),
    authors=("Author",),
    year=("Publication Year", "Date"),
    journal=("Publication Title", "Journal Abbreviation"),
    volume=("Volume",),
    issue=("Issue", "Number"),
    pages=("Pages",),
    doi=("DOI",),
    serials=("ISSN", "ISBN"),
    abstract=("Abstract Note",),
    keywords=("Manual Tags", "Automatic Tags"),
    language=("Language",),
    url=("Url",),
    type=("Item Type",),
    doctype=("Type",),
    author_split=r";\s*",
    keyword_split=r";\s*",
    hook=_zotero_hook,
)

LENS_CSV = Spec(
    title=("Title",),
    authors=("Author/s",),
    year=("Publication Year", "Date Published"),
    journal=("Source Title",),
    volume=("Volume",),
    issue=("Issue Number",),
    start_page=("Start Page",),
    end_page=("End Page",),
    doi=("DOI",),
    pmid=("PMID",),
    accession=("Lens ID",),
    issn=("ISSNs",),
    abstract=("Abstract",),
    keywords=("Keywords", "MeSH Terms"),
    url=("External URL",),
    type=("Publication Type",),
    author_split=r";\s*",
    keyword_split=r";\s*",
)

PUBMED_CSV = Spec(
    title=("Title",),
    authors=("Authors",),
    year=("Publication Year",),
    journal=("Journal/Book",),
    doi=("DOI",),
    pmid=("PMID",),
    accession=("PMID",),
    author_split=r",\s*",
)

RAYYAN_CSV = Spec(
    title=("title",),
    authors=("authors",),
    year=("year",),
    journal=("journal",),
    volume=("volume",),
    issue=("issue",),
    pages=("pages",),
    doi=("doi",),
    pmid=("pubmed_id",),
    accession=("key",),
    issn=("issn",),
    abstract=("abstract",),
    keywords=("keywords",),
    language=("language",),
    url=("url",),
    author_split=r"\s+and\s+|;\s*",
    keyword_split=r";\s*",
)

OPENALEX_CSV = Spec(
    title=("display_name", "title"),
    authors=("authorships.author.display_name",),
    year=("publication_year",),
    journal=("primary_location.source.display_name",),
    doi=("doi",),
    pmid=("ids.pmid",),
    accession=("id",),
    issn=("primary_location.source.issn_l",),
    abstract=("abstract",),
    language=("language",),
    type=("type",),
    author_split=r"\|",
)

WOS_TAB = WOS

# --- generic BibTeX-style columns --------------------------------------------------------------

#: canonical field -> column names (lower case) that feed it, best first.
GENERIC_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "primary title", "item title", "article title", "document title", "ti"),
    "authors": ("author", "authors", "author names", "author/s", "au"),
    "year": ("year", "publication year", "published year", "pubyear", "py", "date"),
    "journal": (
        "journal",
        "journal/book",
        "source title",
        "publication title",
        "publication",
        "publicationname",
        "secondary title",
        "journal title",
        "booktitle",
    ),
    "volume": ("volume", "journal volume", "vl"),
    "issue": ("number", "issue", "issue number", "journal issue"),
    "pages": ("pages", "page", "pg"),
    "start_page": ("start page", "start_page", "page start"),
    "end_page": ("end page", "end_page", "page end"),
    "doi": ("doi", "item doi", "di"),
    "pmid": ("pmid", "pubmed_id", "pubmed id"),
    "accession": ("accession number", "accession", "accession_number", "an"),
    "issn": ("issn", "issns"),
    "isbn": ("isbn", "isbn/issn"),
    "abstract": ("abstract", "abstract note", "ab"),
    "keywords": ("keywords", "author keywords", "kw", "tags"),
    "language": ("language", "la"),
    "url": ("url", "link", "source urls"),
    "type": (
        "entrytype",
        "type",
        "reference type",
        "item type",
        "publication type",
        "content type",
    ),
    "doctype": ("document type",),
}
ID_COLUMNS = ("id", "record_id")


def generic_spec(header: list[str]) -> Spec:
    """A spec for a CSV with BibTeX-style or common column names (case-insensitive)."""
    by_lower: dict[str, str] = {}
    for name in header:
        by_lower.setdefault(name.strip().lower(), name)
    mapped = {
        field: tuple(by_lower[alias] for alias in aliases if alias in by_lower)
        for field, aliases in GENERIC_ALIASES.items()
    }
    id_column = tuple(by_lower[name] for name in ID_COLUMNS if name in by_lower)[:1]
    return Spec(
        **mapped,
        id_column=id_column,
        author_split=r"\s+and\s+|;\s*",
        keyword_split=r";\s*",
    )


def detect_layout(header: list[str]) -> str:
    """The layout name for a header row (see the module docstring)."""
    names = set(header)
    lower = {name.lower() for name in header}
    if "EID" in names or {"Source title", "Authors"} <= names:
        return "scopus_csv"
    if (
        any(name.startswith("Emtree") for name in names)
        or {"Author Names", "Open URL Link"} <= names
    ):
        return "embase_csv"
    if {"Key", "Item Type", "Publication Title"} <= names:
        return "zotero_csv"
    if {"PT", "AU", "TI"} <= names and ("UT" in names or "SO" in names):
        return "wos_tab"
    if "Lens ID" in names:
        return "lens_csv"
    if {"PMID", "Citation", "Journal/Book"} <= names:
        return "pubmed_csv"
    if {"key", "pubmed_id", "notes"} <= names:
        return "rayyan_csv"
    if {"display_name", "publication_year"} <= lower:
        return "openalex_csv"
    return "csv"


LAYOUT_SPECS: dict[str, Spec] = {
    "scopus_csv": SCOPUS_CSV,
    "embase_csv": EMBASE_CSV,
    "zotero_csv": ZOTERO_CSV,
    "wos_tab": WOS_TAB,
    "lens_csv": LENS_CSV,
    "pubmed_csv": PUBMED_CSV,
    "rayyan_csv": RAYYAN_CSV,
    "openalex_csv": OPENALEX_CSV,
}

#: Columns each layout cannot do without.
REQUIRED: dict[str, tuple[str, ...]] = {
    "scopus_csv": ("Title",),
    "embase_csv": ("Title",),
    "zotero_csv": ("Title",),
    "wos_tab": ("PT", "TI"),
    "lens_csv": ("Title",),
    "pubmed_csv": ("Title",),
    "rayyan_csv": ("title",),
    "openalex_csv": (),
}


def spec_for_layout(layout: str, header: list[str], *, path: str | Path) -> Spec:
    """The spec of ``layout`` after checking that ``header`` has its required columns."""
    if layout == "csv":
        spec = generic_spec(header)
        if not spec.title:
            raise ParseError(
                "missing required column 'title'",
                path=path,
                line=1,
                value=header[:12],
                expected="a 'title' column (or 'Title', 'Item Title', ...) in the header",
            )
        return spec
    missing = [name for name in REQUIRED.get(layout, ()) if name not in header]
    if missing:
        raise ParseError(
            f"missing required column {missing[0]!r} for layout {layout!r}",
            path=path,
            line=1,
            value=header[:12],
            expected=f"the columns {list(REQUIRED[layout])} in the header",
        )
    return LAYOUT_SPECS[layout]
