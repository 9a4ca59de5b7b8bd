"""The canonical records table: one row per raw record of one export.

Columns and order are :data:`prismake.tables.RECORD_COLUMNS`. ``authors`` and ``keywords`` are
lists of strings; ``extra`` maps each vendor tag or column the canonical columns did not take to
its values (a list of strings, in file order); ``raw`` maps each canonical field that the
importer repaired (HTML entities, mojibake) to the value as exported. ``type`` is one of
:data:`prismake.importer.normalise.TYPES`; ``doi`` is lower case without a resolver prefix.
"""

from __future__ import annotations

import logging
import re
from itertools import chain

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandas.api.types import infer_dtype
from pandera.typing import Series

from prismake.importer.normalise import TYPES
from prismake.sheetchecks import check_table
from prismake.tables import INT_COLUMNS, LIST_COLUMNS, MAPPING_COLUMNS, RECORD_COLUMNS

log = logging.getLogger(__name__)

DOI_PATTERN = r"^(10\.\S+/\S+)?$"
_DOI = re.compile(DOI_PATTERN)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
#: The text columns (neither lists, mappings nor integers).
TEXT_COLUMNS = tuple(
    c for c in RECORD_COLUMNS if c not in LIST_COLUMNS | MAPPING_COLUMNS | INT_COLUMNS
)


def values_of_type(series: pd.Series, kind: type) -> bool:
    """Whether every value of ``series`` is of type ``kind`` (exactly, no subclass)."""
    # tolist, not the Series itself: iterating a Series asks numpy for each value
    return set(map(type, series.tolist())) <= {kind}


def lists_of(series: pd.Series, kind: type) -> bool:
    """Whether every value is a list whose items are all of type ``kind``."""
    values = series.tolist()
    if not set(map(type, values)) <= _LIST:
        return False
    return set(map(type, chain.from_iterable(values))) <= {kind}


def _vendor_mappings(series: pd.Series) -> bool:
    values = series.tolist()
    if not set(map(type, values)) <= _DICT:
        return False
    if not set(map(type, chain.from_iterable(values))) <= _STR:  # the keys
        return False
    lists = list(chain.from_iterable(map(dict.values, values)))
    if not set(map(type, lists)) <= _LIST:
        return False
    return set(map(type, chain.from_iterable(lists))) <= _STR


def _sha256s(series: pd.Series) -> pd.Series:
    """Whether each value is a SHA-256 in hex (as ``str_matches`` tests it), tested once per
    distinct value: a file's records all carry the same one. (Spreading the answers with the
    codes of ``factorize`` costs a third of looking each value up in a mapping: 0.012 s against
    0.038 s for 100,000 records.)"""
    try:
        codes, distinct = pd.factorize(series, use_na_sentinel=False)
    except TypeError:  # unhashable values
        return series.map(_is_sha256)
    answers = np.fromiter(map(_is_sha256, distinct), dtype=bool, count=len(distinct))
    return pd.Series(answers[codes], index=series.index)


def _is_sha256(value: object) -> bool:
    return isinstance(value, str) and _SHA256.match(value) is not None


_LIST = frozenset({list})
_DICT = frozenset({dict})
_STR = frozenset({str})


def _texts(series: pd.Series) -> bool:
    return len(series) == 0 or infer_dtype(series, skipna=False) == "string"


class RecordsModel(pa.DataFrameModel):
    """pandera model of the canonical records table (strict, coerced, checked lazily).

    The text, list and mapping columns are declared ``nullable`` only to spare pandera a second
    pass over them: the checks below accept nothing but ``str``, ``list`` and ``dict`` values,
    so a missing value fails there.
    """

    record_id: Series[object] = pa.Field(unique=True, nullable=True)
    source_id: Series[object] = pa.Field(nullable=True)
    database: Series[object] = pa.Field(nullable=True)
    platform: Series[object] = pa.Field(nullable=True)
    search_round: Series[pd.Int64Dtype] = pa.Field(ge=1)
    source_file: Series[object] = pa.Field(nullable=True)
    source_sha256: Series[object] = pa.Field(nullable=True)
    source_line: Series[pd.Int64Dtype] = pa.Field(ge=1)
    type: Series[object] = pa.Field(isin=list(TYPES), nullable=True)
    title: Series[object] = pa.Field(nullable=True)
    authors: Series[object] = pa.Field(nullable=True)
    year: Series[pd.Int64Dtype] = pa.Field(ge=1000, le=2100, nullable=True)
    journal: Series[object] = pa.Field(nullable=True)
    volume: Series[object] = pa.Field(nullable=True)
    issue: Series[object] = pa.Field(nullable=True)
    pages: Series[object] = pa.Field(nullable=True)
    doi: Series[object] = pa.Field(nullable=True)
    pmid: Series[object] = pa.Field(nullable=True)
    accession: Series[object] = pa.Field(nullable=True)
    issn: Series[object] = pa.Field(nullable=True)
    isbn: Series[object] = pa.Field(nullable=True)
    abstract: Series[object] = pa.Field(nullable=True)
    keywords: Series[object] = pa.Field(nullable=True)
    language: Series[object] = pa.Field(nullable=True)
    url: Series[object] = pa.Field(nullable=True)
    extra: Series[object] = pa.Field(nullable=True)
    raw: Series[object] = pa.Field(nullable=True)

    class Config:
        strict = True
        coerce = True
        ordered = True

    @pa.check("source_sha256", name="SHA-256 in hex")
    def _sha256(cls, series: Series[object]) -> Series[bool]:  # noqa: N805
        return _sha256s(series)

    @pa.check("authors", "keywords", name="list of strings")
    def _lists_of_text(cls, series: Series[object]) -> bool:  # noqa: N805
        return lists_of(series, str)

    @pa.check("extra", name="mapping of tag to list of strings")
    def _vendor_fields(cls, series: Series[object]) -> bool:  # noqa: N805
        return _vendor_mappings(series)

    @pa.check("raw", name="mapping")
    def _repaired(cls, series: Series[object]) -> bool:  # noqa: N805
        return values_of_type(series, dict)

    @pa.dataframe_check(name="no missing values: text is str, lists are list, mappings are dict")
    def _no_missing(cls, df: pd.DataFrame) -> bool:  # noqa: N805
        # pandera skips nulls in the column checks of nullable columns; this one sees them.
        return (
            all(_texts(df[column]) for column in TEXT_COLUMNS)
            and all(
                set(map(type, df[column].tolist())) <= _LIST for column in ("authors", "keywords")
            )
            and all(set(map(type, df[column].tolist())) <= _DICT for column in ("extra", "raw"))
        )

    @pa.check("doi", name="DOI in lower case without prefix")
    def _doi(cls, series: Series[object]) -> Series[bool]:  # noqa: N805
        if _all_dois(series):
            return pd.Series(True, index=series.index)
        return series.map(_DOI.match).notna() & (series == series.str.lower())


def _all_dois(series: pd.Series) -> bool:
    """Whether every value passes the DOI check, tested on all values at once (one value a line;
    a value holding a line break is left to the check value by value)."""
    values = series.tolist()
    if not values:
        return True
    if not set(map(type, values)) <= _STR:
        return False
    text = "\n".join(values)
    return (
        text.count("\n") == len(values) - 1
        and _DOI_LINES.fullmatch(text) is not None
        and text == text.lower()
    )


_DOI_LINES = re.compile(r"(?:10\.\S+/\S+)?(?:\n(?:10\.\S+/\S+)?)*")


assert tuple(RecordsModel.to_schema().columns) == RECORD_COLUMNS


def validate_records(df: pd.DataFrame, *, path: object = "<records>") -> pd.DataFrame:
    """``df`` validated (and coerced) by :class:`RecordsModel`.

    On failure the failure cases are logged and :class:`~prismake.errors.ValidationError`
    carries them.
    """
    return check_table(RecordsModel, df, name=f"{path}: the records table")
