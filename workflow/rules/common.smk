# Validation of the config and every human sheet (before any rule runs), and input functions.
from pathlib import Path

from prismake.sheets import check_config, read_sheet, read_sources, schema


STAGES = ["title_abstract", "full_text"]
CONFIG_FILE = workflow.configfiles[-1] if workflow.configfiles else "config/config.yaml"

config.update(check_config(config, schema=schema("config"), path=CONFIG_FILE))
SOURCES = read_sources(config["sources"], schema=schema("sources"))
SOURCES = SOURCES.set_index("source_id", drop=False)
SOURCE_IDS = list(SOURCES.index)


def sheet_paths():
    """(path, schema name) of every human sheet the config names."""
    paths = [(config["appraisal"]["casp"], "casp")]
    paths.append((config["extraction"]["characteristics"], "characteristics"))
    paths += [(config["coding"][k], k) for k in ("themes", "codebook", "segments")]
    if config["dedup"].get("decisions"):
        paths.append((config["dedup"]["decisions"], "decisions"))
    for stage in STAGES:
        sheets = [r["sheet"] for r in config["screening"][stage]["reviewers"]]
        sheets.append(config["screening"][stage]["consensus"])
        paths += [(sheet, f"screening_{stage}") for sheet in sheets]
    return paths


for _path, _name in sheet_paths():
    read_sheet(_path, schema=schema(_name))


wildcard_constraints:
    source="|".join(SOURCE_IDS),
    shard=r"\d+",


def get_export(wildcards):
    return SOURCES.loc[wildcards.source, "file"]


def get_source(wildcards):
    """The search-log row of one source, as plain values (a rule parameter)."""
    row = SOURCES.loc[wildcards.source].drop(labels=["line"])
    return {k: (int(v) if k in ("hits", "search_round") else v) for k, v in row.items()}


def get_dedup_decisions(wildcards):
    return [config["dedup"]["decisions"]] if config["dedup"].get("decisions") else []


def get_dedup_shards(wildcards):
    """The shard pair tables to join, when pair finding is split into several jobs."""
    shards = config["dedup"]["shards"]
    if shards == 1:
        return []
    return [f"results/dedup/shards/pairs_{k}.parquet" for k in range(shards)]


def get_dedup_rules(wildcards):
    return {k: v for k, v in config["dedup"].items() if k not in ("decisions", "shards")}


def reviewer_sheets(stage):
    return [r["sheet"] for r in config["screening"][stage]["reviewers"]]


def reviewer_ids(stage):
    return [r["id"] for r in config["screening"][stage]["reviewers"]]


def get_manuscript_assets():
    """Files beside the manuscript source (stylesheet, CSL, templates) that shape its render."""
    source = Path(config["manuscript"]["source"])
    return sorted(str(p) for p in source.parent.iterdir() if p.is_file() and p != source)


def get_final_outputs():
    return [
        "results/manuscript/manuscript.html",
        "results/manuscript/manuscript.pdf",
        "results/dedup/review_queue.csv",
    ]
