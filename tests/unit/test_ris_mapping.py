"""Lookups of :class:`prismake.importer.ris_mapping._Groups` against plain list slicing.

The mapping as a whole is compared with the record-by-record reference in
``test_import_columnwise.py``; here :meth:`_Groups.slices`, which makes the lists of one-value
groups its own way, is compared with slicing the values of each group.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from prismake.importer.ris_columns import read_piece
from prismake.importer.ris_mapping import _Groups

TAGS = ("AU", "KW", "TI", "N1", "UR")


def _piece(records):
    """A piece read from records given as lists of (tag, value) lines."""
    lines = []
    for fields in records:
        lines.append("TY  - JOUR")
        lines += [f"{tag}  - {value}" for tag, value in fields]
        lines.append("ER  - ")
    piece = read_piece(("\n".join(lines) + "\n").encode("utf-8"))
    assert piece is not None
    return piece


RECORDS = st.lists(
    st.lists(
        st.tuples(st.sampled_from(TAGS), st.text(alphabet="abé, ", min_size=1, max_size=6)),
        max_size=8,
    ),
    min_size=1,
    max_size=6,
)


@given(records=RECORDS, data=st.data())
@settings(max_examples=200, deadline=None)
def test_slices_are_the_values_of_each_group(records, data):
    records = [[(tag, value.strip() or "x") for tag, value in fields] for fields in records]
    piece = _piece(records)
    groups = _Groups(piece)
    count = len(piece.start)
    chosen = np.array(
        data.draw(st.lists(st.integers(min_value=0, max_value=max(count - 1, 0)), max_size=12))
        if count
        else [],
        dtype=np.int64,
    )
    values = piece.values.tolist()
    expected = [values[piece.start[g] : piece.stop[g]] for g in chosen.tolist()]
    got = groups.slices(chosen)
    assert got.dtype == object
    assert got.shape == (len(chosen),)
    assert got.tolist() == expected
    # the same string objects as the values, not copies
    pairs = zip(got.tolist(), expected, strict=True)
    assert all(a is b for g, e in pairs for a, b in zip(g, e, strict=True))


def test_slices_of_groups_of_one_and_of_several_values():
    piece = _piece([[("AU", "A"), ("AU", "B"), ("TI", "T")], [("KW", "k")]])
    groups = _Groups(piece)
    everything = [["JOUR"], ["A", "B"], ["T"], ["JOUR"], ["k"]]  # TY is a group too
    assert groups.slices(np.arange(len(piece.start))).tolist() == everything
    assert groups.slices(np.array([4, 1, 4])).tolist() == [["k"], ["A", "B"], ["k"]]
    assert groups.slices(np.zeros(0, dtype=np.int64)).tolist() == []
