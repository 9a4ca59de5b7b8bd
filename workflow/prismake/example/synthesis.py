"""The appraisal, extraction and coding sheets of the included studies, as frames."""

from __future__ import annotations

import pandas as pd

from prismake.example import synthesis_data as data
from prismake.example.works import Work


def _page(work: Work, offset: int) -> str:
    if work.first_page.isdigit():
        return f"p. {int(work.first_page) + offset - 1}"
    return f"p. {offset}"


def casp(included: list[Work], ids: dict[str, str]) -> pd.DataFrame:
    """Ten rows per included study: question, answer, justification."""
    rows = []
    for work in included:
        answers = data.CASP[work.key]
        for question, (answer, comment) in enumerate(answers, start=1):
            rows.append(
                {
                    "study_id": ids[work.key],
                    "question": question,
                    "answer": answer,
                    "comment": comment,
                }
            )
    return pd.DataFrame(rows, columns=["study_id", "question", "answer", "comment"])


def characteristics(included: list[Work], ids: dict[str, str]) -> pd.DataFrame:
    """One row per included study."""
    rows = []
    for work in included:
        spec = work.extra["characteristics"]
        rows.append(
            {
                "study_id": ids[work.key],
                "country": work.country,
                "setting": spec["setting"],
                "aim": spec["aim"],
                "data_collection": spec["data_collection"],
                "analysis": spec["analysis"],
                "n_participants": spec["n"],
                "participants": spec["participants"],
                "peer_role": spec["peer_role"],
            }
        )
    columns = [
        "study_id",
        "country",
        "setting",
        "aim",
        "data_collection",
        "analysis",
        "n_participants",
        "participants",
        "peer_role",
    ]
    return pd.DataFrame(rows, columns=columns)


def themes() -> pd.DataFrame:
    columns = ["theme_id", "level", "parent_id", "label", "description"]
    return pd.DataFrame(list(data.THEMES), columns=columns)


def codebook() -> pd.DataFrame:
    return pd.DataFrame(list(data.CODES), columns=["code", "theme_id", "definition"])


def segments(included: list[Work], ids: dict[str, str]) -> pd.DataFrame:
    """Coded extracts, in theme order, with the printed page of each."""
    by_key = {w.key: w for w in included}
    rows = []
    for number, (key, offset, quote, code) in enumerate(data.SEGMENTS, start=1):
        rows.append(
            {
                "segment_id": f"SEG{number:03d}",
                "study_id": ids[key],
                "location": _page(by_key[key], offset),
                "quote": quote,
                "code": code,
            }
        )
    return pd.DataFrame(rows, columns=["segment_id", "study_id", "location", "quote", "code"])
