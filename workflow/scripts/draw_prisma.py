"""Draw the PRISMA 2020 flow diagram (SVG) from the computed counts."""

from pathlib import Path

from prismake.prisma import flow_svg
from prismake.scripting import run
from prismake.tables import read_table


def main(smk):
    Path(smk.output.svg).write_text(flow_svg(read_table(smk.input.counts)), encoding="utf-8")


run(snakemake, main)  # noqa: F821
