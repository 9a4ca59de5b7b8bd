"""Study characteristics: check the extraction sheet and label its studies.

:func:`characteristics_table` checks ``resources/extraction/characteristics.csv`` with a pandera
model (every failure reported at once, with its line), checks that it holds every included study
exactly once and nothing else, and adds each study's label, first author and year from the
included-studies table. The result is ordered by year, then label.
"""

from __future__ import annotations

import logging

import pandas as pd

from prismake.labels import order_studies
from prismake.models.extraction import CHARACTERISTICS, Characteristics, CharacteristicsSheet
from prismake.sheetchecks import (
    check_complete,
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

COLUMNS = ("study_id", "label", "first_author", "year", *CHARACTERISTICS)


def characteristics_table(
    sheet: pd.DataFrame, *, included: pd.DataFrame, path: str | None = None
) -> pd.DataFrame:
    """The checked characteristics of the included studies, labelled and ordered.

    ``included`` is the included-studies table (``study_id, label, first_author, year``).
    Returns the columns :data:`COLUMNS`. Raises :class:`~prismake.errors.SheetError` naming the
    file, line and value of bad cells, unknown or repeated studies, and missing ones.
    """
    where = sheet_path(sheet, path)
    require_columns(sheet, ("study_id", "country", "n_participants"), path=where)
    body = pd.DataFrame(
        {
            "study_id": text_column(sheet, "study_id"),
            **{c: text_column(sheet, c) for c in CHARACTERISTICS},
            "line": sheet_lines(sheet),
        },
        dtype=object,
    )
    valid = check_sheet(CharacteristicsSheet, body, path=where)
    check_known(valid, included["study_id"], expected="an included study", path=where)
    check_unique(valid, ["study_id"], what="study_id", path=where)
    check_complete(
        valid,
        included["study_id"],
        what="included studies",
        path=where,
        expected="one row for each included study",
    )
    known = included.set_index("study_id")
    table = valid.drop(columns=["line"]).assign(
        label=[known.at[s, "label"] for s in valid["study_id"]],
        first_author=[known.at[s, "first_author"] for s in valid["study_id"]],
        year=pd.array([known.at[s, "year"] for s in valid["study_id"]], dtype="Int64"),
    )
    table = order_studies(table)[list(COLUMNS)]
    log.info("characteristics of %d studies", len(table))
    return check_table(Characteristics, table, name="the characteristics table")
