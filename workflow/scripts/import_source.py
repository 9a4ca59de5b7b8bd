"""Import one database export into the canonical records table (rule import_source)."""

from prismake.importer import detect_format, import_source
from prismake.scripting import run
from prismake.search_log import source_summary
from prismake.tables import write_table


def main(smk):
    source = smk.params.source
    fmt = source["format"]
    if fmt == "auto":
        fmt = detect_format(smk.input.export)
    records = import_source(
        smk.input.export,
        source_id=source["source_id"],
        database=source["database"],
        platform=source["platform"],
        search_round=source["search_round"],
        format=fmt,
        encoding=source["encoding"],
        hits=source["hits"],
        on_count_mismatch=source["on_count_mismatch"],
        display_path=source["file"],
    )
    write_table(records, smk.output.records)
    summary = source_summary(records, source=source, path=smk.input.export, format=fmt)
    write_table(summary, smk.output.counts)


run(snakemake, main)  # noqa: F821
