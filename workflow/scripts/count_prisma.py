"""Compute the PRISMA 2020 counts and exclusions by reason from the decision tables."""

from prismake.prisma import prisma_counts, prisma_exclusions
from prismake.scripting import run
from prismake.tables import read_table, write_table


def main(smk):
    title_abstract = read_table(smk.input.title_abstract)
    full_text = read_table(smk.input.full_text)
    counts = prisma_counts(
        import_counts=read_table(smk.input.counts),
        studies=read_table(smk.input.studies),
        title_abstract=title_abstract,
        full_text=full_text,
        full_text_reasons=smk.params.reasons["full_text"],
    )
    exclusions = prisma_exclusions(
        title_abstract=title_abstract, full_text=full_text, reasons=smk.params.reasons
    )
    write_table(counts, smk.output.counts)
    write_table(exclusions, smk.output.exclusions)


run(snakemake, main)  # noqa: F821
