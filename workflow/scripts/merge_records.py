"""Concatenate every source's records and counts (rule merge_records)."""

from prismake.scripting import run
from prismake.search_log import merge_sources
from prismake.tables import read_table, write_table


def main(smk):
    records = merge_sources([read_table(p) for p in smk.input.records], names=smk.input.records)
    counts = merge_sources([read_table(p) for p in smk.input.counts])
    write_table(records, smk.output.records)
    write_table(counts, smk.output.counts)


run(snakemake, main)  # noqa: F821
