"""pandera models of the thematic-synthesis sheets and tables (``results/coding/*.csv``)."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

LEVELS = ("analytical", "descriptive")


class ThemesSheet(pa.DataFrameModel):
    """``resources/coding/themes.csv``."""

    theme_id: Series[str] = pa.Field(str_length={"min_value": 1})
    level: Series[str] = pa.Field(isin=list(LEVELS))
    parent_id: Series[str]
    label: Series[str] = pa.Field(str_length={"min_value": 1})
    description: Series[str]

    class Config:
        strict = True
        coerce = True


class CodebookSheet(pa.DataFrameModel):
    """``resources/coding/codebook.csv``."""

    code: Series[str] = pa.Field(str_length={"min_value": 1})
    theme_id: Series[str] = pa.Field(str_length={"min_value": 1})
    definition: Series[str]

    class Config:
        strict = True
        coerce = True


class SegmentsSheet(pa.DataFrameModel):
    """``resources/coding/segments.csv``."""

    segment_id: Series[str] = pa.Field(str_length={"min_value": 1})
    study_id: Series[str] = pa.Field(str_length={"min_value": 1})
    location: Series[str]
    quote: Series[str] = pa.Field(str_length={"min_value": 1})
    code: Series[str] = pa.Field(str_length={"min_value": 1})

    class Config:
        strict = True
        coerce = True


class CodingMatrix(pa.DataFrameModel):
    """``results/coding/matrix.csv``: one row per included study, one column per theme id
    (analytical themes first, then descriptive), each cell a count of coded segments."""

    study_id: Series[str] = pa.Field(unique=True)
    label: Series[str] = pa.Field(unique=True)
    theme: Series[int] = pa.Field(alias=r"^(?!study_id$|label$).+$", regex=True, ge=0)

    class Config:
        strict = True
        coerce = True


class ThemeSummary(pa.DataFrameModel):
    """``results/coding/themes.csv``: every theme with the codes, segments and studies behind it."""

    theme_id: Series[str] = pa.Field(unique=True)
    level: Series[str] = pa.Field(isin=list(LEVELS))
    parent_id: Series[str]
    label: Series[str] = pa.Field(str_length={"min_value": 1})
    description: Series[str]
    n_codes: Series[int] = pa.Field(ge=0)
    n_segments: Series[int] = pa.Field(ge=0)
    n_studies: Series[int] = pa.Field(ge=0)
    study_ids: Series[object]
    study_labels: Series[str]

    @pa.dataframe_check
    def studies_listed(cls, df):
        return df["study_ids"].map(len) == df["n_studies"]

    class Config:
        strict = True
        coerce = True


class CodedSegments(pa.DataFrameModel):
    """``results/coding/segments.csv``: each coded extract with its code and both themes."""

    segment_id: Series[str] = pa.Field(unique=True)
    study_id: Series[str]
    label: Series[str]
    location: Series[str]
    quote: Series[str] = pa.Field(str_length={"min_value": 1})
    code: Series[str]
    theme_id: Series[str]
    theme_label: Series[str]
    analytical_id: Series[str]
    analytical_label: Series[str]

    class Config:
        strict = True
        coerce = True
