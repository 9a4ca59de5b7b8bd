"""Which database and platform an export came from, guessed from its content.

Used only where the caller (the search log) leaves ``database`` or ``platform`` empty, and for
the import log. Guesses look at the first record's own provenance fields.
"""

from __future__ import annotations

from prismake.importer.base import Parsed

_FIXED = {
    "nbib": ("PubMed", "PubMed"),
    "wos": ("Web of Science", "Web of Science"),
    "wos_tab": ("Web of Science", "Web of Science"),
    "scopus_csv": ("Scopus", "Scopus"),
    "embase_csv": ("Embase", "Embase.com"),
    "ovid": ("", "Ovid"),
    "proquest": ("", "ProQuest"),
    "lens_csv": ("Lens", "Lens.org"),
    "pubmed_csv": ("PubMed", "PubMed"),
    "openalex_csv": ("OpenAlex", "OpenAlex"),
    "zotero_csv": ("", "Zotero"),
    "rayyan_csv": ("", "Rayyan"),
}


def _first(fields: dict[str, list[str]], *tags: str) -> str:
    for tag in tags:
        values = fields.get(tag)
        if values:
            return values[0]
    return ""


def _ris(fields: dict[str, list[str]]) -> tuple[str, str, str]:
    db = _first(fields, "DB")
    dp = _first(fields, "DP")
    an = _first(fields, "AN")
    url = _first(fields, "UR")
    ident = _first(fields, "ID")
    if an.startswith("WOS:"):
        return "web_of_science", "Web of Science", "Web of Science"
    if db == "Scopus" or "scopus.com" in url:
        return "scopus", "Scopus", "Scopus"
    if db == "Embase" or _first(fields, "U2").startswith("L"):
        return "embase", "Embase", "Embase.com"
    if "EBSCO" in dp or "ebscohost" in url.lower():
        return "ebscohost", db, "EBSCOhost"
    if "Ovid" in dp or "Ovid" in db or "ovid" in _first(fields, "L2").lower():
        return "ovid", db, "Ovid"
    if "proquest" in url.lower() or "ProQuest" in db:
        return "proquest", db, "ProQuest"
    if an.startswith("rayyan-"):
        return "rayyan", "", "Rayyan"
    if an.startswith("pub.") or "dimensions.ai" in url:
        return "dimensions", "Dimensions", "Dimensions"
    if "lens.org" in url or (len(ident) == 19 and ident.count("-") == 4):
        return "lens", "Lens", "Lens.org"
    return "", "", ""


def guess_source(parsed: Parsed) -> None:
    """Fill ``parsed.dialect``, ``database`` and ``platform`` from the first record."""
    if parsed.format in _FIXED:
        parsed.database, parsed.platform = _FIXED[parsed.format]
        parsed.dialect = parsed.format
    if not parsed.records:
        return
    fields = parsed.records[0].fields
    if parsed.format == "ris":
        parsed.dialect, parsed.database, parsed.platform = _ris(fields)
    elif parsed.format == "ovid":
        parsed.database = _first(fields, "DB")
