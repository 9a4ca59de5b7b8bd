# Import: one job per export file, then one table of all records.


rule import_source:
    input:
        export=get_export,
    output:
        records="results/import/{source}.csv",
        counts="results/import/{source}.counts.csv",
    params:
        source=get_source,
    log:
        "logs/import_source/{source}.log",
    benchmark:
        "benchmarks/import_source/{source}.tsv"
    conda:
        "../../environment.yml"
    script:
        "../scripts/import_source.py"


rule merge_records:
    input:
        records=expand("results/import/{source}.csv", source=SOURCE_IDS),
        counts=expand("results/import/{source}.counts.csv", source=SOURCE_IDS),
    output:
        records="results/import/records.csv",
        counts="results/import/counts.csv",
    log:
        "logs/merge_records.log",
    conda:
        "../../environment.yml"
    script:
        "../scripts/merge_records.py"
