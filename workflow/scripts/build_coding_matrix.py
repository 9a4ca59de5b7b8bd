"""Thematic synthesis: check the coding sheets and build the studies x themes matrix."""

from prismake.coding import check_coding, coding_tables
from prismake.scripting import run
from prismake.sheets import read_sheet, schema
from prismake.tables import read_table, write_table


def main(smk):
    included = read_table(smk.input.included)
    sheets = check_coding(
        *(read_sheet(smk.input[k], schema=schema(k)) for k in ("themes", "codebook", "segments")),
        included=included,
    )
    tables = coding_tables(sheets, included=included)
    write_table(tables.matrix, smk.output.matrix)
    write_table(tables.themes, smk.output.themes)
    write_table(tables.segments, smk.output.segments)


run(snakemake, main)  # noqa: F821
