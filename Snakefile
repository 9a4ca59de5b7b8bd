# prismake: a systematic review / qualitative evidence synthesis as one build.
#
# Paths: raw inputs in resources/ (exports and human sheets, never written), derived tables in
# results/<stage>/<name>.<ext>, logs in logs/<rule>/<wildcards>.log, timings in benchmarks/.
# Stages, in order: import -> dedup -> screening -> prisma -> appraisal, extraction, coding
# -> manuscript. See README.md for what every output holds.

from snakemake.utils import min_version

min_version("9.0")


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/import.smk"
include: "workflow/rules/dedup.smk"
include: "workflow/rules/screening.smk"
include: "workflow/rules/prisma.smk"
include: "workflow/rules/appraisal.smk"
include: "workflow/rules/extraction.smk"
include: "workflow/rules/coding.smk"
include: "workflow/rules/manuscript.smk"


rule all:
    default_target: True
    input:
        get_final_outputs(),
