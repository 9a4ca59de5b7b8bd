"""The audit tables: every candidate pair with its evidence, and the queue for a human.

The pairs table lets an auditor see, for any two records, whether they were compared (which
blocking keys they share), every field score, the rule that fired, the decision, who made it
(identifier rule, other rule, human) and whether the two records ended in one study. The queue
lists the pairs the rules left ``uncertain`` and the accepted pairs that clustering refused to
join, with both records' key fields side by side, so that a reviewer can decide them in the
decision sheet.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from prismake.dedup.scoring import SCORE_COLUMNS

#: Columns of the pairs table, in order.
PAIR_COLUMNS = (
    "record_id_a", "record_id_b", "study_id_a", "study_id_b", "search_round", "keys",
    *SCORE_COLUMNS, "rule", "decision", "decided_by", "merged", "note",
)
_SIDE_FIELDS = ("title", "authors", "year", "journal", "volume", "issue", "pages", "doi",
                "source_id", "database")
_QUEUE_SCORES = ("title", "authors", "journal", "year_diff", "volume", "pages", "doi", "abstract")
#: Columns of the review queue, in order.
QUEUE_COLUMNS = (
    "record_id_a", "record_id_b", "study_id_a", "study_id_b", "merged", "rule", "note",
    *_QUEUE_SCORES, *(f"{f}_{s}" for f in _SIDE_FIELDS for s in ("a", "b")),
)


def pairs_table(pairs: pd.DataFrame, record_ids: np.ndarray, study_ids: np.ndarray,
                rounds: np.ndarray) -> pd.DataFrame:
    """The pairs table from position-based pairs (see :data:`PAIR_COLUMNS`).

    Each pair is written with ``record_id_a < record_id_b`` and the table is sorted by them.
    The columns of ``pairs`` are taken out one by one as the table is built (``pairs`` is an
    internal frame that can hold millions of rows; it is left empty).
    """
    left, right = pairs["left"].to_numpy(), pairs["right"].to_numpy()
    rank = np.empty(len(record_ids), np.int64)
    rank[np.argsort(record_ids.astype(str), kind="stable")] = np.arange(len(record_ids))
    swap = rank[left] > rank[right]
    left, right = np.where(swap, right, left), np.where(swap, left, right)
    order = np.lexsort((rank[right], rank[left]))
    left, right = left[order], right[order]
    columns = {
        "record_id_a": record_ids[left],
        "record_id_b": record_ids[right],
        "study_id_a": study_ids[left],
        "study_id_b": study_ids[right],
        "search_round": np.maximum(rounds[left], rounds[right]).astype("int64"),
        "keys": pairs.pop("keys").to_numpy(dtype=object)[order],
    }
    for column in SCORE_COLUMNS:
        columns[column] = np.round(pairs.pop(column).to_numpy(dtype=np.float32)[order], 1)
    for column in ("rule", "decision", "decided_by", "note"):
        columns[column] = pd.Series(pairs.pop(column).to_numpy(dtype=object)[order], dtype=object)
    columns["merged"] = pairs.pop("merged").to_numpy(dtype=bool)[order]
    for column in ("record_id_a", "record_id_b", "study_id_a", "study_id_b", "keys"):
        columns[column] = pd.Series(columns[column], dtype=object)
    return pd.DataFrame({c: columns[c] for c in PAIR_COLUMNS})


def _side(value: object) -> str:
    if isinstance(value, (list, tuple, np.ndarray)):
        return "; ".join(str(v) for v in value)
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def review_queue(pairs: pd.DataFrame, records: pd.DataFrame) -> pd.DataFrame:
    """Uncertain pairs and refused joins, with both records' fields side by side.

    ``pairs`` is the pairs table; ``records`` the canonical records. Pairs a human decided are
    never queued again.
    """
    mask = (pairs["decided_by"] != "human") & (
        (pairs["decision"] == "uncertain") | (pairs["note"] != "")
    )
    queue = pairs.loc[mask, ["record_id_a", "record_id_b", "study_id_a", "study_id_b", "merged",
                             "rule", "note", *_QUEUE_SCORES]].reset_index(drop=True)
    # the rows of the queued records only (indexing the whole records table by id would copy
    # every column of it: 0.2 GB at a million records)
    wanted = set(queue["record_id_a"]) | set(queue["record_id_b"])
    rows = {rid: i for i, rid in enumerate(records["record_id"].tolist()) if rid in wanted}
    for side in ("a", "b"):
        at = [rows[r] for r in queue[f"record_id_{side}"]]
        for field in _SIDE_FIELDS:
            values = (records[field].take(at).tolist() if field in records.columns
                      else [""] * len(at))
            queue[f"{field}_{side}"] = [_side(v) for v in values]
    return queue[list(QUEUE_COLUMNS)]
