"""Helpers for the manuscript's cells: read the results, write numbers and tables as prose.

The .qmd's cells import this module, so that the manuscript holds sentences, not code, and
every number in it is read from a table a rule wrote. The renderer tells the cells where the
results and the config are through two environment variables (the same for Quarto and the
fallback): ``PRISMAKE_RESULTS`` (the results folder) and ``PRISMAKE_CONFIG`` (config.yaml).

A table that is missing, or lacks a column the manuscript needs, raises an
:class:`~prismake.errors.InputError` naming the file and the columns, so a render stops with
a clear message instead of printing a wrong number. The expected tables and columns are listed
once, in :data:`TABLES`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd
import yaml

from prismake.errors import InputError
from prismake.tables import read_table

RESULTS_ENV = "PRISMAKE_RESULTS"
CONFIG_ENV = "PRISMAKE_CONFIG"

#: Every results table the manuscript reads: path under results/ -> columns it needs.
TABLES: dict[str, tuple[str, ...]] = {
    "import/counts.csv": ("source_id", "database", "platform", "search_date", "hits", "records"),
    "screening/agreement.csv": (
        "stage",
        "n_studies",
        "n_reviewers",
        "raw_agreement",
        "kappa",
        "n_conflicts",
    ),
    "screening/included.csv": ("study_id", "label"),
    "prisma/counts.csv": ("key", "detail", "n"),
    "prisma/exclusions.csv": ("stage", "reason", "label", "n"),
    "extraction/characteristics.csv": (
        "study_id",
        "label",
        "year",
        "country",
        "setting",
        "data_collection",
        "analysis",
        "n_participants",
        "participants",
    ),
    "appraisal/casp.csv": ("study_id", "label"),
    "appraisal/casp_summary.csv": ("question", "yes", "no", "cant_tell"),
    "coding/themes.csv": (
        "theme_id",
        "level",
        "parent_id",
        "label",
        "description",
        "n_studies",
        "study_ids",
    ),
    "coding/segments.csv": ("segment_id", "study_id", "location", "quote", "theme_id"),
}
#: Where a table may also be found (per-stage files written by the screening rules).
ALTERNATIVES: dict[str, str] = {"screening/agreement.csv": "screening/*_agreement.csv"}
#: PRISMA 2020 boxes the text names: role -> box ``key`` in ``prisma/counts.csv`` (the rows
#: with an empty ``detail``; rows with a detail break a box down by database or reason).
PRISMA_BOXES: dict[str, str] = {
    "identified": "records_identified",
    "duplicates": "duplicates_removed",
    "screened": "records_screened",
    "excluded_screening": "records_excluded",
    "sought": "reports_sought",
    "not_retrieved": "reports_not_retrieved",
    "assessed": "reports_assessed",
    "excluded_full_text": "reports_excluded",
    "included": "studies_included",
}
CASP_QUESTIONS = tuple(f"q{k}" for k in range(1, 11))
#: Short names of the ten questions of the CASP qualitative studies checklist.
CASP_LABELS = {
    "q1": "a clear statement of aims",
    "q2": "an appropriate qualitative methodology",
    "q3": "a research design suited to the aims",
    "q4": "an appropriate recruitment strategy",
    "q5": "data collection that addressed the research issue",
    "q6": "adequate consideration of the researcher-participant relationship",
    "q7": "consideration of ethical issues",
    "q8": "sufficiently rigorous data analysis",
    "q9": "a clear statement of findings",
    "q10": "research of value",
}
CASP_SYMBOLS = {"yes": "Y", "no": "N", "cant_tell": "?"}
NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


class Markdown(str):
    """Text that is markdown: Jupyter (and so Quarto and the fallback) shows it as such."""

    def _repr_markdown_(self) -> str:
        return str(self)


# --- where things are -------------------------------------------------------------------------


def results_dir(path: str | Path | None = None) -> Path:
    """The results folder: ``path``, else ``$PRISMAKE_RESULTS``, else ``results``."""
    return Path(path or os.environ.get(RESULTS_ENV) or "results")


def load_config(path: str | Path | None = None) -> dict:
    """The review's config: ``path``, else ``$PRISMAKE_CONFIG``; a clear error if neither."""
    path = path or os.environ.get(CONFIG_ENV)
    if not path:
        raise InputError(f"no config given and {CONFIG_ENV} is not set", expected="a config.yaml")
    try:
        config = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError("the config does not exist", path=path) from exc
    if not isinstance(config, dict):
        raise InputError("the config is not a mapping", path=path, value=config)
    return config


def config_metadata(config: Mapping, front_matter: Mapping) -> dict:
    """Front-matter keys from the config's ``review`` that the document does not set itself:
    ``title`` from ``review.title`` and ``author`` from ``review.authors``.

    >>> config_metadata({"review": {"title": "T", "authors": ["A"]}}, {"author": ["B"]})
    {'title': 'T'}
    """
    review = config.get("review") or {}
    meta: dict = {}
    if "title" not in front_matter and review.get("title"):
        meta["title"] = str(review["title"])
    if "author" not in front_matter and review.get("authors"):
        meta["author"] = [str(a) for a in review["authors"]]
    return meta


class Results:
    """The results tables of one build, read on first use and checked for their columns."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = results_dir(root)
        self._cache: dict[str, pd.DataFrame] = {}

    def path(self, name: str) -> Path:
        return self.root / name

    def table(self, name: str, *, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """``results/<name>`` as a frame; ``columns`` default to the ones in :data:`TABLES`."""
        if name not in self._cache:
            self._cache[name] = self._read(name)
        frame = self._cache[name]
        needed = TABLES.get(name, ()) if columns is None else columns
        missing = [c for c in needed if c not in frame.columns]
        if missing:
            raise InputError(
                f"results table lacks column(s) {', '.join(missing)} that the manuscript reads",
                path=self.path(name),
                value=list(frame.columns),
                expected=", ".join(needed),
            )
        return frame.copy()

    def _read(self, name: str) -> pd.DataFrame:
        path = self.path(name)
        if path.is_file():
            return read_table(path)
        pattern = ALTERNATIVES.get(name)
        parts = sorted(self.root.glob(pattern)) if pattern else []
        if parts:
            return pd.concat([read_table(p) for p in parts], ignore_index=True)
        also = f" (nor {pattern})" if pattern else ""
        raise InputError(
            f"results table is missing{also}; the manuscript reads it",
            path=path,
            expected="the pipeline to have written it (run snakemake first)",
        )

    def references(self) -> list[dict]:
        """The CSL JSON items of ``manuscript/references.json``."""
        path = self.path("manuscript/references.json")
        try:
            items = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise InputError("the references are missing", path=path) from exc
        if not isinstance(items, list):
            raise InputError("references are not a CSL JSON list", path=path, value=type(items))
        return items


def stage_file(source: str | Path, *, dest: str | Path) -> Path:
    """Copy ``source`` to ``dest`` (relative to the working directory, i.e. the document's
    folder) and return ``dest``: for files pandoc must find next to the document, such as the
    bibliography, and for figures Typst must find inside its root."""
    source, dest = Path(source), Path(dest)
    if not source.is_file():
        raise InputError("file to include in the manuscript is missing", path=source)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, dest)
    return dest


# --- numbers and words ------------------------------------------------------------------------


def spell(n: int, *, limit: int = 9, capitalize: bool = False) -> str:
    """A count in words up to ``limit`` (style guides: words below 10), digits above.

    >>> spell(9), spell(272), spell(3, capitalize=True), spell(1234)
    ('nine', '272', 'Three', '1,234')
    """
    n = int(n)
    text = NUMBER_WORDS[n] if 0 <= n <= min(limit, 20) else f"{n:,}"
    return text[0].upper() + text[1:] if capitalize else text


def plural(n: int, singular: str, plural_form: str | None = None, *, limit: int = 9) -> str:
    """``"nine studies"``, ``"one study"``, ``"272 participants"``.

    >>> plural(1, "study", "studies"), plural(9, "study", "studies"), plural(12, "theme")
    ('one study', 'nine studies', '12 themes')
    """
    word = singular if int(n) == 1 else (plural_form or singular + "s")
    return f"{spell(n, limit=limit)} {word}"


def join_words(items: Iterable[object], *, conjunction: str = "and") -> str:
    """``"A, B and C"`` (no serial comma).

    >>> join_words(["A", "B", "C"]), join_words(["A"]), join_words([])
    ('A, B and C', 'A', '')
    """
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def n_eq(n: int) -> str:
    """``"n = 9"`` with no-break spaces, so it never breaks across lines."""
    return f"n\u00a0=\u00a0{int(n)}"


def decimal(x: float, *, digits: int = 2) -> str:
    """A proportion or coefficient with ``digits`` decimals (``"0.81"``); ``"n/a"`` if missing."""
    return "n/a" if x is None or pd.isna(x) else f"{float(x):.{digits}f}"


def percent(x: float, *, digits: int = 0) -> str:
    """``0.934`` -> ``"93%"``."""
    return "n/a" if x is None or pd.isna(x) else f"{100 * float(x):.{digits}f}%"


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def long_date(iso: str) -> str:
    """``"2024-03-01"`` -> ``"1 March 2024"`` (English month names whatever the locale)."""
    day = dt.date.fromisoformat(str(iso))
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_range(first: str, last: str) -> str:
    """A search period as prose: ``"on 1 March 2024"``, ``"between 1 and 4 March 2024"``,
    ``"between 28 February and 4 March 2024"`` or ``"between 1 March 2023 and 4 March 2024"``.

    >>> date_range("2024-03-01", "2024-03-04")
    'between 1 and 4 March 2024'
    """
    a, b = dt.date.fromisoformat(str(first)), dt.date.fromisoformat(str(last))
    if a == b:
        return f"on {long_date(first)}"
    if (a.year, a.month) == (b.year, b.month):
        return f"between {a.day} and {long_date(last)}"
    if a.year == b.year:
        return f"between {a.day} {MONTHS[a.month - 1]} and {long_date(last)}"
    return f"between {long_date(first)} and {long_date(last)}"


# --- markdown -----------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None or (not isinstance(value, (list, dict)) and pd.isna(value)):
        return ""
    text = re.sub(r"[ \t\r\n]+", " ", str(value)).strip()  # keeps no-break spaces
    return text.replace("|", r"\|")


def md_table(
    frame: pd.DataFrame,
    *,
    caption: str | None = None,
    label: str | None = None,
    align: Mapping[str, str] | None = None,
    widths: Mapping[str, int] | None = None,
    max_width: int = 30,
) -> Markdown:
    """A pipe table (read the same by pandoc's HTML and Typst writers), with caption and label.

    Column widths follow the longest cell of each column (capped at ``max_width``, and never
    narrower than its longest word) unless ``widths`` gives them; pandoc turns them into
    relative widths once a row is longer than a line. ``align`` maps a column to ``"left"``
    (the default), ``"right"`` or ``"center"``.
    """
    align = dict(align or {})
    header = [_cell(c) for c in frame.columns]
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False)]
    given = dict(widths or {})
    sizes = []
    for k, (column, h) in enumerate(zip(frame.columns, header, strict=True)):
        cells = [h, *(r[k] for r in rows)]
        longest_word = max(len(w) for c in cells for w in [*c.split(), ""])
        longest = min(max_width, max(len(c) for c in cells))
        sizes.append(given.get(column) or max(3, longest, longest_word + 6))
    rules = []
    for k, column in enumerate(frame.columns):
        side = align.get(column, "left")
        dashes = "-" * (max(3, sizes[k]) - 1)
        rules.append(
            {"left": ":" + dashes, "right": dashes + ":", "center": ":" + dashes[1:] + ":"}[side]
        )
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(rules) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    if caption:
        lines += ["", f": {caption}" + (f" {{#{label}}}" if label else "")]
    return Markdown("\n".join(lines) + "\n")


def figure(
    path: str | Path,
    *,
    caption: str,
    label: str | None = None,
    width: str | None = None,
    folder: str = "figures",
) -> Markdown:
    """Markdown for a figure file the pipeline wrote (SVG or PNG), copied into ``folder``.

    Copying into the document's folder keeps the image inside Typst's root (PDF) and lets
    pandoc embed it (HTML); Quarto does the same with a copy it finds there.
    """
    source = Path(path)
    dest = stage_file(source, dest=Path(folder) / source.name)
    attrs = [f"#{label}"] if label else []
    if width:
        attrs.append(f"width={width}")
    suffix = "{" + " ".join(attrs) + "}" if attrs else ""
    return Markdown(f"![{caption}]({dest.as_posix()}){suffix}")


def cite(ids: Iterable[str], *, known: Iterable[str] | None = None, locator: str = "") -> str:
    """``"[@a; @b]"`` for a parenthetical citation; every id must be in ``known`` if given."""
    ids = list(dict.fromkeys(str(i) for i in ids))
    if known is not None:
        known = set(known)
        missing = [i for i in ids if i not in known]
        if missing:
            raise InputError(
                "study cited in the manuscript has no reference",
                value=missing,
                expected="an id of results/manuscript/references.json",
            )
    if not ids:
        return ""
    suffix = f", {locator}" if locator else ""
    return "[" + "; ".join(f"@{i}" for i in ids) + suffix + "]"


# --- summaries (frames in, plain values out) --------------------------------------------------


def search_summary(counts: pd.DataFrame) -> dict:
    """Databases searched (``"MEDLINE (Ovid)"``, in search-log order), dates and hits."""
    rows = counts
    named = [
        f"{d} ({p})" if p and p != d else str(d)
        for d, p in zip(rows["database"], rows["platform"], strict=True)
    ]
    dates = sorted(str(d) for d in rows["search_date"])
    return {
        "databases": list(dict.fromkeys(named)),
        "n_databases": rows["database"].nunique(),
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        "hits": int(pd.to_numeric(rows["hits"]).sum()),
        "records": int(pd.to_numeric(rows["records"]).sum()),
    }


def prisma_numbers(counts: pd.DataFrame, *, path: str | Path = "prisma/counts.csv") -> dict:
    """The PRISMA boxes the text names, by role (:data:`PRISMA_BOXES`)."""
    totals = counts[counts["detail"].fillna("").astype(str) == ""]
    by_box = {str(k): int(n) for k, n in zip(totals["key"], totals["n"], strict=True)}
    missing = [box for box in PRISMA_BOXES.values() if box not in by_box]
    if missing:
        raise InputError(
            f"PRISMA counts lack box(es) {', '.join(missing)}",
            path=path,
            value=sorted(by_box),
            expected=", ".join(PRISMA_BOXES.values()),
        )
    return {role: by_box[box] for role, box in PRISMA_BOXES.items()}


def study_summary(characteristics: pd.DataFrame) -> dict:
    """Number of studies, their years, countries and participants."""
    years = sorted(int(y) for y in characteristics["year"].dropna())
    countries = sorted(set(characteristics["country"]))
    return {
        "n_studies": len(characteristics),
        "first_year": years[0] if years else None,
        "last_year": years[-1] if years else None,
        "countries": countries,
        "n_countries": len(countries),
        "n_participants": int(pd.to_numeric(characteristics["n_participants"]).sum()),
    }


def theme_tree(themes: pd.DataFrame) -> list[dict]:
    """Analytical themes in id order, each with its descriptive themes (``children``)."""

    def key(theme_id: str) -> list:
        return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(theme_id))]

    rows = sorted(themes.to_dict("records"), key=lambda r: key(r["theme_id"]))
    tree = [dict(r, children=[]) for r in rows if r["level"] == "analytical"]
    by_id = {t["theme_id"]: t for t in tree}
    for row in rows:
        if row["level"] == "descriptive":
            if row["parent_id"] not in by_id:
                raise InputError(
                    "descriptive theme has no analytical parent",
                    path="coding/themes.csv",
                    value=row["theme_id"],
                    expected=f"parent_id among {sorted(by_id)}",
                )
            by_id[row["parent_id"]]["children"].append(row)
    return tree


QUOTE_MARKS = ('"', "\u201c", "\u2018", "'")


def quotes_for(segments: pd.DataFrame, theme_ids: Iterable[str], *, n: int = 2) -> list[dict]:
    """Up to ``n`` extracts coded to any of ``theme_ids``, from different studies.

    Participants' words (extracts that open with a quotation mark) come before authors'
    interpretations; within each, extracts are taken in segment id order.
    """
    wanted = set(theme_ids)
    rows = [r for r in segments.to_dict("records") if r["theme_id"] in wanted and r["quote"]]
    rows.sort(key=lambda r: (not str(r["quote"]).lstrip().startswith(QUOTE_MARKS), r["segment_id"]))
    chosen, studies = [], set()
    for row in rows:
        if row["study_id"] not in studies:
            chosen.append(row)
            studies.add(row["study_id"])
        if len(chosen) == n:
            break
    return chosen


def casp_wide(casp: pd.DataFrame) -> pd.DataFrame:
    """CASP answers, one row per study: ``study_id, label, q1..q10`` (``Q1``.. accepted, and a
    long table with ``question``/``answer`` columns is pivoted)."""
    lower = {c: c.lower() for c in casp.columns if c.lower() in CASP_QUESTIONS}
    if len(lower) == len(CASP_QUESTIONS):
        return casp.rename(columns=lower)[["study_id", "label", *CASP_QUESTIONS]].copy()
    if {"question", "answer"} <= set(casp.columns):
        long = casp.assign(question="q" + casp["question"].astype(str))
        wide = long.pivot(index=["study_id", "label"], columns="question", values="answer")
        return wide.reindex(columns=list(CASP_QUESTIONS)).reset_index()
    raise InputError(
        "CASP table has neither Q1..Q10 columns nor question/answer columns",
        path="appraisal/casp.csv",
        value=list(casp.columns),
        expected="study_id, label, Q1..Q10",
    )


def casp_table(casp: pd.DataFrame) -> pd.DataFrame:
    """CASP answers for display: ``Study`` (a citation) and ``Q1``..``Q10`` as Y, N or ?."""
    wide = casp_wide(casp)
    unknown = sorted({str(v) for q in CASP_QUESTIONS for v in wide[q]} - set(CASP_SYMBOLS))
    if unknown:
        raise InputError(
            "CASP answer not recognised",
            path="appraisal/casp.csv",
            value=unknown,
            expected=", ".join(CASP_SYMBOLS),
        )
    out = pd.DataFrame({"Study": ["@" + str(i) for i in wide["study_id"]]})
    for q in CASP_QUESTIONS:
        out[q.upper()] = [CASP_SYMBOLS[str(v)] for v in wide[q]]
    return out


def casp_agreement(casp: pd.DataFrame) -> dict[str, list[str]]:
    """Questions every study met (``all_yes``) and questions fewer than half met (``weak``)."""
    wide = casp_wide(casp)
    share = {q: (wide[q] == "yes").mean() for q in CASP_QUESTIONS}
    return {
        "all_yes": [q for q in CASP_QUESTIONS if share[q] == 1],
        "weak": [q for q in CASP_QUESTIONS if share[q] < 0.5],
    }


def characteristics_table(characteristics: pd.DataFrame) -> pd.DataFrame:
    """Study characteristics for display, one row per study, each study cited."""
    rows = characteristics.sort_values(["year", "label"])
    return pd.DataFrame(
        {
            "Study": ["@" + str(i) for i in rows["study_id"]],
            "Country": rows["country"].tolist(),
            "Setting": rows["setting"].tolist(),
            "Data collection": rows["data_collection"].tolist(),
            "Analysis": rows["analysis"].tolist(),
            "Participants": [
                f"{p} ({n_eq(n)})"
                for p, n in zip(rows["participants"], rows["n_participants"], strict=True)
            ],
        }
    )


def consistent(**counts: int) -> int:
    """The one value that several tables give for the same count; an error if they differ.

    >>> consistent(prisma=9, included=9, characteristics=9)
    9
    """
    values = {name: int(v) for name, v in counts.items()}
    if len(set(values.values())) > 1:
        raise InputError(
            "results tables disagree on a count the manuscript reports",
            value=values,
            expected="the same number in every table",
        )
    return next(iter(values.values()))
