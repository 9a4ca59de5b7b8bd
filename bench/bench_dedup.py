"""prismake against bib-dedupe on every labelled deduplication set in ../shared/data.

    .venv/bin/python bench/bench_dedup.py [--sets a,b] [--repeats 3] [--threads 2]

Each tool runs in its own subprocess per set and repeat, so peak memory is the tool's alone
(resident memory of the process, or the proportional set sizes of the process and its
children while it has any, sampled every 10 ms; and the process's own maximum). Wall time is
the deduplication itself, from records in memory to clusters: reading the
input is left out for both tools (prismake reads with its importer, bib-dedupe from its CSV).
Both get ``--threads`` CPUs. Accuracy comes from the first run (both tools are deterministic);
time and memory are medians over the repeats. Label conventions and scoring: bench/dedup_sets.py.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out" / "dedup"
sys.path.insert(0, str(HERE))

TOOLS = ("prismake", "bib-dedupe")


# --- child: run one tool on one set ------------------------------------------------------------

def _child(tool: str, name: str, threads: int, output: Path) -> None:
    import pandas as pd  # noqa: PLC0415
    from dedup_sets import load, to_bib_dedupe  # noqa: PLC0415

    if tool == "prismake":
        from prismake.dedup import dedup_records  # noqa: PLC0415

        records, _, decisions = load(name)
        start = time.perf_counter()
        result = dedup_records(records, decisions=decisions, workers=threads)
        seconds = time.perf_counter() - start
        clusters = dict(zip(result.clusters["record_id"], result.clusters["study_id"], strict=True))
    else:
        import bib_dedupe.bib_dedupe as bd  # noqa: PLC0415

        records, labels, _ = load(name)
        if labels.native_csv is not None:
            frame = pd.read_csv(labels.native_csv)
        else:
            frame = to_bib_dedupe(records)
        start = time.perf_counter()
        prepared = bd.prep(frame, verbosity_level=0, cpu=threads)
        blocked = bd.block(prepared, verbosity_level=0, cpu=threads)
        matched = bd.match(blocked, verbosity_level=0, cpu=threads)
        groups = bd.cluster(matched, verbosity_level=0)
        seconds = time.perf_counter() - start
        clusters = {str(rid): f"single:{rid}" for rid in frame["ID"]}
        for i, group in enumerate(groups):
            for rid in group:
                clusters[str(rid)] = f"group:{i}"
    output.write_text(json.dumps(clusters), encoding="utf-8")
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "maxrss_mb": peak_kb / 1024}))  # noqa: T201


# --- parent ------------------------------------------------------------------------------------

def _tree_rss(proc) -> int:
    from bench_dedup_scale import tree_memory  # noqa: PLC0415

    return tree_memory(proc)


def run_once(tool: str, name: str, threads: int) -> tuple[dict, dict]:
    """``(clusters, {"seconds", "peak_mb"})`` of one subprocess run."""
    import psutil  # noqa: PLC0415

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=OUT, suffix=".json", delete=False) as handle:
        output = Path(handle.name)
    env = {**os.environ, "OMP_NUM_THREADS": str(threads)}
    command = [sys.executable, str(Path(__file__).resolve()), "--child", tool, name,
               str(threads), str(output)]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            text=True)
    watched, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss(watched))
        time.sleep(0.01)
    stdout, stderr = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"{tool} on {name} failed:\n{stderr[-3000:]}")
    stats = json.loads(stdout.strip().splitlines()[-1])
    clusters = json.loads(output.read_text(encoding="utf-8"))
    output.unlink()
    return clusters, {"seconds": stats["seconds"],
                      "peak_mb": max(peak / 2**20, stats["maxrss_mb"])}


def _partition(clusters: dict[str, str]) -> frozenset:
    """The clusters as a set of member sets (labels differ between runs, partitions must not)."""
    members: dict[str, set] = {}
    for rid, label in clusters.items():
        members.setdefault(label, set()).add(rid)
    return frozenset(frozenset(m) for m in members.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", help="comma-separated set names (default: every labelled set; "
                        "also citesource_silver, whose groups a tool made)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--child", nargs=4, metavar=("TOOL", "SET", "THREADS", "OUT"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        tool, name, threads, output = args.child
        _child(tool, name, int(threads), Path(output))
        return 0

    from dedup_sets import ALL_SETS, evaluate, load  # noqa: PLC0415

    names = args.sets.split(",") if args.sets else list(ALL_SETS)
    tools = args.tools.split(",")
    rows = []
    for name in names:
        _, labels, _ = load(name)
        for tool in tools:
            runs = [run_once(tool, name, args.threads) for _ in range(args.repeats)]
            first = runs[0][0]
            if any(_partition(r[0]) != _partition(first) for r in runs[1:]):
                print(f"warning: {tool} gave different clusters across runs on {name}")  # noqa: T201
            scores = evaluate(labels, first)
            rows.append({
                "set": name, "tool": tool, **scores,
                "seconds": statistics.median(r[1]["seconds"] for r in runs),
                "peak_mb": statistics.median(r[1]["peak_mb"] for r in runs),
                "records": len(labels.record_ids),
            })
            print(f"  done {name} {tool}", file=sys.stderr)  # noqa: T201
    _print(rows, threads=args.threads, repeats=args.repeats)
    return 0


def _print(rows: list[dict], *, threads: int, repeats: int) -> None:
    def number(value: float, digits: int = 4) -> str:
        return "n/a" if value != value else f"{value:.{digits}f}"  # NaN check

    print(f"Deduplication benchmark ({threads} CPUs, median of {repeats} runs; "  # noqa: T201
          "pairwise scores for group sets, per-record scores for flag sets)")
    header = ("set", "n", "tool", "precision", "recall", "F1", "removable recall",
              "false merges", "wall s", "peak MB")
    lines = [header]
    for r in rows:
        lines.append((r["set"], str(r["records"]), r["tool"], number(r["precision"]),
                      number(r["recall"]), number(r["f1"]), number(r["removable_recall"]),
                      str(r["false_merges"]), f"{r['seconds']:.2f}", f"{r['peak_mb']:.0f}"))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for i, line in enumerate(lines):
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)))  # noqa: T201
        if i == 0:
            print("  ".join("-" * w for w in widths))  # noqa: T201
    by_tool: dict[str, list[dict]] = {}
    for r in rows:
        by_tool.setdefault(r["tool"], []).append(r)
    print()  # noqa: T201
    for tool, items in by_tool.items():
        print(f"{tool}: mean F1 {statistics.mean(r['f1'] for r in items):.4f}; "  # noqa: T201
              f"false merges {sum(r['false_merges'] for r in items)}; "
              f"total wall {sum(r['seconds'] for r in items):.1f} s")
    if {"prismake", "bib-dedupe"} <= set(by_tool):
        ours = {r["set"]: r for r in by_tool["prismake"]}
        for r in by_tool["bib-dedupe"]:
            mine = ours.get(r["set"])
            if mine:
                print(f"  {r['set']}: speed-up {r['seconds'] / mine['seconds']:.1f}x, "  # noqa: T201
                      f"F1 {mine['f1'] - r['f1']:+.4f}")


if __name__ == "__main__":
    sys.exit(main())
