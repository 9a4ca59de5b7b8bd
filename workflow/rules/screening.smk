# Two-reviewer screening: title/abstract on every study, full text on those included.


rule screen_title_abstract:
    input:
        studies="results/dedup/studies.csv",
        sheets=reviewer_sheets("title_abstract"),
        consensus=config["screening"]["title_abstract"]["consensus"],
    output:
        decisions="results/screening/title_abstract.csv",
    params:
        reviewers=reviewer_ids("title_abstract"),
        reasons=config["screening"]["exclusion_reasons"]["title_abstract"],
    log:
        "logs/screen_title_abstract.log",
    conda:
        "../../environment.yml"
    script:
        "../scripts/screen_title_abstract.py"


rule screen_full_text:
    input:
        studies="results/dedup/studies.csv",
        title_abstract="results/screening/title_abstract.csv",
        sheets=reviewer_sheets("full_text"),
        consensus=config["screening"]["full_text"]["consensus"],
    output:
        decisions="results/screening/full_text.csv",
        agreement="results/screening/agreement.csv",
        included="results/screening/included.csv",
    params:
        reviewers=reviewer_ids("full_text"),
        reasons=config["screening"]["exclusion_reasons"]["full_text"],
    log:
        "logs/screen_full_text.log",
    conda:
        "../../environment.yml"
    script:
        "../scripts/screen_full_text.py"
