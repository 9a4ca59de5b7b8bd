# Deduplication: records -> studies, with every pair, rule and decision kept for audit.


rule dedup_records:
    input:
        records="results/import/records.csv",
        decisions=get_dedup_decisions,
    output:
        pairs="results/dedup/pairs.csv",
        clusters="results/dedup/clusters.csv",
        studies="results/dedup/studies.csv",
        queue="results/dedup/review_queue.csv",
    params:
        rules=get_dedup_rules,
    log:
        "logs/dedup_records.log",
    benchmark:
        "benchmarks/dedup_records.tsv"
    conda:
        "../../environment.yml"
    script:
        "../scripts/dedup_records.py"
