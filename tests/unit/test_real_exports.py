"""Every bibliographic export in ../shared/data is imported and its record count asserted.

The shared folder's MANIFEST.md gives a *marker count* per file (RIS ``ER`` lines, ``PMID-`` lines,
``<record>`` elements, CSV rows, ...). Where our count or our verdict differs from it, the case is
listed in :data:`DISCREPANCIES` or :data:`REFUSED` with the reason and which side is right.
Every file of the folder is classified: :data:`COUNTS`, :data:`REFUSED` or :data:`OUT_OF_SCOPE`
(a test fails when a new file appears unclassified). The tests skip, with the reason, when
../shared/data is absent.

Out of scope (not bibliographic exports, or not text exports):

* ``bib-dedupe/*/merged_record_ids.csv``: duplicate-group labels (lists of record ids), no records;
* ``bib-dedupe/tests_data/test_cases.json``: pairwise dedup test cases (JSON);
* ``clef-tar-2017/*``, ``clef-tar-2019/*``: TREC qrels (topic, PMID, relevance) and a topic list;
* ``synergy/*_ids.csv``, ``synergy/index.csv``, ``synergy/index.json``: screening labels keyed by
  DOI/OpenAlex id/PMID with no titles, and the dataset index;
* ``expertsearchers/pmid.txt``: a bare PMID list; ``expertsearchers/README.md``,
  ``colrev/loader/md_data.md``: prose;
* ``asreview/project_files/*.asreview``: an ASReview project (zip with SQLite);
* ``reflib/blue-light.enlx``: an EndNote library (zip), not an export; ``reflib/blue-light.json``
  and ``colrev/search_sources/google_scholar.json``: JSON dumps of other tools;
* ``colrev/loader/xlsx_data.xlsx``: a spreadsheet;
* ``refi-qda/*``: qualitative-coding project files (REFI-QDA), handled elsewhere.

Importing any of these is still a clean error (binary file, unknown format, missing column), as
:func:`test_out_of_scope_files_are_refused_cleanly` checks.
"""

from __future__ import annotations

import logging
import re

import pytest
import rispy
from prismake.errors import PrismakeError
from prismake.importer import detect_format, read_file

pytestmark = pytest.mark.shared_data

# Record counts, file by file. All equal the manifest's marker count except DISCREPANCIES.
COUNTS: dict[str, int] = dict(
    [
        ("bib-dedupe/diabetes/records_pre_merged.csv", 1845),  # not in the manifest's table
        ("colrev/loader/enl_data.enl", 3),
        ("colrev/search_sources/ais_enl.txt", 6),
        ("asreview-datatools/dataset_1.ris", 6),
        ("asreview-datatools/dataset_2.ris", 8),
        ("asreview-datatools/duplicate_data_with_doi.csv", 5),
        ("asreview-datatools/duplicate_data_without_doi.csv", 5),
        ("asreview-datatools/sample_data.csv", 6),
        ("asreview-datatools/snowballing_doi.csv", 2),
        ("asreview-datatools/snowballing_openalex.csv", 2),
        ("asreview/demo_data/_baseline.ris", 100),
        ("asreview/demo_data/baseline_empty_values.ris", 4),
        ("asreview/demo_data/baseline_reference_types.ris", 61),
        ("asreview/demo_data/baseline_tag-notes.ris", 12),
        ("asreview/demo_data/baseline_tag-notes_labels.ris", 32),
        ("asreview/demo_data/baseline_tag-notes_zotero.ris", 4),
        ("asreview/demo_data/baseline_tag_and_field_definitions_lists.ris", 1),
        ("asreview/demo_data/baseline_zotero.ris", 100),
        ("asreview/demo_data/duplicate_records.csv", 14),
        ("asreview/demo_data/embase.csv", 6),
        ("asreview/demo_data/embase.ris", 6),
        ("asreview/demo_data/embase_newpage.csv", 6),
        ("asreview/demo_data/missing_values.csv", 4),
        ("asreview/demo_data/ovid_psycinfo.ris", 6),
        ("asreview/demo_data/ovid_zotero.ris", 6),
        ("asreview/demo_data/proquest.ris", 6),
        ("asreview/demo_data/pubmed_endnote.txt", 6),
        ("asreview/demo_data/pubmed_zotero.ris", 6),
        ("asreview/demo_data/record_id.csv", 10),
        ("asreview/demo_data/ris_issue_1099.txt", 7),
        ("asreview/demo_data/ris_issue_992.txt", 19),
        ("asreview/demo_data/ris_many_authors.ris", 1),
        ("asreview/demo_data/scopus.ris", 6),
        ("asreview/demo_data/web_of_science.txt", 10),
        ("asysd/data_ris_export_2024-01-03.txt", 821),
        ("asysd/labelled_test_set.csv", 1845),
        ("asysd/mendeley_export.xml", 1233),
        ("asysd/ris_export.txt", 69),
        ("asysd/scopus.ris", 10),
        ("asysd/test_export.bib", 3),
        ("asysd/test_export.csv", 3),
        ("asysd/test_export.ris", 3),
        ("asysd/test_export.txt", 3),
        ("asysd/wos_test.ris", 50),
        ("asysd/zotero_export.bib", 1000),
        ("asysd/zotero_export.csv", 1233),
        ("asysd/zotero_export.ris", 1000),
        ("asysd/zotero_export.xml", 1233),
        ("bib-dedupe/cytology_screening/records_pre_merged.csv", 1856),
        ("bib-dedupe/digital_work/records_pre_merged.csv", 7159),
        ("bib-dedupe/respiratory/Respiratory.xml", 1988),
        ("bib-dedupe/respiratory/records_pre_merged.csv", 1988),
        ("bib-dedupe/special_cases/records_pre_merged.csv", 12),
        ("bib-dedupe/tests_data/records_pre_merged.csv", 9),
        ("bibliometrix/historic/garfield_scopus.bib", 219),
        ("bibliometrix/historic/scopus_export.bib", 46),
        ("bibliometrix/historic/wos_savedrecs.bib", 300),
        ("bibliometrix/lens_sample.csv", 8),
        ("bibliometrix/openalex_sample.csv", 8),
        ("bibliometrix/scopus_sample.csv", 8),
        ("bibliometrix/wos_sample.txt", 8),
        ("citesource/new_benchmark_data/benchmark_15.ris", 15),
        ("citesource/new_benchmark_data/search1_166.ris", 166),
        ("citesource/new_benchmark_data/search2_278.ris", 278),
        ("citesource/new_benchmark_data/search3_302.ris", 302),
        ("citesource/new_benchmark_data/search4_460.ris", 460),
        ("citesource/new_benchmark_data/search5_495.ris", 495),
        ("citesource/new_stage_data/Dimensions_246.ris", 246),
        ("citesource/new_stage_data/econlit_3.ris", 3),
        ("citesource/new_stage_data/envindex_100.ris", 100),
        ("citesource/new_stage_data/final_24.ris", 24),
        ("citesource/new_stage_data/lens_343.ris", 343),
        ("citesource/new_stage_data/medline_84.ris", 84),
        ("citesource/new_stage_data/screened_128.ris", 128),
        ("citesource/new_stage_data/wos_278.ris", 278),
        ("citesource/tests/1_WoS.ris", 219),
        ("citesource/topic_data/20221207_gambling-harms_crimjust_41.ris", 41),
        ("citesource/topic_data/20221207_gambling-harms_lens_49.ris", 49),
        ("citesource/topic_data/20221207_gambling-harms_psycinfo_124.ris", 124),
        ("citesource/topic_data/20221207_gambling-harms_pubmed_176.ris", 176),
        ("citesource/topic_data/20221207_gambling-harms_scopus_255.ris", 255),
        ("citesource/valid_data/WoS_79.ris", 79),
        ("citesource/valid_data/benchmark.ris", 13),
        ("citesource/valid_data/psycinfo_64.ris", 64),
        ("citesource/valid_data/pubmed_46.ris", 46),
        ("citesource/vignette_exports/citesource_benchmark_export.csv", 499),
        ("citesource/working_example_data/AGRIS.ris", 12),
        ("citesource/working_example_data/CAB.ris", 687),
        ("citesource/working_example_data/EconLit.ris", 50),
        ("citesource/working_example_data/GreenFile.ris", 139),
        ("colrev/dedupe/records.bib", 21),
        ("colrev/loader/bib_data.bib", 6),
        ("colrev/loader/csv_data.csv", 2),
        ("colrev/loader/enl_data_expected.bib", 3),
        ("colrev/loader/nbib_data.nbib", 1),
        ("colrev/search_files/pubmed-chatbot.csv", 6),
        ("colrev/search_sources/abi_inform_proquest_bib.bib", 2),
        ("colrev/search_sources/abi_inform_proquest_bib_result.bib", 2),
        ("colrev/search_sources/abi_inform_proquest_ris.ris", 2),
        ("colrev/search_sources/abi_inform_proquest_ris_result.bib", 2),
        ("colrev/search_sources/ais_enl_result.bib", 6),
        ("colrev/search_sources/crossref_bib.bib", 1),
        ("colrev/search_sources/crossref_bib_result.bib", 1),
        ("colrev/search_sources/dblp_bib.bib", 2),
        ("colrev/search_sources/dblp_bib_result.bib", 2),
        ("colrev/search_sources/eric_nbib.nbib", 1),
        ("colrev/search_sources/eric_nbib_result.bib", 1),
        ("colrev/search_sources/europe_pmc_bib.bib", 2),
        ("colrev/search_sources/europe_pmc_bib_result.bib", 2),
        ("colrev/search_sources/files_dir_bib.bib", 3),
        ("colrev/search_sources/files_dir_bib_result.bib", 3),
        ("colrev/search_sources/google_scholar_result.bib", 7),
        ("colrev/search_sources/ieee_csv.csv", 2),
        ("colrev/search_sources/ieee_csv_result.bib", 2),
        ("colrev/search_sources/ieee_ris.ris", 2),
        ("colrev/search_sources/ieee_ris_result.bib", 2),
        ("colrev/search_sources/jstor_ris.ris", 4),
        ("colrev/search_sources/jstor_ris_result.bib", 4),
        ("colrev/search_sources/psycinfo_ris.ris", 1),
        ("colrev/search_sources/psycinfo_ris_result.bib", 1),
        ("colrev/search_sources/pubmed_csv.csv", 1),
        ("colrev/search_sources/pubmed_csv_result.bib", 1),
        ("colrev/search_sources/scopus_bib.bib", 11),
        ("colrev/search_sources/scopus_bib_result.bib", 11),
        ("colrev/search_sources/springer_csv.csv", 1),
        ("colrev/search_sources/springer_csv_result.bib", 1),
        ("colrev/search_sources/taylor_and_francis_bib.bib", 2),
        ("colrev/search_sources/taylor_and_francis_bib_result.bib", 2),
        ("colrev/search_sources/trid_ris.ris", 3),
        ("colrev/search_sources/trid_ris_result.bib", 3),
        ("colrev/search_sources/unknown_source_bib.bib", 1),
        ("colrev/search_sources/unknown_source_bib_result.bib", 1),
        ("colrev/search_sources/web_of_science_bib.bib", 2),
        ("colrev/search_sources/web_of_science_bib_result.bib", 2),
        ("colrev/search_sources/wiley_bib.bib", 2),
        ("colrev/search_sources/wiley_bib_result.bib", 2),
        ("expertsearchers/Embase_citavi_r3001-3002.ovd", 2),
        ("expertsearchers/Embase_endnote_r3001-3002.cgi", 2),
        ("expertsearchers/WoS_other_reference_software_r0001-0500.txt", 500),
        ("expertsearchers/WoS_other_reference_software_r4001-4012.txt", 12),
        ("metaknowledge/OnePaper.isi", 1),
        ("metaknowledge/ProQuest_TestFile.testtxt", 100),
        ("metaknowledge/TwoPaper.isi", 2),
        ("metaknowledge/savedrecs.txt", 32),
        ("metaknowledge/scopus_testing.csv.scopus", 220),
        ("rayyan_cpm_auc/rayyan_pilot.csv", 50),
        ("reflib-node/bold.xml", 3),
        ("reflib-node/cancer.nbib", 20),
        ("reflib/Dump-Converted_test.xml", 25),
        ("reflib/SpiderCite_demo.xml", 10),
        ("reflib/blue-light.nbib", 80),
        ("reflib/blue-light.ris", 102),
        ("reflib/blue-light.xml", 102),
        ("reflib/multipart.xml", 1),
        ("revtools/avian_ecology_bibliography.ris", 20),
        ("revtools/restoration_WoS.ciw", 247),
        ("revtools/restoration_pubmed.nbib", 104),
        ("revtools/restoration_scopus.ris", 286),
        ("rispy/example_basic.ris", 1),
        ("rispy/example_bom.ris", 1),
        ("rispy/example_custom_list_tags.ris", 1),
        ("rispy/example_empty_tag.ris", 1),
        ("rispy/example_extraneous_data.ris", 2),
        ("rispy/example_full.ris", 2),
        ("rispy/example_full_without_whitespace.ris", 2),
        ("rispy/example_full_write.ris", 2),
        ("rispy/example_multi_unknown_tags.ris", 1),
        ("rispy/example_multiline.ris", 3),
        ("rispy/example_single_unknown_tag.ris", 1),
        ("rispy/example_starting_newlines.ris", 1),
        ("rispy/example_urls.ris", 4),
        ("rispy/example_utf_chars.ris", 1),
        ("rispy/example_wos.ris", 2),
        ("sra-dedupe-sweep/copper.xml", 505),
        ("synthesisr/scopus.ris", 92),
        ("synthesisr/zoorec.txt", 134),
        ("wosfile/wos_plaintext.txt", 50),
        ("wosfile/wos_tab_delimited_win_utf16.txt", 50),
        ("wosfile/wos_tab_delimited_win_utf8.txt", 50),
    ]
)

#: Files where our count differs from the manifest's marker count, and why ours is right.
DISCREPANCIES = {
    "colrev/loader/enl_data.enl": (
        2,
        "the marker count counts '%0' lines; the third block (a table of contents entry with "
        "%T, %B, %D, %U) lacks its %0 type line but is a complete record. CoLRev's own expected "
        "output for this file (enl_data_expected.bib) holds 3 entries.",
    ),
    "colrev/search_sources/ais_enl.txt": (
        2,
        "the marker count counts '%0' lines; 4 of the 6 records have no %0 line. CoLRev's "
        "expected output (ais_enl_result.bib) holds 6 entries, as we read.",
    ),
}

#: Files the importer refuses, with the message, and which count is right.
REFUSED = {
    "asreview/demo_data/faulty_year.ris": (
        r"line 1: field 'PY' holds no publication year; found '10 15'",
        "1 record (marker count right); ASReview's fixture for a broken year, which we report "
        "instead of importing a record without its year.",
    ),
    "asreview/demo_data/baseline_tag_and_field_definitions.ris": (
        r"line 66: tag 'ER' outside a record",
        "the marker count (2 'ER' lines) is wrong: there is one record, whose tag-definition "
        "lines include 'ER  - End of Reference'; that line closes it early, so the file is not "
        "a valid export (a tag list, not data).",
    ),
    "colrev/loader/ris_data.ris": (
        r"line 26: the record that starts at line 2 has no end tag before the next 'TY'",
        "the marker count (1 'ER') is wrong: two records start ('TY'), the first is never closed; "
        "the file is cut, so no count is right.",
    ),
    "colrev/search_sources/acm_bib.bib": (
        r"line 20: field 'year' holds no publication year; found '888'",
        "2 entries (marker count right), but CoLRev's placeholder year 888 is no publication year.",
    ),
    "colrev/search_sources/acm_bib_result.bib": (
        r"field 'year' holds no publication year; found '888'",
        "as acm_bib.bib (CoLRev's expected output keeps the placeholder year).",
    ),
    "colrev/search_sources/ebsco_bib.bib": (
        r"line 15: a BibTeX entry that does not parse",
        "2 entries (marker count right), but the second's 'Keywords' value (scraped page script) "
        "closes braces before opening them, so no BibTeX reader can tell where it ends.",
    ),
    "colrev/search_sources/ebsco_bib_result.bib": (
        r"line 1: a BibTeX entry that does not parse",
        "as ebsco_bib.bib, same value copied.",
    ),
    "metaknowledge/medline_test.medline": (
        r"line 14936: the last record \(line 14925\) has no 'SO' line: it was cut off",
        "the marker count (175 'PMID-' lines) counts a record the file cuts off mid-word "
        "('endometriu'): 174 complete records. We refuse rather than drop it silently.",
    ),
    "metaknowledge/testFile.isi": (
        r"line 416: not a Web of Science tag line; found 'AUGilles, H'",
        "metaknowledge's test file holds a record whose 'AU' tag has lost its space; 34 'ER' "
        "markers, but that record cannot be read faithfully.",
    ),
    "metaknowledge/badFile.isi": (
        r"ends without its 'EF' line",
        "deliberately malformed (a 'CR' tag removed, the closing 'EF' removed): a WoS export "
        "without 'EF' may have lost records after the last 'ER', so the 32 can't be trusted.",
    ),
    **{
        f"asreview/demo_data/{name}": (
            r"duplicate id '12345': the rows at lines 2 and 3 share it",
            "synthetic ASReview fixtures whose rows all carry id 12345; ids must be unique.",
        )
        for name in (
            "generic.csv",
            "generic_bad_record_id.csv",
            "generic_column_names_with_spaces.csv",
            "generic_labels.csv",
            "generic_labels_no_abs.csv",
            "generic_partial_labels.csv",
            "generic_semicolon.csv",
            "generic_tab.csv",
            "generic_tab.tab",
            "generic_tab.tsv",
        )
    },
    "asreview/demo_data/generic_labels_no_title.csv": (
        r"line 1: missing required column 'title'",
        "synthetic fixture without a title column (6 rows).",
    ),
}

OUT_OF_SCOPE = re.compile(
    r"^(bib-dedupe/.*/merged_record_ids\.csv|bib-dedupe/tests_data/test_cases\.json"
    r"|clef-tar-20\d\d/.*|synergy/.*|expertsearchers/(pmid\.txt|README\.md)"
    r"|colrev/loader/(md_data\.md|xlsx_data\.xlsx)|asreview/project_files/.*"
    r"|reflib/blue-light\.(enlx|json)|colrev/search_sources/google_scholar\.json|refi-qda/.*"
    r"|MANIFEST\.md|PUBLISHED_NUMBERS\.md)$"
)


def _files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_every_file_is_classified(shared_data):
    unclassified = [
        name
        for name in _files(shared_data)
        if name not in COUNTS and name not in REFUSED and not OUT_OF_SCOPE.match(name)
    ]
    assert unclassified == []


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_record_count(shared_data, name, caplog):
    caplog.set_level(logging.ERROR)
    df = read_file(shared_data / name, display_path=name)
    assert len(df) == COUNTS[name]
    assert df["record_id"].is_unique
    assert (df["source_file"] == name).all()


def test_counts_differ_from_the_manifest_only_where_documented(shared_data):
    text = (shared_data / "MANIFEST.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| `([^`]+)` \| `[^`]*` \| `[0-9a-f]+` \| [^|]* \| ([\d,]+) \|", text, re.M
    )
    manifest = {name: int(count.replace(",", "")) for name, count in rows}
    differ = {
        n: (manifest[n], COUNTS[n]) for n in COUNTS if n in manifest and manifest[n] != COUNTS[n]
    }
    assert {n: m for n, (m, _) in differ.items()} == {n: v[0] for n, v in DISCREPANCIES.items()}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_a_clear_message(shared_data, name):
    pattern, _why = REFUSED[name]
    with pytest.raises(PrismakeError, match=pattern) as info:
        read_file(shared_data / name, display_path=name)
    assert str(info.value).startswith(name)


def test_out_of_scope_files_are_refused_cleanly(shared_data):
    for name in _files(shared_data):
        if (
            OUT_OF_SCOPE.match(name)
            and not name.endswith((".md", ".xsd"))
            and "index.csv" not in name
        ):
            with pytest.raises(PrismakeError):
                read_file(shared_data / name, display_path=name)


def test_ris_counts_agree_with_rispy(shared_data):
    """Every file read as RIS gives rispy's record count (the files named .ris or .txt that
    are Web of Science or CSV exports are left out)."""
    checked, differ = 0, []
    for name in sorted(COUNTS):
        path = shared_data / name
        if not name.endswith((".ris", ".txt")) or detect_format(path) != "ris":
            continue
        checked += 1
        found = len(rispy.load(path, encoding="utf-8-sig"))
        if found != COUNTS[name]:
            differ.append((name, found, COUNTS[name]))
    assert differ == []
    assert checked == 78  # the RIS files of the manifest (a new one changes this on purpose)


# --- the benchmark sets other stages rely on ------------------------------------------------------


@pytest.mark.parametrize(
    "dataset", ["cytology_screening", "diabetes", "digital_work", "respiratory"]
)
def test_bib_dedupe_ids_match_the_labels(shared_data, dataset):
    folder = shared_data / "bib-dedupe" / dataset
    df = read_file(folder / "records_pre_merged.csv")
    labels = (folder / "merged_record_ids.csv").read_text().split()[1:]
    labelled = {rid for row in labels for rid in row.strip('"').split(";")}
    assert labelled <= set(df["record_id"])


def test_asysd_labelled_set_cp1252(shared_data):
    df = read_file(shared_data / "asysd" / "labelled_test_set.csv")
    assert len(df) == 1845
    assert set(df["record_id"]) == {str(n) for n in range(1, 1846)}
    labels = [extra["source"][0] for extra in df["extra"]]
    assert labels.count("duplicate") == 1261
    assert labels.count("unique") == 584
    assert not any("\ufffd" in title for title in df["title"])


@pytest.mark.parametrize(
    ("name", "records", "duplicates"),
    [
        ("sra-dedupe-sweep/copper.xml", 505, 281),
        ("bib-dedupe/respiratory/Respiratory.xml", 1988, 799),
    ],
)
def test_endnote_xml_labels_survive(shared_data, name, records, duplicates):
    df = read_file(shared_data / name)
    assert len(df) == records
    assert sum(extra.get("caption") == ["Duplicate"] for extra in df["extra"]) == duplicates


def test_same_library_in_four_formats(shared_data):
    """reflib's blue-light library as EndNote RIS and EndNote XML gives the same DOIs."""
    ris = read_file(shared_data / "reflib" / "blue-light.ris")
    xml = read_file(shared_data / "reflib" / "blue-light.xml")
    assert len(ris) == len(xml) == 102
    assert sorted(ris["doi"]) == sorted(xml["doi"])


def test_ebsco_dois_in_l3(shared_data):
    """EBSCOhost (here Criminal Justice Abstracts) writes the DOI in L3, not DO."""
    path = shared_data / "citesource" / "topic_data" / "20221207_gambling-harms_crimjust_41.ris"
    df = read_file(path)
    assert len(df) == 41
    assert list(df["doi"]) == [extra["L3"][0].lower() for extra in df["extra"]]
    assert df["accession"].str.fullmatch(r"\d+").all()


def test_ebsco_notes_language_even_when_glued_to_the_next_label(shared_data):
    """EBSCO's PsycInfo notes read 'Language: EnglishMajor Descriptor: ...'."""
    df = read_file(shared_data / "citesource" / "valid_data" / "psycinfo_64.ris")
    assert set(df["language"]) <= {"English", "French", "German", "Spanish"}
    assert (df["language"] == "English").sum() > 50
    with_pmid = [extra["N1"][0] for extra in df["extra"] if "PMID: " in extra["N1"][0]]
    assert len(with_pmid) == (df["pmid"] != "").sum() > 0
