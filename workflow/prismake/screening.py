"""Two-reviewer screening: reviewers' sheets -> one decision per study, and their agreement.

Each reviewer screens every study of a stage blind to the others and keeps a sheet of their own
(``study_id, decision, reason, note``). :func:`resolve_stage` checks that each reviewer's sheet
holds every study of the stage exactly once and nothing else, then decides each study:

* all reviewers agree (same decision and, for ``exclude``, the same reason code), nobody said
  ``unsure``: their decision stands (``resolved_by = "agreement"``);
* otherwise the consensus sheet must hold the study, and its row decides (``"consensus"``);
* a consensus row for a study the reviewers agreed on overrides them (``"consensus_override"``).

Which studies a stage covers (:func:`stage_studies`): title/abstract screening covers every
study; full-text screening covers the studies included at title/abstract.

The stage table is wide: ``study_id``, then ``decision_<reviewer>`` and ``reason_<reviewer>`` for
each reviewer in the order given, then ``agreed`` (all reviewers recorded the same decision),
``decision``, ``reason``, ``reason_label``, ``resolved_by`` and ``note`` (the consensus note).

:func:`agreement` gives, per stage, raw agreement and chance-corrected agreement on the decisions
(reason codes aside): Cohen's kappa for two reviewers, Fleiss' kappa for three or more. Kappa is
undefined (NaN, an empty cell) when every reviewer gave every study the same decision.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from prismake.errors import ConfigError, SheetError
from prismake.labels import first_author, order_studies, study_labels
from prismake.models.screening import (
    FINAL_DECISIONS,
    REVIEWER_DECISIONS,
    STAGE_MODELS,
    Agreement,
    Included,
)
from prismake.sheetchecks import (
    check_complete,
    check_known,
    check_table,
    check_unique,
    preview,
    require_columns,
    sheet_lines,
    sheet_path,
    text_column,
)

log = logging.getLogger(__name__)

STAGES = tuple(FINAL_DECISIONS)
SHEET_COLUMNS = ("study_id", "decision", "reason", "note")
#: Decimals kept in the agreement table (float noise such as 0.6875000000000001 dropped).
DECIMALS = 6
_REVIEWER_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def _check_stage(stage: str) -> None:
    if stage not in STAGES:
        raise ConfigError("unknown screening stage", value=stage, expected=f"one of {STAGES}")


def check_decisions(
    sheet: pd.DataFrame,
    *,
    stage: str,
    reasons: Mapping[str, str],
    consensus: bool = False,
    path: str | None = None,
) -> pd.DataFrame:
    """Check one reviewer's (or the consensus) sheet of ``stage`` against the config.

    Every decision must be one of the stage's (the consensus sheet may not say ``unsure``);
    ``exclude`` needs a reason code from ``reasons`` (the stage's ``code -> label`` mapping),
    other decisions no reason; no study twice. Returns ``study_id, decision, reason, note, line``
    with ``attrs["path"]`` set; raises :class:`SheetError` naming the file, line and value.
    """
    _check_stage(stage)
    where = sheet_path(sheet, path)
    require_columns(sheet, ("study_id", "decision"), path=where)
    allowed = FINAL_DECISIONS[stage] if consensus else REVIEWER_DECISIONS[stage]
    out = pd.DataFrame(
        {
            "study_id": text_column(sheet, "study_id"),
            "decision": text_column(sheet, "decision"),
            "reason": text_column(sheet, "reason"),
            "note": text_column(sheet, "note"),
            "line": sheet_lines(sheet),
        },
        dtype=object,
    )
    out.attrs["path"] = where
    codes = ", ".join(repr(c) for c in reasons)
    for sid, decision, reason, line in zip(
        out["study_id"], out["decision"], out["reason"], out["line"], strict=True
    ):
        if not sid:
            raise SheetError(
                "empty study_id", path=where, line=line, value=sid, expected="a study id"
            )
        if decision not in allowed:
            raise SheetError(
                f"bad decision for {sid}",
                path=where,
                line=line,
                value=decision,
                expected="one of " + ", ".join(repr(d) for d in allowed),
            )
        if decision == "exclude" and reason not in reasons:
            raise SheetError(
                f"bad exclusion reason for {sid}",
                path=where,
                line=line,
                value=reason,
                expected=f"a {stage} reason code from the config ({codes})",
            )
        if decision != "exclude" and reason:
            raise SheetError(
                f"reason given with decision {decision!r} on {sid}",
                path=where,
                line=line,
                value=reason,
                expected="an empty reason (reasons are for exclusions)",
            )
    check_unique(out, ["study_id"], what="study_id", path=where)
    return out


def stage_studies(
    stage: str, *, studies: pd.DataFrame, title_abstract: pd.DataFrame | None = None
) -> list[str]:
    """The study ids ``stage`` covers, sorted: all studies, or those included at title/abstract."""
    _check_stage(stage)
    if stage == "title_abstract":
        return sorted(studies["study_id"])
    if title_abstract is None:
        raise ConfigError(
            "full-text screening needs the title/abstract result",
            expected="the title_abstract stage table",
        )
    return sorted(title_abstract.loc[title_abstract["decision"] == "include", "study_id"])


def _check_reviewers(reviewers: Mapping[str, pd.DataFrame]) -> None:
    if len(reviewers) < 2:
        raise ConfigError(
            "a stage needs at least two reviewers",
            value=list(reviewers),
            expected="two or more reviewer sheets",
        )
    for rid in reviewers:
        if not _REVIEWER_ID.fullmatch(rid) or rid == "label":
            raise ConfigError(
                "bad reviewer id",
                value=rid,
                expected="letters, digits and _ starting with a letter, not 'label'",
            )


def resolve_stage(
    study_ids: Iterable[str],
    reviewers: Mapping[str, pd.DataFrame],
    consensus: pd.DataFrame | None = None,
    *,
    stage: str,
    reasons: Mapping[str, str],
) -> pd.DataFrame:
    """Decide every study of ``stage`` from the reviewers' sheets and the consensus sheet.

    ``study_ids`` are the studies the stage covers (:func:`stage_studies`); ``reviewers`` maps
    reviewer id to sheet, in config order; ``reasons`` is the stage's ``code -> label`` mapping.
    Sheets name their file in ``attrs["path"]`` (as :func:`prismake.sheets.read_sheet` sets it).
    Returns the stage table (see the module docstring), sorted by ``study_id``.
    """
    _check_stage(stage)
    _check_reviewers(reviewers)
    covered = sorted(set(study_ids))
    scope = (
        "a study of the title_abstract stage (every deduplicated study)"
        if stage == "title_abstract"
        else "a study of the full_text stage (one included at title/abstract)"
    )
    sheets: dict[str, pd.DataFrame] = {}
    for rid, sheet in reviewers.items():
        checked = check_decisions(sheet, stage=stage, reasons=reasons)
        check_known(checked, covered, expected=scope)
        check_complete(
            checked,
            covered,
            what="studies",
            expected=f"every study of the {stage} stage exactly once",
        )
        sheets[rid] = checked
    if consensus is None:
        consensus = pd.DataFrame({c: [] for c in SHEET_COLUMNS}, dtype=object)
    agreed_sheet = check_decisions(consensus, stage=stage, reasons=reasons, consensus=True)
    check_known(agreed_sheet, covered, expected=scope)
    votes = {
        rid: dict(zip(s["study_id"], zip(s["decision"], s["reason"], strict=True), strict=True))
        for rid, s in sheets.items()
    }
    settled = {
        sid: (d, r, n)
        for sid, d, r, n in zip(
            agreed_sheet["study_id"],
            agreed_sheet["decision"],
            agreed_sheet["reason"],
            agreed_sheet["note"],
            strict=True,
        )
    }
    rows, unresolved = [], []
    for sid in covered:
        calls = [votes[rid][sid] for rid in reviewers]
        decisions = {d for d, _ in calls}
        agreed = len(decisions) == 1
        needs_consensus = not agreed or "unsure" in decisions or len(set(calls)) > 1
        if sid in settled:
            decision, reason, note = settled[sid]
            resolved_by = "consensus" if needs_consensus else "consensus_override"
        elif needs_consensus:
            unresolved.append(sid)
            continue
        else:
            (decision, reason), note, resolved_by = calls[0], "", "agreement"
        row = {"study_id": sid}
        row.update({f"decision_{rid}": d for rid, (d, _) in zip(reviewers, calls, strict=True)})
        row.update({f"reason_{rid}": r for rid, (_, r) in zip(reviewers, calls, strict=True)})
        row.update(
            agreed=agreed,
            decision=decision,
            reason=reason,
            reason_label=reasons.get(reason, "") if reason else "",
            resolved_by=resolved_by,
            note=note,
        )
        rows.append(row)
    if unresolved:
        raise SheetError(
            f"{len(unresolved)} studies at {stage} have conflicting or unsure decisions and no "
            f"consensus row: {preview(unresolved)}",
            path=sheet_path(agreed_sheet),
            expected="a consensus row for every study the reviewers disagree on",
        )
    columns = [
        "study_id",
        *(f"decision_{r}" for r in reviewers),
        *(f"reason_{r}" for r in reviewers),
        "agreed",
        "decision",
        "reason",
        "reason_label",
        "resolved_by",
        "note",
    ]
    table = pd.DataFrame(rows, columns=columns)
    table["agreed"] = table["agreed"].astype(bool)
    log.info(
        "%s: %d studies, %d by consensus",
        stage,
        len(table),
        int((table["resolved_by"] != "agreement").sum()),
    )
    return check_table(STAGE_MODELS[stage], table, name=f"the {stage} screening table")


def cohen_kappa(a: Sequence[str], b: Sequence[str]) -> float:
    """Cohen's kappa of two raters' labels for the same items (NaN when undefined)."""
    if len(a) != len(b):
        raise ValueError(f"raters labelled {len(a)} and {len(b)} items; expected the same number")
    n = len(a)
    if n == 0:
        return float("nan")
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    count_a, count_b = Counter(a), Counter(b)
    expected = sum(count_a[k] * count_b[k] for k in count_a) / (n * n)
    if expected >= 1:
        return float("nan")
    return (observed - expected) / (1 - expected)


def fleiss_kappa(ratings: Sequence[Sequence[str]]) -> float:
    """Fleiss' kappa; ``ratings[i]`` holds every rater's label for item ``i`` (NaN if undefined)."""
    if not ratings:
        return float("nan")
    raters = len(ratings[0])
    if raters < 2 or any(len(r) != raters for r in ratings):
        raise ValueError("every item needs the same number (>= 2) of ratings")
    n_items = len(ratings)
    totals: Counter[str] = Counter()
    agreement = 0.0
    for item in ratings:
        counts = Counter(item)
        totals.update(counts)
        agreement += (sum(c * c for c in counts.values()) - raters) / (raters * (raters - 1))
    p_bar = agreement / n_items
    p_e = sum((c / (n_items * raters)) ** 2 for c in totals.values())
    if p_e >= 1:
        return float("nan")
    return (p_bar - p_e) / (1 - p_e)


def agreement(results: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Agreement between reviewers, one row per stage of ``results`` (``stage -> stage table``).

    Columns: ``stage, n_studies, n_reviewers, n_agreed, raw_agreement, kappa, kappa_method,
    n_conflicts`` (studies the consensus had to settle: disagreement, ``unsure`` or different
    reason codes) and ``n_overrides`` (consensus rows overriding an agreement).
    """
    rows = []
    for stage, table in results.items():
        _check_stage(stage)
        columns = [c for c in table.columns if c.startswith("decision_")]
        ratings = [tuple(row) for row in table[columns].itertuples(index=False, name=None)]
        n = len(ratings)
        n_agreed = sum(len(set(r)) == 1 for r in ratings)
        if len(columns) == 2:
            kappa, method = cohen_kappa([r[0] for r in ratings], [r[1] for r in ratings]), "cohen"
        else:
            kappa, method = fleiss_kappa(ratings), "fleiss"
        rows.append(
            {
                "stage": stage,
                "n_studies": n,
                "n_reviewers": len(columns),
                "n_agreed": n_agreed,
                "raw_agreement": round(n_agreed / n, DECIMALS) if n else float("nan"),
                "kappa": round(kappa, DECIMALS),
                "kappa_method": method,
                "n_conflicts": int((table["resolved_by"] == "consensus").sum()),
                "n_overrides": int((table["resolved_by"] == "consensus_override").sum()),
            }
        )
    frame = pd.DataFrame(rows, columns=list(Agreement.to_schema().columns))
    return check_table(Agreement, frame, name="the screening agreement table")


def included_studies(full_text: pd.DataFrame, studies: pd.DataFrame) -> pd.DataFrame:
    """The studies included after full text, with labels, ordered by year then label.

    Columns: ``study_id, label, first_author, year, title, journal, doi``. Labels are made among
    the included studies only (:func:`prismake.labels.study_labels`).
    """
    ids = set(full_text.loc[full_text["decision"] == "include", "study_id"])
    unknown = sorted(ids - set(studies["study_id"]))
    if unknown:
        raise SheetError(
            f"included studies missing from the studies table: {preview(unknown)}",
            expected="every included study in results/dedup/studies.csv",
        )
    chosen = studies.loc[studies["study_id"].isin(ids)].sort_values("study_id")
    table = pd.DataFrame(
        {
            "study_id": list(chosen["study_id"]),
            "label": list(study_labels(chosen)),
            "first_author": [first_author(a) for a in chosen["authors"]],
            "year": pd.array(list(chosen["year"]), dtype="Int64"),
            "title": [str(v) for v in chosen["title"]],
            "journal": [str(v) for v in chosen["journal"]],
            "doi": [str(v) for v in chosen["doi"]],
        }
    )
    return check_table(Included, order_studies(table), name="the included studies table")
