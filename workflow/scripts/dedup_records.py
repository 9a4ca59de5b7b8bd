"""Deduplicate all records into studies, keeping every pair for audit (rule dedup_records)."""

from prismake.dedup import dedup_records, load_rules, read_decisions
from prismake.scripting import run
from prismake.tables import read_table, write_table


def main(smk):
    records = read_table(smk.input.records)
    decisions = None
    if smk.input.decisions:
        decisions = read_decisions(smk.input.decisions[0], record_ids=set(records["record_id"]))
    result = dedup_records(records, decisions=decisions, rules=load_rules(smk.params.rules))
    write_table(result.pairs, smk.output.pairs)
    write_table(result.clusters, smk.output.clusters)
    write_table(result.studies, smk.output.studies)
    write_table(result.queue, smk.output.queue)


run(snakemake, main)  # noqa: F821
