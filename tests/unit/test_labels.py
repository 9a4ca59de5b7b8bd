"""Author names as vendors export them, and study labels."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from prismake.labels import first_author, order_studies, parse_author, study_labels


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Smith, John A", {"family": "Smith", "given": "John A"}),
        ("Smith, J. A.", {"family": "Smith", "given": "J. A."}),
        ("Smith, JA", {"family": "Smith", "given": "J. A."}),
        ("Smith JA", {"family": "Smith", "given": "J. A."}),
        ("Smith J A", {"family": "Smith", "given": "J. A."}),
        ("Dupont J-P", {"family": "Dupont", "given": "J.-P."}),
        ("de Souza JC", {"family": "de Souza", "given": "J. C."}),
        ("John A. Smith", {"family": "Smith", "given": "John A."}),
        ("Ludwig van Beethoven", {"family": "van Beethoven", "given": "Ludwig"}),
        ("van der Berg, Anna", {"family": "van der Berg", "given": "Anna"}),
        ("Smith, John, Jr.", {"family": "Smith", "given": "John", "suffix": "Jr."}),
        ("Smith, Jr, John", {"family": "Smith", "given": "John", "suffix": "Jr."}),
        ("Smith JA Jr", {"family": "Smith", "given": "J. A.", "suffix": "Jr."}),
        ("SMITH, JOHN", {"family": "Smith", "given": "John"}),
        ("SMITH JA", {"family": "Smith", "given": "J. A."}),
        ("O'BRIEN, MARY", {"family": "O'Brien", "given": "Mary"}),
        ("  Okafor ,  Ngozi ", {"family": "Okafor", "given": "Ngozi"}),
        ("Okafor", {"family": "Okafor"}),
        ("World Health Organization", {"literal": "World Health Organization"}),
        (
            "National Institute for Health and Care Excellence",
            {"literal": "National Institute for Health and Care Excellence"},
        ),
        ("University of California, Berkeley", {"literal": "University of California, Berkeley"}),
        # an organisation word after the comma is a person's given name
        ("Team, Program", {"family": "Team", "given": "Program"}),
    ],
)
def test_vendor_author_forms(text, name):
    assert parse_author(text) == name


@pytest.mark.parametrize(
    "text", ["", "   ", "et al.", "et al", "Anonymous", "[Anonymous]", None, 3]
)
def test_placeholders_are_not_authors(text):
    assert parse_author(text) is None


def test_first_author_skips_placeholders():
    assert first_author(["Anonymous", "Lee, J."]) == "Lee"
    assert first_author([]) == ""
    assert first_author("") == ""


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10)


@given(words, words)
def test_family_comma_given_always_keeps_the_family_name(family, given_name):
    family, given_name = family.capitalize(), given_name.capitalize()
    assert parse_author(f"{family}, {given_name}")["family"] == family


@given(st.text(max_size=40))
def test_any_text_parses_or_is_none(text):
    name = parse_author(text)
    assert name is None or name.get("family") or name.get("literal")


def frame(rows):
    return pd.DataFrame(rows, columns=["study_id", "authors", "year", "title"]).astype(
        {"year": "Int64"}
    )


def test_labels_are_disambiguated_by_title():
    studies = frame(
        [
            ("S3", ["Okafor, N."], 2012, "Peer work in hostels"),
            ("S1", ["Okafor N"], 2012, "Being a peer worker"),
            ("S2", ["Lindqvist, Anna"], 2015, "Trust"),
            ("S4", ["Okafor, N."], 2013, "Later work"),
        ]
    )
    labels = study_labels(studies)
    assert labels.to_dict() == {
        "S3": "Okafor 2012b",
        "S1": "Okafor 2012a",
        "S2": "Lindqvist 2015",
        "S4": "Okafor 2013",
    }
    # the order of the input rows does not change any label
    assert study_labels(studies.iloc[::-1]).to_dict() == labels.to_dict()


def test_labels_without_year_or_author():
    studies = frame(
        [
            ("S1", [], None, "A"),
            ("S2", ["Kim, S"], None, "B"),
            ("S3", ["Kim, S"], None, "C"),
            ("S4", None, 2001, "D"),
        ]
    )
    assert study_labels(studies).tolist() == [
        "Anonymous n.d.",
        "Kim n.d.-a",
        "Kim n.d.-b",
        "Anonymous 2001",
    ]


def test_many_clashes_run_past_z():
    studies = frame([(f"S{i:02d}", ["Lee, J"], 2020, f"title {i:02d}") for i in range(28)])
    labels = study_labels(studies).tolist()
    assert (labels[0], labels[25], labels[26]) == ("Lee 2020a", "Lee 2020z", "Lee 2020aa")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Okafor, N", "Lee J", "Kim, S", "Anonymous"]),
            st.one_of(st.none(), st.integers(2010, 2012)),
            st.sampled_from(["a", "b", "c"]),
        ),
        max_size=30,
    )
)
def test_labels_are_unique(rows):
    studies = frame([(f"S{i:03d}", [a], y, t) for i, (a, y, t) in enumerate(rows)])
    labels = study_labels(studies)
    assert labels.is_unique


def test_order_by_year_then_label_with_missing_years_last():
    table = pd.DataFrame(
        {
            "study_id": ["a", "b", "c", "d"],
            "label": ["Zhou 2010", "Kelly n.d.", "Ahmed 2019", "adams 2010"],
            "year": pd.array([2010, None, 2019, 2010], dtype="Int64"),
        }
    )
    assert order_studies(table)["study_id"].tolist() == ["d", "a", "c", "b"]
