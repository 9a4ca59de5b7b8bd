# Thematic synthesis: coded segments -> descriptive -> analytical themes, and the matrix.


rule build_coding_matrix:
    input:
        themes=config["coding"]["themes"],
        codebook=config["coding"]["codebook"],
        segments=config["coding"]["segments"],
        included="results/screening/included.csv",
    output:
        matrix="results/coding/matrix.csv",
        themes="results/coding/themes.csv",
        segments="results/coding/segments.csv",
    log:
        "logs/build_coding_matrix.log",
    conda:
        "../../environment.yml"
    script:
        "../scripts/build_coding_matrix.py"
