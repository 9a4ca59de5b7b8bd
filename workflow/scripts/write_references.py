"""Write CSL JSON references of the included studies from their bibliographic records."""

from pathlib import Path

from prismake.references import csl_items, dumps_csl
from prismake.scripting import run
from prismake.tables import read_table


def main(smk):
    included = read_table(smk.input.included)
    items = csl_items(read_table(smk.input.studies), study_ids=included["study_id"])
    Path(smk.output.references).write_text(dumps_csl(items), encoding="utf-8")


run(snakemake, main)  # noqa: F821
