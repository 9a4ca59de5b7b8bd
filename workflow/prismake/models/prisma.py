"""pandera models of the PRISMA tables (``results/prisma/counts.csv``, ``exclusions.csv``)."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

#: The boxes of the PRISMA 2020 flow diagram (new review, databases only), in diagram order,
#: with the wording of each box. Keys whose wording is ``None`` take their label from the data
#: (the database's name, the exclusion reason's label) and repeat once per database or reason.
BOXES: tuple[tuple[str, str | None], ...] = (
    ("records_identified", "Records identified from databases"),
    ("records_identified_database", None),
    ("duplicates_removed", "Duplicate records removed"),
    ("records_screened", "Records screened"),
    ("records_excluded", "Records excluded"),
    ("reports_sought", "Reports sought for retrieval"),
    ("reports_not_retrieved", "Reports not retrieved"),
    ("reports_assessed", "Reports assessed for eligibility"),
    ("reports_excluded", "Reports excluded"),
    ("reports_excluded_reason", None),
    ("studies_included", "Studies included in review"),
    ("reports_included", "Reports of included studies"),
)
STAGES = ("title_abstract", "full_text")


class PrismaCounts(pa.DataFrameModel):
    """One row per box (``detail`` empty) or per database / exclusion reason (``detail`` set)."""

    key: Series[str] = pa.Field(isin=[k for k, _ in BOXES])
    detail: Series[str]
    label: Series[str] = pa.Field(str_length={"min_value": 1})
    n: Series[int] = pa.Field(ge=0)

    @pa.dataframe_check
    def one_row_per_key_and_detail(cls, df) -> bool:
        return not df.duplicated(["key", "detail"]).any()

    class Config:
        strict = True
        coerce = True


class Exclusions(pa.DataFrameModel):
    """Exclusions by stage and reason, every configured reason listed (``n`` may be 0)."""

    stage: Series[str] = pa.Field(isin=list(STAGES))
    reason: Series[str] = pa.Field(str_length={"min_value": 1})
    label: Series[str] = pa.Field(str_length={"min_value": 1})
    n: Series[int] = pa.Field(ge=0)

    @pa.dataframe_check
    def one_row_per_stage_and_reason(cls, df) -> bool:
        return not df.duplicated(["stage", "reason"]).any()

    class Config:
        strict = True
        coerce = True
