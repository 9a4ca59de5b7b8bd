"""The fictional example review shipped with prismake, and the generator that writes it.

>>> from prismake.example import generate_example        # doctest: +SKIP
>>> example = generate_example("path/to/project")         # doctest: +SKIP

:func:`generate_example` writes ``config/config.yaml``, ``config/sources.tsv`` and everything
under ``resources/`` (nine database exports and the human sheets) deterministically: the same seed
gives byte-identical files. It works in two phases, as a real team does:

1. invent the works (:mod:`~prismake.example.works`), decide which database finds which
   (:mod:`~prismake.example.coverage`) and write each export in its vendor's format
   (:mod:`~prismake.example.exports`);
2. import the written exports with :func:`prismake.importer.import_source` to learn each
   record's ``record_id``, derive each true duplicate cluster's ``study_id``
   (:func:`prismake.ids.study_id`) and write the screening, appraisal, extraction and coding
   sheets that refer to them.

The ground truth (which records are one work, what the review decides about each) is returned in
memory (:class:`Example`) for tests; it is not written, because a real team would not have it.
Everything in the example is invented and says so.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from prismake.example import project, synthesis
from prismake.example.coverage import SOURCE_IDS, Record, assign
from prismake.example.exports import render
from prismake.example.screening import Screening, screen
from prismake.example.works import Work, build_works
from prismake.ids import study_id
from prismake.tables import write_table

__all__ = ["DEFAULT_SEED", "Example", "generate_example", "record_ids_of"]

log = logging.getLogger(__name__)

DEFAULT_SEED = "prismake-example-2024"
#: invented background works besides the hand-written ones (about 1,000 works in all)
N_BACKGROUND = 965


@dataclass(frozen=True)
class Example:
    """What was generated, with the ground truth a real team would not have."""

    works: tuple[Work, ...]
    records: dict[str, list[Record]]  #: per source, in export order
    record_ids: dict[str, list[str]]  #: per source, the importer's ids in export order
    study_ids: dict[str, str]  #: work key -> study id of its duplicate cluster
    screening: Screening
    files: tuple[str, ...]  #: every file written, relative to the project root

    @property
    def included(self) -> list[Work]:
        return [w for w in self.works if w.ft == "include"]

    @property
    def n_records(self) -> int:
        return sum(len(r) for r in self.records.values())


def record_ids_of(root: Path, records: dict[str, list[Record]]) -> dict[str, list[str]]:
    """Every written record's ``record_id``, from importing the exports as the pipeline does."""
    from prismake.importer import import_source

    ids: dict[str, list[str]] = {}
    for source_id, source_records in records.items():
        database, platform, _, _ = project.SEARCHES[source_id]
        relative = project.export_path(source_id)
        table = import_source(
            root / relative,
            source_id=source_id,
            database=database,
            platform=platform,
            hits=len(source_records),
            display_path=relative,
        )
        ordered = table.sort_values("source_line", kind="stable")["record_id"].tolist()
        expected = [f"{source_id}:{r.accession}" for r in source_records]
        if ordered != expected:
            log.warning("%s: record ids differ from the accession numbers written", relative)
        ids[source_id] = ordered
    return ids


def _write(root: Path, relative: str, data: bytes | str, written: list[str]) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    written.append(relative)


def _sheet(root: Path, relative: str, frame: pd.DataFrame, written: list[str]) -> None:
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    write_table(frame, root / relative)
    written.append(relative)


def generate_example(root: str | Path = ".", *, seed: str = DEFAULT_SEED) -> Example:
    """Write the example review's config and resources under ``root``; return the ground truth."""
    root = Path(root)
    works = build_works(random.Random(f"{seed}:works"), n_background=N_BACKGROUND)
    records = assign(random.Random(f"{seed}:coverage"), works)
    index = {w.key: w for w in works}
    written: list[str] = []
    for source_id in SOURCE_IDS:
        data = render(source_id, records[source_id], seed=seed, index=index)
        _write(root, project.export_path(source_id), data, written)
    _write(root, "config/config.yaml", project.config_yaml(), written)
    hits = {s: len(records[s]) for s in SOURCE_IDS}
    _write(root, "config/sources.tsv", project.sources_tsv(hits), written)

    record_ids = record_ids_of(root, records)
    members: dict[str, list[tuple[int, str]]] = {}
    for source_id in SOURCE_IDS:
        for record, rid in zip(records[source_id], record_ids[source_id], strict=True):
            members.setdefault(record.work.key, []).append((1, rid))
    study_ids = {key: study_id(m) for key, m in members.items()}

    screening = screen(random.Random(f"{seed}:screening"), works, study_ids)
    for stage in ("title_abstract", "full_text"):
        sheets = getattr(screening, stage)
        for reviewer, frame in zip(project.REVIEWERS, sheets, strict=True):
            _sheet(root, f"resources/screening/{stage}_{reviewer}.csv", frame, written)
        _sheet(
            root,
            f"resources/screening/{stage}_consensus.csv",
            getattr(screening, f"{stage}_consensus"),
            written,
        )
    included = sorted((w for w in works if w.ft == "include"), key=lambda w: (w.year, w.key))
    _sheet(root, "resources/appraisal/casp.csv", synthesis.casp(included, study_ids), written)
    _sheet(
        root,
        "resources/extraction/characteristics.csv",
        synthesis.characteristics(included, study_ids),
        written,
    )
    _sheet(root, "resources/coding/themes.csv", synthesis.themes(), written)
    _sheet(root, "resources/coding/codebook.csv", synthesis.codebook(), written)
    _sheet(root, "resources/coding/segments.csv", synthesis.segments(included, study_ids), written)
    _write(root, "resources/dedup/decisions.csv", project.DECISIONS_HEADER, written)
    log.info(
        "example written under %s: %d files, %d records, %d works",
        root,
        len(written),
        sum(hits.values()),
        len(members),
    )
    return Example(tuple(works), records, record_ids, study_ids, screening, tuple(written))
