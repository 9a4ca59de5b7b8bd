"""Resolve title/abstract screening from two reviewers and a consensus sheet."""

from prismake.screening import resolve_stage, stage_studies
from prismake.scripting import run
from prismake.sheets import read_sheet, schema
from prismake.tables import read_table, write_table


def main(smk):
    rows = schema("screening_title_abstract")
    reviewers = {
        r: read_sheet(p, schema=rows)
        for r, p in zip(smk.params.reviewers, smk.input.sheets, strict=True)
    }
    table = resolve_stage(
        stage_studies("title_abstract", studies=read_table(smk.input.studies)),
        reviewers,
        read_sheet(smk.input.consensus, schema=rows),
        stage="title_abstract",
        reasons=smk.params.reasons,
    )
    write_table(table, smk.output.decisions)


run(snakemake, main)  # noqa: F821
