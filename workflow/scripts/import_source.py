"""Import one database export into the canonical records table (rule import_source)."""

import gc

# The imports below (pandas, pyarrow, the importer) build hundreds of thousands of objects, none
# of them garbage; the cyclic collector's passes over them cost about 0.07 s of CPU per job
# (bench/bench_import.py --profile, step "imports"). It is paused while they run, and they are
# then frozen (gc.freeze) so that its later passes skip them.
gc.disable()

from prismake.importer import detect_format, import_source  # noqa: E402
from prismake.scripting import run  # noqa: E402
from prismake.search_log import source_summary  # noqa: E402
from prismake.tables import write_table  # noqa: E402

gc.freeze()
gc.enable()


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
    write_table(records, smk.output.records, plain_json=True)  # validated by the records model
    summary = source_summary(records, source=source, path=smk.input.export, format=fmt)
    write_table(summary, smk.output.counts)
    return records  # freed by the end of the process, not object by object (see run)


run(snakemake, main, quick_exit=True)  # noqa: F821
