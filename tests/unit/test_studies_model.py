"""The checks of the deduplication tables (prismake.models.studies) and the links between them."""

from __future__ import annotations

import dataclasses

import pytest
from prismake.dedup import dedup_records
from prismake.dedup.io import read_records
from prismake.errors import ValidationError
from prismake.models.studies import validate_result


@pytest.fixture
def result(test_data):
    records = read_records([test_data / "dedup" / "exact.csv"]).assign(search_round=1)
    return dedup_records(records)


def _with_studies(result, **columns):
    studies = result.studies.copy()
    for name, values in columns.items():
        studies[name] = values
    return dataclasses.replace(result, studies=studies)


def test_a_result_of_the_pipeline_passes(result):
    validate_result(result)


def test_a_record_in_two_studies_is_an_error(result):
    # every record is some study's member, but one of them is a member of two studies
    ids = result.studies["record_ids"].tolist()
    twice = [sorted({*ids[0], *ids[1]}), ids[1]]
    changed = _with_studies(result, record_ids=twice, n_records=[len(i) for i in twice],
                            field_sources=[{} for _ in twice])
    with pytest.raises(ValidationError, match="do not hold the same records"):
        validate_result(changed)


def test_a_record_missing_from_the_studies_is_an_error(result):
    ids = [list(i) for i in result.studies["record_ids"]]
    shorter = [i[:-1] if len(i) > 1 else i for i in ids]
    shorter_sources = [
        {k: v for k, v in sources.items() if v in kept}
        for sources, kept in zip(result.studies["field_sources"], shorter, strict=True)
    ]
    changed = _with_studies(result, record_ids=shorter, n_records=[len(i) for i in shorter],
                            field_sources=shorter_sources)
    with pytest.raises(ValidationError, match="do not hold the same records"):
        validate_result(changed)


def test_a_study_the_clusters_do_not_name_is_an_error(result):
    clusters = result.clusters.copy()
    clusters.loc[0, "study_id"] = "S000000000000"
    with pytest.raises(ValidationError, match="do not name the same studies"):
        validate_result(dataclasses.replace(result, clusters=clusters))


@pytest.mark.parametrize(
    ("column", "value"),
    [("record_ids", None), ("authors", ("a tuple",)), ("rounds", ["1"]), ("keywords", [1])],
)
def test_a_list_column_holding_something_else_is_an_error(result, column, value):
    values = result.studies[column].tolist()
    values[0] = value
    with pytest.raises(ValidationError):
        validate_result(_with_studies(result, **{column: values}))


@pytest.mark.parametrize(
    ("column", "value"),
    [("title", None), ("abstract", float("nan")), ("doi", 10), ("field_sources", None)],
)
def test_a_missing_or_wrong_value_in_a_nullable_declared_column_is_an_error(result, column,
                                                                              value):
    # these columns are declared nullable only so that pandera skips its own null scans;
    # their checks see the missing values and refuse them
    values = result.studies[column].tolist()
    values[-1] = value
    with pytest.raises(ValidationError, match=column):
        validate_result(_with_studies(result, **{column: values}))


@pytest.mark.parametrize("column", ["decision", "decided_by"])
def test_a_pair_without_a_decision_is_an_error(result, column):
    pairs = result.pairs.copy()
    pairs[column] = pairs[column].astype(object)
    pairs.loc[0, column] = None
    with pytest.raises(ValidationError, match=column):
        validate_result(dataclasses.replace(result, pairs=pairs))
