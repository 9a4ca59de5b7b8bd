"""Writing the records table: prismake.tables.write_table gives, byte for byte, what pandas'
to_csv wrote before it had a writer of its own (after encoding lists and mappings as JSON)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prismake.importer import read_file
from prismake.tables import _json_texts, _orjson_fits, _to_json, encode, write_csv_text, write_table

TEXT = st.text(alphabet='ab ,"\n\r\t;é€\u2028\x85', max_size=8)


def _pandas_bytes(df: pd.DataFrame, path, sep: str) -> bytes:
    encode(df).to_csv(path, index=False, sep=sep, lineterminator="\n", encoding="utf-8")
    return path.read_bytes()


@st.composite
def frames(draw):
    n = draw(st.integers(min_value=0, max_value=6))
    column = {
        "text": st.lists(TEXT, min_size=n, max_size=n),
        "maybe": st.lists(st.one_of(TEXT, st.none(), st.just(math.nan)), min_size=n, max_size=n),
        "count": st.lists(st.one_of(st.integers(-5, 10**12), st.none()), min_size=n, max_size=n),
        "flag": st.lists(st.booleans(), min_size=n, max_size=n),
        "number": st.lists(st.integers(-5, 5), min_size=n, max_size=n),
        "authors": st.lists(st.lists(TEXT, max_size=3), min_size=n, max_size=n),
        "extra": st.lists(
            st.dictionaries(st.sampled_from(["N1", "AD", 'X"']), st.lists(TEXT, max_size=2)),
            min_size=n,
            max_size=n,
        ),
        "rounds": st.lists(st.lists(st.integers(1, 3), max_size=3), min_size=n, max_size=n),
        "scores": st.lists(
            st.dictionaries(st.sampled_from(["title", "doi"]), st.integers(0, 100), max_size=2),
            min_size=n,
            max_size=n,
        ),
    }
    names = draw(st.lists(st.sampled_from(sorted(column)), min_size=2, max_size=9, unique=True))
    data = {}
    for name in names:
        values = draw(column[name])
        if name == "count":
            data[name] = pd.array(values, dtype="Int64")
        elif name == "text" and draw(st.booleans()):
            data[name] = pd.Series(values, dtype="str")
        elif name in ("flag", "number"):
            data[name] = pd.Series(values, dtype=bool if name == "flag" else "int64")
        else:
            data[name] = pd.Series(values, dtype=object)
    return pd.DataFrame(data)


@given(df=frames(), sep=st.sampled_from([",", "\t"]), plain_json=st.booleans())
@settings(max_examples=200, deadline=None)
def test_same_bytes_as_pandas(tmp_path_factory, df, sep, plain_json):
    """Also when the caller says the list and mapping cells hold only plain values (they do in
    these frames: text, integers, booleans)."""
    folder = tmp_path_factory.mktemp("w")
    suffix = ".tsv" if sep == "\t" else ".csv"
    write_table(df, folder / f"ours{suffix}", plain_json=plain_json)
    assert (folder / f"ours{suffix}").read_bytes() == _pandas_bytes(df, folder / "theirs", sep)


@pytest.mark.parametrize("plain_json", [False, True])
def test_the_fast_writer_takes_the_records_table(tmp_path, test_data, plain_json):
    df = read_file(test_data / "import" / "good" / "html_entities.ris")
    assert write_csv_text(df, tmp_path / "a.csv", plain_json=plain_json)
    assert (tmp_path / "a.csv").read_bytes() == _pandas_bytes(df, tmp_path / "b.csv", ",")


def test_the_fast_writer_replaces_what_a_longer_file_held(tmp_path, test_data):
    df = read_file(test_data / "import" / "good" / "html_entities.ris")
    path = tmp_path / "a.csv"
    path.write_bytes(b"x" * 1_000_000)
    assert write_csv_text(df, path)
    assert path.read_bytes() == _pandas_bytes(df, tmp_path / "b.csv", ",")


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([1.5, math.nan]),
        pd.Series([pd.Timestamp("2024-01-01"), pd.NaT]),
        pd.Series(["a", 2.5], dtype=object),
    ],
    ids=["float", "date", "float-in-object"],
)
def test_other_column_types_are_left_to_pandas(tmp_path, column):
    df = pd.DataFrame({"id": ["x", "y"], "value": column})
    assert not write_csv_text(df, tmp_path / "a.csv")
    write_table(df, tmp_path / "ours.csv")
    assert (tmp_path / "ours.csv").read_bytes() == _pandas_bytes(df, tmp_path / "b.csv", ",")


LEAF = st.one_of(
    st.text(alphabet='ab"\\\n\x00\x1f\u2028é€\U0001f600', max_size=4),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
)
CELL = st.one_of(
    st.lists(LEAF, max_size=3),
    st.dictionaries(
        st.one_of(st.text(alphabet="ab\u00e9", max_size=2), st.integers(0, 3)),
        st.one_of(LEAF, st.lists(LEAF, max_size=2)),
        max_size=3,
    ),
)


@given(cells=st.lists(CELL, max_size=6))
@settings(max_examples=400, deadline=None)
def test_json_cells_are_the_json_modules(cells):
    """The list and mapping cells are the json module's text whichever encoder writes them
    (orjson takes only what it writes alike)."""

    def outcome(function):
        try:
            return function()
        except TypeError as exc:  # keys json cannot sort: the same error either way
            return repr(exc)

    expected = outcome(lambda: [_to_json(cell) if cell else "" for cell in cells])
    assert outcome(lambda: _json_texts(cells)) == expected


def test_json_cells_of_text_use_orjson_where_installed():
    cells = [["Ó Briain, Siobhán"], {"N1": ["note"], "AD": ["x", "y"]}, []]
    assert _orjson_fits(cells)
    assert not _orjson_fits([[1.5]])
    assert not _orjson_fits([{"scores": 0.5}])
    assert _json_texts(cells) == [_to_json(c) if c else "" for c in cells]


def test_plain_json_hands_the_cells_to_orjson_unseen(tmp_path):
    """The flag skips the writer's look at every value: a value orjson writes its own way (a
    NaN, ``null`` where the json module writes ``NaN``) shows which encoder wrote the cell."""
    df = pd.DataFrame({"record_id": ["a"], "authors": [[math.nan]]})
    write_table(df, tmp_path / "checked.csv")
    write_table(df, tmp_path / "plain.csv", plain_json=True)
    assert (tmp_path / "checked.csv").read_text().splitlines()[1] == "a,[NaN]"
    assert (tmp_path / "plain.csv").read_text().splitlines()[1] == "a,[null]"
