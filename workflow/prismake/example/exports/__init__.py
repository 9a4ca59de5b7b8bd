"""Writers of each vendor's export format, one module per platform.

:func:`render` dispatches on the source id; :data:`EXPORT_FILES` gives the file name each export
is saved under in ``resources/exports/``.
"""

from __future__ import annotations

from prismake.example.coverage import Record
from prismake.example.exports import ebsco, ovid, proquest, pubmed, scopus, wos
from prismake.example.works import Work

#: source id -> file name in resources/exports/
EXPORT_FILES: dict[str, str] = {
    "medline": "medline_pubmed.nbib",
    "embase": "embase_ovid.ris",
    "psycinfo": "psycinfo_ovid.ris",
    "cinahl": "cinahl_ebscohost.ris",
    "socindex": "socindex_ebscohost.ris",
    "assia": "assia_proquest.ris",
    "sociological_abstracts": "sociological_abstracts_proquest.ris",
    "scopus": "scopus.csv",
    "wos": "wos_savedrecs.txt",
}


def render(source_id: str, records: list[Record], *, seed: str, index: dict[str, Work]) -> bytes:
    """The bytes of one export file, as the source's vendor writes it."""
    if source_id == "medline":
        return pubmed.render(records, seed=seed, index=index)
    if source_id in ("embase", "psycinfo"):
        return ovid.render(records, vendor=source_id, seed=seed)
    if source_id in ("cinahl", "socindex"):
        return ebsco.render(records, vendor=source_id, seed=seed)
    if source_id in ("assia", "sociological_abstracts"):
        return proquest.render(records, vendor=source_id, seed=seed)
    if source_id == "scopus":
        return scopus.render(records, seed=seed)
    if source_id == "wos":
        return wos.render(records, seed=seed, index=index)
    raise ValueError(f"no exporter for source {source_id!r}")
