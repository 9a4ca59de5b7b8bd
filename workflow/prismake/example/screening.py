"""The two reviewers' screening decisions and the consensus that resolves them.

Each reviewer screens every study at title/abstract, and every study included there at full text,
blind to the other. Their decisions follow the truth of each work (``Work.ta``, ``Work.ft``) with
the errors real reviewers make: they include the occasional near-miss, mark some studies
``unsure``, and at full text disagree on a few. The consensus sheet holds a row for every study on
which the reviewers' decisions differ, one was ``unsure`` or both excluded for different reasons,
with the decision the team reached.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pandas as pd

from prismake.example.works import Work

COLUMNS = ["study_id", "decision", "reason", "note"]

TITLE_ABSTRACT_REASONS: dict[str, str] = {
    "TOPIC": "Not about peer work",
    "POPULATION": "Not homelessness or substance use",
    "PERSPECTIVE": "Not peer workers' own experiences",
    "DESIGN": "Not primary qualitative research",
    "PUBLICATION": "Not a research article (erratum, editorial, commentary, protocol)",
    "LANGUAGE": "Not published in English",
}
FULL_TEXT_REASONS: dict[str, str] = {
    "POPULATION": "Peer workers without lived experience of homelessness and substance use",
    "SETTING": "Not a homelessness or substance-use service",
    "PERSPECTIVE": "Peer workers' own experiences not reported",
    "DESIGN": "No qualitative data",
    "MIXED_SAMPLE": "Peer workers' data not reported separately",
    "NOT_PRIMARY": "Not primary research (review, commentary)",
    "ABSTRACT_ONLY": "Conference abstract, no full report",
    "LINKED_REPORT": "Reports the data of an included study",
}

#: (include, unsure) probabilities by how near a work is to the question, for works the truth
#: excludes at title/abstract
NEAR_MISS = {
    "close": (0.012, 0.012),
    "related": (0.004, 0.006),
    "distant": (0.001, 0.002),
    "special": (0.0, 0.0),
    "fulltext": (0.0, 0.0),
}
#: a truly eligible study: (exclude, unsure)
MISSED = (0.04, 0.05)
TA_NOTES = {
    "include": ("", "", "", "Peer workers' perspective?", "Check who was interviewed"),
    "unsure": (
        "Unclear whether peer workers had lived experience of homelessness",
        "Abstract does not say who the participants were",
        "Mixed methods: is there qualitative data?",
        "Setting unclear from abstract",
        "Peers or service users interviewed?",
    ),
    "exclude": ("",) * 12
    + (
        "Service users' views only",
        "Quantitative outcomes",
        "Mental health setting",
        "No peer component",
    ),
}
OTHER_REASON = {
    "TOPIC": "POPULATION",
    "POPULATION": "TOPIC",
    "PERSPECTIVE": "DESIGN",
    "DESIGN": "PERSPECTIVE",
    "PUBLICATION": "DESIGN",
    "LANGUAGE": "LANGUAGE",
}

#: Full-text disagreements, by work: reviewer index -> (decision, reason, note)
FULL_TEXT_CONFLICTS: dict[str, dict[int, tuple[str, str, str]]] = {
    "inc4": {
        1: ("exclude", "POPULATION", "Not clear all participants had experienced homelessness")
    },
    "inc9": {
        0: (
            "exclude",
            "DESIGN",
            "Programme evaluation; qualitative methods reported in a supplement",
        )
    },
    "ft03": {
        0: ("include", "", "Lived experience workforce; some participants homeless in the past?")
    },
    "ft20": {1: ("include", "", "Seven peer workers among participants")},
    "ft04": {1: ("exclude", "POPULATION", "")},
    "ft23": {0: ("exclude", "DESIGN", "Mainly attendance data")},
}
FULL_TEXT_NOTES = {
    "not_retrieved": "Requested through interlibrary loan; not supplied",
    "ABSTRACT_ONLY": "Conference abstract; full report published later",
    "LINKED_REPORT": "Same focus groups as an included study",
}
CONSENSUS_NOTES = {
    "include": "Included after discussion",
    "exclude": "Excluded after discussion",
}


@dataclass(frozen=True)
class Screening:
    """Reviewer sheets and consensus sheets of both stages."""

    title_abstract: tuple[pd.DataFrame, pd.DataFrame]
    title_abstract_consensus: pd.DataFrame
    full_text: tuple[pd.DataFrame, pd.DataFrame]
    full_text_consensus: pd.DataFrame


def _ta_decision(rng: random.Random, work: Work) -> tuple[str, str, str]:
    if work.ta == "include":
        draw = rng.random()
        if draw < MISSED[0]:
            return "exclude", rng.choice(("PERSPECTIVE", "POPULATION", "DESIGN")), ""
        if draw < MISSED[0] + MISSED[1]:
            return "unsure", "", rng.choice(TA_NOTES["unsure"])
        return "include", "", rng.choice(TA_NOTES["include"])
    include, unsure = NEAR_MISS[work.relevance]
    draw = rng.random()
    if draw < include:
        return "include", "", rng.choice(TA_NOTES["include"])
    if draw < include + unsure:
        return "unsure", "", rng.choice(TA_NOTES["unsure"])
    reason = work.ta if rng.random() < 0.985 else OTHER_REASON[work.ta]
    return "exclude", reason, rng.choice(TA_NOTES["exclude"])


def _truth_row(study: str, decision: str, reason: str, note: str) -> dict[str, str]:
    return {"study_id": study, "decision": decision, "reason": reason, "note": note}


def _title_abstract(rng: random.Random, works: list[Work], ids: dict[str, str]):
    sheets: tuple[list[dict], list[dict]] = ([], [])
    consensus = []
    for work in works:
        study = ids[work.key]
        for _ in range(50):
            a, b = _ta_decision(rng, work), _ta_decision(rng, work)
            agreed = a[0] == b[0] and a[0] != "unsure"
            truth = "include" if work.ta == "include" else "exclude"
            if not agreed or a[0] == truth:
                break
        if work.key == "com5":  # one reviewer wanted to see the commentary in full
            a = ("unsure", "", "Commentary on an included study?")
        sheets[0].append(_truth_row(study, *a))
        sheets[1].append(_truth_row(study, *b))
        if a[0] != b[0] or "unsure" in (a[0], b[0]) or a[1] != b[1]:
            truth = "include" if work.ta == "include" else "exclude"
            reason = "" if truth == "include" else work.ta
            note = (
                CONSENSUS_NOTES[truth]
                if a[0] != b[0] or "unsure" in (a[0], b[0])
                else ("Exclusion reason agreed at consensus")
            )
            consensus.append(_truth_row(study, truth, reason, note))
    return sheets, consensus


def _full_text(rng: random.Random, works: list[Work], ids: dict[str, str]):
    sheets: tuple[list[dict], list[dict]] = ([], [])
    consensus = []
    for work in works:
        if work.ta != "include":
            continue
        study = ids[work.key]
        if work.ft in ("include", "not_retrieved"):
            truth = (work.ft, "", FULL_TEXT_NOTES.get(work.ft, ""))
        else:
            truth = ("exclude", work.ft, FULL_TEXT_NOTES.get(work.ft, ""))
        decisions = [truth, truth]
        for reviewer, decision in FULL_TEXT_CONFLICTS.get(work.key, {}).items():
            decisions[reviewer] = decision
        for reviewer in (0, 1):
            sheets[reviewer].append(_truth_row(study, *decisions[reviewer]))
        a, b = decisions
        if a[0] != b[0] or (a[0] == "exclude" and a[1] != b[1]):
            note = (
                CONSENSUS_NOTES[truth[0]]
                if a[0] != b[0]
                else "Exclusion reason agreed at consensus"
            )
            consensus.append(_truth_row(study, truth[0], truth[1], note))
    return sheets, consensus


def _frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS).astype(object)
    return frame.sort_values("study_id", kind="stable").reset_index(drop=True)


def screen(rng: random.Random, works: list[Work], ids: dict[str, str]) -> Screening:
    """Both stages' sheets; ``ids`` maps each work's key to its study id."""
    (ta_a, ta_b), ta_consensus = _title_abstract(rng, works, ids)
    (ft_a, ft_b), ft_consensus = _full_text(rng, works, ids)
    return Screening(
        title_abstract=(_frame(ta_a), _frame(ta_b)),
        title_abstract_consensus=_frame(ta_consensus),
        full_text=(_frame(ft_a), _frame(ft_b)),
        full_text_consensus=_frame(ft_consensus),
    )


def cohens_kappa(a: pd.Series, b: pd.Series) -> float:
    """Cohen's kappa between two reviewers' decisions on the same studies (any categories)."""
    a, b = list(a), list(b)
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    labels = sorted(set(a) | set(b))
    expected = sum((a.count(c) / n) * (b.count(c) / n) for c in labels)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0
