# The manuscript: references from the included studies' records, then the Quarto render.


rule write_references:
    input:
        studies="results/dedup/studies.csv",
        included="results/screening/included.csv",
    output:
        references="results/manuscript/references.json",
    log:
        "logs/write_references.log",
    conda:
        "../../environment.yml"
    script:
        "../scripts/write_references.py"


rule render_manuscript:
    input:
        source=config["manuscript"]["source"],
        assets=get_manuscript_assets(),
        config=CONFIG_FILE,
        counts="results/import/counts.csv",
        studies="results/dedup/studies.csv",
        agreement="results/screening/agreement.csv",
        included="results/screening/included.csv",
        prisma="results/prisma/counts.csv",
        exclusions="results/prisma/exclusions.csv",
        flow="results/prisma/flow.svg",
        casp="results/appraisal/casp.csv",
        casp_summary="results/appraisal/casp_summary.csv",
        casp_svg="results/appraisal/casp.svg",
        characteristics="results/extraction/characteristics.csv",
        matrix="results/coding/matrix.csv",
        themes="results/coding/themes.csv",
        segments="results/coding/segments.csv",
        references="results/manuscript/references.json",
    output:
        html="results/manuscript/manuscript.html",
        pdf="results/manuscript/manuscript.pdf",
    log:
        "logs/render_manuscript.log",
    benchmark:
        "benchmarks/render_manuscript.tsv"
    conda:
        "../../environment.yml"
    script:
        "../scripts/render_manuscript.py"
