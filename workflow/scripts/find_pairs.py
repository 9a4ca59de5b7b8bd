"""Find, score and decide the candidate pairs of one shard of the blocking keys."""

from prismake.dedup import load_rules, shard_pairs
from prismake.dedup.io import read_records, write_pairs
from prismake.dedup.pipeline import USED_COLUMNS
from prismake.scripting import run


def main(smk):
    pairs = shard_pairs(
        read_records([smk.input.records], columns=USED_COLUMNS),
        rules=load_rules(smk.params.rules),
        shard=int(smk.wildcards.shard),
        n_shards=smk.params.shards,
        workers=smk.threads,
    )
    write_pairs(pairs, smk.output.pairs)


run(snakemake, main)  # noqa: F821
