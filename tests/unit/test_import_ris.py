"""The RIS reader: reading a file in pieces gives the records (and the errors) of reading it
whole, and so does reading a large file a few megabytes at a time through the importer."""

from __future__ import annotations

import logging

import prismake.importer as importer_module
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prismake.errors import PrismakeError
from prismake.importer import detect_format, read_file, ris_pieces
from prismake.importer import stream as stream_module
from prismake.importer.encoding import decode
from prismake.importer.ris import parse_ris_chunks, parse_ris_text


def _outcome(function):
    try:
        return [(record.line, record.fields) for record in function()]
    except PrismakeError as exc:
        return str(exc)


def _ris_fixtures(test_data):
    for path in sorted((test_data / "import").rglob("*.ris")):
        try:
            text, _ = decode(path.read_bytes())
        except PrismakeError:
            continue
        yield path.name, text


@given(cuts=st.lists(st.floats(min_value=0, max_value=1), max_size=12))
@settings(max_examples=25, deadline=None)
def test_pieces_of_every_fixture_give_the_whole_texts_records(test_data, cuts):
    for name, text in _ris_fixtures(test_data):
        points = sorted({int(c * len(text)) for c in cuts})
        pieces = [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]
        whole = _outcome(lambda t=text, n=name: parse_ris_text(t, path=n))
        assert _outcome(lambda p=pieces, n=name: parse_ris_chunks(p, path=n)) == whole, name


LINE = st.one_of(
    st.sampled_from(["TY  - JOUR", "TY  - ", "ER  - ", "ER  -", "ER  - x", "TY - CONF"]),
    st.sampled_from(["1.", "Record #1 of 2", "", "   ", "ZZ  - vendor", "NL  - J Soc"]),
    st.builds(
        lambda tag, value: f"{tag}  - {value}",
        st.sampled_from(["TI", "AU", "KW", "AB", "DO", "Z9", "ZZ"]),
        st.text(alphabet="ab ,-é\t", max_size=6),
    ),
    st.builds(lambda tag: f"{tag}  -", st.sampled_from(["AB", "KW"])),
    st.builds(lambda tag: f"{tag} - loose", st.sampled_from(["KW", "A1"])),
    st.text(alphabet="xy -", min_size=1, max_size=5),  # continuation lines
    st.just("py  - 2019"),  # a malformed tag
)


@given(
    lines=st.lists(LINE, max_size=40),
    ends=st.sampled_from(["\n", "\r\n", "\r"]),
    cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=8),
)
@settings(max_examples=300, deadline=None)
def test_pieces_of_any_text_give_the_whole_texts_records(lines, ends, cuts):
    text = ends.join(lines)
    points = sorted({min(c, len(text)) for c in cuts})
    pieces = [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]
    whole = _outcome(lambda: parse_ris_text(text, path="t.ris"))
    assert _outcome(lambda: parse_ris_chunks(pieces, path="t.ris")) == whole


def test_unknown_tag_is_reported_at_its_first_line_however_written(caplog):
    text = "\n".join(
        [
            "TY  - JOUR",
            "TI  - One",
            "ER  - ",
            "TY  - JOUR",
            "ZZ  - strict first",
            "ZZ - loose later",
            "YY - loose only",
            "ER  - ",
        ]
    )
    caplog.set_level(logging.WARNING)
    records = parse_ris_text(text, path="t.ris")
    assert records[1].fields["ZZ"] == ["strict first", "loose later"]
    assert caplog.messages == [
        "t.ris, line 5: unknown RIS tag 'ZZ' kept in 'extra'",
        "t.ris, line 7: unknown RIS tag 'YY' kept in 'extra'",
    ]


# --- a large file read a few megabytes at a time --------------------------------------------------


@pytest.fixture(params=[False, True], ids=["reference", "columnwise"])
def in_pieces(monkeypatch, request):
    """Every file counts as large, and is read 64 bytes at a time (by the reference reader, or
    first by the column-wise one)."""
    monkeypatch.setattr(importer_module, "STREAM_FROM", 0)
    monkeypatch.setattr(importer_module, "COLUMNWISE", request.param)
    monkeypatch.setattr(stream_module, "PIECE_BYTES", 64)
    monkeypatch.setattr(ris_pieces, "PIECE_BYTES", 64)


def _read(path, **kwargs):
    try:
        return read_file(path, display_path=path.name, **kwargs)
    except PrismakeError as exc:
        return str(exc)


def test_reading_in_pieces_gives_the_same_tables_and_errors(test_data, monkeypatch, caplog):
    """The reference reader, in pieces (tests/unit/test_import_columnwise.py checks the
    column-wise one)."""
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(importer_module, "COLUMNWISE", False)
    files = sorted(p for p in (test_data / "import").rglob("*") if p.is_file())
    whole = {p.name: _read(p) for p in files}
    monkeypatch.setattr(importer_module, "STREAM_FROM", 0)
    monkeypatch.setattr(stream_module, "PIECE_BYTES", 64)
    caplog.clear()
    for path in files:
        got = _read(path)
        if isinstance(got, str):
            assert got == whole[path.name]
        else:
            assert got.to_dict("records") == whole[path.name].to_dict("records"), path.name
    assert "basic.ris: 2 records (ris, utf-8, read in pieces)" in caplog.text


def _records(count: int, *, year: str = "2019") -> str:
    record = "TY  - JOUR\nTI  - Peer work {n}\nPY  - {year}\nAN  - {n}\nER  - \n\n"
    return "".join(record.format(n=n, year=year) for n in range(1, count + 1))


def test_bytes_that_are_not_utf8_late_in_the_file(tmp_path, in_pieces):
    path = tmp_path / "late.ris"
    path.write_bytes((_records(50) + "TY  - JOUR\nTI  - M\xfcller\nER  - \n").encode("cp1252"))
    df = read_file(path)
    assert len(df) == 51
    assert df.iloc[-1]["title"] == "Müller"  # read whole, as cp1252, like any such file


def test_nul_byte_late_in_the_file_is_binary_content(tmp_path, in_pieces):
    path = tmp_path / "nul.ris"
    path.write_bytes(_records(50).encode() + b"TY  - JOUR\nTI  - x\x00\nER  - \n")
    with pytest.raises(PrismakeError, match=r"nul\.ris, line 302: binary content"):
        read_file(path, display_path="nul.ris")


def test_a_record_error_waits_for_the_structure_of_the_whole_file(tmp_path, in_pieces):
    """A bad year in the first record, a record cut off at the end: as when the file is read
    whole before any record is looked at, the cut-off record is the error reported."""
    path = tmp_path / "two_faults.ris"
    path.write_text(_records(1, year="20xx") + _records(30) + "TY  - JOUR\nTI  - cut\n")
    with pytest.raises(
        PrismakeError, match=r"line 188: the file ends inside the record that starts at line 187"
    ):
        read_file(path, display_path="two_faults.ris")
    path.write_text(_records(1, year="20xx") + _records(30))
    with pytest.raises(PrismakeError, match=r"line 1: field 'PY' holds no publication year"):
        read_file(path, display_path="two_faults.ris")


def test_reading_column_wise_is_logged(test_data, monkeypatch, caplog):
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(importer_module, "STREAM_FROM", 0)
    read_file(test_data / "import" / "good" / "basic.ris", display_path="basic.ris")
    assert "basic.ris: 2 records (ris, utf-8, read column-wise)" in caplog.text


def test_detecting_from_the_head_of_a_large_file(test_data, monkeypatch):
    files = sorted(p for p in (test_data / "import").rglob("*") if p.is_file())

    def detect(path):
        try:
            return detect_format(path)
        except PrismakeError as exc:
            return str(exc)

    whole = {p: detect(p) for p in files}
    monkeypatch.setattr(importer_module, "STREAM_FROM", 0)
    assert {p: detect(p) for p in files} == whole
