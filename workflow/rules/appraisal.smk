# CASP qualitative checklist: table, per-question summary and traffic-light figure.


rule summarise_appraisal:
    input:
        casp=config["appraisal"]["casp"],
        included="results/screening/included.csv",
    output:
        table="results/appraisal/casp.csv",
        summary="results/appraisal/casp_summary.csv",
        svg="results/appraisal/casp.svg",
    log:
        "logs/summarise_appraisal.log",
    conda:
        "../../environment.yml"
    script:
        "../scripts/summarise_appraisal.py"
