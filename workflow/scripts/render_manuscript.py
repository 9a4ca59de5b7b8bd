"""Render the Quarto manuscript to HTML and PDF (quarto when on PATH, else the fallback)."""

from pathlib import Path

from prismake.manuscript import config_metadata
from prismake.render import read_qmd, render
from prismake.scripting import run


def main(smk):
    html = Path(smk.output.html)
    render(
        smk.input.source,
        output_dir=html.parent,
        name=html.stem,
        variables={
            "PRISMAKE_RESULTS": str(Path("results").resolve()),
            "PRISMAKE_CONFIG": str(Path(smk.input.config).resolve()),
        },
        metadata=config_metadata(smk.config, read_qmd(smk.input.source).front_matter),
    )


run(snakemake, main)  # noqa: F821
