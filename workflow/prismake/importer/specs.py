"""Which vendor tags or columns feed each canonical column, one :class:`Spec` per layout.

The lists are best first. Anything a spec leaves out stays in ``extra`` under its own name. The
hooks hold the vendor knowledge a plain list cannot say: an accession number inside a link, a
DOI marked ``[doi]`` among other identifiers, a Scopus "[No abstract available]" placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import unquote

from prismake.importer.canonical import Spec
from prismake.importer.normalise import normalise_doi

Fields = Mapping[str, list[str]]


def _one(fields: Fields, tag: str) -> str:
    values = fields.get(tag)
    return values[0].strip() if values else ""


def _take(out: dict, consumed: set, name: str, value: str, tag: str | None, whole: bool) -> None:
    out[name] = value
    if tag and whole:
        consumed.add(tag)


# --- RIS -------------------------------------------------------------------------------------

_EID = re.compile(r"[?&]eid=(2-s2\.0-\d+)")
_EBSCO_AN = re.compile(r"[?&]AN=([^&\s]+)", re.I)
_ID_ACCESSION = re.compile(
    r"^(?:\d{3}-\d{3}-\d{3}-\d{3}-\d{3}|\d{4}-\d{5}-\d{3}|\d{8,}|pub\.\d+|WOS:\w+|L\d{6,})$"
)
_MEDLINE_HINT = re.compile(r"NLM|PubMed|MEDLINE", re.I)
_CLASSIFICATION = re.compile(r"\[\d{4}\]")


_U2_EMBASE = re.compile(r"^L\d{6,}$")
#: A value that is a DOI and nothing else (bare, ``doi:``-prefixed or as a resolver link).
_DOI_ONLY = re.compile(r"^(?:(?:https?://)?(?:dx\.)?doi\.org/|doi:\s*)?10\.\d{4,9}/\S+$", re.I)
#: EBSCOhost's notes (``N1``) open with the accession number and carry labelled fields.
_EBSCO_NOTE = "Accession Number:"
#: A language name: capitalised words (EBSCO's PsycInfo glues the next label on:
#: ``Language: EnglishMajor Descriptor: ...``).
_NOTE_LANGUAGE = re.compile(r"Language:\s*([A-Z][a-z]+(?:[ -][A-Z][a-z]+)*)")
_NOTE_PMID = re.compile(r"PMID:\s*(?:NLM)?(\d{1,9})\b")


def _ris_hook(fields: Fields, out: dict, consumed: set) -> None:
    if out["pages"] == "No-Specified":  # Ovid's 'SP - No' / 'EP - Specified' placeholder
        out["pages"] = ""
        consumed.difference_update(("SP", "EP"))
    an = _one(fields, "AN")
    if an:
        accession = an.split(";")[0].strip()
        _take(
            out, consumed, "accession", accession, "AN", accession == an and len(fields["AN"]) == 1
        )
        if accession.isdigit() and len(accession) <= 9:
            provider = " ".join([*fields.get("DP", ()), *fields.get("DB", ())])
            if _MEDLINE_HINT.search(provider):
                out["pmid"] = accession
    else:
        u2 = _one(fields, "U2")
        url = " ".join(fields.get("UR", ())) if "UR" in fields else ""
        if u2 and _U2_EMBASE.match(u2):
            _take(out, consumed, "accession", u2, "U2", len(fields["U2"]) == 1)
        elif url and (eid := _EID.search(url)):
            out["accession"] = eid.group(1)
        elif url and "ebscohost" in url.lower() and (ebsco := _EBSCO_AN.search(url)):
            out["accession"] = unquote(ebsco.group(1))
        elif "ID" in fields and _ID_ACCESSION.match(_one(fields, "ID")):
            _take(out, consumed, "accession", _one(fields, "ID"), "ID", len(fields["ID"]) == 1)
    if not out["doi"] and "L3" in fields:
        # EBSCOhost writes the DOI in L3 ("related records" in the RIS specification); so do
        # other exports that have no DO. L3 stays in 'extra' as exported.
        for value in fields["L3"]:
            if _DOI_ONLY.match(value):
                out["doi"] = normalise_doi(value)
                break
    if "N1" in fields and (not out["language"] or not out["pmid"]):
        _ebsco_note(fields["N1"], out)


def _ebsco_note(notes: list[str], out: dict) -> None:
    """Language and PMID from EBSCOhost's labelled notes (``Accession Number: 123. Language:
    English. ... PMID: NLM38197210.``), where the record has no LA tag or PMID of its own; the
    note stays in 'extra' as exported."""
    for note in notes:
        if not note.startswith(_EBSCO_NOTE):
            continue
        if not out["language"] and (language := _labelled(_NOTE_LANGUAGE, note)):
            out["language"] = language
        if not out["pmid"] and (pmid := _labelled(_NOTE_PMID, note)):
            out["pmid"] = pmid


def _labelled(pattern: re.Pattern, note: str) -> str:
    """The value of the first field of ``note`` that ``pattern`` (which starts with the label)
    finds at the start of the note or after a ``. `` or ``; ``, or ``''``."""
    for match in pattern.finditer(note):
        at = match.start()
        if at == 0 or (at >= 2 and note[at - 2] in ".;" and note[at - 1].isspace()):
            return match.group(1)
    return ""


def _ris_doctype(fields: Fields) -> list[str]:
    return [v for v in fields.get("M3", ()) if not _CLASSIFICATION.search(v)]


RIS = Spec(
    title=("TI", "T1", "CT"),
    authors=("AU", "A1"),
    year=("PY", "Y1", "DA"),
    journal=("JF", "T2", "JO", "BT", "J2", "JA", "J1"),
    volume=("VL", "VO"),
    issue=("IS",),
    start_page=("SP",),
    end_page=("EP",),
    doi=("DO", "DI"),
    serials=("SN",),
    abstract=("AB", "N2"),
    keywords=("KW",),
    language=("LA",),
    url=("UR",),
    type=("TY",),
    doctype=("M3",),
    hook=_ris_hook,
)


# --- PubMed / MEDLINE ------------------------------------------------------------------------


def _nbib_hook(fields: Fields, out: dict, consumed: set) -> None:
    if not out["doi"]:
        for tag in ("LID", "AID"):
            for value in fields.get(tag, ()):
                if value.endswith("[doi]"):
                    out["doi"] = normalise_doi(value)
                    break
            if out["doi"]:
                break
    if not out["accession"]:
        out["accession"] = _one(fields, "OID")


NBIB = Spec(
    title=("TI", "BTI"),
    authors=("FAU", "AU"),
    year=("DP", "DEP"),
    journal=("JT", "TA", "BTI"),
    volume=("VI",),
    issue=("IP",),
    pages=("PG",),
    pmid=("PMID",),
    accession=("PMID",),
    issn=("IS", "ISSN"),
    isbn=("ISBN",),
    abstract=("AB",),
    keywords=("MH", "OT"),
    language=("LA",),
    type=(),
    doctype=("PT",),
    hook=_nbib_hook,
)


# --- Web of Science (plain text and tab-delimited) --------------------------------------------


def _wos_hook(fields: Fields, out: dict, consumed: set) -> None:
    if not out["pages"]:
        out["pages"] = _one(fields, "AR")
        if out["pages"] and len(fields.get("AR", ())) == 1:
            consumed.add("AR")


WOS = Spec(
    title=("TI",),
    authors=("AF", "AU"),
    year=("PY", "EA", "PD"),
    journal=("SO", "SE", "J9", "JI"),
    volume=("VL",),
    issue=("IS",),
    start_page=("BP",),
    end_page=("EP",),
    doi=("DI", "D2"),
    pmid=("PM",),
    accession=("UT",),
    issn=("SN", "EI"),
    isbn=("BN",),
    abstract=("AB",),
    keywords=("DE", "ID"),
    language=("LA",),
    type=("PT",),
    doctype=("DT",),
    author_split=r";\s*",
    keyword_split=r";\s*",
    hook=_wos_hook,
)


# --- Ovid native -----------------------------------------------------------------------------

_OVID_SOURCE = re.compile(r"^(?P<journal>[^.]+)\.")


def _ovid_hook(fields: Fields, out: dict, consumed: set) -> None:
    if not out["journal"]:
        match = _OVID_SOURCE.match(_one(fields, "SO"))
        if match:
            out["journal"] = match.group("journal").strip()


OVID = Spec(
    title=("TI",),
    authors=("AU", "AI"),
    year=("YR", "YR", "DP"),
    journal=("JN", "JT", "JX"),
    volume=("VO", "VI"),
    issue=("IP",),
    pages=("PG",),
    doi=("DO", "DI"),
    pmid=("PM",),
    accession=("UI", "AN"),
    issn=("IS",),
    isbn=("IB", "BN"),
    abstract=("AB",),
    keywords=("KW", "MH"),
    language=("LG", "LA"),
    url=("UR", "XL"),
    type=(),
    doctype=("PT", "ST"),
    hook=_ovid_hook,
)


# --- EndNote tagged --------------------------------------------------------------------------

ENW = Spec(
    title=("%T",),
    authors=("%A",),
    year=("%D",),
    journal=("%J", "%B"),
    volume=("%V",),
    issue=("%N",),
    pages=("%P",),
    doi=("%R",),
    accession=("%M",),
    serials=("%@",),
    abstract=("%X",),
    keywords=("%K",),
    language=("%G",),
    url=("%U",),
    type=("%0",),
    doctype=("%9",),
)


# --- ProQuest plain text ---------------------------------------------------------------------

PROQUEST = Spec(
    title=("Title", "Document title"),
    authors=("Author",),
    year=("Publication year", "Publication date"),
    journal=("Publication title", "Source"),
    volume=("Volume",),
    issue=("Issue",),
    pages=("Pages", "First page"),
    doi=("DOI",),
    accession=("ProQuest document ID",),
    serials=("ISSN", "ISBN"),
    abstract=("Abstract",),
    keywords=("Subject", "Identifier / keyword"),
    language=("Language",),
    url=("URL", "Document URL"),
    type=("Source type",),
    doctype=("Document type",),
    author_split=r";\s*",
    keyword_split=r"[;,]\s*",
)


# --- EndNote XML -----------------------------------------------------------------------------


def _xml_hook(fields: Fields, out: dict, consumed: set) -> None:
    provider = " ".join(
        [*fields.get("remote-database-provider", ()), *fields.get("remote-database-name", ())]
    )
    acc = out["accession"]
    if acc and acc.isdigit() and len(acc) <= 9 and _MEDLINE_HINT.search(provider):
        out["pmid"] = acc


ENDNOTE_XML = Spec(
    title=("title",),
    authors=("author",),
    year=("year", "date"),
    journal=("full-title", "secondary-title", "abbr-1", "alt-title"),
    volume=("volume",),
    issue=("number", "issue"),
    pages=("pages",),
    doi=("electronic-resource-num",),
    accession=("accession-num",),
    serials=("isbn", "issn"),
    abstract=("abstract",),
    keywords=("keyword",),
    language=("language",),
    url=("url",),
    type=("ref-type-name",),
    doctype=("work-type",),
    hook=_xml_hook,
)


# --- BibTeX ----------------------------------------------------------------------------------

_BRACES = re.compile(r"[{}]")


def _bib_hook(fields: Fields, out: dict, consumed: set) -> None:
    for name in ("title", "journal"):
        if "{" in out[name]:
            out.setdefault("_raw", {})[name] = out[name]
            out[name] = _BRACES.sub("", out[name])
    for tag in ("unique-id", "eid", "pmid"):
        value = _one(fields, tag)
        if value and not out["accession"]:
            out["accession"] = value
            if len(fields[tag]) == 1:
                consumed.add(tag)
    if not out["pmid"]:
        out["pmid"] = _one(fields, "pmid")


BIBTEX = Spec(
    title=("title",),
    authors=("author",),
    year=("year", "date"),
    journal=("journal", "journaltitle", "booktitle", "series"),
    volume=("volume",),
    issue=("number", "issue"),
    pages=("pages",),
    doi=("doi",),
    serials=("issn", "isbn"),
    abstract=("abstract",),
    keywords=("keywords", "mesh"),
    language=("language", "langid"),
    url=("url",),
    type=("ENTRYTYPE",),
    doctype=("type", "document_type"),
    author_split=r"\s+and\s+",
    keyword_split=r";\s*|,\s*",
    hook=_bib_hook,
)
