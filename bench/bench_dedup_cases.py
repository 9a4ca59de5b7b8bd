"""prismake against bib-dedupe on bib-dedupe's own pairwise test cases.

    .venv/bin/python bench/bench_dedup_cases.py

``../shared/data/bib-dedupe/tests_data/test_cases.json`` holds record pairs that bib-dedupe's
authors labelled by hand, each with the reason: the same paper in two layouts, different papers
that share a DOI by mistake, annual introductions under one title, online-first against the
issue version. prismake's rules were written before these cases were read; the one case they then
got wrong (an article online ahead of print against its issue version) led to the rule on
provisional pages in prismake/dedup/scoring.py, which also holds on the labelled sets. Each pair
is deduplicated on its own by both tools (two records, one thread) and the answer is printed next
to the expected one. The cases come from a later commit of bib-dedupe's repository than the
release installed here, and may describe behaviour that release does not have yet. prismake's answer
is ``same``, ``different`` or ``review`` (a pair its rules leave to a human, in the review
queue; it stays two studies until a human joins it); bib-dedupe's is ``same`` or ``different``.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def prismake_answer(records) -> tuple[str, str]:
    """``(answer, rule)`` of prismake on the two records of one case."""
    from prismake.dedup import dedup_records  # noqa: PLC0415

    result = dedup_records(records)
    if result.clusters["study_id"].nunique() == 1:
        return "same", "; ".join(result.pairs["rule"])
    if len(result.queue):
        return "review", "; ".join(result.queue["rule"])
    rules = "; ".join(result.pairs["rule"]) or "no candidate pair"
    return "different", rules


def bib_dedupe_answer(frame) -> str:
    import bib_dedupe.bib_dedupe as bd  # noqa: PLC0415

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prepared = bd.prep(frame, verbosity_level=0, cpu=1)
        blocked = bd.block(prepared, verbosity_level=0, cpu=1)
        matched = bd.match(blocked, verbosity_level=0, cpu=1)
        groups = bd.cluster(matched, verbosity_level=0)
    return "same" if any({"a", "b"} <= set(map(str, g)) for g in groups) else "different"


def main() -> int:
    from dedup_sets import PAIR_CASES, pair_cases  # noqa: PLC0415

    if not PAIR_CASES.is_file():
        print(f"skipped: {PAIR_CASES} is absent")  # noqa: T201
        return 0
    from importlib.metadata import version  # noqa: PLC0415

    cases = pair_cases()
    tally = {tool: {"right": 0, "false merges": 0, "missed": 0, "sent to review": 0}
             for tool in ("prismake", "bib-dedupe")}
    lines = [("case", "expected", "prismake", "bib-dedupe", "prismake's rule")]
    for case in cases:
        expected = "same" if case.expected else "different"
        ours, rule = prismake_answer(case.records)
        theirs = bib_dedupe_answer(case.native)
        for tool, answer in (("prismake", ours), ("bib-dedupe", theirs)):
            # a pair in the review queue stays two studies until a human joins it
            count, merged = tally[tool], answer == "same"
            count["right"] += merged == case.expected
            count["false merges"] += merged and not case.expected
            count["missed"] += case.expected and not merged
            count["sent to review"] += answer == "review"
        lines.append((case.id, expected, ours, theirs, rule))
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    print(f"bib-dedupe's pairwise test cases ({len(cases)} pairs; "  # noqa: T201
          f"prismake {version('prismake')}, bib-dedupe {version('bib-dedupe')})")
    for i, line in enumerate(lines):
        print("  ".join([*(c.ljust(w) for c, w in zip(line, widths, strict=False)), line[4]]))  # noqa: T201
        if i == 0:
            print("  ".join("-" * w for w in [*widths, 15]))  # noqa: T201
    print()  # noqa: T201
    for tool, count in tally.items():
        print(f"{tool}: {count['right']} of {len(cases)} right; "  # noqa: T201
              f"{count['false merges']} false merges; {count['missed']} missed; "
              f"{count['sent to review']} left to a human in the review queue")
    return 0


if __name__ == "__main__":
    sys.exit(main())
