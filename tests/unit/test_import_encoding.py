"""Encodings, byte-order marks, line endings and text repair."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from prismake.errors import ParseError
from prismake.importer import read_file
from prismake.importer.encoding import decode, split_lines
from prismake.importer.normalise import BADNESS_REACH, is_bad, normalise_doi, parse_year, repair

SAME = ["basic.ris", "crlf.ris", "cr_only.ris", "utf16le_bom.ris"]


@pytest.mark.parametrize("name", SAME)
def test_line_endings_and_utf16_give_the_same_records(test_data, name):
    good = test_data / "import" / "good"
    expected = read_file(good / "basic.ris", source_id="s").drop(
        columns=["source_file", "source_sha256"]
    )
    got = read_file(good / name, source_id="s").drop(columns=["source_file", "source_sha256"])
    assert got.to_dict("records") == expected.to_dict("records")


@pytest.mark.parametrize("name", ["utf8_bom.ris", "utf16be_bom.ris", "utf16le_no_bom.ris"])
def test_boms_and_bomless_utf16(test_data, name):
    first = read_file(test_data / "import" / "good" / name).iloc[0]
    assert first["record_id"].endswith(":100001")
    assert first["extra"] == {"TY": ["JOUR"]}


def test_cp1252(test_data):
    first = read_file(test_data / "import" / "good" / "cp1252.ris").iloc[0]
    assert first["authors"][0] == "Müller, Zoë"
    assert first["title"].endswith("study – “voices”")
    generic = read_file(test_data / "import" / "good" / "generic_cp1252.csv").iloc[0]
    assert generic["authors"][0] == "Müller Z."


def test_lone_cr_inside_a_crlf_file_is_a_line_end(test_data):
    first = read_file(test_data / "import" / "good" / "lone_cr_inside.ris").iloc[0]
    assert first["keywords"] == ["peer support", "homelessness"]


def test_html_entities_repaired_and_raw_kept(test_data):
    first = read_file(test_data / "import" / "good" / "html_entities.ris").iloc[0]
    assert first["title"] == "Peer workers & homelessness: a qualitative study of <i>trust</i>"
    assert first["raw"]["title"].startswith("Peer workers &amp; homelessness")


def test_mojibake_repaired_and_raw_kept(test_data):
    first = read_file(test_data / "import" / "good" / "mojibake.ris").iloc[0]
    assert first["authors"][0] == "Müller, Zoë"
    assert first["title"].endswith("It’s a qualitative study")
    assert first["raw"]["authors"][0] == "MÃ¼ller, ZoÃ«"


def test_decode_reports_names():
    assert decode(b"\xef\xbb\xbfTY") == ("TY", "utf-8")
    assert decode("Tÿ".encode("utf-16-le")) == ("Tÿ", "utf-16-le")
    assert decode("café".encode("cp1252")) == ("café", "cp1252")
    assert decode(b"\x81\x8d") == ("\x81\x8d", "latin-1")


def test_split_lines_only_on_line_ends():
    assert split_lines("a\r\nb\rc\nd\u2028e\x85f\n") == ["a", "b", "c", "d\u2028e\x85f"]


@given(
    st.lists(st.text(alphabet=st.characters(blacklist_characters="\r\n"), max_size=20), max_size=8)
)
def test_split_lines_round_trip(lines):
    for sep in ("\n", "\r\n", "\r"):
        text = sep.join(lines) + (sep if lines else "")
        assert split_lines(text) == (lines if lines else [])


@given(st.text(alphabet=st.characters(codec="ascii", blacklist_characters="&"), max_size=60))
def test_repair_leaves_plain_ascii_alone(text):
    assert repair(text) == text


def test_normalise_doi():
    assert normalise_doi("https://doi.org/10.1002/CPP.2398") == "10.1002/cpp.2398"
    assert normalise_doi("doi: 10.1/x.") == "10.1/x"
    assert normalise_doi("10.1234/a [doi]") == "10.1234/a"
    assert normalise_doi("10.1038/x\nhttps://example.org/y") == "10.1038/x"
    assert normalise_doi("DOI") == ""


@pytest.mark.parametrize(
    ("value", "year"),
    [
        ("2019//", 2019),
        ("2021/06//", 2021),
        ("Mar. 2017", 2017),
        ("20170812", 2017),
        ("n.d.", None),
        ("", None),
    ],
)
def test_parse_year(value, year):
    assert parse_year(value, path="f", line=1, field="PY") == year


@pytest.mark.parametrize("value", ["20xx", "10 15", "888"])
def test_parse_year_rejects(value):
    with pytest.raises(
        ParseError, match=rf"f, line 7: field 'PY' holds no publication year; found '{value}'"
    ):
        parse_year(value, path="f", line=7, field="PY")


# --- the cheap checks in front of ftfy give ftfy's answers ----------------------------------------

MOJIBAKE_ALPHABET = (
    "aZ 1.,;:&#x41lt;amp;\n\t"
    "ÃÂâÎÐØÙ©€\xa0\xad\u2019\u201c\u201d–—°×²³вЂΒΓβāœŒ√≈‚¢£"
    + "".join(chr(code) for code in range(0x80, 0x180, 3))
)


@given(st.text(alphabet=MOJIBAKE_ALPHABET, max_size=40))
@settings(max_examples=500, deadline=None)
def test_is_bad_agrees_with_ftfy(text):
    from ftfy import badness

    assert is_bad(text) == badness.is_bad(text)


@given(st.text(alphabet=MOJIBAKE_ALPHABET, max_size=40))
@settings(max_examples=500, deadline=None)
def test_repair_agrees_with_ftfy_wherever_it_calls_it(text):
    import ftfy
    from prismake.importer.normalise import _ftfy, has_entity, has_mojibake

    expected = ftfy.fix_text(text, _ftfy()[1])
    if has_entity(text) or (has_mojibake(text) and is_bad(text)):
        assert repair(text) == expected
    else:
        assert repair(text) == text


def test_badness_expression_is_what_is_bad_assumes():
    """Every match of ftfy's badness expression holds a non-ASCII character and is at most
    BADNESS_REACH characters long; is_bad looks only that far around non-ASCII runs."""
    from re import _constants as c
    from re import _parser

    from ftfy import badness

    tree = _parser.parse(badness.BADNESS_RE.pattern, badness.BADNESS_RE.flags)
    assert tree.getwidth()[1] <= BADNESS_REACH
    ((kind, (_, branches)),) = tree.data
    assert kind is c.BRANCH

    def non_ascii_only(item):
        op, arg = item
        if op is c.LITERAL:
            return arg > 0x7F
        if op is c.IN:
            kinds = {sub_op for sub_op, _ in arg}
            if not kinds <= {c.LITERAL, c.RANGE}:
                return False
            return all((v > 0x7F) if sub_op is c.LITERAL else (v[0] > 0x7F) for sub_op, v in arg)
        return False

    for branch in branches:
        assert any(non_ascii_only(item) for item in branch.data), branch
