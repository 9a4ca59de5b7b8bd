"""Validate the study characteristics sheet and label each included study."""

from prismake.extraction import characteristics_table
from prismake.scripting import run
from prismake.sheets import read_sheet, schema
from prismake.tables import read_table, write_table


def main(smk):
    sheet = read_sheet(smk.input.sheet, schema=schema("characteristics"))
    table = characteristics_table(sheet, included=read_table(smk.input.included))
    write_table(table, smk.output.table)


run(snakemake, main)  # noqa: F821
