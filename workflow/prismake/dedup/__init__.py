"""Deduplication: from records (one row per raw record) to studies (one row per unique work).

Steps, each in its own module: :mod:`~prismake.dedup.normalise` (matching view of each record),
:mod:`~prismake.dedup.blocking` (candidate pairs), :mod:`~prismake.dedup.scoring` (field scores),
:mod:`~prismake.dedup.rules` (decision rules kept as data in ``default_rules.yaml``),
:mod:`~prismake.dedup.clustering` (clusters without chaining distinct works, search round by
search round), :mod:`~prismake.dedup.merge` (the study record, each field attributed to its
source record) and :mod:`~prismake.dedup.audit` (the pairs table and the review queue).

>>> from prismake.dedup import dedup_records, load_rules, read_decisions  # doctest: +SKIP
"""

from prismake.dedup.decisions import read_decisions, validate_decisions
from prismake.dedup.pipeline import DedupResult, dedup_records, join_shards, shard_pairs
from prismake.dedup.rules import default_rules, load_rules

__all__ = [
    "DedupResult",
    "dedup_records",
    "default_rules",
    "join_shards",
    "load_rules",
    "read_decisions",
    "shard_pairs",
    "validate_decisions",
]
