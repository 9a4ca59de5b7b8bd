"""pandera models of the deduplication tables (``results/dedup/``).

* :class:`PairsModel`: every candidate pair, its field scores, the rule, the decision and who
  made it (``identifier``, ``rule`` or ``human``), and whether the two records ended in one study;
* :class:`ClustersModel`: every record once, with its ``study_id`` and its ``role`` (``anchor``:
  the record that names the study; ``duplicate``: found in the same search round as the anchor;
  ``update``: found by a later search round, joining an existing study);
* :class:`StudiesModel`: one row per study with the merged fields and ``field_sources``;
* :class:`QueueModel`: the pairs waiting for a human.

:func:`validate_result` checks all four and the links between them.
"""

from __future__ import annotations

import contextlib
import logging
from itertools import chain
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandas.api.types import infer_dtype
from pandera.errors import SchemaErrors
from pandera.typing import Series

from prismake.dedup.scoring import SCORE_COLUMNS
from prismake.errors import ValidationError
from prismake.models.records import lists_of, values_of_type
from prismake.sheetchecks import check_table

log = logging.getLogger(__name__)

STUDY_ID = r"^S[0-9a-f]{12}$"
DECISIONS = ("same", "different", "uncertain")
DECIDED_BY = ("identifier", "rule", "human")


class ClustersModel(pa.DataFrameModel):
    """``record_id`` -> ``study_id``: every input record exactly once."""

    record_id: Series[str] = pa.Field(unique=True)
    study_id: Series[str] = pa.Field(str_matches=STUDY_ID)
    search_round: Series[int] = pa.Field(ge=1)
    role: Series[str] = pa.Field(isin=["anchor", "duplicate", "update"])

    class Config:
        strict = True
        coerce = True
        ordered = True


class PairsModel(pa.DataFrameModel):
    """Every candidate pair with its evidence (score columns are checked by name and range).

    The table can hold millions of rows, so its checks are vectorised and its text columns are
    not converted.
    """

    # text columns: str or object, whichever pandas made (no conversion of millions of rows)
    record_id_a: Series[Any]
    record_id_b: Series[Any]
    study_id_a: Series[Any]
    study_id_b: Series[Any]
    search_round: Series[int] = pa.Field(ge=1)
    keys: Series[Any]
    rule: Series[Any]
    # ignore_na=False: the check rejects a missing value itself, with no scan of its own for them
    decision: Series[Any] = pa.Field(isin=list(DECISIONS), ignore_na=False)
    decided_by: Series[Any] = pa.Field(isin=list(DECIDED_BY), ignore_na=False)
    merged: Series[bool]
    note: Series[Any]

    class Config:
        strict = False
        coerce = False

    @pa.dataframe_check(name="sorted by record_id_a, record_id_b; a < b; each pair once")
    def _ordered(cls, df: pd.DataFrame) -> bool:  # noqa: N805
        a = df["record_id_a"].to_numpy(dtype=object)
        b = df["record_id_b"].to_numpy(dtype=object)
        if not (a < b).all():
            return False
        if len(a) < 2:
            return True
        step = (a[1:] > a[:-1]) | ((a[1:] == a[:-1]) & (b[1:] > b[:-1]))
        return bool(step.all())

    @pa.dataframe_check(name="score columns present, numeric, within 0-100 (year_diff >= 0)")
    def _scores(cls, df: pd.DataFrame) -> bool:  # noqa: N805
        if any(c not in df.columns for c in SCORE_COLUMNS):
            return False
        for column in SCORE_COLUMNS:
            values = df[column].to_numpy(dtype=np.float64)
            upper = np.inf if column == "year_diff" else 100.0
            if not (np.isnan(values) | ((values >= 0) & (values <= upper))).all():
                return False
        return True


def _checked() -> Any:
    """The field of a column whose own check rejects missing values (see StudiesModel)."""
    return pa.Field(nullable=True)


class StudiesModel(pa.DataFrameModel):
    """One row per study; text is text, lists are lists of text, ``field_sources`` a mapping.

    Text columns are checked, not converted (the table can hold a million abstracts). The
    checks of the text, list and mapping columns see every value, missing ones included
    (``ignore_na=False``) and accept only ``str``, ``list`` and ``dict``: so these columns are
    declared nullable, which spares pandera its own scans for missing values, one per column
    and one per check (with the other changes to :func:`validate_result`, 12.3 s -> 8.6 s for
    the million generated records of bench/bench_dedup_scale.py).
    """

    study_id: Series[Any] = pa.Field(unique=True, str_matches=STUDY_ID)
    record_ids: Series[object] = _checked()
    n_records: Series[int] = pa.Field(ge=1)
    sources: Series[object] = _checked()
    databases: Series[object] = _checked()
    search_round: Series[int] = pa.Field(ge=1)
    rounds: Series[object] = _checked()
    type: Series[Any] = _checked()
    title: Series[Any] = _checked()
    authors: Series[object] = _checked()
    year: Series[pd.Int64Dtype] = pa.Field(ge=1000, le=2200, nullable=True)
    journal: Series[Any] = _checked()
    volume: Series[Any] = _checked()
    issue: Series[Any] = _checked()
    pages: Series[Any] = _checked()
    doi: Series[Any] = _checked()
    pmid: Series[Any] = _checked()
    issn: Series[Any] = _checked()
    abstract: Series[Any] = _checked()
    keywords: Series[object] = _checked()
    language: Series[Any] = _checked()
    url: Series[Any] = _checked()
    field_sources: Series[object] = _checked()

    class Config:
        strict = True
        coerce = False
        ordered = True

    @pa.check("study_id", "type", "title", "journal", "volume", "issue", "pages", "doi", "pmid",
              "issn", "abstract", "language", "url", name="text", ignore_na=False)
    def _text(cls, series: Series[Any]) -> bool:  # noqa: N805
        if isinstance(series.dtype, pd.StringDtype):  # pandas' str: "string" even when missing
            return not series.hasnans
        return len(series) == 0 or infer_dtype(series, skipna=False) == "string"

    @pa.check("record_ids", "sources", "databases", "authors", "keywords", name="list of text",
              ignore_na=False)
    def _lists(cls, series: Series[object]) -> bool:  # noqa: N805
        return lists_of(series, str)

    @pa.check("rounds", name="list of rounds", ignore_na=False)
    def _rounds(cls, series: Series[object]) -> bool:  # noqa: N805
        return lists_of(series, int)

    @pa.check("field_sources", name="mapping field -> record_id", ignore_na=False)
    def _sources(cls, series: Series[object]) -> bool:  # noqa: N805
        return values_of_type(series, dict)

    @pa.dataframe_check(name="n_records is the number of record_ids; sources are members")
    def _consistent(cls, df: pd.DataFrame) -> bool:  # noqa: N805
        return all(
            len(ids) == n and set(fs.values()) <= set(ids)
            for ids, n, fs in zip(df["record_ids"].tolist(), df["n_records"].tolist(),
                                  df["field_sources"].tolist(), strict=True)
        )


class QueueModel(pa.DataFrameModel):
    """Pairs for a human, with both records side by side (``*_a`` / ``*_b`` columns)."""

    record_id_a: Series[str]
    record_id_b: Series[str]
    study_id_a: Series[str] = pa.Field(str_matches=STUDY_ID)
    study_id_b: Series[str] = pa.Field(str_matches=STUDY_ID)
    merged: Series[bool]
    rule: Series[str]
    note: Series[str]

    class Config:
        strict = False
        coerce = True


def prepare() -> None:
    """Build the schemas and load pandera's validation backend once (at import)."""
    for model in (ClustersModel, PairsModel, StudiesModel, QueueModel):
        columns = list(model.to_schema().columns)
        if model is PairsModel:
            columns += list(SCORE_COLUMNS)
        # an empty frame of untyped columns fails; only the backend's start-up matters here
        with contextlib.suppress(SchemaErrors):
            model.validate(pd.DataFrame(columns=columns), lazy=True)


def validate_result(result) -> None:
    """Check the four tables of a :class:`prismake.dedup.DedupResult` and their links."""
    check_table(ClustersModel, result.clusters, name="clusters")
    check_table(PairsModel, result.pairs, name="pairs")
    check_table(StudiesModel, result.studies, name="studies")
    check_table(QueueModel, result.queue, name="review queue")
    # clusters hold each record once (checked above), so the same number of members and the
    # same set of them means the same records, each once: no sort of a million ids
    members = list(chain.from_iterable(result.studies["record_ids"].tolist()))
    records = result.clusters["record_id"].tolist()
    if len(members) != len(records) or set(members) != set(records):
        raise ValidationError("studies and clusters do not hold the same records")
    if set(result.studies["study_id"].tolist()) != set(result.clusters["study_id"].tolist()):
        raise ValidationError("studies and clusters do not name the same studies")


prepare()
