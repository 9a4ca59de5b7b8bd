"""pandera models of the study characteristics sheet and table."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

#: The sheet's columns after ``study_id``, in table order.
CHARACTERISTICS = (
    "country",
    "setting",
    "aim",
    "data_collection",
    "analysis",
    "n_participants",
    "participants",
    "peer_role",
)


class CharacteristicsSheet(pa.DataFrameModel):
    """``resources/extraction/characteristics.csv``: one row per included study."""

    study_id: Series[str] = pa.Field(str_length={"min_value": 1})
    country: Series[str] = pa.Field(str_length={"min_value": 1})
    setting: Series[str]
    aim: Series[str]
    data_collection: Series[str]
    analysis: Series[str]
    n_participants: Series[int] = pa.Field(ge=1)
    participants: Series[str]
    peer_role: Series[str]

    class Config:
        strict = True
        coerce = True


class Characteristics(CharacteristicsSheet):
    """``results/extraction/characteristics.csv``: the sheet with each study's label, first
    author and year, ordered by year then label."""

    study_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    label: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    first_author: Series[str]
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
