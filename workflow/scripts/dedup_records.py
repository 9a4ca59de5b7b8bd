"""Deduplicate all records into studies, keeping every pair for audit (rule dedup_records)."""

from prismake.dedup import dedup_records, join_shards, load_rules, read_decisions
from prismake.dedup.io import read_pairs, read_records
from prismake.dedup.pipeline import USED_COLUMNS
from prismake.scripting import run
from prismake.tables import write_table


def main(smk):
    # only the columns deduplication reads, repeated strings shared (memory at scale)
    records = read_records([smk.input.records], columns=USED_COLUMNS)
    rules = load_rules(smk.params.rules)
    decisions = None
    if smk.input.decisions:
        decisions = read_decisions(smk.input.decisions[0], record_ids=set(records["record_id"]))
    options = {"decisions": decisions, "rules": rules, "workers": smk.threads}
    if smk.input.shards:
        result = join_shards(records, read_pairs(smk.input.shards), **options)
    else:
        result = dedup_records(records, **options)
    for name in ("pairs", "clusters", "studies", "queue"):
        write_table(getattr(result, name), smk.output[name])


run(snakemake, main)  # noqa: F821
