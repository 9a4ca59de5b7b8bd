"""Study ids derive from a cluster's anchor record and so survive updates and splits."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from prismake.ids import anchor_record, study_id, study_id_for

members = st.lists(
    st.tuples(st.integers(min_value=1, max_value=5), st.text(min_size=1, max_size=20)),
    min_size=1,
    max_size=30,
    unique_by=lambda m: m[1],
)


def test_study_id_format():
    assert re.fullmatch(r"S[0-9a-f]{12}", study_id_for("medline:123"))


def test_anchor_is_earliest_round_then_smallest_id():
    assert anchor_record([(2, "a:1"), (1, "z:9"), (1, "m:5")]) == "m:5"


@given(members, st.lists(st.text(min_size=1, max_size=20), max_size=10))
def test_records_from_a_later_round_never_change_the_id(first_round, later):
    before = study_id(first_round)
    known = {r for _, r in first_round}
    update = [(99, r) for r in later if r not in known]
    assert study_id(first_round + update) == before


@given(members)
def test_order_of_members_does_not_matter(group):
    assert study_id(group) == study_id(list(reversed(group)))


def test_split_keeps_the_id_on_the_part_with_the_anchor():
    cluster = [(1, "cinahl:AN1"), (1, "medline:77"), (2, "scopus:2-s2.0-1")]
    whole = study_id(cluster)
    kept, split_off = cluster[:2], cluster[2:]
    assert study_id(kept) == whole
    assert study_id(split_off) != whole
