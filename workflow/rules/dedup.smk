# Deduplication: records -> studies, with every pair, rule and decision kept for audit.
# With `dedup.shards: K` > 1 the pair finding runs as K jobs (one per share of the blocking
# keys, e.g. on a cluster) and dedup_records joins them; the result is the same as one job.


rule find_pairs:
    input:
        records="results/import/records.csv",
    output:
        pairs="results/dedup/shards/pairs_{shard}.parquet",
    params:
        rules=get_dedup_rules,
        shards=config["dedup"]["shards"],
    threads: 2
    log:
        "logs/find_pairs/{shard}.log",
    benchmark:
        "benchmarks/find_pairs/{shard}.tsv"
    conda:
        "../../environment.yml"
    script:
        "../scripts/find_pairs.py"


rule dedup_records:
    input:
        records="results/import/records.csv",
        decisions=get_dedup_decisions,
        shards=get_dedup_shards,
    output:
        pairs="results/dedup/pairs.csv",
        clusters="results/dedup/clusters.csv",
        studies="results/dedup/studies.csv",
        queue="results/dedup/review_queue.csv",
    params:
        rules=get_dedup_rules,
    threads: 2
    log:
        "logs/dedup_records.log",
    benchmark:
        "benchmarks/dedup_records.tsv"
    conda:
        "../../environment.yml"
    script:
        "../scripts/dedup_records.py"
