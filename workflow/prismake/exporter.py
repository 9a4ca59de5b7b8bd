"""Writing records back out: RIS for reference managers and screening tools, CSV for the rest.

:func:`write_ris` writes tags that Rayyan, Covidence, EndNote, Zotero and ASReview all read
(``TY``, ``TI``, ``AU``, ``PY``, ``T2``/``JO``, ``VL``, ``IS``, ``SP``/``EP``, ``DO``, ``SN``,
``AB``, ``KW``, ``LA``, ``UR``, ``AN``, ``DB``), CRLF line ends and UTF-8 without BOM. The
canonical type travels as ``TY`` plus ``M3`` (``Review``, ``Editorial``, ...), so importing the
file again gives the same canonical fields. :func:`write_csv` writes one row per record with
``record_id`` first (ASReview's id column) and lists joined by ``"; "``; importing it again gives
the same record ids and fields.

Both also write deduplicated studies (``results/dedup/studies.csv``): their ``study_id`` takes the
place of the record id (RIS ``ID``, the CSV's first column), so the screening decisions a tool
exports can be matched back to the studies.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from prismake.tables import atomic_path

#: canonical type -> (RIS TY, M3 document type or "").
RIS_TYPES: dict[str, tuple[str, str]] = {
    "article": ("JOUR", ""),
    "review": ("JOUR", "Review"),
    "editorial": ("JOUR", "Editorial"),
    "letter": ("JOUR", "Letter"),
    "erratum": ("JOUR", "Erratum"),
    "preprint": ("JOUR", "Preprint"),
    "conference": ("CONF", ""),
    "book": ("BOOK", ""),
    "chapter": ("CHAP", ""),
    "thesis": ("THES", ""),
    "report": ("RPRT", ""),
    "dataset": ("DATA", ""),
    "other": ("GEN", ""),
}

CSV_COLUMNS = (
    "record_id",
    "type",
    "title",
    "authors",
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "accession",
    "issn",
    "isbn",
    "abstract",
    "keywords",
    "language",
    "url",
    "source_id",
    "database",
)


def _text(value: object) -> str:
    """The value as text; line breaks kept (RIS continuation lines, quoted CSV cells)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    lines = (" ".join(line.split()) for line in str(value).splitlines())
    return "\n".join(line for line in lines if line)


def _list(value: object) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [_text(v) for v in value if _text(v)]
    return []


def ris_record(row: pd.Series) -> list[str]:
    """The RIS lines of one canonical record (without line ends)."""
    ty, m3 = RIS_TYPES.get(_text(row.get("type")), ("GEN", ""))
    lines = [f"TY  - {ty}"]

    def add(tag: str, value: object) -> None:
        text = _text(value)
        if text:
            lines.append(f"{tag}  - {text}".replace("\n", "\r\n"))

    add("ID", row.get("record_id") or row.get("study_id"))
    add("TI", row.get("title"))
    for author in _list(row.get("authors")):
        add("AU", author)
    year = row.get("year")
    add("PY", "" if year is None or pd.isna(year) else int(year))
    add("T2", row.get("journal"))
    add("JO", row.get("journal"))
    add("VL", row.get("volume"))
    add("IS", row.get("issue"))
    pages = _text(row.get("pages"))
    if "-" in pages:
        start, end = pages.split("-", 1)
        add("SP", start)
        add("EP", end)
    else:
        add("SP", pages)
    add("DO", row.get("doi"))
    for serial in _text(row.get("issn")).split("; ") + _text(row.get("isbn")).split("; "):
        add("SN", serial)
    add("AB", row.get("abstract"))
    for keyword in _list(row.get("keywords")):
        add("KW", keyword)
    add("LA", row.get("language"))
    add("UR", row.get("url"))
    add("AN", row.get("accession"))
    add("DB", row.get("database"))
    if m3:
        add("M3", m3)
    lines.append("ER  - ")
    return lines


def write_ris(df: pd.DataFrame, path: str | Path) -> None:
    """Write the records of ``df`` (canonical columns) as RIS, in row order, atomically."""
    path = Path(path)
    tmp = atomic_path(path)
    try:
        with tmp.open("w", encoding="utf-8", newline="") as handle:
            for _, row in df.iterrows():
                handle.write("\r\n".join(ris_record(row)) + "\r\n\r\n")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def write_csv(df: pd.DataFrame, path: str | Path) -> None:
    """Write a flat CSV (one row per record, lists joined by ``'; '``), atomically."""
    path = Path(path)
    columns = CSV_COLUMNS
    if "record_id" not in df.columns and "study_id" in df.columns:
        columns = ("study_id", *CSV_COLUMNS[1:])
    out = pd.DataFrame(
        {
            column: [
                "; ".join(_list(v))
                if column in ("authors", "keywords")
                else (
                    ""
                    if column == "year" and (v is None or pd.isna(v))
                    else str(int(v))
                    if column == "year"
                    else _text(v)
                )
                for v in (df[column] if column in df.columns else [""] * len(df))
            ]
            for column in columns
        },
        dtype=object,
    )
    tmp = atomic_path(path)
    try:
        out.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8")
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
