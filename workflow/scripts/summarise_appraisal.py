"""CASP appraisal: answers per study, counts per question, traffic-light figure."""

from pathlib import Path

from prismake.appraisal import casp_summary, casp_svg, casp_table, check_casp
from prismake.scripting import run
from prismake.sheets import read_sheet, schema
from prismake.tables import read_table, write_table


def main(smk):
    answers = check_casp(
        read_sheet(smk.input.casp, schema=schema("casp")), included=read_table(smk.input.included)
    )
    table = casp_table(answers)
    write_table(table, smk.output.table)
    write_table(casp_summary(answers), smk.output.summary)
    Path(smk.output.svg).write_text(casp_svg(table), encoding="utf-8")


run(snakemake, main)  # noqa: F821
