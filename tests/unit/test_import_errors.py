"""Broken exports: each fixture in tests/data/import/bad has one fault, and the message names the
file, the line and what was expected."""

from __future__ import annotations

import pytest
from prismake.errors import (
    CountMismatchError,
    FormatDetectionError,
    InputError,
    ParseError,
)
from prismake.importer import import_source, read_file

CASES = [
    ("empty.ris", {}, ParseError, r"empty\.ris, line 1: empty file \(0 bytes\)"),
    ("binary.ris", {}, ParseError, r"binary\.ris, line 1: binary content \(a NUL byte"),
    ("zip_archive.ris", {}, ParseError, r"this is a zip archive, not a text export"),
    (
        "cut_off_last_record.ris",
        {},
        ParseError,
        r"line 23: the file ends inside the record that starts at line 19 .*expected 'ER  - '",
    ),
    (
        "cut_off_before_next.ris",
        {},
        ParseError,
        r"line 18: the record that starts at line 1 has no end tag before the next 'TY'",
    ),
    ("no_type_tag.ris", {}, ParseError, r"line 1: tag 'TI' outside a record .*expected 'TY  - '"),
    ("no_type_tag_second.ris", {}, ParseError, r"line 23: tag 'ER' outside a record"),
    ("malformed_tag.ris", {}, ParseError, r"line 5: a tag line whose tag .*found 'py  - 2019'"),
    (
        "bad_year.ris",
        {},
        ParseError,
        r"field 'PY' holds no publication year; found '20xx'; expected a four-digit year",
    ),
    ("only_headers.ris", {}, FormatDetectionError, r"cannot tell the format .*'Provider: Example'"),
    ("prose.txt", {}, FormatDetectionError, r"prose\.txt, line 1: cannot tell the format"),
    (
        "duplicate_ids.csv",
        {},
        ParseError,
        r"line 4: duplicate ID 'id_1': the rows at lines 2 and 4 share it",
    ),
    ("missing_title_column.csv", {}, ParseError, r"line 1: missing required column 'title'"),
    ("short_row.csv", {}, ParseError, r"line 3: a row with 2 cells under a header of 4 columns"),
    ("long_row.csv", {}, ParseError, r"line 2: a row with 4 cells under a header of 3 columns"),
    (
        "declared_scopus_but_ris.ris",
        {"format": "scopus_csv"},
        FormatDetectionError,
        r"declared format 'scopus_csv' does not match the content, which looks like 'ris'",
    ),
    (
        "wos_tab_missing_title.txt",
        {"format": "wos_tab"},
        ParseError,
        r"missing required column 'TI' for layout 'wos_tab'",
    ),
    (
        "cp1252_declared_utf8.ris",
        {"encoding": "utf-8"},
        ParseError,
        r"line 3: cannot decode byte b'\\xfc' at offset 83 as utf-8",
    ),
    ("wos_no_ef.txt", {}, ParseError, r"ends without its 'EF' line"),
    (
        "wos_cut_off.txt",
        {},
        ParseError,
        r"line 34: the file ends inside the record that starts at line 28",
    ),
    (
        "wos_bad_line.txt",
        {},
        ParseError,
        r"line 29: not a Web of Science tag line; found 'AUCedar, A'",
    ),
    (
        "nbib_cut_off.nbib",
        {},
        ParseError,
        r"the last record \(line 26\) has no 'SO' line: it was cut off",
    ),
    ("nbib_no_pmid.nbib", {}, ParseError, r"line 26: a PubMed record without its 'PMID' tag"),
    (
        "xml_cut_off.xml",
        {},
        ParseError,
        r"line 3: malformed XML inside the record that starts at line 3: no element found",
    ),
    ("xml_not_endnote.xml", {}, FormatDetectionError, r"XML, but not EndNote XML"),
    ("bib_unbalanced.bib", {}, ParseError, r"line 14: a BibTeX entry that does not parse"),
]


@pytest.mark.parametrize(("name", "kwargs", "error", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_an_error_naming_file_line_and_expectation(
    test_data, name, kwargs, error, message
):
    path = test_data / "import" / "bad" / name
    with pytest.raises(error, match=message) as info:
        read_file(path, display_path=f"bad/{name}", **kwargs)
    assert str(info.value).startswith(f"bad/{name}")
    assert info.value.path == f"bad/{name}"


def test_there_are_at_least_twenty_faults(test_data):
    faults = list((test_data / "import" / "bad").iterdir())
    assert len(faults) >= 20
    assert {case[0] for case in CASES} == {p.name for p in faults}


def test_unknown_tag_is_kept_and_logged(test_data, caplog):
    df = read_file(
        test_data / "import" / "good" / "vendor_tags.ris", display_path="vendor_tags.ris"
    )
    assert df.loc[0, "extra"]["ZZ"] == ["a vendor field no one documents"]
    assert "vendor_tags.ris, line 17: unknown RIS tag 'ZZ' kept in 'extra'" in caplog.text


def test_count_mismatch_names_file_and_both_numbers(test_data):
    path = test_data / "import" / "good" / "basic.ris"
    with pytest.raises(
        CountMismatchError, match=r"basic\.ris: 2 records parsed, but the database reported 3 hits"
    ):
        import_source(path, source_id="medline", hits=3, display_path="basic.ris")


def test_count_mismatch_can_be_a_warning(test_data, caplog):
    path = test_data / "import" / "good" / "basic.ris"
    df = import_source(path, source_id="medline", hits=5, on_count_mismatch="warn")
    assert len(df) == 2
    assert "2 records parsed, but the database reported 5 hits" in caplog.text


def test_count_match_passes(test_data):
    df = import_source(test_data / "import" / "good" / "basic.ris", source_id="medline", hits=2)
    assert list(df["record_id"]) == ["medline:100001", f"medline:{df.loc[1, 'record_id'][8:]}"]


def test_bad_on_count_mismatch_value(test_data):
    with pytest.raises(InputError, match="expected 'error' or 'warn'"):
        import_source(
            test_data / "import" / "good" / "basic.ris", source_id="x", on_count_mismatch="ignore"
        )


def test_unknown_declared_format(test_data):
    with pytest.raises(FormatDetectionError, match="unknown format 'endnote'"):
        read_file(test_data / "import" / "good" / "basic.ris", format="endnote")
