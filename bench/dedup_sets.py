"""The labelled deduplication sets in ../shared/data and how a clustering is scored against them.

Records are read with the project's importer (``prismake.importer.read_file``). These label
conventions are in use (see ../shared/data/MANIFEST.md):

* **groups** (bib-dedupe ``merged_record_ids.csv``): every true duplicate group is listed; records
  not listed are singletons. Scored pairwise: a pair of records is positive when both sit in one
  group. Removable duplicates are records minus one kept record per group.
* **asysd** (``asysd/labelled_test_set.csv``): the diabetes records in ASySD's own layout, scored
  against the bib-dedupe diabetes groups (record_id N is bib-dedupe ``id_000000N``).
* **silver** (``citesource_silver``, run only when asked for): CiteSource's six benchmark searches
  with the groups that ASySD made of them. A tool made these groups, not people, so a
  disagreement may be the labels' error; the benchmark README says what each one was.
* **Respiratory.xml** holds, in file order, the records of bib-dedupe's respiratory CSV, so it is
  scored against bib-dedupe's re-checked groups (the original flags miss some duplicates).
* **flags** (EndNote XML ``caption = Duplicate``, copper.xml): every member of a duplicate set
  is flagged,
  groups are not given. Scored per record: a record is predicted a duplicate when its predicted
  cluster has two or more members; precision, recall and F1 are over records. A predicted
  cluster that holds an unflagged record together with any other record certainly joins two true
  groups, so such clusters are counted as false merges (a lower bound: two flagged groups merged
  into one cannot be seen without groups). Removable recall needs groups and is not given.

bib-dedupe's ``search_set`` column (tests_data) says which records were deduplicated before:
records of one set are never the same work. The benchmark passes the same knowledge to prismake
the way a review would: the ``new_search`` records form search round 2, and every pair inside
one set is a human ``different`` decision.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from prismake.importer import read_file
from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"

GROUP_SETS = ("cytology_screening", "respiratory", "diabetes", "digital_work", "special_cases",
              "tests_data")
XML_SETS = {"copper_xml": "sra-dedupe-sweep/copper.xml",
            "respiratory_xml": "bib-dedupe/respiratory/Respiratory.xml"}
ALL_SETS = (*GROUP_SETS, "asysd_diabetes", *XML_SETS)
PAIR_CASES = SHARED / "bib-dedupe" / "tests_data" / "test_cases.json"


@dataclass(frozen=True)
class LabelledSet:
    name: str
    path: Path                                  # the file prismake reads
    kind: str                                   # "groups" | "flags"
    record_ids: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...] = ()    # true groups (singletons omitted)
    flagged: frozenset[str] = frozenset()       # flag sets: ids flagged Duplicate
    native_csv: Path | None = None              # bib-dedupe's own input file, if it has one


def _groups(path: Path) -> list[list[str]]:
    frame = pd.read_csv(path, dtype=str)
    return [ids.split(";") for ids in frame["merged_ids"]]


def _extra(records: pd.DataFrame, key: str) -> list[str]:
    out = []
    for extra in records["extra"]:
        value = (extra or {}).get(key, [""])
        out.append(value[0] if isinstance(value, list) and value else str(value or ""))
    return out


def load(name: str) -> tuple[pd.DataFrame, LabelledSet, pd.DataFrame | None]:
    """``(records, labels, decisions)`` of one labelled set (decisions may be None)."""
    if name in GROUP_SETS:
        folder = SHARED / "bib-dedupe" / name
        path = folder / "records_pre_merged.csv"
        records = read_file(path)
        labels = LabelledSet(name, path, "groups", tuple(records["record_id"]),
                             groups=tuple(map(tuple, _groups(folder / "merged_record_ids.csv"))),
                             native_csv=path)
        records, decisions = apply_search_sets(records)
        return records, labels, decisions
    if name == "citesource_silver":
        return (*_citesource_silver(), None)
    if name == "asysd_diabetes":
        path = SHARED / "asysd" / "labelled_test_set.csv"
        records = read_file(path)
        by_bib = {f"id_{int(r):07d}": r for r in records["record_id"]}
        groups = [[by_bib[i] for i in g if i in by_bib]
                  for g in _groups(SHARED / "bib-dedupe" / "diabetes" / "merged_record_ids.csv")]
        return records, LabelledSet(name, path, "groups", tuple(records["record_id"]),
                                    groups=tuple(tuple(g) for g in groups)), None
    path = SHARED / XML_SETS[name]
    records = read_file(path)
    if name == "respiratory_xml":
        regrouped = _respiratory_groups(records)
        if regrouped is not None:
            return records, LabelledSet(name, path, "groups", tuple(records["record_id"]),
                                        groups=regrouped), None
    captions = _extra(records, "caption")
    flagged = frozenset(r for r, c in zip(records["record_id"], captions, strict=True)
                        if c.strip().lower() == "duplicate")
    return records, LabelledSet(name, path, "flags", tuple(records["record_id"]),
                                flagged=flagged), None


def _citesource_silver() -> tuple[pd.DataFrame, LabelledSet]:
    """CiteSource's benchmark searches with the duplicate groups ASySD made of them.

    CiteSource's vignette reads the six RIS files in name order and numbers their records from
    1001; its export lists each merged record's input numbers. The numbering is checked here:
    every record's title must be found in its group's title, else the set is refused.
    """
    folder = SHARED / "citesource"
    files = sorted((folder / "new_benchmark_data").glob("*.ris"))
    records = pd.concat([read_file(f) for f in files], ignore_index=True)
    records["record_id"] = [str(1001 + i) for i in range(len(records))]
    export = pd.read_csv(folder / "vignette_exports" / "citesource_benchmark_export.csv",
                         dtype=str, keep_default_na=False)
    groups = [ids.split(", ") for ids in export["record_ids"]]
    titles = dict(zip(records["record_id"], records["title"].str.lower(), strict=True))
    for ids, title in zip(groups, export["title"].str.lower(), strict=True):
        if any(fuzz.token_set_ratio(titles.get(i, ""), title) < 80 for i in ids):
            raise ValueError(f"citesource_silver: records {ids} do not match {title!r}")
    labels = LabelledSet("citesource_silver", folder / "new_benchmark_data", "groups",
                         tuple(records["record_id"]),
                         groups=tuple(tuple(g) for g in groups if len(g) > 1))
    return records, labels


def _respiratory_groups(records: pd.DataFrame):
    """bib-dedupe's re-checked respiratory groups, mapped onto Respiratory.xml by position.

    Respiratory.xml is Rathbone's original library; bib-dedupe's respiratory CSV holds the same
    1,988 records in the same order (checked title by title here). The original ``Duplicate``
    flags miss duplicates that the re-checked groups have, so the groups are used; if the
    records do not line up, None is returned and the flags are used instead.
    """
    folder = SHARED / "bib-dedupe" / "respiratory"
    csv = pd.read_csv(folder / "records_pre_merged.csv", dtype=str, keep_default_na=False)
    if len(csv) != len(records) or any(
        a.strip() != b.strip() for a, b in zip(csv["title"], records["title"], strict=True)
    ):
        return None
    by_csv = dict(zip(csv["ID"], records["record_id"], strict=True))
    return tuple(tuple(by_csv[i] for i in g) for g in _groups(folder / "merged_record_ids.csv"))


def apply_search_sets(records: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Translate bib-dedupe's ``search_set`` into search rounds and ``different`` decisions."""
    sets = _extra(records, "search_set")
    if not any(sets):
        return records, None
    rounds = [2 if s == "new_search" else 1 for s in sets]
    records = records.assign(search_round=rounds)
    rows = []
    members: dict[str, list[str]] = {}
    for rid, s in zip(records["record_id"], sets, strict=True):
        if s:
            members.setdefault(s, []).append(rid)
    for s, ids in sorted(members.items()):
        for a, b in itertools.combinations(sorted(ids), 2):
            rows.append({"record_id_a": a, "record_id_b": b, "decision": "different",
                         "reviewer": "search_set", "note": f"both in search set {s!r}"})
    return records, (pd.DataFrame(rows) if rows else None)


def to_bib_dedupe(records: pd.DataFrame) -> pd.DataFrame:
    """Canonical records in bib-dedupe's input layout (ID = record_id)."""
    kinds = {"conference": "inproceedings", "book": "book", "chapter": "incollection",
             "thesis": "phdthesis", "report": "techreport"}
    frame = pd.DataFrame({
        "ID": records["record_id"].astype(str),
        "ENTRYTYPE": [kinds.get(str(t), "article") for t in records["type"]],
        "title": records["title"], "author": [" and ".join(a) for a in records["authors"]],
        "year": [("" if pd.isna(y) else str(int(y))) for y in records["year"]],
        "journal": records["journal"], "volume": records["volume"], "number": records["issue"],
        "pages": records["pages"], "abstract": records["abstract"], "doi": records["doi"],
    })
    return frame.astype(str)


# --- scoring ---------------------------------------------------------------------------------

def _pairs(groups) -> set[tuple[str, str]]:
    out = set()
    for group in groups:
        out.update(itertools.combinations(sorted(set(group)), 2))
    return out


def evaluate(labelled: LabelledSet, clusters: dict[str, str]) -> dict:
    """Scores of a predicted clustering ``record_id -> cluster label`` against the labels."""
    missing = set(labelled.record_ids) - set(clusters)
    if missing:
        raise ValueError(f"{labelled.name}: {len(missing)} records have no cluster")
    members: dict[str, list[str]] = {}
    for rid in labelled.record_ids:
        members.setdefault(clusters[rid], []).append(rid)
    predicted = [m for m in members.values() if len(m) > 1]
    if labelled.kind == "groups":
        true_pairs = _pairs(labelled.groups)
        pred_pairs = _pairs(predicted)
        tp = len(true_pairs & pred_pairs)
        precision = tp / len(pred_pairs) if pred_pairs else 1.0
        recall = tp / len(true_pairs) if true_pairs else 1.0
        group_of = {rid: i for i, g in enumerate(labelled.groups) for rid in g}
        false_merges = sum(
            1 for m in predicted if len({group_of.get(r, f"single:{r}") for r in m}) > 1
        )
        # removable duplicates found: in each true group, the records beyond one per predicted
        # cluster (a group split in two clusters leaves two records to keep, not one)
        removable = sum(len(g) - 1 for g in labelled.groups)
        found = sum(
            sum(size - 1 for size in Counter(clusters[r] for r in g).values())
            for g in labelled.groups
        )
        removable_recall = found / removable if removable else 1.0
    else:
        flagged = labelled.flagged
        predicted_dup = {r for m in predicted for r in m}
        tp = len(predicted_dup & flagged)
        precision = tp / len(predicted_dup) if predicted_dup else 1.0
        recall = tp / len(flagged) if flagged else 1.0
        false_merges = sum(1 for m in predicted if any(r not in flagged for r in m))
        removable_recall = float("nan")
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1,
            "removable_recall": removable_recall, "false_merges": false_merges,
            "clusters": len(members)}


# --- bib-dedupe's pairwise test cases ---------------------------------------------------------

@dataclass(frozen=True)
class PairCase:
    """Two records and whether they are one work, with the reason, from bib-dedupe's cases."""

    id: str
    note: str
    expected: bool
    records: pd.DataFrame   # as prismake's importer reads them (record ids "a" and "b")
    native: pd.DataFrame    # bib-dedupe's input layout (IDs "a" and "b")


def pair_cases(path: Path = PAIR_CASES) -> list[PairCase]:
    """The cases of ``test_cases.json``, each read the way a user's export would be read."""
    cases = json.loads(path.read_text(encoding="utf-8"))["cases"]
    out = []
    with tempfile.TemporaryDirectory() as folder:
        for case in cases:
            rows = [{**case["record_a"], "ID": "a"}, {**case["record_b"], "ID": "b"}]
            native = pd.DataFrame(rows).fillna("").astype(str)
            csv = Path(folder) / f"{case['id']}.csv"
            native.to_csv(csv, index=False)
            out.append(PairCase(case["id"], case["note"], bool(case["expected_duplicate"]),
                                read_file(csv), native))
    return out
