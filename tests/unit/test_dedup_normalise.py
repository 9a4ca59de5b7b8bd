"""Normalising fields for matching: titles, authors, pages, identifiers, venues, folding."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from prismake.dedup.fields import (
    article_number,
    clean_title,
    doi_key,
    doi_stem,
    first_number,
    is_generic_title,
    is_supplement,
    page_range,
    parse_author,
    split_authors,
    title_key,
    title_kind,
    title_numbers,
)
from prismake.dedup.normalise import FEATURE_COLUMNS, normalise_records
from prismake.dedup.text import alnum_words, fold, strip_markup
from prismake.dedup.venues import abbreviates, venue_key, venue_score


@pytest.mark.parametrize(
    ("raw", "main", "bracketed"),
    [
        ("[Effect of X on Y]. [Chinese]", "Effect of X on Y", True),
        ("Management of lesions. [Review] [97 refs]", "Management of lesions", False),
        ("Effects of DPP-4 inhibitors. [French]", "Effects of DPP-4 inhibitors", False),
        ("Trial of streptokinase.[Erratum appears in N Engl J Med. 2005;352(20):2146]",
         "Trial of streptokinase", False),
        ("Trial of streptokinase.[Erratum appears in N Engl J Med. 20", "Trial of streptokinase",
         False),
        ("Incretins and vessels [Article in German]", "Incretins and vessels", False),
    ],
)
def test_clean_title_drops_database_notes(raw, main, bracketed):
    got_main, _, got_bracketed = clean_title(raw)
    assert (got_main, got_bracketed) == (main, bracketed)


def test_clean_title_splits_the_original_language_title():
    main, other, _ = clean_title("Antibiotic prophylaxis. A study. <ORIGINAL> PROPHYLAXIE")
    assert main == "Antibiotic prophylaxis. A study"
    assert other == "PROPHYLAXIE"


def test_title_key_folds_markup_case_accents_and_greek():
    assert title_key("Exendin-4 labeled with <sup>99m</sup>Tc & <sup>111</sup>In") == (
        "exendin 4 labeled with 99m tc and 111 in"
    )
    expected = title_key("beta blockers in Muller s cohort")
    assert title_key("β-Blockers in Müller's cohort") == expected


@pytest.mark.parametrize(
    ("key", "numbers"),
    [
        ("focus 1 a randomised trial", "1"),
        ("results of the phase iii trial two years 10 and 2", "10|2|2|3"),
        ("a phase i ii trial among 10 000 women", "1|10000|2"),
        ("five year follow up", "5"),
        ("no numbers here", ""),
    ],
)
def test_title_numbers(key, numbers):
    assert title_numbers(key) == numbers


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("erratum effect of x on y", "erratum"),
        ("correction to effect of x on y", "erratum"),
        ("retraction note effect of x on y", "retraction"),
        ("reply effect of x on y", "comment"),
        ("comment on effect of x on y", "comment"),
        ("communication in response to disasters", ""),
        ("effect of x on y", ""),
    ],
)
def test_title_kind(title, kind):
    assert title_kind(title) == kind


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        # Web of Science's correction notices cite the corrected article after its title
        ("Gait in dogs (vol 33, pg 717, 2019)", "erratum"),
        ("Gait in dogs (vol 16, e0251071, 2021)", "erratum"),
        ("Gait in dogs (vol 315, pg C527, 2018)", "erratum"),
        ("Gait in dogs (Jul, 1, 2022)", "erratum"),
        # dates and volumes that are part of a title
        ("Gait in dogs (July 1, 2022)", ""),
        ("Gait in dogs (2019)", ""),
        ("Gait in dogs, vol 33, 2019", ""),
        ("Gait in dogs (vol 33, pg 717, 2019): a reply", ""),
    ],
)
def test_a_correction_notice_is_known_by_its_citation_of_the_article(title, kind):
    assert title_kind(title_key(title), title) == kind


def test_section_headings_are_generic_titles():
    assert is_generic_title("editorial")
    assert is_generic_title("remarks from mis quarterly editor editor s comments", "mis quarterly")
    assert not is_generic_title("guest editorial open source software and its economics")
    assert not is_generic_title("effect of zinc on growth")


@pytest.mark.parametrize(
    ("name", "parsed"),
    [
        ("Zuna, R E", ("zuna", "re")),
        ("Lewis G. F.", ("lewis", "gf")),
        ("Ronald E. Zuna", ("zuna", "re")),
        ("Lynch Jr, T. J.", ("lynch", "tj")),
        ("el-Kholy, M. S.", ("elkholy", "ms")),
        ("Vázquez-Martínez, Aarón Moisés", ("vazquezmartinez", "am")),
        ("АЗЬМУК, Н. А.", ("azmuk", "na")),
    ],
)
def test_parse_author(name, parsed):
    assert parse_author(name) == parsed


def test_split_authors_handles_run_together_and_bibtex_lists():
    assert split_authors(["Adeli K.Lewis G. F."]) == ["Adeli K.", "Lewis G. F."]
    assert split_authors(["Zuna, R E and Wang, S S"]) == ["Zuna, R E", "Wang, S S"]
    assert split_authors(["Smith, J", "et al."]) == ["Smith, J"]


@pytest.mark.parametrize(
    ("raw", "pages"),
    [
        ("221-8", ("221", "228")),
        ("S542", ("s542", "")),
        ("e0123", ("e123", "")),
        ("t-8", ("", "")),
        ('"233-8, 230-5, 246-51"', ("230", "235")),
        ("233-238+230-235+246-251", ("230", "235")),
        ("376 -- 383", ("376", "383")),
    ],
)
def test_page_range(raw, pages):
    assert page_range(raw) == pages


def test_volume_issue_and_supplement():
    assert first_number("44 (2 Supplement 1)") == "44"
    assert first_number("Japanese journal of clinical medicine. 69") == "69"
    assert is_supplement("10 Suppl 2", "", "")
    assert is_supplement("", "", "S33-38")
    assert is_supplement("", "1 MeetingAbstracts", "")
    assert not is_supplement("12", "3", "e24")


def test_identifiers():
    assert doi_key("http://dx.doi.org/10.1007/S00259-017-3822-1.") == "10.1007/s00259-017-3822-1"
    assert doi_key("10.1016/s0025-7753%2817%2930624-3") == "10.1016/s0025-7753(17)30624-3"
    assert doi_stem("10.1002/14651858.cd002273.pub3") == "10.1002/14651858.cd002273"
    assert doi_stem("10.1101/2020.03.01.123456v2") == "10.1101/2020.03.01.123456"
    assert article_number("CD006828") == "cd6828"
    assert article_number("151-170") == ""


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Curr Opin Lipidol", "Current opinion in lipidology"),
        ("Proc Natl Acad Sci U S A",
         "Proceedings of the National Academy of Sciences of the United States of America"),
        ("JAMA", "Journal of the American Medical Association"),
        ("Revargentcardiol", "Revista Argentina de Cardiologia"),
        ("Amcis 2017 Proceedings", "Americas Conference on Information Systems"),
        ("BMJ", "BMJ (Clinical research ed.)"),
        ("PLoS ONE", "PLoS ONE [Electronic Resource]"),
        ("JPEN. Journal of parenteral and enteral nutrition",
         "Jpen: Journal of Parenteral & Enteral Nutrition"),
        ("Diabetes. Conference: 70th Scientific Sessions of the ADA", "Diabetes"),
    ],
)
def test_venue_names_and_their_abbreviations_match(a, b):
    assert venue_score(venue_key(a), venue_key(b)) == 100.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("J Med", "Journal of Medicinal Chemistry"),
        ("Cancer", "Cancer Research"),
        ("Diabetes", "Diabetes, Obesity and Metabolism"),
        ("Lancet", "Lancet Oncology"),
        ("American Heart Journal", "European Heart Journal"),
    ],
)
def test_different_venues_do_not_match(a, b):
    assert venue_score(venue_key(a), venue_key(b)) < 85


def test_abbreviates_requires_every_word_of_the_full_title():
    assert abbreviates("int j oncol", "international journal of oncology")
    assert not abbreviates("int j", "international journal of oncology")


@given(st.text(max_size=40), st.text(max_size=40))
def test_venue_score_is_symmetric_and_bounded(a, b):
    ka, kb = venue_key(a), venue_key(b)
    if ka and kb:
        score = venue_score(ka, kb)
        assert 0 <= score <= 100
        assert score == venue_score(kb, ka)


@given(st.text(max_size=60))
def test_fold_gives_lower_case_ascii(text):
    folded = fold(text)
    assert folded.isascii()
    assert folded == folded.lower()


@given(st.text(max_size=80))
def test_alnum_words_are_the_folded_runs_of_letters_and_digits(text):
    expected = re.sub("[^a-z0-9]+", " ", fold(strip_markup(text))).strip()
    assert alnum_words(text) == expected


def test_normalise_records_does_not_touch_its_input():
    records = pd.DataFrame({
        "record_id": ["a"], "title": ["[A Title]. [French]"], "authors": [["Smith, J"]],
        "year": pd.array([2001], dtype="Int64"), "journal": ["J Med"], "pages": ["12-9"],
    })
    before = records.copy(deep=True)
    features = normalise_records(records)
    pd.testing.assert_frame_equal(records, before)
    assert tuple(features.columns) == FEATURE_COLUMNS
    row = features.iloc[0]
    assert (row["title_key"], row["first_author"], row["page_first"], row["page_last"]) == (
        "a title", "smith", "12", "19"
    )
    assert row["search_round"] == 1
    assert row["year"] == 2001


def _mixed_records() -> pd.DataFrame:
    return pd.DataFrame({
        "record_id": [f"r{i}" for i in range(7)],
        "title": ["[A Title]. [French]", "Erratum to: A title", "", None, "Phase II trial. Part 2",
                  "Éffets du β-bloquant", "A Title"],
        "authors": [["Smith, J"], '["Doe, A","Roe, B"]', [], None, ("Lee, K", "Kim, S"),
                    ["Zuna R.E.Wang S."], ["Smith, J", "Other, P"]],
        "year": pd.array([2001, None, 1999, 2020, 1, 2005, 2001], dtype="Int64"),
        "journal": ["J Med", "J. Med.", "", "Proc Annual Meeting", "Lancet", None, "J Med"],
        "pages": ["12-9", "S33", "e0123", "", "1-10", "221-8", "12-19"],
        "doi": ["10.1/X.pub2", "", "https://doi.org/10.1/x", "", "", "", "10.1/x"],
        "search_round": [1, 1, 2, 2, 1, 3, 1],
    })


def test_worker_processes_give_the_frame_of_one_process(monkeypatch):
    from prismake.dedup import normalise  # noqa: PLC0415

    records = _mixed_records()
    alone = normalise_records(records)
    monkeypatch.setattr(normalise, "_CHUNK_RECORDS", 2)  # four tasks for two workers
    pooled = normalise_records(records, workers=2, parallel_from=1)
    pd.testing.assert_frame_equal(pooled, alone, check_exact=True)
    assert list(pooled.dtypes) == list(alone.dtypes)
    assert pooled["title_kind"].tolist()[1] == "erratum"


def test_no_records_give_an_empty_frame_with_every_column():
    features = normalise_records(_mixed_records().iloc[:0], workers=2, parallel_from=0)
    assert tuple(features.columns) == FEATURE_COLUMNS
    assert len(features) == 0
