"""prismake: a reproducible pipeline for systematic reviews and qualitative evidence syntheses.

The package holds the logic; the Snakemake rules in ``workflow/rules`` and the thin scripts in
``workflow/scripts`` only read inputs, call one function here and write outputs.
"""

__version__ = "0.1.0"
