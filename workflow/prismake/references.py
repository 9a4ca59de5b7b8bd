"""CSL-JSON references of the included studies, built from their bibliographic records.

Each included study becomes one CSL item whose ``id`` is its ``study_id`` (so the manuscript cites
``[@S521077ca2b34]``), with the type, title, authors (parsed from the vendors' author strings by
:func:`prismake.labels.parse_author`), year, journal, volume, issue, pages, DOI, PMID, ISSN and URL
that the deduplicated study carries. Items are sorted by ``id``; :func:`dumps_csl` writes them as
the same bytes every time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import pandas as pd

from prismake.errors import InputError
from prismake.labels import parse_author
from prismake.sheetchecks import preview

#: Record types as the importers and vendors spell them -> CSL types (matched case-insensitively).
CSL_TYPES = {
    "jour": "article-journal",
    "jfull": "article-journal",
    "article": "article-journal",
    "journal article": "article-journal",
    "journal-article": "article-journal",
    "article-journal": "article-journal",
    "review": "article-journal",
    "mgzn": "article-magazine",
    "magazine article": "article-magazine",
    "news": "article-newspaper",
    "newspaper article": "article-newspaper",
    "book": "book",
    "ebook": "book",
    "edbook": "book",
    "chap": "chapter",
    "chapter": "chapter",
    "book chapter": "chapter",
    "inbook": "chapter",
    "incollection": "chapter",
    "thes": "thesis",
    "thesis": "thesis",
    "dissertation": "thesis",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "conf": "paper-conference",
    "cpaper": "paper-conference",
    "inproceedings": "paper-conference",
    "conference paper": "paper-conference",
    "conference proceedings": "paper-conference",
    "paper-conference": "paper-conference",
    "rprt": "report",
    "report": "report",
    "techreport": "report",
    "gov": "report",
    "elec": "webpage",
    "web page": "webpage",
    "webpage": "webpage",
    "online": "webpage",
    "data": "dataset",
    "dataset": "dataset",
}
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def csl_type(value: object, *, journal: str = "") -> str:
    """The CSL type of a record type; unknown types are journal articles when there is a journal."""
    known = CSL_TYPES.get(str(value or "").strip().casefold())
    if known:
        return known
    return "article-journal" if journal else "article"


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def _title(value: object) -> str:
    title = _text(value)
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    return title


def csl_item(study: pd.Series | dict) -> dict:
    """One CSL-JSON item for one row of the studies table."""
    get = study.get
    journal = _text(get("journal"))
    item: dict = {"id": _text(get("study_id")), "type": csl_type(get("type"), journal=journal)}
    if title := _title(get("title")):
        item["title"] = title
    authors = get("authors")
    names = [
        n for n in (parse_author(a) for a in (authors if isinstance(authors, list) else [])) if n
    ]
    if names:
        item["author"] = names
    year = get("year")
    if year is not None and not pd.isna(year):
        item["issued"] = {"date-parts": [[int(year)]]}
    fields = {
        "container-title": journal,
        "volume": _text(get("volume")),
        "issue": _text(get("issue")),
        "page": _text(get("pages")).replace("--", "-"),
        "DOI": _DOI_PREFIX.sub("", _text(get("doi"))),
        "PMID": _text(get("pmid")),
        "ISSN": _text(get("issn")),
        "URL": _text(get("url")),
    }
    item.update({k: v for k, v in fields.items() if v})
    return item


def csl_items(studies: pd.DataFrame, *, study_ids: Iterable[str]) -> list[dict]:
    """CSL items of ``study_ids`` (e.g. the included studies), from ``studies``, sorted by id."""
    wanted = sorted(set(study_ids))
    rows = studies.loc[studies["study_id"].isin(wanted)]
    missing = sorted(set(wanted) - set(rows["study_id"]))
    if missing:
        raise InputError(
            f"{len(missing)} studies have no bibliographic record: {preview(missing)}",
            path="results/dedup/studies.csv",
            expected="every included study in the studies table",
        )
    rows = rows.sort_values("study_id").drop_duplicates("study_id")
    return [csl_item(row) for _, row in rows.iterrows()]


def dumps_csl(items: list[dict]) -> str:
    """CSL-JSON text: UTF-8 friendly, two-space indented, keys sorted, ending in a newline."""
    return json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
