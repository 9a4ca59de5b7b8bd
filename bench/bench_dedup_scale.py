"""prismake deduplication at scale: 100k and 1M generated records with known duplicate groups.

    .venv/bin/python bench/generate_records.py --records 100000 --output bench/out/scale/100k
    .venv/bin/python bench/generate_records.py --records 1000000 --output bench/out/scale/1m
    .venv/bin/python bench/bench_dedup_scale.py bench/out/scale/100k bench/out/scale/1m

Runs the command line exactly as a user would (``prismake dedup records.parquet --output
clusters.csv --threads 2``: reading the table, deduplicating, validating and writing included)
in a subprocess per set and repeat, samples the resident memory of the process tree every 50 ms,
and scores the clusters against ``truth.csv`` pairwise (precision, recall, F1), by removable
duplicates, and by false merges (clusters holding records of two works). Prints wall time and
peak memory (medians of ``--repeats`` runs) and the growth of time from the first set to each
other set against the growth of the record count.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def _choose2(n: np.ndarray) -> int:
    n = n.astype(np.int64)
    return int((n * (n - 1) // 2).sum())


def score(truth: pd.DataFrame, clusters: pd.DataFrame) -> dict:
    """Pairwise and removable-duplicate scores from a work x cluster contingency table."""
    joined = truth.merge(clusters, on="record_id", how="left", validate="one_to_one")
    if joined["study_id"].isna().any():
        raise ValueError("some records have no study")
    cells = joined.groupby(["work", "study_id"]).size()
    tp = _choose2(cells.to_numpy())
    true_pairs = _choose2(joined.groupby("work").size().to_numpy())
    predicted = _choose2(joined.groupby("study_id").size().to_numpy())
    precision = tp / predicted if predicted else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    works_per_study = joined.groupby("study_id")["work"].nunique()
    removable = int((joined.groupby("work").size() - 1).sum())
    found = int((cells - 1).sum())
    return {
        "records": len(joined), "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "removable_recall": found / removable if removable else 1.0,
        "false_merges": int((works_per_study > 1).sum()),
    }


def tree_memory(proc) -> int:
    """Memory of a process and its children: the sum of their resident sizes, except that
    forked children share pages with their parent, so then proportional set sizes are summed
    (each shared page counted once)."""
    import psutil  # noqa: PLC0415

    try:
        children = proc.children(recursive=True)
        if not children:
            return proc.memory_info().rss
        return sum(p.memory_full_info().pss for p in [proc, *children])
    except psutil.Error:
        return 0


def run(folder: Path, threads: int) -> tuple[float, float, pd.DataFrame]:
    import psutil  # noqa: PLC0415

    out = folder / "clusters.csv"
    command = [str(Path(sys.executable).with_name("prismake")), "dedup",
               str(folder / "records.parquet"), "--output", str(out), "--threads", str(threads)]
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        peak = max(peak, tree_memory(watched))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    _, stderr = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"prismake dedup failed on {folder}:\n{stderr[-3000:]}")
    clusters = pd.read_csv(out, dtype=str, keep_default_na=False)
    return seconds, peak / 2**20, clusters


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path, help="generated sets (records.parquet)")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    rows = []
    for folder in args.folders:
        truth = pd.read_csv(folder / "truth.csv", dtype=str, keep_default_na=False)
        runs = [run(folder, args.threads) for _ in range(args.repeats)]
        scores = score(truth, runs[0][2])
        rows.append({"set": folder.name, **scores,
                     "seconds": statistics.median(r[0] for r in runs),
                     "peak_mb": statistics.median(r[1] for r in runs)})
        print(f"  done {folder}", file=sys.stderr)  # noqa: T201
    print(f"prismake dedup at scale ({args.threads} CPUs, median of {args.repeats} runs, "  # noqa: T201
          "command line end to end)")
    print(f"{'set':8} {'records':>9} {'precision':>9} {'recall':>7} {'F1':>7} {'rem.recall':>10} "  # noqa: T201
          f"{'false merges':>12} {'wall s':>8} {'peak MB':>8}")
    for r in rows:
        print(f"{r['set']:8} {r['records']:>9} {r['precision']:>9.4f} {r['recall']:>7.4f} "  # noqa: T201
              f"{r['f1']:>7.4f} {r['removable_recall']:>10.4f} {r['false_merges']:>12} "
              f"{r['seconds']:>8.1f} {r['peak_mb']:>8.0f}")
    base = rows[0]
    for r in rows[1:]:
        print(f"{base['set']} -> {r['set']}: records x{r['records'] / base['records']:.1f}, "  # noqa: T201
              f"time x{r['seconds'] / base['seconds']:.1f}, "
              f"memory x{r['peak_mb'] / base['peak_mb']:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
