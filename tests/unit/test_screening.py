"""Screening: reviewers' sheets -> one decision per study, agreement statistics, included list."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from prismake.errors import ConfigError, SheetError
from prismake.screening import (
    agreement,
    check_decisions,
    cohen_kappa,
    fleiss_kappa,
    included_studies,
    resolve_stage,
    stage_studies,
)
from prismake.sheets import load_schema, read_sheet
from prismake.tables import read_table, write_table

TA_REASONS = {"TA1": "Not about peer workers", "TA2": "Not qualitative research"}
FT_REASONS = {
    "FT1": "Not about peer workers' experiences",
    "FT2": "Not qualitative",
    "FT3": "Conference abstract only",
}


def sid(i: int) -> str:
    return f"Sa{i:011x}"


def sheet(path) -> pd.DataFrame:
    """A sheet as text, without the JSON Schema layer (so this module's own checks are tested)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.attrs["path"] = str(path)
    return frame


@pytest.fixture
def data(test_data):
    return test_data / "screening"


@pytest.fixture
def studies(data):
    return read_table(data / "studies.csv")


def title_abstract(data, studies, r1="ta_R1.csv", r2="ta_R2.csv", consensus="ta_consensus.csv"):
    return resolve_stage(
        stage_studies("title_abstract", studies=studies),
        {"R1": sheet(data / r1), "R2": sheet(data / r2)},
        sheet(data / consensus),
        stage="title_abstract",
        reasons=TA_REASONS,
    )


def full_text(data, studies, r1="ft_R1.csv"):
    ta = title_abstract(data, studies)
    return resolve_stage(
        stage_studies("full_text", studies=studies, title_abstract=ta),
        {"R1": sheet(data / r1), "R2": sheet(data / "ft_R2.csv")},
        sheet(data / "ft_consensus.csv"),
        stage="full_text",
        reasons=FT_REASONS,
    )


def test_title_abstract_decisions_and_how_each_was_reached(data, studies):
    table = title_abstract(data, studies)
    assert list(table.columns) == [
        "study_id",
        "decision_R1",
        "decision_R2",
        "reason_R1",
        "reason_R2",
        "agreed",
        "decision",
        "reason",
        "reason_label",
        "resolved_by",
        "note",
    ]
    assert table["study_id"].tolist() == [sid(i) for i in range(1, 9)]
    assert table["decision"].tolist() == [
        "include",
        "exclude",
        "include",
        "include",
        "exclude",
        "exclude",
        "include",
        "include",
    ]
    assert table["resolved_by"].tolist() == [
        "agreement",
        "agreement",
        "consensus",
        "consensus",
        "consensus",
        "consensus_override",
        "agreement",
        "agreement",
    ]
    # both excluded study 5, for different reasons: agreed on the decision, the consensus
    # picked the reason
    row5 = table.set_index("study_id").loc[sid(5)]
    assert bool(row5["agreed"]) is True
    assert (row5["reason"], row5["reason_label"]) == ("TA2", "Not qualitative research")
    assert table["agreed"].tolist() == [True, True, False, False, True, True, True, True]
    override = table.set_index("study_id").loc[sid(6)]
    assert override["note"] == "survey only: found on re-reading"


def test_full_text_covers_the_title_abstract_includes(data, studies):
    ta = title_abstract(data, studies)
    assert stage_studies("full_text", studies=studies, title_abstract=ta) == [
        sid(1),
        sid(3),
        sid(4),
        sid(7),
        sid(8),
    ]
    table = full_text(data, studies)
    assert dict(zip(table["study_id"], table["decision"], strict=True)) == {
        sid(1): "include",
        sid(3): "exclude",
        sid(4): "not_retrieved",
        sid(7): "include",
        sid(8): "include",
    }
    assert table.set_index("study_id").loc[sid(8), "resolved_by"] == "consensus"


def test_agreement_per_stage(data, studies):
    ta = title_abstract(data, studies)
    ft = full_text(data, studies)
    table = agreement({"title_abstract": ta, "full_text": ft})
    assert table["stage"].tolist() == ["title_abstract", "full_text"]
    assert table["n_studies"].tolist() == [8, 5]
    assert table["n_agreed"].tolist() == [6, 4]
    assert table["raw_agreement"].tolist() == pytest.approx([0.75, 0.8])
    # title/abstract: p_o = 6/8, p_e = (5*5 + 2*3)/64  ->  kappa = 17/33
    # full text:      p_o = 4/5, p_e = (3*2 + 1*2 + 1*1)/25 -> kappa = 0.44/0.64
    assert table["kappa"].tolist() == pytest.approx([17 / 33, 0.6875])
    assert table["kappa_method"].tolist() == ["cohen", "cohen"]
    assert table["n_conflicts"].tolist() == [3, 1]
    assert table["n_overrides"].tolist() == [1, 0]


def test_three_reviewers_use_fleiss_kappa():
    ids = [sid(i) for i in range(1, 5)]
    sheets = {
        r: pd.DataFrame(
            {
                "study_id": ids,
                "decision": d,
                "reason": ["" if x == "include" else "TA1" for x in d],
                "note": "",
            }
        )
        for r, d in {
            "A": ["include", "include", "exclude", "exclude"],
            "B": ["include", "include", "exclude", "exclude"],
            "C": ["include", "exclude", "exclude", "exclude"],
        }.items()
    }
    consensus = pd.DataFrame(
        {"study_id": [ids[1]], "decision": ["include"], "reason": [""], "note": [""]}
    )
    table = resolve_stage(ids, sheets, consensus, stage="title_abstract", reasons=TA_REASONS)
    stats = agreement({"title_abstract": table}).iloc[0]
    assert stats["kappa_method"] == "fleiss"
    assert stats["n_reviewers"] == 3
    assert stats["kappa"] == pytest.approx(
        fleiss_kappa(
            [tuple(r) for r in zip(*(s["decision"] for s in sheets.values()), strict=True)]
        )
    )


def test_fleiss_kappa_matches_the_published_worked_example():
    # Fleiss (1971) style example as worked on Wikipedia's "Fleiss' kappa" page:
    # 10 subjects, 14 raters, 5 categories, kappa = 0.210
    counts = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    ratings = [[c for c, n in zip("abcde", row, strict=True) for _ in range(n)] for row in counts]
    assert fleiss_kappa(ratings) == pytest.approx(0.210, abs=0.001)


labels = st.sampled_from(["include", "exclude", "unsure"])


@given(st.lists(st.tuples(labels, labels), min_size=1, max_size=40))
def test_cohen_kappa_is_symmetric_and_bounded(pairs):
    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    k = cohen_kappa(a, b)
    if k == k:  # not NaN
        assert -1 <= k <= 1
        assert cohen_kappa(b, a) == pytest.approx(k)


@given(st.lists(labels, min_size=2, max_size=40).filter(lambda x: len(set(x)) > 1))
def test_cohen_kappa_is_one_for_identical_raters(a):
    assert cohen_kappa(a, a) == pytest.approx(1.0)


def test_kappa_is_undefined_when_everyone_says_the_same():
    assert cohen_kappa(["include"] * 3, ["include"] * 3) != cohen_kappa(
        ["include"] * 3, ["include"] * 3
    )
    with pytest.raises(ValueError, match="labelled 2 and 3 items"):
        cohen_kappa(["a", "b"], ["a", "b", "c"])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"r2": "ta_R2_missing_study.csv"},
            r"ta_R2_missing_study\.csv: 1 studies missing from the sheet: Sa00000000008; "
            r"expected every study of the title_abstract stage exactly once",
        ),
        (
            {"r2": "ta_R2_duplicate_study.csv"},
            r"ta_R2_duplicate_study\.csv, line 6: study_id appears twice \(lines 3 and 6\); "
            r"found 'Sa00000000002'",
        ),
        (
            {"r2": "ta_R2_unknown_study.csv"},
            r"ta_R2_unknown_study\.csv, line 10: unknown study_id; found 'Sa00000000063'; "
            r"expected a study of the title_abstract stage",
        ),
        (
            {"consensus": "ta_consensus_incomplete.csv"},
            r"ta_consensus_incomplete\.csv: 1 studies at title_abstract have conflicting or unsure "
            r"decisions and no consensus row: Sa00000000003",
        ),
        (
            {"consensus": "ta_consensus_unsure.csv"},
            r"ta_consensus_unsure\.csv, line 3: bad decision for Sa00000000004; found 'unsure'; "
            r"expected one of 'include', 'exclude'$",
        ),
        (
            {"r1": "ta_R1_unconfigured_reason.csv"},
            r"ta_R1_unconfigured_reason\.csv, line 6: bad exclusion reason for Sa00000000005; "
            r"found 'TA9'; expected a title_abstract reason code from the config \('TA1', 'TA2'\)",
        ),
        (
            {"r1": "ta_R1_reason_on_include.csv"},
            r"ta_R1_reason_on_include\.csv, line 2: reason given with decision 'include' on "
            r"Sa00000000001; found 'TA1'",
        ),
        (
            {"r1": "ta_R1_unknown_decision.csv"},
            r"ta_R1_unknown_decision\.csv, line 3: bad decision for Sa00000000002; found 'maybe'; "
            r"expected one of 'include', 'exclude', 'unsure'",
        ),
    ],
)
def test_bad_sheets_name_file_line_and_value(data, studies, kwargs, message):
    with pytest.raises(SheetError, match=message):
        title_abstract(data, studies, **kwargs)


def test_full_text_sheet_with_a_study_excluded_at_title_abstract(data, studies):
    with pytest.raises(
        SheetError,
        match=r"ft_R1_study_excluded_at_ta\.csv, line 7: unknown study_id; found 'Sa00000000002'; "
        r"expected a study of the full_text stage \(one included at title/abstract\)",
    ):
        full_text(data, studies, r1="ft_R1_study_excluded_at_ta.csv")


def test_unresolved_studies_are_listed_with_their_count(data, studies):
    empty = pd.DataFrame({c: [] for c in ("study_id", "decision", "reason", "note")}, dtype=str)
    empty.attrs["path"] = "ta_consensus.csv"
    with pytest.raises(
        SheetError,
        match=r"3 studies at title_abstract .*: Sa00000000003, "
        r"Sa00000000004, Sa00000000005;",
    ):
        resolve_stage(
            stage_studies("title_abstract", studies=studies),
            {"R1": sheet(data / "ta_R1.csv"), "R2": sheet(data / "ta_R2.csv")},
            empty,
            stage="title_abstract",
            reasons=TA_REASONS,
        )


def test_lines_from_the_schema_reader_survive_multiline_notes(data, project_root):
    schema = load_schema(
        project_root / "workflow" / "schemas" / "screening_title_abstract.schema.yaml"
    )
    path = data / "ta_R1_multiline_note.csv"
    with pytest.raises(
        SheetError,
        match=r"ta_R1_multiline_note\.csv, line 7: bad exclusion "
        r"reason for Sa00000000005; found 'TA9'",
    ):
        check_decisions(
            read_sheet(path, schema=schema), stage="title_abstract", reasons=TA_REASONS, path=path
        )


def test_config_problems(data, studies):
    ids = stage_studies("title_abstract", studies=studies)
    one = {"R1": sheet(data / "ta_R1.csv")}
    with pytest.raises(ConfigError, match="at least two reviewers"):
        resolve_stage(ids, one, None, stage="title_abstract", reasons=TA_REASONS)
    two = {"label": sheet(data / "ta_R1.csv"), "R2": sheet(data / "ta_R2.csv")}
    with pytest.raises(ConfigError, match="bad reviewer id; found 'label'"):
        resolve_stage(ids, two, None, stage="title_abstract", reasons=TA_REASONS)
    with pytest.raises(ConfigError, match="unknown screening stage; found 'abstract'"):
        stage_studies("abstract", studies=studies)


def test_included_studies_are_labelled_among_themselves(data, studies):
    table = included_studies(full_text(data, studies), studies)
    assert table["study_id"].tolist() == [sid(7), sid(1), sid(8)]
    # two Okafor 2012 papers: suffixes follow their titles ("Being ..." before "Peer ...")
    assert table["label"].tolist() == ["Okafor 2012a", "Okafor 2012b", "Lindqvist 2015"]
    assert table["year"].tolist() == [2012, 2012, 2015]
    assert list(table.columns) == [
        "study_id",
        "label",
        "first_author",
        "year",
        "title",
        "journal",
        "doi",
    ]


def test_included_study_missing_from_the_studies_table(data, studies):
    ft = full_text(data, studies)
    with pytest.raises(SheetError, match=r"missing from the studies table: Sa00000000007"):
        included_studies(ft, studies[studies["study_id"] != sid(7)])


def test_outputs_are_byte_identical_and_read_back(tmp_path, data, studies):
    for name in ("a", "b"):
        write_table(title_abstract(data, studies), tmp_path / f"{name}.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    back = read_table(tmp_path / "a.csv")
    assert stage_studies("full_text", studies=studies, title_abstract=back) == [
        sid(1),
        sid(3),
        sid(4),
        sid(7),
        sid(8),
    ]
