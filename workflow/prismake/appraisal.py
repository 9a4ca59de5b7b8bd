"""CASP qualitative checklist: check the answers, tabulate them, draw a traffic-light figure.

The Critical Appraisal Skills Programme (CASP) checklist for qualitative studies asks ten
questions of each study; the appraisers answer each with ``yes``, ``no`` or ``cant_tell`` and a
comment. :data:`CASP_QUESTIONS` holds the ten questions (number, a one-word heading, and the
question as this package phrases it).

:func:`check_casp` checks the sheet against the included studies; :func:`casp_table` makes the
study x question table, :func:`casp_summary` counts answers per question, and :func:`casp_svg`
draws the traffic-light figure (one row per study, one circle per question, in the manner of the
risk-of-bias plots of robvis), with a symbol in every circle so the figure reads in greyscale.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

import pandas as pd

from prismake.errors import SheetError
from prismake.labels import order_studies
from prismake.models.appraisal import ANSWERS, CaspAnswers, CaspSheet, CaspSummary, CaspTable
from prismake.sheetchecks import (
    check_complete,
    check_known,
    check_sheet,
    check_table,
    check_unique,
    preview,
    require_columns,
    sheet_lines,
    sheet_path,
    text_column,
)
from prismake.svg import Canvas, text_width, wrap

log = logging.getLogger(__name__)


class CaspQuestion(NamedTuple):
    number: int
    heading: str
    text: str


CASP_QUESTIONS: tuple[CaspQuestion, ...] = (
    CaspQuestion(1, "Aims", "Are the aims of the research clearly stated?"),
    CaspQuestion(2, "Methodology", "Is a qualitative methodology appropriate to the question?"),
    CaspQuestion(3, "Design", "Is the research design appropriate to the aims?"),
    CaspQuestion(4, "Recruitment", "Is the recruitment strategy appropriate to the aims?"),
    CaspQuestion(
        5, "Data collection", "Were the data collected in a way that addresses the research issue?"
    ),
    CaspQuestion(
        6,
        "Reflexivity",
        "Has the relationship between researcher and participants been adequately considered?",
    ),
    CaspQuestion(7, "Ethics", "Have ethical issues been taken into account?"),
    CaspQuestion(8, "Analysis", "Is the data analysis sufficiently rigorous?"),
    CaspQuestion(9, "Findings", "Are the findings clearly stated?"),
    CaspQuestion(10, "Value", "How valuable is the research (contribution, transferability)?"),
)
ANSWER_NAMES = {"yes": "Yes", "no": "No", "cant_tell": "Can't tell"}
QUESTION_COLUMNS = tuple(f"Q{q.number}" for q in CASP_QUESTIONS)


def check_casp(
    sheet: pd.DataFrame, *, included: pd.DataFrame, path: str | None = None
) -> pd.DataFrame:
    """Check the CASP sheet: every included study answers each of the ten questions once.

    ``included`` is the included-studies table (``study_id``, ``label``, ``year``). Returns
    ``study_id, question, answer, comment, label`` ordered like ``included`` (year, label), then
    by question. Raises :class:`SheetError` naming the file, line and value.
    """
    where = sheet_path(sheet, path)
    require_columns(sheet, ("study_id", "question", "answer"), path=where)
    body = pd.DataFrame(
        {
            "study_id": text_column(sheet, "study_id"),
            "question": text_column(sheet, "question"),
            "answer": text_column(sheet, "answer"),
            "comment": text_column(sheet, "comment"),
            "line": sheet_lines(sheet),
        },
        dtype=object,
    )
    valid = check_sheet(CaspSheet, body, path=where)
    check_known(valid, included["study_id"], expected="an included study", path=where)
    check_unique(valid, ["study_id", "question"], what="study and question", path=where)
    check_complete(
        valid,
        included["study_id"],
        what="included studies",
        path=where,
        expected="ten rows (questions 1-10) for each included study",
    )
    asked = valid.groupby("study_id")["question"].apply(set)
    gaps = [
        f"{sid} lacks Q{', Q'.join(str(q) for q in sorted(set(range(1, 11)) - qs))}"
        for sid, qs in asked.items()
        if len(qs) < 10
    ]
    if gaps:
        raise SheetError(
            f"{len(gaps)} studies lack questions: {preview(gaps)}",
            path=where,
            expected="each of questions 1-10 for every included study",
        )
    order = {sid: i for i, sid in enumerate(order_studies(included)["study_id"])}
    labels = dict(zip(included["study_id"], included["label"], strict=True))
    out = valid.drop(columns=["line"]).assign(label=[labels[s] for s in valid["study_id"]])
    out = out.assign(_order=[order[s] for s in out["study_id"]])
    out = out.sort_values(["_order", "question"], kind="mergesort").drop(columns="_order")
    log.info("CASP: %d answers for %d studies", len(out), len(order))
    return check_table(CaspAnswers, out.reset_index(drop=True), name="the CASP answers")


def casp_table(answers: pd.DataFrame) -> pd.DataFrame:
    """One row per study (in the order of ``answers``): ``study_id, label, Q1..Q10, n_yes,
    n_no, n_cant_tell``."""
    studies = list(dict.fromkeys(answers["study_id"]))
    labels = dict(zip(answers["study_id"], answers["label"], strict=True))
    given = {
        (s, int(q)): a
        for s, q, a in zip(answers["study_id"], answers["question"], answers["answer"], strict=True)
    }
    rows = []
    for sid in studies:
        row = {"study_id": sid, "label": labels[sid]}
        row.update({f"Q{q}": given[(sid, q)] for q in range(1, 11)})
        values = [row[c] for c in QUESTION_COLUMNS]
        row.update({f"n_{a}": values.count(a) for a in ANSWERS})
        rows.append(row)
    columns = ["study_id", "label", *QUESTION_COLUMNS, *(f"n_{a}" for a in ANSWERS)]
    return check_table(CaspTable, pd.DataFrame(rows, columns=columns), name="the CASP table")


def casp_summary(answers: pd.DataFrame) -> pd.DataFrame:
    """Answers counted per question: ``question, heading, text, yes, no, cant_tell, n_studies``."""
    rows = []
    for q in CASP_QUESTIONS:
        given = answers.loc[answers["question"] == q.number, "answer"].tolist()
        rows.append(
            {
                "question": q.number,
                "heading": q.heading,
                "text": q.text,
                **{a: given.count(a) for a in ANSWERS},
                "n_studies": len(given),
            }
        )
    return check_table(CaspSummary, pd.DataFrame(rows), name="the CASP summary")


# --------------------------------------------------------------------------- the figure

FONT = 13.0
ROW = 30.0
COL = 36.0
RADIUS = 11.0
MARGIN = 14.0
COLOURS = {"yes": "#2e8540", "no": "#c0392b", "cant_tell": "#f1c232"}
SYMBOLS = {"yes": "+", "no": "\u2212", "cant_tell": "?"}
INK = {"yes": "#ffffff", "no": "#ffffff", "cant_tell": "#000000"}


def _dot(canvas: Canvas, cx: float, cy: float, answer: str) -> None:
    canvas.circle(cx, cy, RADIUS, fill=COLOURS[answer], stroke="#333333")
    canvas.text(
        cx,
        cy + FONT * 0.36,
        SYMBOLS[answer],
        size=FONT + 1,
        bold=True,
        anchor="middle",
        fill=INK[answer],
    )


def casp_svg(table: pd.DataFrame) -> str:
    """Traffic-light figure of :func:`casp_table`: studies down, questions across, then a legend
    and the question key. The same table always gives the same bytes."""
    labels = [str(v) for v in table["label"]]
    label_w = max([text_width(s, size=FONT) for s in labels] + [text_width("Study", size=FONT)])
    grid_x = MARGIN + label_w + 16
    width = max(grid_x + COL * 10 + MARGIN, 560.0)
    canvas = Canvas(
        title="CASP qualitative checklist: answers per study and question",
        description=f"{len(labels)} studies appraised on ten questions.",
    )
    y = MARGIN + FONT
    canvas.text(MARGIN, y, "Study", size=FONT, bold=True)
    for i, column in enumerate(QUESTION_COLUMNS):
        canvas.text(grid_x + COL * (i + 0.5), y, column, size=FONT, bold=True, anchor="middle")
    top = y + 8
    for r, (label, answers) in enumerate(
        zip(labels, table[list(QUESTION_COLUMNS)].itertuples(index=False, name=None), strict=True)
    ):
        row_top = top + r * ROW
        if r % 2:
            canvas.rect(
                MARGIN - 4,
                row_top,
                width - 2 * MARGIN + 8,
                ROW,
                fill="#f2f2f2",
                stroke="#f2f2f2",
                stroke_width=0,
            )
        canvas.text(MARGIN, row_top + ROW / 2 + FONT * 0.36, label, size=FONT)
        for i, answer in enumerate(answers):
            _dot(canvas, grid_x + COL * (i + 0.5), row_top + ROW / 2, answer)
    canvas.rect(
        MARGIN - 4, top, width - 2 * MARGIN + 8, ROW * len(labels), fill="none", stroke="#999999"
    )
    y = top + ROW * len(labels) + 26
    x = MARGIN
    for answer in ANSWERS:
        _dot(canvas, x + RADIUS, y, answer)
        canvas.text(x + 2 * RADIUS + 6, y + FONT * 0.36, ANSWER_NAMES[answer], size=FONT)
        x += 2 * RADIUS + 6 + text_width(ANSWER_NAMES[answer], size=FONT) + 24
    y += RADIUS + 12
    for q in CASP_QUESTIONS:
        lines = wrap(f"Q{q.number} {q.heading}: {q.text}", width=width - 2 * MARGIN, size=FONT - 1)
        for line in lines:
            y += FONT + 4
            canvas.text(MARGIN, y, line, size=FONT - 1, fill="#222222")
    return canvas.render(width=width, height=y + MARGIN)
