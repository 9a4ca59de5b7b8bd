"""``prismake dedup``, ``dedup-shard`` and ``dedup-join`` on the command line."""

from __future__ import annotations

import csv

from prismake.cli import main
from prismake.tables import read_table


def _rows(path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_dedup_writes_record_id_and_study_id(test_data, tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["dedup", str(test_data / "dedup" / "exact.csv"), "--output", str(out)]) == 0
    rows = _rows(out)
    assert list(rows[0]) == ["record_id", "study_id"]
    ids = {r["record_id"]: r["study_id"] for r in rows}
    assert set(ids) == {"ex_medline", "ex_embase", "ex_other"}  # the ID column is the record id
    assert ids["ex_medline"] == ids["ex_embase"] != ids["ex_other"]
    assert "3 records -> 2 studies" in capsys.readouterr().out


def test_dedup_with_decisions_and_audit_tables(test_data, tmp_path):
    out, audit = tmp_path / "out.csv", tmp_path / "audit"
    code = main(["dedup", str(test_data / "dedup" / "many.csv"), "--output", str(out),
                 "--decisions", str(test_data / "dedup" / "decisions_valid.csv"),
                 "--audit-dir", str(audit)])
    assert code == 0
    assert sorted(p.name for p in audit.iterdir()) == [
        "clusters.csv", "pairs.csv", "review_queue.csv", "studies.csv"
    ]
    pairs = read_table(audit / "pairs.csv")
    human = pairs[pairs["decided_by"] == "human"]
    assert sorted(human["decision"]) == ["different", "same"]
    studies = read_table(audit / "studies.csv")
    assert all(isinstance(ids, list) for ids in studies["record_ids"])


def test_a_bad_decision_sheet_is_a_clear_error(test_data, tmp_path, capsys):
    code = main(["dedup", str(test_data / "dedup" / "many.csv"), "--output",
                 str(tmp_path / "out.csv"), "--decisions",
                 str(test_data / "dedup" / "decisions_bad_value.csv")])
    assert code == 2
    assert "line 2" in capsys.readouterr().err


def test_shard_and_join_give_the_dedup_output(test_data, tmp_path):
    source = str(test_data / "dedup" / "many.csv")
    single = tmp_path / "single.csv"
    assert main(["dedup", source, "--output", str(single)]) == 0
    pairs = []
    for k, suffix in ((0, ".parquet"), (1, ".csv")):
        path = tmp_path / f"pairs_{k}{suffix}"
        command = ["dedup-shard", source, "--shard", str(k), "--shards", "2", "-o", str(path)]
        assert main(command) == 0
        pairs.append(str(path))
    joined = tmp_path / "joined.csv"
    assert main(["dedup-join", source, "--pairs", *pairs, "--output", str(joined)]) == 0
    assert joined.read_bytes() == single.read_bytes()


def test_rules_come_from_the_config_dedup_section(test_data, tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text(
        "dedup:\n  decisions: resources/dedup/decisions.csv\n"
        "  rules:\n    - {name: never, decision: different, when: {title: '>= 0'}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    assert main(["dedup", str(test_data / "dedup" / "exact.csv"), "--config", str(config),
                 "--output", str(out)]) == 0
    assert len({r["study_id"] for r in _rows(out)}) == 3
