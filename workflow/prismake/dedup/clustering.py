"""From pair decisions to clusters of records, round by round, without chaining distinct works.

Accepted pairs are joined greedily, strongest first (human ``same``, then identifier rules, then
the other ``same`` rules in file order, then by title similarity and record ids, so the order
never depends on row order). A join of two clusters is refused when any record of one and any
record of the other were kept apart by a guard or a human (*cannot-link*): this is what stops a
third record that resembles both an article and its erratum from joining the two. Before the
joins, every pair inside a tentative cluster that blocking did not propose is scored as well, so
that no guard goes unchecked because two records never shared a key.

Search rounds are processed in order. The records of round ``r`` are clustered among themselves
and may join a cluster of an earlier round, but two clusters of earlier rounds are never joined
and never split by the algorithm; only a human decision does that. Re-running with more rounds
therefore leaves the clusters of earlier rounds, and so their study ids, unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from prismake.errors import SheetError

log = logging.getLogger(__name__)


@dataclass
class _Clusters:
    """Union-find over record positions, with member lists and each cluster's earliest round."""

    rounds: np.ndarray
    parent: list[int] = field(init=False)
    members: dict[int, list[int]] = field(init=False)

    def __post_init__(self) -> None:
        self.parent = list(range(len(self.rounds)))
        self.members = {}  # only clusters of two or more records are listed

    def of(self, root: int) -> list[int]:
        """The members of the cluster whose root is ``root``."""
        return self.members.get(root, [root])

    def find(self, i: int) -> int:
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if len(self.of(ra)) < len(self.of(rb)):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] = self.of(ra) + self.members.pop(rb, [rb])
        return ra

    def earliest(self, root: int) -> int:
        return int(min(self.rounds[m] for m in self.of(root)))


def _conflict(clusters: _Clusters, ra: int, rb: int, cannot: dict[int, dict[int, str]]):
    """The first cannot-link ``(x, y, reason)`` between clusters ``ra`` and ``rb``, or None."""
    small, other = (ra, rb) if len(clusters.of(ra)) <= len(clusters.of(rb)) else (rb, ra)
    hits = []
    for x in clusters.of(small):
        for y, reason in cannot.get(x, {}).items():
            if clusters.find(y) == other:
                hits.append((min(x, y), max(x, y), reason))
    return min(hits) if hits else None


def _components(n: int, left: np.ndarray, right: np.ndarray) -> list[list[int]]:
    """Connected components (size >= 3) of the graph with the given edges.

    Minimum-label propagation with pointer jumping, in numpy: linear work per round and few
    rounds, since the components are small.
    """
    if len(left) == 0:
        return []
    left, right = np.asarray(left, np.int64), np.asarray(right, np.int64)
    label = np.arange(n, dtype=np.int64)
    while True:
        low = np.minimum(label[left], label[right])
        before = label.copy()
        np.minimum.at(label, left, low)
        np.minimum.at(label, right, low)
        label = label[label]
        if np.array_equal(label, before):
            break
    touched = np.unique(np.concatenate([left, right]))
    frame = pd.DataFrame({"label": label[touched], "node": touched})
    sizes = frame.groupby("label")["node"].transform("size")
    big = frame[sizes.to_numpy() >= 3]
    return [sorted(group.tolist()) for _, group in big.groupby("label")["node"]]


def _known_pairs(frames: list[pd.DataFrame], components: list[list[int]], n: int) -> set:
    """The already scored pairs among the members of ``components``."""
    inside = np.zeros(n, bool)
    for component in components:
        inside[component] = True
    known = set()
    for frame in frames:
        left, right = frame["left"].to_numpy(), frame["right"].to_numpy()
        both = inside[left] & inside[right]
        known.update(zip(left[both].tolist(), right[both].tolist(), strict=True))
    return known


def cluster_records(
    rounds: np.ndarray,
    pairs: pd.DataFrame,
    *,
    score_more: Callable[[np.ndarray, np.ndarray], pd.DataFrame],
    max_check: int = 60,
    describe: Callable[[int], str] = str,
    sheet: tuple[str, dict[tuple[int, int], int]] | None = None,
) -> tuple[np.ndarray, pd.DataFrame]:
    """Cluster records; return ``(cluster label per record, pairs with clustering columns)``.

    ``pairs`` has row positions ``left`` < ``right`` and the columns ``decision``,
    ``decided_by``, ``cannot_link`` (bool) and ``priority`` (smaller joins first).
    ``score_more(left, right)`` decides pairs that blocking did not propose (same columns).
    Tentative clusters larger than ``max_check`` records are not completed (logged).

    The returned pairs table has the pairs added by completion (``keys = 'cluster_check'``) and
    the columns ``merged`` (both records ended in one cluster) and ``note`` (why an accepted
    pair was not joined).
    """
    rounds = np.asarray(rounds, np.int64)
    n = len(rounds)
    clusters = _Clusters(rounds)
    pairs = pairs.reset_index(drop=True)
    pair_round = np.maximum(rounds[pairs["left"].to_numpy()], rounds[pairs["right"].to_numpy()])
    notes: dict[tuple[int, int], str] = {}
    extra_frames: list[pd.DataFrame] = []
    cannot: dict[int, dict[int, str]] = {}

    def add_cannot(frame: pd.DataFrame) -> None:
        hard = frame[frame["cannot_link"].to_numpy(bool)]
        for a, b, rule, by in zip(hard["left"], hard["right"], hard["rule"], hard["decided_by"],
                                  strict=True):
            reason = "human" if by == "human" else str(rule)
            cannot.setdefault(int(a), {})[int(b)] = reason
            cannot.setdefault(int(b), {})[int(a)] = reason

    add_cannot(pairs)
    for stage in sorted(set(rounds.tolist())):
        in_stage = pair_round == stage
        stage_pairs = pairs[in_stage]
        accepted = stage_pairs[stage_pairs["decision"].to_numpy() == "same"]
        # complete the tentative clusters: earlier clusters count as already joined
        edges_l = [accepted["left"].to_numpy()]
        edges_r = [accepted["right"].to_numpy()]
        for root, members in clusters.members.items():
            edges_l.append(np.full(len(members) - 1, root))
            edges_r.append(np.asarray([m for m in members if m != root], np.int64))
        components = _components(n, np.concatenate(edges_l), np.concatenate(edges_r))
        known = _known_pairs([pairs, *extra_frames], components, n)
        todo_l, todo_r = [], []
        for component in components:
            if len(component) > max_check:
                log.warning("round %d: a tentative cluster of %d records is too large to check "
                            "pair by pair (limit %d)", stage, len(component), max_check)
                continue
            for i, a in enumerate(component):
                for b in component[i + 1 :]:
                    if max(rounds[a], rounds[b]) == stage and (a, b) not in known:
                        todo_l.append(a)
                        todo_r.append(b)
        if todo_l:
            extra = score_more(np.asarray(todo_l, np.int64), np.asarray(todo_r, np.int64))
            extra_frames.append(extra)
            add_cannot(extra)
            more = extra[extra["decision"].to_numpy() == "same"]
            accepted = pd.concat([accepted, more], ignore_index=True)
            log.info("round %d: %d pairs inside tentative clusters checked", stage, len(extra))
        accepted = accepted.sort_values(
            ["priority", "left", "right"], kind="stable"
        )
        for a, b, by in zip(accepted["left"].tolist(), accepted["right"].tolist(),
                            accepted["decided_by"].tolist(), strict=True):
            ra, rb = clusters.find(a), clusters.find(b)
            if ra == rb:
                continue
            hit = _conflict(clusters, ra, rb, cannot)
            if by == "human":
                if hit is not None and hit[2] == "human":
                    path, lines = sheet if sheet is not None else (None, {})
                    apart = lines.get((min(hit[0], hit[1]), max(hit[0], hit[1])))
                    raise SheetError(
                        f"the decisions join {describe(a)} and {describe(b)} although another "
                        f"decision{f' (line {apart})' if apart else ''} keeps "
                        f"{describe(hit[0])} and {describe(hit[1])} apart",
                        path=path,
                        line=lines.get((a, b)),
                        value=(describe(a), describe(b)),
                        expected="'same' and 'different' decisions that do not contradict",
                    )
                clusters.union(a, b)
                continue
            if clusters.earliest(ra) < stage and clusters.earliest(rb) < stage:
                notes[(a, b)] = "not joined: would join two studies of earlier rounds"
                continue
            if hit is not None:
                notes[(a, b)] = (f"not joined: {describe(hit[0])} and {describe(hit[1])} are kept "
                                 f"apart ({hit[2]})")
                continue
            clusters.union(a, b)
    labels = np.asarray([clusters.find(i) for i in range(n)], np.int64)
    out = pd.concat([pairs, *extra_frames], ignore_index=True) if extra_frames else pairs
    left, right = out["left"].to_numpy(), out["right"].to_numpy()
    note = np.full(len(out), "", dtype=object)
    if notes:
        row = {k: i for i, k in enumerate(zip(left.tolist(), right.tolist(), strict=True))
               if k in notes}
        for key, text in notes.items():
            note[row[key]] = text
    return labels, out.assign(merged=labels[left] == labels[right], note=note)
