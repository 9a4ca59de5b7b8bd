"""The example's protocol (``config/config.yaml``) and search log (``config/sources.tsv``)."""

from __future__ import annotations

from prismake.example.exports import EXPORT_FILES
from prismake.example.screening import FULL_TEXT_REASONS, TITLE_ABSTRACT_REASONS

REVIEWERS = ("IB", "TO")
AUTHORS = ("Isla Brannigan", "Tobias Okonjo", "Ruth Feldmann-Ayre", "Calum Strathdee")

#: source id -> (database, platform, search date, search string as run)
SEARCHES: dict[str, tuple[str, str, str, str]] = {
    "medline": (
        "MEDLINE", "PubMed", "2024-03-04",
        '("Peer Group"[Mesh] OR peer*[tiab] OR "lived experience"[tiab] OR "expert by '
        'experience"[tiab] OR "experts by experience"[tiab] OR "recovery coach*"[tiab]) AND '
        '("Ill-Housed Persons"[Mesh] OR homeless*[tiab] OR "rough sleep*"[tiab] OR '
        'hostel*[tiab] OR '
        'shelter*[tiab] OR "Substance-Related Disorders"[Mesh] OR "substance use"[tiab] OR '
        'drug*[tiab] OR alcohol*[tiab] OR addict*[tiab] OR "harm reduction"[tiab]) AND '
        '(worker*[tiab] '
        'OR mentor*[tiab] OR navigator*[tiab] OR specialist*[tiab] OR staff[tiab] OR '
        'employ*[tiab]) '
        'AND 1990:2024[dp]',
    ),
    "embase": (
        "Embase", "Ovid", "2024-03-05",
        "1. exp peer group/; 2. (peer* or lived experience or expert* by experience or recovery "
        "coach*).ti,ab,kw.; 3. 1 or 2; 4. homeless person/ or homelessness/; 5. exp drug "
        "dependence/ "
        "or harm reduction/; 6. (homeless* or rough sleep* or hostel* or shelter* or substance use "
        "or drug* or alcohol* or addict*).ti,ab,kw.; 7. or/4-6; 8. (worker* or mentor* or "
        "navigator* "
        "or specialist* or staff or employ*).ti,ab,kw.; 9. 3 and 7 and 8; 10. limit 9 to "
        'yr="1990 -Current"',
    ),
    "psycinfo": (
        "APA PsycInfo", "Ovid", "2024-03-05",
        "1. exp Peer Counseling/ or Peers/; 2. (peer* or lived experience or expert* by experience "
        "or recovery coach*).ti,ab,id.; 3. 1 or 2; 4. Homeless/ or exp Drug Abuse/ or Harm "
        "Reduction/; 5. (homeless* or rough sleep* or hostel* or shelter* or substance use or "
        "drug* "
        "or alcohol* or addict*).ti,ab,id.; 6. 4 or 5; 7. (worker* or mentor* or navigator* or "
        'specialist* or staff or employ*).ti,ab,id.; 8. 3 and 6 and 7; 9. limit 8 to yr="1990 '
        '-Current"',
    ),
    "cinahl": (
        "CINAHL Plus with Full Text", "EBSCOhost", "2024-03-06",
        '(MH "Peer Counseling" OR TI (peer* OR "lived experience" OR "expert* by experience") '
        'OR AB '
        '(peer* OR "lived experience" OR "expert* by experience")) AND (MH "Homeless Persons+" '
        'OR MH '
        '"Substance Use Disorders+" OR TI (homeless* OR hostel* OR shelter* OR "substance use" OR '
        "drug* OR alcohol* OR addict*) OR AB (homeless* OR hostel* OR shelter* OR \"substance "
        "use\" "
        "OR drug* OR alcohol* OR addict*)) AND (TI (worker* OR mentor* OR navigator* OR staff) "
        "OR AB "
        "(worker* OR mentor* OR navigator* OR staff)); Limiters: Published Date 19900101-20241231",
    ),
    "socindex": (
        "SocINDEX with Full Text", "EBSCOhost", "2024-03-06",
        '(DE "PEER counseling" OR TI (peer* OR "lived experience") OR AB (peer* OR "lived '
        'experience")) AND (DE "HOMELESS persons" OR DE "SUBSTANCE abuse" OR TI (homeless* OR '
        'hostel* OR shelter* OR "substance use" OR drug* OR addict*) OR AB (homeless* OR '
        'hostel* OR '
        'shelter* OR "substance use" OR drug* OR addict*)) AND (TI (worker* OR mentor* OR '
        'staff) OR '
        "AB (worker* OR mentor* OR staff)); Limiters: Published Date 19900101-20241231",
    ),
    "assia": (
        "ASSIA", "ProQuest", "2024-03-07",
        'noft((peer* OR "lived experience" OR "expert* by experience") AND (homeless* OR '
        'hostel* OR '
        'shelter* OR "rough sleep*" OR "substance use" OR drug* OR alcohol* OR addict*) AND '
        '(worker* '
        "OR mentor* OR navigator* OR staff OR employ*)) AND pd(19900101-20241231)",
    ),
    "sociological_abstracts": (
        "Sociological Abstracts", "ProQuest", "2024-03-07",
        'noft((peer* OR "lived experience") AND (homeless* OR hostel* OR shelter* OR "substance '
        'use" OR drug* OR addict*) AND (worker* OR mentor* OR staff OR employ*)) OR '
        'MAINSUBJECT.EXACT("Peer Relations") AND MAINSUBJECT.EXACT("Homelessness") AND '
        "pd(19900101-20241231)",
    ),
    "scopus": (
        "Scopus", "Scopus", "2024-03-11",
        'TITLE-ABS-KEY((peer* OR "lived experience" OR "expert* by experience" OR "recovery '
        'coach*") AND (homeless* OR hostel* OR shelter* OR "substance use" OR drug* OR alcohol* OR '
        'addict* OR "harm reduction") AND (worker* OR mentor* OR navigator* OR specialist* OR '
        'staff)) '
        "AND PUBYEAR > 1989",
    ),
    "wos": (
        "Web of Science Core Collection", "Web of Science", "2024-03-12",
        'TS=((peer* OR "lived experience" OR "expert* by experience" OR "recovery coach*") AND '
        '(homeless* OR hostel* OR shelter* OR "substance use" OR drug* OR alcohol* OR addict* OR '
        '"harm reduction") AND (worker* OR mentor* OR navigator* OR specialist* OR staff)); '
        "Timespan: 1990-01-01 to 2024-03-12; Indexes: SCI-EXPANDED, SSCI, ESCI",
    ),
}

SOURCE_COLUMNS = ("source_id", "database", "platform", "file", "format", "encoding",
                  "search_date", "search_round", "hits", "on_count_mismatch", "search_string")


def export_path(source_id: str) -> str:
    return f"resources/exports/{EXPORT_FILES[source_id]}"


def _tsv_row(cells: tuple[object, ...]) -> str:
    """One TSV line; cells are written as typed (a search string keeps its quotation marks), so
    none may hold a tab or line break or start with a quotation mark."""
    text = [str(c) for c in cells]
    for cell in text:
        if "\t" in cell or "\n" in cell or cell.startswith('"'):
            raise ValueError(f"cell {cell[:40]!r} cannot be written unquoted in a TSV file")
    return "\t".join(text) + "\n"


def sources_tsv(hits: dict[str, int]) -> str:
    """The search log: one row per export, ``hits`` as the databases reported them."""
    lines = [_tsv_row(SOURCE_COLUMNS)]
    for source_id, (database, platform, date, string) in SEARCHES.items():
        lines.append(_tsv_row((source_id, database, platform, export_path(source_id), "auto",
                               "auto", date, 1, hits[source_id], "error", string)))
    return "".join(lines)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _reasons(reasons: dict[str, str], indent: str) -> str:
    return "".join(f"{indent}{code}: {_quote(label)}\n" for code, label in reasons.items())


def _stage(stage: str) -> str:
    lines = [f"  {stage}:", "    reviewers:"]
    for reviewer in REVIEWERS:
        sheet = f"resources/screening/{stage}_{reviewer}.csv"
        lines.append(f"      - {{id: {reviewer}, sheet: {sheet}}}")
    lines.append(f"    consensus: resources/screening/{stage}_consensus.csv")
    return "\n".join(lines) + "\n"


#: The ``dedup`` section of config.yaml (matching rules, human decisions sheet), as YAML text
#: ending in a newline; written after ``sources``. Empty: the package's default rules apply.
DEDUP_YAML = (
    "dedup:\n"
    "  # Human duplicate decisions, replayed on every build; they win over the rules.\n"
    "  decisions: resources/dedup/decisions.csv\n"
    "  # Split pair finding into this many jobs (e.g. on a cluster); the result is the same.\n"
    "  shards: 1\n"
    "  # Any other key (blocking, scoring, rules, default) overrides the package's matching\n"
    "  # rules in workflow/prismake/dedup/default_rules.yaml; a list replaces the default list.\n"
)


def config_yaml() -> str:
    """The protocol. The ``dedup`` section (matching rules, decisions sheet) is kept separately."""
    authors = "".join(f"    - {a}\n" for a in AUTHORS)
    return (
        "# The example review shipped with prismake. It is FICTIONAL: its studies, records,\n"
        "# reviewers, quotes and themes are invented; it mirrors only the shape of a published\n"
        "# qualitative evidence synthesis (nine databases, nine included studies, three "
        "analytical\n"
        "# themes). Regenerate it with `prismake example`.\n"
        "review:\n"
        "  title: \"Lived experience at work: a qualitative evidence synthesis of peer workers'\n"
        "    experiences in homelessness and substance-use services (a fictional example)\"\n"
        "  short_title: Peer workers in homelessness and substance-use services (fictional)\n"
        "  question: >-\n"
        "    How do peer workers with lived experience of homelessness and substance use "
        "experience\n"
        "    working in homelessness and substance-use services?\n"
        "  authors:\n" + authors +
        "  fictional: true\n"
        "  eligibility:\n"
        "    published_from: 1990\n"
        "    designs: [primary qualitative research]\n"
        "    languages: [English]\n"
        "sources: config/sources.tsv\n" + DEDUP_YAML +
        "screening:\n"
        "  exclusion_reasons:\n"
        "    title_abstract:\n" + _reasons(TITLE_ABSTRACT_REASONS, "      ") +
        "    full_text:\n" + _reasons(FULL_TEXT_REASONS, "      ") +
        _stage("title_abstract") + _stage("full_text") +
        "appraisal:\n"
        "  casp: resources/appraisal/casp.csv\n"
        "extraction:\n"
        "  characteristics: resources/extraction/characteristics.csv\n"
        "coding:\n"
        "  themes: resources/coding/themes.csv\n"
        "  codebook: resources/coding/codebook.csv\n"
        "  segments: resources/coding/segments.csv\n"
        "manuscript:\n"
        "  source: workflow/manuscript/manuscript.qmd\n"
    )

DECISIONS_HEADER = "record_id_a,record_id_b,decision,reviewer,note\n"
