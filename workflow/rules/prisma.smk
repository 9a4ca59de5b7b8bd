# PRISMA 2020: every box computed from the tables above, then drawn.


rule count_prisma:
    input:
        counts="results/import/counts.csv",
        studies="results/dedup/studies.csv",
        title_abstract="results/screening/title_abstract.csv",
        full_text="results/screening/full_text.csv",
    output:
        counts="results/prisma/counts.csv",
        exclusions="results/prisma/exclusions.csv",
    params:
        reasons=config["screening"]["exclusion_reasons"],
    log:
        "logs/count_prisma.log",
    conda:
        "../../environment.yml"
    script:
        "../scripts/count_prisma.py"


rule draw_prisma:
    input:
        counts="results/prisma/counts.csv",
    output:
        svg="results/prisma/flow.svg",
    log:
        "logs/draw_prisma.log",
    conda:
        "../../environment.yml"
    script:
        "../scripts/draw_prisma.py"
