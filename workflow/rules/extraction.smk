# Study characteristics, validated against a pandera model.


rule tabulate_characteristics:
    input:
        sheet=config["extraction"]["characteristics"],
        included="results/screening/included.csv",
        studies="results/dedup/studies.csv",
    output:
        table="results/extraction/characteristics.csv",
    log:
        "logs/tabulate_characteristics.log",
    conda:
        "../../environment.yml"
    script:
        "../scripts/tabulate_characteristics.py"
