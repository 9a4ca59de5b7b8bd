"""CSL-JSON references of the included studies."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from prismake.errors import InputError
from prismake.references import csl_item, csl_items, csl_type, dumps_csl
from prismake.tables import read_table


@pytest.fixture
def studies(test_data):
    return read_table(test_data / "screening" / "studies.csv")


def test_items_for_the_included_studies(studies):
    items = csl_items(studies, study_ids=["Sa00000000008", "Sa00000000007", "Sa00000000001"])
    assert [i["id"] for i in items] == ["Sa00000000001", "Sa00000000007", "Sa00000000008"]
    first = items[0]
    assert first == {
        "id": "Sa00000000001",
        "type": "article-journal",
        "title": "Peer support workers in hostels",  # the database's final full stop dropped
        "author": [{"family": "Okafor", "given": "Ngozi"}, {"family": "Lee", "given": "J."}],
        "issued": {"date-parts": [[2012]]},
        "container-title": "Journal of Peer Work",
        "volume": "1",
        "page": "10-19",
        "DOI": "10.1000/s1",
    }
    assert items[1]["author"] == [{"family": "Okafor", "given": "Ngozi"}]  # from "OKAFOR, NGOZI"
    assert items[2]["author"] == [{"family": "Lindqvist", "given": "Anna"}]


def test_fields_are_cleaned():
    item = csl_item(
        {
            "study_id": "S1",
            "type": "CHAP",
            "title": "  A   chapter. ",
            "authors": ["Smith JA", "et al."],
            "year": pd.NA,
            "journal": "",
            "volume": "",
            "issue": "2",
            "pages": "12--19",
            "doi": "https://doi.org/10.1000/ABC",
            "pmid": "123",
            "issn": "",
            "url": "",
        }
    )
    assert item == {
        "id": "S1",
        "type": "chapter",
        "title": "A chapter",
        "author": [{"family": "Smith", "given": "J. A."}],
        "issue": "2",
        "page": "12-19",
        "DOI": "10.1000/ABC",
        "PMID": "123",
    }


@pytest.mark.parametrize(
    ("value", "journal", "expected"),
    [
        ("JOUR", "", "article-journal"),
        ("Journal Article", "", "article-journal"),
        ("THES", "", "thesis"),
        ("inproceedings", "", "paper-conference"),
        ("RPRT", "", "report"),
        ("", "Some Journal", "article-journal"),
        ("GEN", "", "article"),
        (None, "", "article"),
    ],
)
def test_types(value, journal, expected):
    assert csl_type(value, journal=journal) == expected


def test_missing_study(studies):
    with pytest.raises(InputError, match=r"1 studies have no bibliographic record: Sx"):
        csl_items(studies, study_ids=["Sa00000000001", "Sx"])


def test_json_is_deterministic_and_valid(studies):
    ids = ["Sa00000000007", "Sa00000000001"]
    text = dumps_csl(csl_items(studies, study_ids=ids))
    assert text == dumps_csl(csl_items(studies.iloc[::-1], study_ids=ids[::-1]))
    assert text.endswith("]\n")
    assert [i["id"] for i in json.loads(text)] == sorted(ids)
