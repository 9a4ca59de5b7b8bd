"""Every format on a small fixture of our own (tests/data/import/good, one quirk per file)."""

from __future__ import annotations

import re

import pytest
from prismake.importer import FORMATS, detect_format, read_file
from prismake.tables import RECORD_COLUMNS

TITLE = "Peer workers in homelessness services: a qualitative study"

# file, format detected, records, first record's id
FORMAT_CASES = [
    ("basic.ris", "ris", 2, "basic:100001"),
    ("pubmed.nbib", "nbib", 2, "pubmed:11111111"),
    ("wos_plain.txt", "wos", 2, "wos_plain:WOS:000000000000001"),
    ("wos_tab_utf16le.txt", "wos_tab", 2, "wos_tab_utf16le:WOS:000000000000001"),
    ("scopus.csv", "scopus_csv", 2, "scopus:2-s2.0-85000000001"),
    ("embase.csv", "embase_csv", 1, None),
    ("zotero.csv", "zotero_csv", 1, None),
    ("generic.csv", "csv", 2, "id_0000001"),
    ("generic.tsv", "csv", 2, "id_0000001"),
    ("endnote.xml", "endnote_xml", 2, "endnote:11111111"),
    ("zotero.bib", "bibtex", 2, None),
    ("ovid_native.ovd", "ovid", 2, "ovid_native:600000001"),
    ("endnote_tagged.enw", "endnote_tagged", 2, None),
]


@pytest.fixture
def good(test_data):
    return test_data / "import" / "good"


@pytest.mark.parametrize(("name", "fmt", "count", "first_id"), FORMAT_CASES)
def test_each_format(good, name, fmt, count, first_id):
    assert detect_format(good / name) == fmt
    df = read_file(good / name, display_path=f"good/{name}")
    assert list(df.columns) == list(RECORD_COLUMNS)
    assert len(df) == count
    first = df.iloc[0]
    assert first["title"].rstrip(".") in (TITLE, TITLE + " of trust", TITLE.replace("q", "Q", 1))
    assert first["year"] == 2019
    assert first["doi"] == "10.1234/jsc.2019.0101"
    assert first["source_file"] == f"good/{name}"
    assert len(first["source_sha256"]) == 64
    if first_id:
        assert first["record_id"] == first_id
    else:
        assert first["record_id"].startswith(f"{name.split('.')[0]}:h")


def test_formats_list_is_documented():
    assert {c[1] for c in FORMAT_CASES} <= set(FORMATS)
    assert all(FORMATS[name] for name in FORMATS)


def test_ris_fields_and_extra(good):
    df = read_file(good / "basic.ris")
    first = df.iloc[0]
    assert first["authors"] == ["Alder, Jane", "Birch, Tom"]
    assert first["journal"] == "Journal of Social Care"
    assert (first["volume"], first["issue"], first["pages"]) == ("12", "3", "101-115")
    assert first["issn"] == "1234-5678"
    assert first["keywords"] == ["peer support", "homelessness"]
    assert first["accession"] == "100001"
    assert first["extra"] == {"TY": ["JOUR"]}  # every other tag went to a canonical column
    assert df.iloc[1]["type"] == "conference"
    assert list(df["source_line"]) == [1, 19]


def test_repeated_tags_keep_every_value(good):
    first = read_file(good / "repeated_tags.ris").iloc[0]
    assert first["issn"] == "1234-5678; 8765-4321"
    assert first["isbn"] == "9783161484100"
    assert first["journal"] == "Journal of Social Care"
    assert first["extra"]["JO"] == ["Journal of Social Care", "J Soc Care"]


def test_multiline_values_keep_their_lines(good):
    first = read_file(good / "multiline.ris").iloc[0]
    assert first["abstract"] == (
        "Background: peer workers bring lived experience.\n"
        "Methods: interviews with 12 workers.\nResults: three themes."
    )


def test_ovid_headers_and_trailing_tag(good):
    df = read_file(good / "ovid_header_and_trailing.ris")
    assert len(df) == 2
    assert list(df["source_line"]) == [2, 24]
    assert df.iloc[0]["extra"]["NL"] == ["J Soc Care"]


def test_loose_tag_lines_are_read(good):
    first = read_file(good / "loose_tags.ris").iloc[0]
    assert first["authors"] == ["Alder, Jane", "Birch, Tom"]
    assert first["keywords"] == ["peer support", "homelessness"]


def test_year_words_give_missing_year(good):
    first = read_file(good / "year_words.ris").iloc[0]
    assert first["year"] is None or str(first["year"]) == "<NA>"
    assert first["extra"]["PY"] == ["in press"]


def test_record_without_accession_gets_content_hash(good):
    a = read_file(good / "no_accession.ris", source_id="x").iloc[0]["record_id"]
    b = read_file(good / "basic.ris", source_id="x").iloc[1]["record_id"]
    assert a == b
    assert a.startswith("x:h")
    assert len(a) == len("x:h") + 12


def test_repeated_accession_gets_suffix(tmp_path, good):
    text = (good / "basic.ris").read_text()
    first = text.split("\n\n")[0] + "\n"
    (tmp_path / "twice.ris").write_text(first + "\n" + first + "\n" + first)
    ids = list(read_file(tmp_path / "twice.ris", source_id="s")["record_id"])
    assert ids == ["s:100001", "s:100001~2", "s:100001~3"]


def test_nbib(good):
    df = read_file(good / "pubmed.nbib")
    first = df.iloc[0]
    assert first["title"] == TITLE + " of trust."
    assert first["authors"] == ["Alder, Jane", "Birch, Tom"]
    assert first["pmid"] == "11111111"
    assert first["type"] == "review"
    assert first["keywords"] == ["Peer Group", "homelessness"]
    assert first["extra"]["AU"] == ["Alder J", "Birch T"]
    assert list(df["source_line"]) == [2, 27]


def test_wos_plain_and_tab_agree(good):
    plain = read_file(good / "wos_plain.txt", source_id="w")
    tab = read_file(good / "wos_tab_utf16le.txt", source_id="w")
    columns = ["record_id", "title", "authors", "year", "journal", "doi", "pages", "issn", "type"]
    assert plain[columns].to_dict("records") == tab[columns].to_dict("records")
    assert plain.iloc[0]["extra"]["CR"] == [
        "Smith J, 2001, J SOC CARE, V1, P1",
        "Jones K, 2005, J SOC CARE, V5, P9",
    ]
    assert plain.iloc[1]["type"] == "review"


def test_scopus_csv(good):
    df = read_file(good / "scopus.csv")
    assert df.iloc[0]["abstract"] == "Peer workers bring lived experience.\nSecond paragraph."
    assert df.iloc[0]["keywords"] == ["peer support", "homelessness"]
    assert df.iloc[0]["pmid"] == "11111111"
    assert list(df["source_line"]) == [2, 4]  # the quoted abstract spans two lines
    second = df.iloc[1]
    assert second["abstract"] == ""  # Scopus's "[No abstract available]" placeholder
    assert second["pages"] == "e12"
    assert second["type"] == "review"


def test_embase_csv_source_is_split(good):
    first = read_file(good / "embase.csv").iloc[0]
    assert (first["journal"], first["volume"], first["issue"], first["pages"]) == (
        "Journal of Social Care",
        "12",
        "3",
        "101-115",
    )
    assert first["keywords"] == ["peer support", "homelessness (epidemiology, prevention)", "human"]


def test_zotero_csv(good):
    first = read_file(good / "zotero.csv").iloc[0]
    assert first["pmid"] == "11111111"
    assert first["extra"]["Key"] == ["ABCD1234"]


def test_generic_csv_ids(good):
    df = read_file(good / "generic.csv")
    assert list(df["record_id"]) == ["id_0000001", "id_0000002"]
    assert df.iloc[0]["abstract"] == "Peer workers bring\nlived experience."
    assert df.iloc[1]["type"] == "conference"
    df = read_file(good / "generic.csv", source_id="bench")
    assert list(df["record_id"]) == ["bench:id_0000001", "bench:id_0000002"]


def test_endnote_xml(good):
    df = read_file(good / "endnote.xml")
    first = df.iloc[0]
    assert first["title"] == TITLE
    assert first["pmid"] == "11111111"
    assert first["extra"]["caption"] == ["Duplicate"]
    assert first["extra"]["ref-type-name"] == ["Journal Article"]
    assert df.iloc[1]["type"] == "conference"


def test_bibtex(good):
    df = read_file(good / "zotero.bib")
    first = df.iloc[0]
    assert first["title"] == "Peer workers in homelessness services: a Qualitative study"
    assert first["raw"] == {"title": "Peer workers in homelessness services: a {Q}ualitative study"}
    assert first["pages"] == "101-115"
    assert first["extra"]["ID"] == ["alder2019"]
    assert df.iloc[1]["journal"] == "Proceedings of the Recovery Conference"


def test_endnote_tagged_record_without_type_line(good):
    df = read_file(good / "endnote_tagged.enw")
    assert df.iloc[1]["type"] == "other"
    assert df.iloc[1]["title"] == "Lived experience in substance-use treatment"


# --- identifiers vendors put outside the usual tags ----------------------------------------------


def test_ebsco_doi_in_l3(good):
    first = read_file(good / "ebsco_l3_doi.ris", source_id="socindex").iloc[0]
    assert first["doi"] == "10.1234/jsc.2019.0101"
    assert first["extra"]["L3"] == ["10.1234/JSC.2019.0101"]  # the raw value is kept
    assert first["record_id"] == "socindex:100001"  # the accession, from the EBSCOhost link
    assert first["issn"] == "1234-5678"
    assert first["keywords"] == ["PEER counseling", "HOMELESS persons"]


def test_l3_gives_the_doi_only_when_it_is_one(good):
    df = read_file(good / "l3_without_do.ris")
    assert df.iloc[0]["doi"] == ""  # a link to related records is no DOI
    assert df.iloc[0]["extra"]["L3"] == ["https://example.org/related/100001"]
    assert df.iloc[1]["doi"] == "10.1234/jsc.2021.0202"


def test_do_wins_over_l3(tmp_path, good):
    text = (good / "ebsco_l3_doi.ris").read_text(encoding="utf-8")
    text = text.replace("L3  - 10.1234/JSC.2019.0101", "DO  - 10.9999/other\r\nL3  - 10.1234/x")
    (tmp_path / "both.ris").write_text(text, encoding="utf-8", newline="")
    first = read_file(tmp_path / "both.ris").iloc[0]
    assert first["doi"] == "10.9999/other"
    assert first["extra"]["L3"] == ["10.1234/x"]


def test_ebsco_notes_give_language_and_pmid(good):
    first = read_file(good / "ebsco_notes.ris", source_id="cinahl").iloc[0]
    assert first["language"] == "French"
    assert first["pmid"] == "11111111"  # 'PMID: NLM11111111'
    assert first["extra"]["N1"][0].startswith("Accession Number: 100002. Language: French.")
    assert first["record_id"] == "cinahl:100002"


def test_example_ebsco_exports_carry_their_identifiers(project_root):
    exports = project_root / "resources" / "exports"
    socindex = read_file(exports / "socindex_ebscohost.ris", source_id="socindex")
    with_l3 = [extra["L3"][0].lower() for extra in socindex["extra"] if "L3" in extra]
    assert with_l3
    assert sorted(with_l3) == sorted(d for d in socindex["doi"] if d)
    cinahl = read_file(exports / "cinahl_ebscohost.ris", source_id="cinahl")
    assert (cinahl["language"] != "").all()
    notes = [re.search(r"PMID: NLM(\d+)", extra["N1"][0]) for extra in cinahl["extra"]]
    assert [n.group(1) for n in notes if n] == [p for p in cinahl["pmid"] if p]
