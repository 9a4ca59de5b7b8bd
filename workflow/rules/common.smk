# Validation of the config and every human sheet (before any rule runs), and input functions.
from pathlib import Path

from prismake.sheets import check_config, load_schema, read_sheet, read_sources


SCHEMAS = Path(workflow.current_basedir).parent / "schemas"
SHEET_SCHEMAS = {
    "decisions": "decisions.schema.yaml",
    "casp": "casp.schema.yaml",
    "characteristics": "characteristics.schema.yaml",
    "themes": "themes.schema.yaml",
    "codebook": "codebook.schema.yaml",
    "segments": "segments.schema.yaml",
}
STAGES = ["title_abstract", "full_text"]

config.update(
    check_config(
        config,
        schema=load_schema(SCHEMAS / "config.schema.yaml"),
        path=workflow.configfiles[-1] if workflow.configfiles else None,
    )
)
SOURCES = read_sources(
    config["sources"], schema=load_schema(SCHEMAS / "sources.schema.yaml")
).set_index("source_id", drop=False)
SOURCE_IDS = list(SOURCES.index)


def sheet_paths():
    """(path, schema file) of every human sheet the config names."""
    paths = [
        (config["appraisal"]["casp"], SHEET_SCHEMAS["casp"]),
        (config["extraction"]["characteristics"], SHEET_SCHEMAS["characteristics"]),
    ]
    paths += [(config["coding"][k], SHEET_SCHEMAS[k]) for k in ("themes", "codebook", "segments")]
    if config["dedup"].get("decisions"):
        paths.append((config["dedup"]["decisions"], SHEET_SCHEMAS["decisions"]))
    for stage in STAGES:
        schema = f"screening_{stage}.schema.yaml"
        paths += [(r["sheet"], schema) for r in config["screening"][stage]["reviewers"]]
        paths.append((config["screening"][stage]["consensus"], schema))
    return paths


for _path, _schema in sheet_paths():
    read_sheet(_path, schema=load_schema(SCHEMAS / _schema))


wildcard_constraints:
    source="|".join(SOURCE_IDS),


def get_export(wildcards):
    return SOURCES.loc[wildcards.source, "file"]


def get_source(wildcards):
    """The search-log row of one source, as plain values (a rule parameter)."""
    row = SOURCES.loc[wildcards.source].drop(labels=["line"])
    return {k: (int(v) if k in ("hits", "search_round") else v) for k, v in row.items()}


def get_dedup_decisions(wildcards):
    return [config["dedup"]["decisions"]] if config["dedup"].get("decisions") else []


def get_dedup_rules(wildcards):
    return {k: v for k, v in config["dedup"].items() if k not in ("decisions", "shards")}


def reviewer_sheets(stage):
    return [r["sheet"] for r in config["screening"][stage]["reviewers"]]


def reviewer_ids(stage):
    return [r["id"] for r in config["screening"][stage]["reviewers"]]


def get_final_outputs():
    return [
        "results/manuscript/manuscript.html",
        "results/manuscript/manuscript.pdf",
        "results/dedup/review_queue.csv",
    ]
