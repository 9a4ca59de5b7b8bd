"""pandera models of the screening tables (``results/screening/*.csv``)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

#: Final decisions a stage can reach (``unsure`` never is one: the consensus sheet settles it).
FINAL_DECISIONS = {
    "title_abstract": ("include", "exclude"),
    "full_text": ("include", "exclude", "not_retrieved"),
}
#: Decisions a reviewer may record.
REVIEWER_DECISIONS = {
    "title_abstract": ("include", "exclude", "unsure"),
    "full_text": ("include", "exclude", "not_retrieved"),
}
RESOLUTIONS = ("agreement", "consensus", "consensus_override")
KAPPA_METHODS = ("cohen", "fleiss")


def _reason_iff_exclude(df: pd.DataFrame) -> pd.Series:
    return (df["decision"] == "exclude") == (df["reason"].str.len() > 0)


def _label_iff_reason(df: pd.DataFrame) -> pd.Series:
    return (df["reason"].str.len() > 0) == (df["reason_label"].str.len() > 0)


class StageResult(pa.DataFrameModel):
    """One row per study a stage covers: every reviewer's decision and the final one."""

    study_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    reviewer_decision: Series[str] = pa.Field(alias=r"^decision_\w+$", regex=True)
    reviewer_reason: Series[str] = pa.Field(alias=r"^reason_(?!label$)\w+$", regex=True)
    agreed: Series[bool]
    decision: Series[str]
    reason: Series[str]
    reason_label: Series[str]
    resolved_by: Series[str] = pa.Field(isin=list(RESOLUTIONS))
    note: Series[str]

    @pa.dataframe_check
    def reason_given_exactly_for_exclusions(cls, df: pd.DataFrame) -> pd.Series:
        return _reason_iff_exclude(df)

    @pa.dataframe_check
    def reason_has_a_label(cls, df: pd.DataFrame) -> pd.Series:
        return _label_iff_reason(df)

    class Config:
        strict = True
        coerce = True


class TitleAbstractResult(StageResult):
    """``results/screening/title_abstract.csv``."""

    reviewer_decision: Series[str] = pa.Field(
        alias=r"^decision_\w+$", regex=True, isin=list(REVIEWER_DECISIONS["title_abstract"])
    )
    decision: Series[str] = pa.Field(isin=list(FINAL_DECISIONS["title_abstract"]))


class FullTextResult(StageResult):
    """``results/screening/full_text.csv``."""

    reviewer_decision: Series[str] = pa.Field(
        alias=r"^decision_\w+$", regex=True, isin=list(REVIEWER_DECISIONS["full_text"])
    )
    decision: Series[str] = pa.Field(isin=list(FINAL_DECISIONS["full_text"]))


STAGE_MODELS = {"title_abstract": TitleAbstractResult, "full_text": FullTextResult}


class Agreement(pa.DataFrameModel):
    """``results/screening/agreement.csv``: one row per stage."""

    stage: Series[str] = pa.Field(isin=list(FINAL_DECISIONS), unique=True)
    n_studies: Series[int] = pa.Field(ge=0)
    n_reviewers: Series[int] = pa.Field(ge=2)
    n_agreed: Series[int] = pa.Field(ge=0)
    raw_agreement: Series[float] = pa.Field(ge=0, le=1, nullable=True)
    kappa: Series[float] = pa.Field(ge=-1, le=1, nullable=True)
    kappa_method: Series[str] = pa.Field(isin=list(KAPPA_METHODS))
    n_conflicts: Series[int] = pa.Field(ge=0)
    n_overrides: Series[int] = pa.Field(ge=0)

    @pa.dataframe_check
    def agreed_within_studies(cls, df: pd.DataFrame) -> pd.Series:
        return (df["n_agreed"] <= df["n_studies"]) & (df["n_conflicts"] <= df["n_studies"])

    class Config:
        strict = True
        coerce = True


class Included(pa.DataFrameModel):
    """``results/screening/included.csv``: the included studies, ordered by year then label."""

    study_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    label: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    first_author: Series[str]
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    title: Series[str]
    journal: Series[str]
    doi: Series[str]

    class Config:
        strict = True
        coerce = True
