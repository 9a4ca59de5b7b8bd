"""Import speed and memory: prismake's importer against plain rispy on the same RIS files.

Builds RIS corpora from the real exports in ../shared/data (records copied verbatim, round robin
over the vendors' files, until each corpus file holds ``--records`` records), then runs each
tool as one process per file, ``--jobs`` at a time. The tools take turns (rispy, prismake, rispy,
prismake, ...) ``--repeats`` times, so that a change in the machine's load falls on both; the
script prints the median wall time of each tool (process start-up included), records per second,
the largest peak RSS of any job, and each median divided by rispy's.

    .venv/bin/python bench/bench_import.py                      # 1 file x 100k, then 10 x 100k
    .venv/bin/python bench/bench_import.py --files 1 --records 20000 --repeats 1   # quick look
    .venv/bin/python bench/bench_import.py --files 1 --profile 3   # where a rule job's time goes

Tools:

* ``rispy``: ``rispy.load(path)``, the list of dicts and nothing more;
* ``prismake``: what the ``import_source`` rule does (``workflow/scripts/import_source.py``):
  its imports, as the script makes them (the garbage collector paused),
  :func:`~prismake.importer.detect_format`,
  :func:`~prismake.importer.import_source` (parse, normalise, record ids, pandera validation),
  :func:`prismake.tables.write_table` of the records as CSV, and the one-row counts table
  (:func:`prismake.search_log.source_summary`); the tables an earlier run wrote are deleted
  before each batch, as Snakemake deletes a job's outputs before it runs the job;
* ``prismake-table``: :func:`~prismake.importer.import_source` alone, the table in memory;
* ``prismake-reference``: as ``prismake``, with the column-wise RIS reader switched off
  (``prismake.importer.COLUMNWISE = False``): the line-by-line reader and record-by-record
  mapping that the column-wise reader is tested against.

``--profile N`` runs the rule's steps on the first corpus file N times, one process each, and
prints the median CPU seconds of each step (module imports, format detection, reading and
parsing, mapping, table and validation, CSV, counts).

Generated files go to bench/out/ (git-ignored).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "bench" / "out"

#: Real RIS exports the corpora are built from (one or more per vendor dialect).
SOURCES = (
    "citesource/new_benchmark_data/search5_495.ris",  # Web of Science
    "citesource/topic_data/20221207_gambling-harms_scopus_255.ris",  # Scopus
    "citesource/new_stage_data/envindex_100.ris",  # EBSCOhost
    "citesource/topic_data/20221207_gambling-harms_crimjust_41.ris",  # EBSCOhost
    "asreview/demo_data/ovid_psycinfo.ris",  # Ovid
    "asreview/demo_data/proquest.ris",  # ProQuest
    "asreview/demo_data/embase.ris",  # Embase
    "citesource/new_stage_data/lens_343.ris",  # Lens
    "citesource/new_stage_data/Dimensions_246.ris",  # Dimensions
    "asysd/zotero_export.ris",  # Zotero
    "reflib/blue-light.ris",  # EndNote
    "asreview/demo_data/ris_issue_992.txt",  # Rayyan
)


def record_blocks(path: Path) -> list[str]:
    """The text of each record (``TY`` line through ``ER`` line) of an RIS file."""
    text = path.read_bytes().decode("utf-8-sig")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks, current = [], None
    for line in lines:
        if line.startswith("TY  -"):
            current = [line]
        elif current is not None:
            current.append(line)
            if line.startswith("ER  -"):
                blocks.append("\n".join(current) + "\n\n")
                current = None
    return blocks


def build(files: int, records: int) -> list[Path]:
    """``files`` corpus files of ``records`` records each (reused when already built)."""
    OUT.mkdir(parents=True, exist_ok=True)
    pools = [record_blocks(SHARED / name) for name in SOURCES]
    paths = []
    for index in range(files):
        path = OUT / f"corpus_{records}_{index:02d}.ris"
        paths.append(path)
        if path.exists():
            continue
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            written, step = 0, index
            while written < records:
                pool = pools[step % len(pools)]
                block = pool[(step // len(pools) + index) % len(pool)]
                handle.write(block)
                written += 1
                step += 1
    return paths


def worker(tool: str, path: str) -> None:
    """Run one tool on one file in this process; print JSON with time, count and peak RSS."""
    start = time.perf_counter()
    if tool == "rispy":
        import rispy

        result = rispy.load(Path(path), encoding="utf-8")
    elif tool == "prismake-table":
        from prismake.importer import import_source

        result = import_source(path, source_id="bench", display_path=Path(path).name)
    elif tool == "prismake-reference":
        import prismake.importer

        prismake.importer.COLUMNWISE = False
        result = run_rule(Path(path))
    elif tool == "profile":
        print(json.dumps(profile_rule(Path(path))))
        return
    else:
        result = run_rule(Path(path))
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"records": len(result), "seconds": seconds, "peak_mib": peak_kib / 1024}))
    # Every tool's result is left to the end of the process, unfreed, as the rule's script
    # leaves its table (prismake.scripting.run with quick_exit).
    sys.stdout.flush()
    os._exit(0)


def run_rule(path: Path) -> pd.DataFrame:
    """The calls of ``workflow/scripts/import_source.py`` on one file; the records table."""
    gc.disable()
    from prismake.importer import detect_format, import_source
    from prismake.search_log import source_summary
    from prismake.tables import write_table

    gc.freeze()
    gc.enable()

    source = {
        "source_id": "bench",
        "database": "",
        "platform": "",
        "file": path.name,
        "format": "auto",
        "encoding": "auto",
        "search_date": "2024-01-01",
        "search_round": 1,
        "hits": None,
        "on_count_mismatch": "error",
    }
    fmt = detect_format(path)
    records = import_source(
        path,
        source_id=source["source_id"],
        format=fmt,
        encoding=source["encoding"],
        display_path=source["file"],
    )
    write_table(records, path.with_suffix(".records.csv"), plain_json=True)
    source["hits"] = len(records)
    summary = source_summary(records, source=source, path=path, format=fmt)
    write_table(summary, path.with_suffix(".counts.csv"))
    return records


def remove_outputs(path: Path) -> None:
    """Delete what an earlier run wrote for ``path``, as Snakemake deletes a job's outputs
    before it runs the job: writing over an old 380 MB table makes the job free its pages too
    (about 0.05 s of CPU), which a rule job never does."""
    for suffix in (".records.csv", ".counts.csv"):
        path.with_suffix(suffix).unlink(missing_ok=True)


def profile_rule(path: Path) -> dict[str, float]:
    """CPU seconds of each step of :func:`run_rule` in this process (started fresh)."""
    clock = time.process_time
    steps: dict[str, float] = {}
    start = clock()
    gc.disable()
    import pandera.pandas  # noqa: F401 (imported by the validation; counted with the imports)
    import prismake.importer as importer
    import prismake.importer.ris_pieces as pieces
    import prismake.models.records as models
    from prismake.search_log import source_summary
    from prismake.tables import write_table

    gc.freeze()
    gc.enable()
    steps["imports"] = clock() - start

    def timed(module, name, step):
        function = getattr(module, name)

        def wrapper(*args, **kwargs):
            begin = clock()
            try:
                return function(*args, **kwargs)
            finally:
                steps[step] = steps.get(step, 0.0) + clock() - begin

        setattr(module, name, wrapper)

    timed(pieces, "canonical_columns", "map fields")
    timed(importer, "table_from_columns", "table + validation")
    timed(models, "validate_records", "table + validation")
    begin = clock()
    fmt = importer.detect_format(path)
    steps["detect"] = clock() - begin
    begin = clock()
    records = importer.import_source(path, source_id="bench", format=fmt, display_path=path.name)
    imported = clock() - begin
    steps["read + parse"] = imported - steps["map fields"] - steps["table + validation"]
    begin = clock()
    write_table(records, path.with_suffix(".records.csv"), plain_json=True)
    steps["write CSV"] = clock() - begin
    begin = clock()
    source = {"source_id": "bench", "database": "", "platform": "", "file": path.name}
    source |= {"search_date": "2024-01-01", "hits": len(records)}
    summary = source_summary(records, source=source, path=path, format=fmt)
    write_table(summary, path.with_suffix(".counts.csv"))
    steps["counts"] = clock() - begin
    steps["total"] = clock() - start
    return steps


def run_batch(tool: str, paths: list[Path], jobs: int) -> dict:
    """All files through one tool, ``jobs`` processes at a time; wall time of the batch."""

    def one(path: Path) -> dict:
        done = subprocess.run(
            [sys.executable, __file__, "--worker", tool, str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(done.stdout.strip().splitlines()[-1])

    for path in paths:
        remove_outputs(path)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(one, paths))
    wall = time.perf_counter() - start
    return {
        "wall": wall,
        "records": sum(r["records"] for r in results),
        "peak_mib": max(r["peak_mib"] for r in results),
        "job_seconds": sum(r["seconds"] for r in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", nargs=2, metavar=("TOOL", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--records", type=int, default=100_000, help="records per corpus file")
    parser.add_argument("--files", type=int, nargs="+", default=[1, 10], help="corpus sizes")
    parser.add_argument("--jobs", type=int, default=2, help="processes at a time")
    parser.add_argument("--repeats", type=int, default=3, help="runs per tool (median shown)")
    parser.add_argument(
        "--tools", nargs="+", default=["rispy", "prismake", "prismake-table"], help="tools to run"
    )
    parser.add_argument("--profile", type=int, metavar="N", help="profile the rule's steps N times")
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker)
        return
    if not SHARED.is_dir():
        sys.exit(f"needs the real exports in {SHARED}")
    if args.profile:
        profile(build(1, args.records)[0], args.profile)
        return
    for files in args.files:
        paths = build(files, args.records)
        total = files * args.records
        print(
            f"\n{files} file(s) x {args.records:,} records = {total:,} records, "
            f"{args.jobs} jobs at a time, median of {args.repeats}"
        )
        print(f"{'tool':<20}{'wall s':>9}{'records/s':>12}{'peak MiB/job':>14}{'vs rispy':>10}")
        runs: dict[str, list[dict]] = {tool: [] for tool in args.tools}
        for _ in range(args.repeats):
            for tool in args.tools:  # the tools take turns
                runs[tool].append(run_batch(tool, paths, args.jobs))
        rispy_wall = (
            statistics.median(r["wall"] for r in runs["rispy"]) if "rispy" in runs else None
        )
        for tool in args.tools:
            assert all(r["records"] == total for r in runs[tool]), (tool, runs[tool])
            wall = statistics.median(r["wall"] for r in runs[tool])
            peak = max(r["peak_mib"] for r in runs[tool])
            ratio = wall / rispy_wall if rispy_wall else float("nan")
            walls = " ".join(f"{r['wall']:.1f}" for r in runs[tool])
            paired = ""
            if "rispy" in runs:  # each run against rispy's run in the same round
                pairs = zip(runs[tool], runs["rispy"], strict=True)
                ratios = [r["wall"] / p["wall"] for r, p in pairs]
                paired = f"   paired: median {statistics.median(ratios):.2f}"
                paired += " (" + " ".join(f"{x:.2f}" for x in ratios) + ")"
            print(
                f"{tool:<20}{wall:>9.2f}{total / wall:>12,.0f}{peak:>14.0f}{ratio:>10.2f}"
                f"   runs: {walls}{paired}"
            )


def profile(path: Path, repeats: int) -> None:
    """Print the median CPU seconds of each step of the rule on ``path``, one process a run."""
    runs = []
    for _ in range(repeats):
        remove_outputs(path)
        done = subprocess.run(
            [sys.executable, __file__, "--worker", "profile", str(path)],
            check=True,
            capture_output=True,
            text=True,
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"\nCPU seconds per step, {path.name}, median of {repeats} runs")
    for step in runs[0]:
        values = [run.get(step, 0.0) for run in runs]
        print(f"{step:<22}{statistics.median(values):>8.2f}")


if __name__ == "__main__":
    main()
