"""Deduplication end to end: guards, clustering, human decisions, stable ids, sharding."""

from __future__ import annotations

import pandas as pd
import pytest
from prismake.dedup import dedup_records, join_shards, shard_pairs
from prismake.dedup.decisions import validate_decisions
from prismake.dedup.io import read_records
from prismake.errors import InputError, SheetError
from prismake.ids import study_id_for


@pytest.fixture
def load(test_data):
    def _load(*names: str, search_round: int = 1) -> pd.DataFrame:
        records = read_records([test_data / "dedup" / name for name in names])
        return records.assign(search_round=search_round)

    return _load


def _studies(result) -> list[set[str]]:
    return sorted((set(g) for g in result.clusters.groupby("study_id")["record_id"].apply(list)),
                  key=sorted)


def _decisions(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["record_id_a", "record_id_b", "decision"])
    frame["reviewer"] = "AB"
    frame["note"] = ""
    ids = set(frame["record_id_a"]) | set(frame["record_id_b"])
    return validate_decisions(frame, record_ids=ids)


# --- guards ------------------------------------------------------------------------------------

def test_the_same_article_from_two_databases_is_one_study(load):
    result = dedup_records(load("exact.csv"))
    assert _studies(result) == [{"ex_embase", "ex_medline"}, {"ex_other"}]
    study = result.studies.set_index("study_id").loc[study_id_for("ex_embase")]
    assert study["record_ids"] == ["ex_embase", "ex_medline"]
    # best fields: mixed-case title, full journal name, the DOI, the full page range
    assert study["title"].startswith("Zinc supplementation")
    assert study["journal"] == "Journal of Tropical Pediatrics"
    assert study["doi"] == "10.1093/tropej/fmx041"
    assert study["field_sources"]["title"] == "ex_medline"
    assert study["field_sources"]["doi"] == "ex_medline"


def test_an_erratum_is_never_merged_not_even_through_a_third_record(load):
    result = dedup_records(load("erratum.csv"))
    assert _studies(result) == [{"er_article", "er_bridge"}, {"er_erratum"}]
    pairs = result.pairs.set_index(["record_id_a", "record_id_b"])
    assert pairs.loc[("er_article", "er_erratum"), "rule"] == "erratum_vs_article"
    assert pairs.loc[("er_bridge", "er_erratum"), "decision"] == "different"


@pytest.mark.parametrize(
    ("fixture", "rule"),
    [
        ("comment_reply.csv", "comment_vs_article"),
        ("conference_abstract.csv", "meeting_abstract_vs_article_page"),
        ("different_volume.csv", "volume_and_page_differ"),
        ("same_title_other_authors.csv", "authors_differ"),
        ("series_parts.csv", "title_numbers_differ"),
        ("section_heading.csv", "section_heading_elsewhere"),
    ],
)
def test_guards_keep_distinct_works_apart(load, fixture, rule):
    result = dedup_records(load(fixture))
    assert result.studies["n_records"].max() == 1
    assert rule in set(result.pairs["rule"])


def test_a_web_of_science_correction_notice_is_not_the_article_it_corrects(load):
    # the long title makes the notice's title 95-97% like the article's
    result = dedup_records(load("wos_correction.csv"))
    assert _studies(result) == [{"wc_article", "wc_article_wos"}, {"wc_notice"},
                                {"wc_notice_online"}]
    pairs = result.pairs.set_index(["record_id_a", "record_id_b"])
    for notice in ("wc_notice", "wc_notice_online"):
        assert pairs.loc[("wc_article_wos", notice), "rule"] == "erratum_vs_article"


def test_a_magazine_piece_under_a_column_name_and_a_year_for_volume_is_one_work(load):
    records = load("magazine_column.csv")
    result = dedup_records(records)
    assert _studies(result) == [{"mc_column", "mc_short"}]
    pair = result.pairs.iloc[0]
    assert pd.isna(pair["volume"])  # "2021" is the short record's year, not a volume
    assert pair["rule"] == "contained_title_authors_journal"
    # a real volume number that differs still keeps the contained title from deciding
    renumbered = records.assign(volume=records["volume"].replace({"2021": "17"}))
    pair = dedup_records(renumbered).pairs.iloc[0]
    assert pair["volume"] == 0
    assert pair["decision"] != "same"


def test_an_article_online_ahead_of_print_is_the_issue_that_printed_it(load):
    result = dedup_records(load("online_first.csv"))
    assert _studies(result) == [{"of_issue", "of_online"}, {"of_reprint"}]
    pairs = result.pairs.set_index(["record_id_a", "record_id_b"])
    # its own pages 1-19 say nothing about the issue's pages, so they are no evidence ...
    assert pd.isna(pairs.loc[("of_issue", "of_online"), "pages"])
    assert pairs.loc[("of_issue", "of_online"), "rule"] == "title_authors_journal"
    # ... but a record with a volume is paged by its issue: there the pages still differ
    assert pairs.loc[("of_issue", "of_reprint"), "pages"] == 0
    assert pairs.loc[("of_issue", "of_reprint"), "rule"] == "volume_and_page_differ"
    # and pages that agree still count
    assert pairs.loc[("of_online", "of_reprint"), "pages"] == 1


def test_a_translated_title_at_the_same_volume_and_pages_is_the_same_article(load):
    result = dedup_records(load("translated_title.csv"))
    assert _studies(result) == [{"tt_english", "tt_spanish"}]


def test_no_chaining_when_a_bridge_links_two_kept_apart_records():
    # b looks like a and like c, but a and c are the same title in different volumes/pages
    rows = [
        ("a", "Pleural infection in adults: outcomes of treatment", "Thorax", "65", "41-53"),
        ("b", "Pleural infection in adults: outcomes of treatment", "Thorax", "", ""),
        ("c", "Pleural infection in adults: outcomes of treatment", "Thorax", "66", "100-110"),
    ]
    records = pd.DataFrame({
        "record_id": [r[0] for r in rows], "title": [r[1] for r in rows],
        "authors": [["Davies, H E", "Maskell, N A"]] * 3,
        "year": pd.array([2010] * 3, dtype="Int64"),
        "journal": [r[2] for r in rows], "volume": [r[3] for r in rows],
        "pages": [r[4] for r in rows],
    })
    result = dedup_records(records)
    groups = _studies(result)
    assert not any({"a", "c"} <= g for g in groups)
    refused = result.pairs[result.pairs["note"] != ""]
    assert len(refused) == 1
    assert "kept apart" in refused["note"].iloc[0]
    assert len(result.queue) >= 1
    for row in result.queue.to_dict("records"):  # both records side by side
        for side in ("a", "b"):
            record = records.set_index("record_id").loc[row[f"record_id_{side}"]]
            assert row[f"volume_{side}"] == record["volume"]
            assert row[f"pages_{side}"] == record["pages"]
            assert row[f"authors_{side}"] == "Davies, H E; Maskell, N A"
            assert (row[f"year_{side}"], row[f"doi_{side}"]) == ("2010", "")  # no doi column


# --- human decisions ----------------------------------------------------------------------

def test_human_decisions_win_over_the_algorithm(load):
    records = load("many.csv")
    plain = dedup_records(records)
    assert {"m00a", "m00b"} in _studies(plain)
    decided = dedup_records(records, decisions=_decisions([
        ("m00a", "m00b", "different"),   # split a study the rules made
        ("m08a", "m09a", "same"),        # join two studies the rules kept apart
    ]))
    groups = _studies(decided)
    assert {"m00a"} in groups
    assert {"m00b"} in groups
    assert {"m08a", "m09a"} in groups
    pairs = decided.pairs.set_index(["record_id_a", "record_id_b"])
    assert pairs.loc[("m00a", "m00b"), "decided_by"] == "human"
    assert pairs.loc[("m08a", "m09a"), "decision"] == "same"
    assert pairs.loc[("m08a", "m09a"), "keys"] == "human"  # blocking never proposed it


def test_contradicting_human_decisions_are_an_error(load):
    records = load("many.csv")
    decisions = _decisions([("m03a", "m04a", "same"), ("m04a", "m05a", "same"),
                            ("m03a", "m05a", "different")])
    decisions.attrs["path"] = "decisions.csv"
    with pytest.raises(
        SheetError,
        match=r"^decisions\.csv, line [23]: the decisions join .* although another decision "
        r"\(line 4\) keeps 'm03a' and 'm05a' apart",
    ):
        dedup_records(records, decisions=decisions)


# --- stable study ids -----------------------------------------------------------------------

def test_ids_do_not_depend_on_the_order_of_the_records(load):
    records = load("many.csv")
    shuffled = records.sample(frac=1, random_state=7).reset_index(drop=True)
    a, b = dedup_records(records), dedup_records(shuffled)
    for table in ("clusters", "studies", "pairs", "queue"):
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table))


def test_study_id_is_the_anchor_records_id(load):
    result = dedup_records(load("many.csv"))
    for _, study in result.studies.iterrows():
        assert study["study_id"] == study_id_for(min(study["record_ids"]))


def test_a_search_update_keeps_existing_ids_and_reports_records_that_join(load):
    first = dedup_records(load("round1.csv"))
    both = dedup_records(pd.concat([load("round1.csv"), load("round2.csv", search_round=2)],
                                   ignore_index=True))
    before = first.clusters.set_index("record_id")["study_id"]
    after = both.clusters.set_index("record_id")
    assert (after.loc[before.index, "study_id"] == before).all()
    assert after.loc["r2_a", "study_id"] == before["r1_a"]
    assert after.loc["r2_a", "role"] == "update"
    assert after.loc["r2_new", "role"] == "anchor"
    study = both.studies.set_index("study_id").loc[before["r1_a"]]
    assert study["rounds"] == [1, 2]
    assert study["search_round"] == 1
    # the round-1 pair is not formed again in round 2
    assert set(both.pairs["search_round"]) == {1, 2}


def test_a_later_round_never_joins_two_earlier_studies():
    base = {"authors": [["Davies, H E"]], "year": pd.array([2010], dtype="Int64"),
            "journal": ["Thorax"]}
    one = pd.DataFrame({**base, "record_id": ["x1"], "title": ["Pleural infection in adults"],
                        "volume": ["65"], "pages": ["41-53"], "search_round": [1]})
    two = pd.DataFrame({**base, "record_id": ["x2"], "title": ["Pleural infection in adults"],
                        "volume": ["66"], "pages": ["100-110"], "search_round": [1]})
    bridge = pd.DataFrame({**base, "record_id": ["y"], "title": ["Pleural infection in adults"],
                           "volume": [""], "pages": [""], "search_round": [2]})
    result = dedup_records(pd.concat([one, two, bridge], ignore_index=True))
    ids = result.clusters.set_index("record_id")["study_id"]
    assert ids["x1"] != ids["x2"]
    assert ids["y"] in (ids["x1"], ids["x2"])  # the new record joins one of them
    notes = " ".join(result.pairs["note"])
    assert "two studies of earlier rounds" in notes or "kept apart" in notes


def test_a_human_split_or_join_elsewhere_leaves_other_ids_alone(load):
    records = load("many.csv")
    plain = dedup_records(records).clusters.set_index("record_id")["study_id"]
    decided = dedup_records(records, decisions=_decisions([
        ("m01a", "m01b", "different"), ("m08a", "m10a", "same")
    ])).clusters.set_index("record_id")["study_id"]
    touched = {"m01a", "m01b", "m08a", "m10a"}
    untouched = [r for r in plain.index if r not in touched]
    assert (decided[untouched] == plain[untouched]).all()
    assert decided["m01a"] == plain["m01a"]  # the part holding the anchor keeps the id
    assert decided["m01b"] != plain["m01b"]


def test_rerunning_gives_identical_tables(load):
    records = load("many.csv", "erratum.csv")
    a, b = dedup_records(records), dedup_records(records)
    for table in ("clusters", "studies", "pairs", "queue"):
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table))


# --- sharding -----------------------------------------------------------------------------

@pytest.mark.parametrize("n_shards", [2, 3, 5])
def test_sharded_result_equals_the_single_job_result_exactly(load, n_shards):
    # same_author_year.csv: five works of one author in one year, two of them one work, two
    # sharing a first page; the author-and-year key counts only for alike titles
    records = load("many.csv", "erratum.csv", "comment_reply.csv", "exact.csv",
                   "same_author_year.csv")
    decisions = _decisions([("m00a", "m00b", "different")])
    single = dedup_records(records, decisions=decisions)
    shards = [shard_pairs(records, shard=k, n_shards=n_shards) for k in range(n_shards)]
    joined = join_shards(records, shards, decisions=decisions)
    for table in ("clusters", "studies", "pairs", "queue"):
        pd.testing.assert_frame_equal(getattr(single, table), getattr(joined, table))


def test_bad_inputs_are_named(load):
    records = load("exact.csv")
    with pytest.raises(InputError, match="record ids are not unique.*'ex_medline'"):
        dedup_records(pd.concat([records, records.iloc[[0]]], ignore_index=True))
    with pytest.raises(InputError, match="bad shard number"):
        shard_pairs(records, shard=3, n_shards=2)


def test_pairs_name_the_smaller_record_id_first_whatever_the_rounds():
    base = {"title": ["Indwelling pleural catheters for malignant effusion"] * 2,
            "authors": [["Davies, H E", "Rahman, N M"]] * 2, "journal": ["JAMA"] * 2,
            "year": pd.array([2012, 2012], dtype="Int64"), "volume": ["307"] * 2,
            "pages": ["2383-2389"] * 2}
    records = pd.DataFrame({**base, "record_id": ["zz_first_search", "aa_update"],
                            "search_round": [1, 2]})
    result = dedup_records(records)
    pair = result.pairs.iloc[0]
    assert (pair["record_id_a"], pair["record_id_b"]) == ("aa_update", "zz_first_search")
    clusters = result.clusters.set_index("record_id")
    assert clusters.loc["aa_update", "study_id"] == study_id_for("zz_first_search")
    assert clusters.loc["aa_update", "role"] == "update"
