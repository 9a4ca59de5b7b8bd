"""PRISMA 2020 counts, computed from the tables, and the flow diagram drawn from them.

:func:`prisma_counts` takes the import counts (records parsed per export file), the deduplicated
studies and the two screening tables, and returns one row per box of the PRISMA 2020 flow diagram
for a new review searching databases only. Every number is counted from those tables, and the
arithmetic that ties the boxes together is checked (records identified = records in studies;
records screened = records identified - duplicates removed = studies; screened = excluded +
sought; sought = not retrieved + assessed; assessed = excluded with reasons + included): a broken
identity raises :class:`~prismake.errors.ValidationError` naming it.

Each deduplicated study is screened as one record and retrieved as one report, so "reports of
included studies" equals "studies included" here: the pipeline does not link several reports to
one study.

:func:`flow_svg` draws the diagram as a self-contained SVG (see :mod:`prismake.svg`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import pandas as pd

from prismake.errors import InputError, ValidationError
from prismake.models.prisma import BOXES, STAGES, Exclusions, PrismaCounts
from prismake.sheetchecks import check_table, preview
from prismake.svg import Canvas, text_width, wrap

log = logging.getLogger(__name__)

_WORDING = {k: v for k, v in BOXES if v is not None}


def _integer(value: object, *, column: str, row: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        raise InputError(
            f"column {column!r} is not a whole number",
            path="import counts",
            row=row,
            value=value,
            expected="an integer >= 0",
        ) from None
    if number < 0:
        raise InputError(
            f"column {column!r} is negative",
            path="import counts",
            row=row,
            value=value,
            expected="an integer >= 0",
        )
    return number


def _identity(name: str, left: int, right: int, how: str) -> None:
    if left != right:
        raise ValidationError(f"PRISMA identity broken: {name} ({how}: {left} != {right})")


def _same_ids(name: str, left: set[str], right: set[str], how: str) -> None:
    if left != right:
        only_left, only_right = sorted(left - right), sorted(right - left)
        raise ValidationError(
            f"PRISMA identity broken: {name} ({how}); only in the first: "
            f"{preview(only_left) or 'none'}; only in the second: {preview(only_right) or 'none'}"
        )


def records_per_database(import_counts: pd.DataFrame) -> list[tuple[str, int]]:
    """``(database, records parsed)`` summed over export files, in search-log order."""
    totals: dict[str, int] = {}
    for i, (database, records) in enumerate(
        zip(import_counts["database"], import_counts["records"], strict=True)
    ):
        number = _integer(records, column="records", row=i + 2)
        totals[str(database)] = totals.get(str(database), 0) + number
    return list(totals.items())


def prisma_counts(
    *,
    import_counts: pd.DataFrame,
    studies: pd.DataFrame,
    title_abstract: pd.DataFrame,
    full_text: pd.DataFrame,
    full_text_reasons: Mapping[str, str],
) -> pd.DataFrame:
    """The PRISMA 2020 counts: columns ``key, detail, label, n`` in diagram order.

    ``detail`` is the database name (key ``records_identified_database``) or the reason code (key
    ``reports_excluded_reason``, every configured full-text reason in config order, ``n`` may be
    0), and empty for the boxes themselves.
    """
    databases = records_per_database(import_counts)
    identified = sum(n for _, n in databases)
    in_studies = sum(_study_sizes(studies))
    _identity(
        "records identified = records in deduplicated studies",
        identified,
        in_studies,
        "sum of records over import counts vs sum of n_records over studies",
    )
    study_ids = set(studies["study_id"])
    duplicates = identified - len(study_ids)
    _identity("studies are unique", len(study_ids), len(studies), "distinct vs rows")
    _same_ids(
        "records screened = studies after deduplication",
        set(title_abstract["study_id"]),
        study_ids,
        "title/abstract table vs studies table",
    )
    screened = len(title_abstract)
    _identity(
        "records screened = records identified - duplicates removed",
        screened,
        identified - duplicates,
        "records screened vs identified - duplicates",
    )
    ta = title_abstract["decision"].value_counts()
    excluded, passed = int(ta.get("exclude", 0)), int(ta.get("include", 0))
    _identity(
        "records screened = records excluded + reports sought",
        screened,
        excluded + passed,
        "title/abstract decisions",
    )
    _same_ids(
        "reports sought = records included at title/abstract",
        set(full_text["study_id"]),
        set(title_abstract.loc[title_abstract["decision"] == "include", "study_id"]),
        "full-text table vs title/abstract includes",
    )
    sought = len(full_text)
    ft = full_text["decision"].value_counts()
    not_retrieved = int(ft.get("not_retrieved", 0))
    assessed = sought - not_retrieved
    reports_excluded = int(ft.get("exclude", 0))
    included = int(ft.get("include", 0))
    _identity(
        "reports assessed = reports excluded + studies included",
        assessed,
        reports_excluded + included,
        "full-text decisions",
    )
    per_reason = _reason_counts(full_text, full_text_reasons, stage="full_text")
    _identity(
        "reports excluded = sum over exclusion reasons",
        reports_excluded,
        sum(n for _, _, n in per_reason),
        "full-text exclusions by reason",
    )
    rows: list[tuple[str, str, str, int]] = [
        ("records_identified", "", _WORDING["records_identified"], identified),
        *(("records_identified_database", db, db, n) for db, n in databases),
    ]
    for key, value in (
        ("duplicates_removed", duplicates),
        ("records_screened", screened),
        ("records_excluded", excluded),
        ("reports_sought", sought),
        ("reports_not_retrieved", not_retrieved),
        ("reports_assessed", assessed),
        ("reports_excluded", reports_excluded),
    ):
        rows.append((key, "", _WORDING[key], value))
    rows += [("reports_excluded_reason", code, label, n) for code, label, n in per_reason]
    rows += [
        ("studies_included", "", _WORDING["studies_included"], included),
        ("reports_included", "", _WORDING["reports_included"], included),
    ]
    table = pd.DataFrame(rows, columns=["key", "detail", "label", "n"])
    log.info("PRISMA: %d identified, %d duplicates, %d included", identified, duplicates, included)
    return check_table(PrismaCounts, table, name="the PRISMA counts table")


def _study_sizes(studies: pd.DataFrame) -> list[int]:
    if "n_records" in studies.columns:
        return [
            _integer(v, column="n_records", row=i + 2) for i, v in enumerate(studies["n_records"])
        ]
    return [len(v) for v in studies["record_ids"]]


def _reason_counts(
    table: pd.DataFrame, reasons: Mapping[str, str], *, stage: str
) -> list[tuple[str, str, int]]:
    used = table.loc[table["decision"] == "exclude", "reason"].value_counts()
    unknown = sorted(set(used.index) - set(reasons))
    if unknown:
        raise ValidationError(
            f"PRISMA: {stage} exclusions use reason codes missing from the config: "
            f"{preview(unknown)}"
        )
    return [(code, label, int(used.get(code, 0))) for code, label in reasons.items()]


def prisma_exclusions(
    *,
    title_abstract: pd.DataFrame,
    full_text: pd.DataFrame,
    reasons: Mapping[str, Mapping[str, str]],
) -> pd.DataFrame:
    """Exclusions per stage and reason: ``stage, reason, label, n``, every configured reason.

    ``reasons`` is the config's ``screening.exclusion_reasons`` (``stage -> code -> label``);
    rows follow the stage order, then the config's order of reasons.
    """
    tables = {"title_abstract": title_abstract, "full_text": full_text}
    rows = [
        (stage, code, label, n)
        for stage in STAGES
        for code, label, n in _reason_counts(tables[stage], reasons[stage], stage=stage)
    ]
    frame = pd.DataFrame(rows, columns=["stage", "reason", "label", "n"])
    return check_table(Exclusions, frame, name="the PRISMA exclusions table")


# --------------------------------------------------------------------------- the diagram

FONT = 13.0
LEADING = 17.0
PAD = 10.0
INDENT = 14.0
SIDE_X, SIDE_W = 12.0, 30.0
LEFT_X, LEFT_W = 58.0, 330.0
RIGHT_X, RIGHT_W = 448.0, 300.0
WIDTH = RIGHT_X + RIGHT_W + 12.0
HEADER_H = 36.0
GAP = 32.0
HEADER_FILL = "#f4c95d"
SIDE_FILL = "#a9c7ea"

Paragraph = tuple[str, bool, float]  # text, bold, indent


def _n(value: int) -> str:
    # no-break spaces keep the count whole and on the line of the word before it
    return f"\u00a0(n\u00a0=\u00a0{value:,})"


def _box_lines(paragraphs: list[Paragraph], width: float) -> list[tuple[str, bool, float]]:
    lines = []
    for text, bold, indent in paragraphs:
        lines += [
            (t, bold, indent)
            for t in wrap(text, width=width - 2 * PAD - indent, size=FONT, bold=bold)
        ]
    return lines


def _draw_box(
    canvas: Canvas, x: float, y: float, w: float, h: float, lines: list[tuple[str, bool, float]]
) -> None:
    canvas.rect(x, y, w, h)
    top = y + (h - len(lines) * LEADING) / 2
    for i, (text, bold, indent) in enumerate(lines):
        canvas.text(x + PAD + indent, top + (i + 0.75) * LEADING, text, size=FONT, bold=bold)


def _phase(canvas: Canvas, top: float, bottom: float, label: str) -> None:
    canvas.rect(SIDE_X, top, SIDE_W, bottom - top, fill=SIDE_FILL, stroke=SIDE_FILL, rx=4)
    cx, cy = SIDE_X + SIDE_W / 2 + FONT * 0.35, (top + bottom) / 2
    canvas.text(cx, cy, label, size=FONT, bold=True, anchor="middle", rotate=-90)


def _lookup(
    counts: pd.DataFrame,
) -> tuple[dict[str, int], list[tuple[str, int]], list[tuple[str, int]]]:
    boxes = {
        k: int(n)
        for k, d, n in zip(counts["key"], counts["detail"], counts["n"], strict=True)
        if d == ""
    }
    missing = [k for k, wording in BOXES if wording is not None and k not in boxes]
    if missing:
        raise ValidationError(f"the PRISMA counts table lacks the box(es) {preview(missing)}")
    databases = [
        (str(label), int(n))
        for k, label, n in zip(counts["key"], counts["label"], counts["n"], strict=True)
        if k == "records_identified_database"
    ]
    reasons = [
        (str(label), int(n))
        for k, label, n in zip(counts["key"], counts["label"], counts["n"], strict=True)
        if k == "reports_excluded_reason" and int(n) > 0
    ]
    return boxes, databases, reasons


def flow_svg(counts: pd.DataFrame) -> str:
    """The PRISMA 2020 flow diagram (new review, databases only) drawn from :func:`prisma_counts`.

    Identification lists the records from each database; the box of excluded reports lists each
    reason with at least one report. The same counts always give the same bytes.
    """
    n, databases, reasons = _lookup(counts)
    rows: list[tuple[list[Paragraph], list[Paragraph]]] = [
        (
            [(f"Records identified from databases{_n(n['records_identified'])}:", True, 0.0)]
            + [(f"{db}{_n(v)}", False, INDENT) for db, v in databases],
            [
                ("Records removed before screening:", True, 0.0),
                (f"Duplicate records removed{_n(n['duplicates_removed'])}", False, INDENT),
            ],
        ),
        (
            [(f"Records screened{_n(n['records_screened'])}", False, 0.0)],
            [(f"Records excluded{_n(n['records_excluded'])}", False, 0.0)],
        ),
        (
            [(f"Reports sought for retrieval{_n(n['reports_sought'])}", False, 0.0)],
            [(f"Reports not retrieved{_n(n['reports_not_retrieved'])}", False, 0.0)],
        ),
        (
            [(f"Reports assessed for eligibility{_n(n['reports_assessed'])}", False, 0.0)],
            [(f"Reports excluded{_n(n['reports_excluded'])}" + (":" if reasons else ""), True, 0.0)]
            + [(f"{label}{_n(v)}", False, INDENT) for label, v in reasons],
        ),
        (
            [
                (f"Studies included in review{_n(n['studies_included'])}", True, 0.0),
                (f"Reports of included studies{_n(n['reports_included'])}", False, 0.0),
            ],
            [],
        ),
    ]
    # room for the rotated phase labels of the one-row phases
    minimum = {
        i: text_width(label, size=FONT, bold=True) + 2 * PAD
        for i, label in ((0, "Identification"), (4, "Included"))
    }
    canvas = Canvas(
        title="PRISMA 2020 flow diagram",
        description=(
            f"{n['records_identified']} records identified from {len(databases)} databases; "
            f"{n['duplicates_removed']} duplicates removed; {n['records_screened']} records "
            f"screened; {n['reports_assessed']} reports assessed; {n['studies_included']} "
            "studies included."
        ),
    )
    canvas.rect(
        LEFT_X, 12, RIGHT_X + RIGHT_W - LEFT_X, HEADER_H, fill=HEADER_FILL, stroke=HEADER_FILL, rx=4
    )
    canvas.text(
        (LEFT_X + RIGHT_X + RIGHT_W) / 2,
        12 + HEADER_H / 2 + FONT * 0.35,
        "Identification of studies via databases",
        size=FONT + 1,
        bold=True,
        anchor="middle",
    )
    y = 12 + HEADER_H + 20
    spans = []
    for i, (left, right) in enumerate(rows):
        left_lines = _box_lines(left, LEFT_W)
        right_lines = _box_lines(right, RIGHT_W)
        h = max(len(left_lines), len(right_lines)) * LEADING + 2 * PAD
        h = max(h, minimum.get(i, 0.0))
        _draw_box(canvas, LEFT_X, y, LEFT_W, h, left_lines)
        if right_lines:
            _draw_box(canvas, RIGHT_X, y, RIGHT_W, h, right_lines)
            canvas.arrow(LEFT_X + LEFT_W, y + h / 2, RIGHT_X, y + h / 2)
        if i + 1 < len(rows):
            canvas.arrow(LEFT_X + LEFT_W / 2, y + h, LEFT_X + LEFT_W / 2, y + h + GAP)
        spans.append((y, y + h))
        y += h + GAP
    _phase(canvas, spans[0][0], spans[0][1], "Identification")
    _phase(canvas, spans[1][0], spans[3][1], "Screening")
    _phase(canvas, spans[4][0], spans[4][1], "Included")
    return canvas.render(width=WIDTH, height=y - GAP + 12)
