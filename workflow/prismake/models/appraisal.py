"""pandera models of the CASP appraisal sheet and tables (``results/appraisal/*.csv``)."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

ANSWERS = ("yes", "no", "cant_tell")
QUESTIONS = tuple(range(1, 11))


class CaspSheet(pa.DataFrameModel):
    """``resources/appraisal/casp.csv`` as read: one row per study and question."""

    study_id: Series[str] = pa.Field(str_length={"min_value": 1})
    question: Series[int] = pa.Field(ge=1, le=10)
    answer: Series[str] = pa.Field(isin=list(ANSWERS))
    comment: Series[str]

    class Config:
        strict = True
        coerce = True


class CaspAnswers(CaspSheet):
    """The checked answers with each study's label: ten rows per included study."""

    label: Series[str] = pa.Field(str_length={"min_value": 1})

    @pa.dataframe_check
    def each_question_once(cls, df) -> bool:
        return not df.duplicated(["study_id", "question"]).any()


class CaspTable(pa.DataFrameModel):
    """``results/appraisal/casp.csv``: one row per study, one column per question."""

    study_id: Series[str] = pa.Field(unique=True)
    label: Series[str] = pa.Field(unique=True)
    Q1: Series[str] = pa.Field(isin=list(ANSWERS))
    Q2: Series[str] = pa.Field(isin=list(ANSWERS))
    Q3: Series[str] = pa.Field(isin=list(ANSWERS))
    Q4: Series[str] = pa.Field(isin=list(ANSWERS))
    Q5: Series[str] = pa.Field(isin=list(ANSWERS))
    Q6: Series[str] = pa.Field(isin=list(ANSWERS))
    Q7: Series[str] = pa.Field(isin=list(ANSWERS))
    Q8: Series[str] = pa.Field(isin=list(ANSWERS))
    Q9: Series[str] = pa.Field(isin=list(ANSWERS))
    Q10: Series[str] = pa.Field(isin=list(ANSWERS))
    n_yes: Series[int] = pa.Field(ge=0, le=10)
    n_no: Series[int] = pa.Field(ge=0, le=10)
    n_cant_tell: Series[int] = pa.Field(ge=0, le=10)

    @pa.dataframe_check
    def counts_add_up_to_ten(cls, df):
        return df["n_yes"] + df["n_no"] + df["n_cant_tell"] == 10

    class Config:
        strict = True
        coerce = True


class CaspSummary(pa.DataFrameModel):
    """``results/appraisal/casp_summary.csv``: answers counted per question."""

    question: Series[int] = pa.Field(isin=list(QUESTIONS), unique=True)
    heading: Series[str] = pa.Field(str_length={"min_value": 1})
    text: Series[str] = pa.Field(str_length={"min_value": 1})
    yes: Series[int] = pa.Field(ge=0)
    no: Series[int] = pa.Field(ge=0)
    cant_tell: Series[int] = pa.Field(ge=0)
    n_studies: Series[int] = pa.Field(ge=0)

    @pa.dataframe_check
    def counts_add_up(cls, df):
        return df["yes"] + df["no"] + df["cant_tell"] == df["n_studies"]

    class Config:
        strict = True
        coerce = True
