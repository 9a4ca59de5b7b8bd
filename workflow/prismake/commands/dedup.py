"""``prismake dedup``, ``prismake dedup-shard`` and ``prismake dedup-join``.

``prismake dedup IN... --output OUT.csv`` deduplicates records (canonical tables or any export
the importer reads) and writes ``record_id,study_id``; ``--audit-dir DIR`` also writes the pairs,
clusters, studies and review queue tables there (the ``results/dedup/`` tables). The two other
commands split the same computation for a cluster: ``dedup-shard`` finds and scores the pairs of
one shard of the blocking keys, ``dedup-join`` clusters the pairs of all shards; their result is
exactly that of ``dedup``. All three call the functions the ``dedup_records`` rule calls.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from prismake.dedup import join_shards, load_rules, shard_pairs, validate_decisions
from prismake.dedup.decisions import read_decisions
from prismake.dedup.io import (
    read_pairs,
    read_records,
    write_clusters_csv,
    write_pairs,
    write_result,
)
from prismake.dedup.pipeline import USED_COLUMNS, dedup_records
from prismake.errors import ConfigError


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="IN",
                        help="records table(s) or export file(s) in any importable format")
    parser.add_argument("--format", default="auto", help="format of every IN (default: auto)")
    parser.add_argument("--encoding", default="auto", help="text encoding (default: auto)")
    parser.add_argument("--config", metavar="YAML",
                        help="review configuration whose 'dedup:' section overrides the rules")
    parser.add_argument("--threads", type=int, default=1, help="threads for scoring (default 1)")


def register(subparsers: argparse._SubParsersAction) -> None:
    run = subparsers.add_parser(
        "dedup", help="deduplicate records into studies",
        description="Deduplicate records into studies; write record_id,study_id.",
    )
    _common(run)
    run.add_argument("--output", "-o", required=True, help="OUT.csv: record_id,study_id")
    run.add_argument("--decisions", metavar="CSV", help="human decision sheet (same/different)")
    run.add_argument("--audit-dir", metavar="DIR",
                     help="also write pairs, clusters, studies and review_queue tables here")
    run.set_defaults(func=run_dedup)

    shard = subparsers.add_parser(
        "dedup-shard", help="find and score the candidate pairs of one shard",
        description="Candidate pairs of one shard of the blocking keys, scored and decided.",
    )
    _common(shard)
    shard.add_argument("--shard", type=int, required=True, help="shard number, 0 .. K-1")
    shard.add_argument("--shards", type=int, required=True, help="number of shards K")
    shard.add_argument("--output", "-o", required=True, help="pairs table (.parquet or .csv)")
    shard.set_defaults(func=run_shard)

    join = subparsers.add_parser(
        "dedup-join", help="cluster the pairs of all shards into studies",
        description="Cluster the pairs of every shard; same output as 'prismake dedup'.",
    )
    _common(join)
    join.add_argument("--pairs", nargs="+", required=True, metavar="PAIRS",
                      help="the pair tables written by dedup-shard")
    join.add_argument("--output", "-o", required=True, help="OUT.csv: record_id,study_id")
    join.add_argument("--decisions", metavar="CSV", help="human decision sheet (same/different)")
    join.add_argument("--audit-dir", metavar="DIR", help="also write the four dedup tables here")
    join.set_defaults(func=run_join)


def _rules(path: str | None) -> dict:
    if path is None:
        return load_rules()
    try:
        config = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read the configuration ({exc})", path=path,
                          expected="a YAML file") from exc
    section = config.get("dedup") if isinstance(config, dict) else None
    return load_rules(section or None, source=f"{path} (dedup)")


def _inputs(args: argparse.Namespace):
    # only the columns deduplication reads: the others would stay in memory all along
    records = read_records(args.inputs, format=args.format, encoding=args.encoding,
                           columns=USED_COLUMNS)
    return records, _rules(args.config)


def _decisions(args: argparse.Namespace, records):
    if not getattr(args, "decisions", None):
        return None
    return read_decisions(args.decisions, record_ids=set(records["record_id"]))


def _finish(result, args: argparse.Namespace) -> int:
    write_clusters_csv(result, args.output)
    if args.audit_dir:
        write_result(result, args.audit_dir)
    print(f"{len(result.clusters)} records -> {len(result.studies)} studies; "  # noqa: T201
          f"{len(result.queue)} pairs for a human -> {args.output}", file=sys.stdout)
    return 0


def run_dedup(args: argparse.Namespace) -> int:
    records, rules = _inputs(args)
    result = dedup_records(records, decisions=_decisions(args, records), rules=rules,
                           workers=args.threads)
    return _finish(result, args)


def run_shard(args: argparse.Namespace) -> int:
    records, rules = _inputs(args)
    pairs = shard_pairs(records, rules=rules, shard=args.shard, n_shards=args.shards,
                        workers=args.threads)
    write_pairs(pairs, args.output)
    print(f"shard {args.shard} of {args.shards}: {len(pairs)} pairs -> {args.output}")  # noqa: T201
    return 0


def run_join(args: argparse.Namespace) -> int:
    records, rules = _inputs(args)
    result = join_shards(records, read_pairs(args.pairs), decisions=_decisions(args, records),
                         rules=rules, workers=args.threads)
    return _finish(result, args)


__all__ = ["register", "run_dedup", "run_join", "run_shard", "validate_decisions"]
