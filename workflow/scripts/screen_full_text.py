"""Resolve full-text screening; write the included studies and both stages' agreement."""

from prismake.screening import agreement, included_studies, resolve_stage, stage_studies
from prismake.scripting import run
from prismake.sheets import read_sheet, schema
from prismake.tables import read_table, write_table


def main(smk):
    studies = read_table(smk.input.studies)
    title_abstract = read_table(smk.input.title_abstract)
    rows = schema("screening_full_text")
    reviewers = {
        r: read_sheet(p, schema=rows)
        for r, p in zip(smk.params.reviewers, smk.input.sheets, strict=True)
    }
    table = resolve_stage(
        stage_studies("full_text", studies=studies, title_abstract=title_abstract),
        reviewers,
        read_sheet(smk.input.consensus, schema=rows),
        stage="full_text",
        reasons=smk.params.reasons,
    )
    write_table(table, smk.output.decisions)
    write_table(
        agreement({"title_abstract": title_abstract, "full_text": table}), smk.output.agreement
    )
    write_table(included_studies(table, studies), smk.output.included)


run(snakemake, main)  # noqa: F821
