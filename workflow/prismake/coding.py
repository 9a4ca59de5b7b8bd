"""Thematic synthesis: check the coding sheets, then count segments by study and theme.

Coding follows thematic synthesis: extracts (*segments*) of the included studies' findings get a
line-by-line *code*; codes are grouped into *descriptive* themes, which are grouped into
*analytical* themes. :func:`check_coding` checks the three sheets together (ids unique, each
descriptive theme under an analytical one, each code under a descriptive theme, each segment's
code known and its study included, no empty quote); :func:`coding_tables` then builds

* the matrix: one row per included study (year, then label), one column per theme (analytical
  themes, then descriptive ones, each in natural id order: ``A2`` before ``A10``), each cell the
  number of the study's segments under that theme;
* the theme summary: each theme with its codes, segments and supporting studies;
* the coded segments joined to their code, descriptive theme and analytical theme.
"""

from __future__ import annotations

import logging
import re
from typing import NamedTuple

import pandas as pd

from prismake.errors import SheetError
from prismake.labels import order_studies
from prismake.models.coding import (
    CodebookSheet,
    CodedSegments,
    CodingMatrix,
    SegmentsSheet,
    ThemesSheet,
    ThemeSummary,
)
from prismake.sheetchecks import (
    check_known,
    check_sheet,
    check_table,
    check_unique,
    require_columns,
    sheet_lines,
    sheet_path,
    text_column,
)

log = logging.getLogger(__name__)


class CodingSheets(NamedTuple):
    """The three checked sheets (without line numbers)."""

    themes: pd.DataFrame
    codebook: pd.DataFrame
    segments: pd.DataFrame


class CodingTables(NamedTuple):
    """What :func:`coding_tables` builds."""

    matrix: pd.DataFrame
    themes: pd.DataFrame
    segments: pd.DataFrame


def natural_key(text: str) -> tuple:
    """Sort key that orders digit runs by value: ``D1.2 < D1.10 < D2.1``."""
    return tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", text) if p
    )


def _frame(sheet: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        {**{c: text_column(sheet, c) for c in columns}, "line": sheet_lines(sheet)}, dtype=object
    )


def _rows(sheet: pd.DataFrame, *columns: str):
    return zip(sheet_lines(sheet), *(sheet[c] for c in columns), strict=True)


def check_coding(
    themes: pd.DataFrame,
    codebook: pd.DataFrame,
    segments: pd.DataFrame,
    *,
    included: pd.DataFrame,
    paths: tuple[str | None, str | None, str | None] = (None, None, None),
) -> CodingSheets:
    """Check the themes, codebook and segments sheets against each other and the included studies.

    ``paths`` optionally names the three files for error messages (otherwise each frame's
    ``attrs["path"]``). Raises :class:`SheetError` naming the file, line and value.
    """
    where = [sheet_path(s, p) for s, p in zip((themes, codebook, segments), paths, strict=True)]
    require_columns(themes, ("theme_id", "level", "label"), path=where[0])
    require_columns(codebook, ("code", "theme_id"), path=where[1])
    require_columns(segments, ("segment_id", "study_id", "quote", "code"), path=where[2])
    themes = check_sheet(
        ThemesSheet,
        _frame(themes, ("theme_id", "level", "parent_id", "label", "description")),
        path=where[0],
    )
    codebook = check_sheet(
        CodebookSheet, _frame(codebook, ("code", "theme_id", "definition")), path=where[1]
    )
    segments = check_sheet(
        SegmentsSheet,
        _frame(segments, ("segment_id", "study_id", "location", "quote", "code")),
        path=where[2],
    )
    check_unique(themes, ["theme_id"], what="theme_id", path=where[0])
    level = dict(zip(themes["theme_id"], themes["level"], strict=True))
    for line, tid, lvl, parent in _rows(themes, "theme_id", "level", "parent_id"):
        if lvl == "analytical" and parent:
            raise SheetError(
                f"analytical theme {tid} has a parent",
                path=where[0],
                line=line,
                value=parent,
                expected="an empty parent_id for an analytical theme",
            )
        if lvl == "descriptive" and level.get(parent) != "analytical":
            raise SheetError(
                f"descriptive theme {tid} needs an analytical parent",
                path=where[0],
                line=line,
                value=parent,
                expected="the theme_id of an analytical theme",
            )
    check_unique(codebook, ["code"], what="code", path=where[1])
    for line, code, tid in _rows(codebook, "code", "theme_id"):
        if level.get(tid) != "descriptive":
            found = "an analytical theme" if tid in level else "an unknown theme"
            raise SheetError(
                f"code {code!r} belongs to {found}",
                path=where[1],
                line=line,
                value=tid,
                expected="the theme_id of a descriptive theme",
            )
    check_unique(segments, ["segment_id"], what="segment_id", path=where[2])
    check_known(
        segments,
        codebook["code"],
        column="code",
        path=where[2],
        expected="a code from the codebook",
    )
    check_known(segments, included["study_id"], path=where[2], expected="an included study")
    _warn_empty(themes, codebook, segments)
    return CodingSheets(
        *(s.drop(columns=["line"]).reset_index(drop=True) for s in (themes, codebook, segments))
    )


def _warn_empty(themes: pd.DataFrame, codebook: pd.DataFrame, segments: pd.DataFrame) -> None:
    used_codes = set(segments["code"])
    for code in sorted(set(codebook["code"]) - used_codes):
        log.warning("code %r has no coded segment", code)
    parents = set(themes["parent_id"])
    for tid in themes.loc[themes["level"] == "analytical", "theme_id"]:
        if tid not in parents:
            log.warning("analytical theme %s has no descriptive theme", tid)


def coding_tables(sheets: CodingSheets, *, included: pd.DataFrame) -> CodingTables:
    """The matrix, theme summary and coded segments (see the module docstring)."""
    themes, codebook, segments = sheets
    order = order_studies(included)
    labels = dict(zip(order["study_id"], order["label"], strict=True))
    theme = themes.set_index("theme_id")
    code_theme = dict(zip(codebook["code"], codebook["theme_id"], strict=True))
    joined = pd.DataFrame(
        {
            "segment_id": segments["segment_id"],
            "study_id": segments["study_id"],
            "label": [labels[s] for s in segments["study_id"]],
            "location": segments["location"],
            "quote": segments["quote"],
            "code": segments["code"],
            "theme_id": [code_theme[c] for c in segments["code"]],
        }
    )
    joined["theme_label"] = [theme.at[t, "label"] for t in joined["theme_id"]]
    joined["analytical_id"] = [theme.at[t, "parent_id"] for t in joined["theme_id"]]
    joined["analytical_label"] = [theme.at[t, "label"] for t in joined["analytical_id"]]
    joined = joined.iloc[
        sorted(range(len(joined)), key=lambda i: natural_key(joined["segment_id"].iloc[i]))
    ]
    joined = joined.reset_index(drop=True)
    ids = {
        lvl: sorted(themes.loc[themes["level"] == lvl, "theme_id"], key=natural_key)
        for lvl in ("analytical", "descriptive")
    }
    matrix = order[["study_id", "label"]].copy()
    for lvl, column in (("analytical", "analytical_id"), ("descriptive", "theme_id")):
        counts = joined.groupby(["study_id", column]).size()
        for tid in ids[lvl]:
            matrix[tid] = [int(counts.get((s, tid), 0)) for s in matrix["study_id"]]
    matrix = check_table(CodingMatrix, matrix.reset_index(drop=True), name="the coding matrix")
    summary = _summary(themes, codebook, joined, ids, order)
    segments_out = check_table(CodedSegments, joined, name="the coded segments")
    log.info("coding: %d segments, %d themes, %d studies", len(joined), len(themes), len(order))
    return CodingTables(matrix, summary, segments_out)


def _summary(themes, codebook, joined, ids, order) -> pd.DataFrame:
    rank = {s: i for i, s in enumerate(order["study_id"])}
    labels = dict(zip(order["study_id"], order["label"], strict=True))
    theme = themes.set_index("theme_id")
    code_theme = dict(zip(codebook["code"], codebook["theme_id"], strict=True))
    rows = []
    for lvl, column in (("analytical", "analytical_id"), ("descriptive", "theme_id")):
        for tid in ids[lvl]:
            own = joined.loc[joined[column] == tid]
            studies = sorted(set(own["study_id"]), key=rank.__getitem__)
            descriptive = (
                {tid}
                if lvl == "descriptive"
                else set(themes.loc[themes["parent_id"] == tid, "theme_id"])
            )
            rows.append(
                {
                    "theme_id": tid,
                    "level": lvl,
                    "parent_id": theme.at[tid, "parent_id"],
                    "label": theme.at[tid, "label"],
                    "description": theme.at[tid, "description"],
                    "n_codes": sum(t in descriptive for t in code_theme.values()),
                    "n_segments": len(own),
                    "n_studies": len(studies),
                    "study_ids": studies,
                    "study_labels": "; ".join(labels[s] for s in studies),
                }
            )
    return check_table(ThemeSummary, pd.DataFrame(rows), name="the theme summary")
