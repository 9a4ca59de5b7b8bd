"""The counts table of an imported source: the file's SHA-256 comes from its records."""

from __future__ import annotations

import hashlib

import pandas as pd
from prismake.importer import read_file
from prismake.search_log import source_summary

SOURCE = {
    "source_id": "cinahl",
    "database": "CINAHL Plus",
    "platform": "EBSCOhost",
    "file": "basic.ris",
    "search_date": "2024-01-01",
    "hits": 2,
}


def test_sha256_is_the_records_and_the_file_is_not_read_again(test_data, tmp_path):
    path = test_data / "import" / "good" / "basic.ris"
    records = read_file(path, source_id="cinahl")
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    gone = tmp_path / "moved.ris"  # no such file: hashing it would fail
    summary = source_summary(records, source=SOURCE, path=gone, format="ris")
    assert summary.loc[0, "sha256"] == expected
    assert summary.loc[0, "records"] == 2


def test_sha256_is_hashed_from_the_file_when_the_records_carry_none(test_data):
    path = test_data / "import" / "good" / "basic.ris"
    expected = hashlib.sha256(path.read_bytes()).hexdigest()
    for records in (pd.DataFrame({"record_id": []}), pd.DataFrame({"source_sha256": ["a", "b"]})):
        summary = source_summary(records, source=SOURCE, path=path, format="ris")
        assert summary.loc[0, "sha256"] == expected
