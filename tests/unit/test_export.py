"""Writing RIS and CSV, and reading them back."""

from __future__ import annotations

import pandas as pd
import pytest
import rispy
from prismake.cli import main
from prismake.exporter import write_csv, write_ris
from prismake.importer import read_file

FIELDS = [
    "type",
    "title",
    "authors",
    "year",
    "journal",
    "volume",
    "issue",
    "pages",
    "doi",
    "issn",
    "isbn",
    "abstract",
    "keywords",
    "language",
    "url",
    "accession",
]
SOURCES = [
    "basic.ris",
    "pubmed.nbib",
    "wos_plain.txt",
    "scopus.csv",
    "endnote.xml",
    "generic.csv",
    "zotero.bib",
    "repeated_tags.ris",
    "mojibake.ris",
]


@pytest.mark.parametrize("name", SOURCES)
def test_ris_round_trip(tmp_path, test_data, name):
    original = read_file(test_data / "import" / "good" / name, source_id="s")
    write_ris(original, tmp_path / "out.ris")
    again = read_file(tmp_path / "out.ris", source_id="s")
    assert again[FIELDS].to_dict("records") == original[FIELDS].to_dict("records")
    text = (tmp_path / "out.ris").read_bytes()
    assert text.startswith(b"TY  - ")
    assert b"\r\nER  - \r\n" in text


@pytest.mark.parametrize("name", SOURCES)
def test_csv_round_trip_keeps_record_ids(tmp_path, test_data, name):
    original = read_file(test_data / "import" / "good" / name, source_id="s")
    write_csv(original, tmp_path / "out.csv")
    again = read_file(tmp_path / "out.csv")
    assert list(again["record_id"]) == list(original["record_id"])
    columns = [c for c in FIELDS if c != "accession"]
    assert again[columns].to_dict("records") == original[columns].to_dict("records")


def test_writing_is_deterministic(tmp_path, test_data):
    df = read_file(test_data / "import" / "good" / "basic.ris")
    for name in ("a", "b"):
        write_ris(df, tmp_path / f"{name}.ris")
        write_csv(df, tmp_path / f"{name}.csv")
    assert (tmp_path / "a.ris").read_bytes() == (tmp_path / "b.ris").read_bytes()
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_cli_import_then_export(tmp_path, test_data, capsys):
    good = test_data / "import" / "good"
    out = tmp_path / "records.csv"
    assert (
        main(["import", str(good / "basic.ris"), str(good / "pubmed.nbib"), "--output", str(out)])
        == 0
    )
    printed = capsys.readouterr().out
    assert "basic.ris\t2 records" in printed
    assert "total\t4 records" in printed
    assert main(["export", str(out), "--output", str(tmp_path / "records.ris")]) == 0
    assert (
        main(["import", str(tmp_path / "records.ris"), "-o", str(tmp_path / "again.parquet")]) == 0
    )
    assert "records.ris\t4 records" in capsys.readouterr().out


def test_cli_bad_file_exits_non_zero_with_message(test_data, tmp_path, capsys):
    bad = test_data / "import" / "bad" / "cut_off_last_record.ris"
    assert main(["import", str(bad), "--output", str(tmp_path / "x.csv")]) == 2
    err = capsys.readouterr().err
    assert "cut_off_last_record.ris, line 23: the file ends inside the record" in err
    assert "expected 'ER  - '" in err
    assert not (tmp_path / "x.csv").exists()


def test_cli_hits_check(test_data, tmp_path, capsys):
    good = test_data / "import" / "good" / "basic.ris"
    code = main(
        [
            "import",
            str(good),
            "--source-id",
            "medline",
            "--hits",
            "3",
            "-o",
            str(tmp_path / "x.csv"),
        ]
    )
    assert code == 2
    assert "2 records parsed, but the database reported 3 hits" in capsys.readouterr().err


def test_studies_export_carries_the_study_id(tmp_path):
    studies = pd.DataFrame(
        {
            "study_id": ["S0123456789ab"],
            "type": ["article"],
            "title": ["Peer work in hostels"],
            "authors": [["Okafor, Ada"]],
            "year": pd.array([2019], dtype="Int64"),
        }
    )
    write_ris(studies, tmp_path / "s.ris")
    assert b"ID  - S0123456789ab\r\n" in (tmp_path / "s.ris").read_bytes()
    write_csv(studies, tmp_path / "s.csv")
    header, row = (tmp_path / "s.csv").read_text(encoding="utf-8").splitlines()[:2]
    assert header.startswith("study_id,type,title")
    assert row.startswith("S0123456789ab,article,Peer work in hostels")


@pytest.mark.parametrize("name", SOURCES)
def test_rispy_reads_the_ris_export(tmp_path, test_data, name):
    """rispy, the RIS reader ASReview and many other tools are built on, finds every record and
    its id, title, authors, year, DOI, abstract and keywords (it joins a value's continuation
    lines with a space, so line breaks are compared as spaces)."""
    records = read_file(test_data / "import" / "good" / name, source_id="s")
    write_ris(records, tmp_path / "out.ris")
    entries = rispy.load(tmp_path / "out.ris", encoding="utf-8")
    assert len(entries) == len(records)
    for entry, row in zip(entries, records.itertuples(), strict=True):
        year = None if pd.isna(row.year) else str(row.year)
        assert entry["id"] == row.record_id
        assert entry.get("title") == (row.title or None)
        assert entry.get("authors", []) == list(row.authors)
        assert entry.get("year") == year
        assert entry.get("doi") == (row.doi or None)
        assert entry.get("abstract") == (" ".join(row.abstract.split()) or None)
        assert entry.get("keywords", []) == list(row.keywords)
