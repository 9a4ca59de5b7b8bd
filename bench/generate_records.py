"""Build large record sets with known duplicate groups from the real records in ../shared/data.

    .venv/bin/python bench/generate_records.py --records 100000 --output bench/out/scale/100k

writes ``records.parquet`` (the canonical records table) and ``truth.csv`` (``record_id,work``)
into the output folder.

Where the records come from:

* **Real works with their real duplicates.** Every labelled bib-dedupe set (cytology,
  respiratory, diabetes, digital work) contributes each true group, with all its member
  records exactly as exported, and each singleton. These carry the differences real databases
  produce, and their labels.
* **New works made from real parts.** To reach 10^5-10^6 records the generator makes new works:
  a title built from the words of two real titles (so it reads like a title of the field but
  names no real work), one to eight authors drawn from the real author names, a real journal
  (with the name variants seen for it in the labelled groups), a year, volume, issue and page
  range, for most a DOI under a fictitious prefix, and for most an abstract stitched from real
  abstract sentences. Titles are unique after normalisation.
* **Copies as different databases write them.** Each new work is found by one to five
  "databases", each with a house style seen in the real exports: MEDLINE-like (NLM journal
  abbreviation, ``Surname AB`` authors, ``221-8`` pages, ``[Review]``/language notes, no DOI
  for some), Embase-like (upper-case titles for some, ``Surname A.B.`` authors, DOI with
  resolver prefix, ``Conference:`` venues for meeting abstracts), WoS/Scopus-like (full given
  names, full page ranges). On top, per copy: a typo, a dropped subtitle, markup, stripped
  accents, an online-first year, truncated author lists, missing DOI, pages, volume or abstract.
* **Hard negatives.** Some new works get a sibling that is a different work by design: an
  erratum (same title, authors and journal, one page), a comment by other authors, the
  conference abstract of the same study a year earlier in a supplement, or "Part 2" of a
  series. Each is its own work in ``truth.csv``.

Nothing is copied into the project: the generator reads ../shared/data and writes bench/out/.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

log = logging.getLogger("generate_records")

LABELLED = ("cytology_screening", "respiratory", "diabetes", "digital_work")


@dataclass
class Pools:
    titles: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)          # "Surname, Given Names"
    journals: list[list[str]] = field(default_factory=list)   # families of name variants
    sentences: list[str] = field(default_factory=list)


def _real_groups():
    """``(records frame, groups as lists of row positions)`` of every labelled set."""
    from dedup_sets import load  # noqa: PLC0415

    out = []
    for name in LABELLED:
        records, labels, _ = load(name)
        position = {rid: i for i, rid in enumerate(records["record_id"])}
        grouped, seen = [], set()
        for group in labels.groups:
            rows = [position[r] for r in group if r in position]
            grouped.append(rows)
            seen.update(rows)
        grouped += [[i] for i in range(len(records)) if i not in seen]
        out.append((name, records, grouped))
    return out


def _pools(real) -> Pools:
    pools = Pools()
    from prismake.dedup.fields import title_key, title_kind  # noqa: PLC0415

    journal_family: dict[str, set[str]] = {}
    for _, records, groups in real:
        titles = records["title"].tolist()
        journals = records["journal"].tolist()
        for rows in groups:
            # errata, comments and retractions are not material for new research titles
            if not title_kind(title_key(titles[rows[0]])):
                pools.titles.append(titles[rows[0]])
            names = {journals[i] for i in rows if journals[i]}
            if names:
                key = sorted(names)[0]
                journal_family.setdefault(key, set()).update(names)
        for authors in records["authors"]:
            pools.authors.extend(a for a in authors if "," in a and len(a) < 60)
        for abstract in records["abstract"]:
            if abstract and len(abstract) > 200:
                pools.sentences.extend(s.strip() + "." for s in abstract.split(". ")
                                       if 40 < len(s) < 300)
    pools.journals = [sorted(v) for v in journal_family.values()]
    pools.authors = sorted(set(pools.authors))
    pools.sentences = sorted(set(pools.sentences))
    return pools


# --- house styles ------------------------------------------------------------------------------

def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _initials(given: str, dots: bool, spaced: bool) -> str:
    letters = [w[0] for w in re.split(r"[\s.\-]+", given) if w]
    if dots:
        return (" " if spaced else "").join(f"{c}." for c in letters)
    return "".join(letters)


def _author(name: str, style: str) -> str:
    surname, _, given = name.partition(",")
    surname, given = surname.strip(), given.strip()
    if style == "medline":
        return f"{surname} {_initials(given, dots=False, spaced=False)}".strip()
    if style == "embase":
        return f"{surname}, {_initials(given, dots=True, spaced=True)}".strip(", ")
    return f"{surname}, {given}".strip(", ")


def _abbreviate_journal(name: str) -> str:
    words = [w for w in re.split(r"\s+", name.replace("&", "and")) if w]
    out = []
    for w in words:
        low = w.lower().strip(",.:")
        if low in ("of", "the", "and", "in", "for", "on", "de", "la", "der", "und"):
            continue
        out.append(w[:4].capitalize().rstrip(".,:") if len(w) > 5 else w.strip(",.:").capitalize())
    return " ".join(out)


def _short_pages(first: int, last: int) -> str:
    a, b = str(first), str(last)
    i = 0
    while i < len(a) - 1 and i < len(b) - 1 and a[i] == b[i] and len(a) == len(b):
        i += 1
    return f"{a}-{b[i:]}"


def _typo(text: str, rng: np.random.Generator) -> str:
    words = text.split()
    # not the first word: labels such as "Erratum:" are added by the publisher, not typed
    long = [i for i, w in enumerate(words) if len(w) > 5 and i > 0]
    if not long:
        return text
    i = int(rng.choice(long))
    w = words[i]
    j = int(rng.integers(1, len(w) - 2))
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


@dataclass
class Work:
    wid: str
    title: str
    authors: list[str]
    journal_family: list[str]
    year: int
    volume: str
    issue: str
    first: int
    last: int
    doi: str
    abstract: str
    kind: str = "article"          # article | erratum | comment | meeting


def _copy(work: Work, db: str, n: int, rng: np.random.Generator) -> dict:
    """One database's record of ``work``."""
    r = rng.random
    title, authors = work.title, list(work.authors)
    journal = work.journal_family[int(rng.integers(len(work.journal_family)))]
    style = {"medline": "medline", "embase": "embase"}.get(db, "full")
    if db == "medline":
        if len(work.journal_family) == 1 and r() < 0.7:
            journal = _abbreviate_journal(journal)
        if r() < 0.05:
            title = f"{title}. [Review] [{int(rng.integers(10, 120))} refs]"
    if db == "embase":
        if r() < 0.25:
            title = title.upper()
        if work.kind == "meeting":
            journal = f"{journal}. Conference: Annual Meeting {work.year}"
    if r() < 0.04:
        title = _typo(title, rng)
    last = title.rsplit(":", 1)[-1].strip().lower()
    if ":" in title and r() < 0.08 and not last.startswith("part"):
        title = title.split(":")[0]  # a dropped subtitle (never a series part label)
    if r() < 0.03:
        title = title.replace(" and ", " &amp; ", 1)
    if r() < 0.05:
        title = title + "."
    names = [_author(a, style) for a in authors]
    if len(names) > 6 and r() < 0.3:
        names = names[:3]
    if r() < 0.1:
        names = [_strip_accents(a) for a in names]
    year = work.year + (1 if r() < 0.05 and work.kind == "article" else 0)
    pages = ""
    if work.first:
        if work.kind == "meeting":
            pages = f"S{work.first}"
        elif work.last > work.first:
            full = f"{work.first}-{work.last}"
            pages = _short_pages(work.first, work.last) if db == "medline" else full
        else:
            pages = str(work.first)
    if r() < 0.08:
        pages = ""
    volume = work.volume if r() > 0.05 else ""
    issue = work.issue if r() > 0.2 else ""
    if work.kind == "meeting":
        issue = f"{issue} Suppl 1".strip()
    doi = work.doi if (work.doi and r() > (0.5 if db == "medline" else 0.15)) else ""
    if doi and db == "embase":
        doi = "http://dx.doi.org/" + doi
    elif doi and r() < 0.2:
        doi = doi.upper()
    abstract = work.abstract if r() > 0.25 else ""
    return {
        "record_id": f"{db}:{n}", "source_id": db, "database": db.upper(), "platform": "",
        "search_round": 1, "source_file": f"{db}.ris", "source_sha256": "", "source_line": n + 1,
        "type": "conference" if work.kind == "meeting" and db != "medline" else "article",
        "title": title, "authors": names, "year": year, "journal": journal, "volume": volume,
        "issue": issue, "pages": pages, "doi": doi, "pmid": "", "accession": "", "issn": "",
        "isbn": "", "abstract": abstract, "keywords": [], "language": "", "url": "",
        "extra": {}, "raw": {},
    }


def _new_title(pools: Pools, vocabulary: list[str], rng: np.random.Generator,
               used: set[str]) -> str:
    """A title from the start of one real title and the end of another, with some of its
    longer words replaced by words of other real titles (so that titles made from the same real
    title do not all share their first words)."""
    from prismake.dedup.fields import title_key  # noqa: PLC0415

    for _ in range(50):
        a = pools.titles[int(rng.integers(len(pools.titles)))].split()
        b = pools.titles[int(rng.integers(len(pools.titles)))].split()
        if len(a) < 4 or len(b) < 4:
            continue
        start = int(rng.integers(0, max(1, len(a) // 3)))
        cut_a, cut_b = int(rng.integers(start + 2, len(a) + 1)), int(rng.integers(1, len(b) - 2))
        words = a[start:cut_a] + b[cut_b:]
        words = [
            vocabulary[int(rng.integers(len(vocabulary)))] if len(w) > 4 and rng.random() < 0.5
            else w
            for w in words
        ]
        title = " ".join(words).strip(" .[]\"'")
        key = title_key(title)
        if key not in used and 30 < len(title) < 250:
            used.add(key)
            return title[0].upper() + title[1:]
    raise RuntimeError("cannot make a new unique title")


def _new_work(i: int, pools: Pools, vocabulary: list[str], rng: np.random.Generator,
              used: set[str]) -> Work:
    n_authors = int(rng.choice([1, 2, 3, 4, 5, 6, 8], p=[.1, .15, .2, .2, .15, .1, .1]))
    authors = [pools.authors[int(k)] for k in rng.integers(len(pools.authors), size=n_authors)]
    family = pools.journals[int(rng.integers(len(pools.journals)))]
    first = int(rng.integers(1, 2500))
    abstract = ""
    if rng.random() < 0.7:
        picks = rng.integers(len(pools.sentences), size=int(rng.integers(3, 7)))
        sentences = [pools.sentences[int(k)] for k in picks]
        # the opening sentence reworded, as no two studies open their abstract alike
        sentences[0] = " ".join(
            vocabulary[int(rng.integers(len(vocabulary)))] if len(w) > 4 and rng.random() < 0.4
            else w for w in sentences[0].split()
        )
        abstract = " ".join(sentences)[:1200]
    return Work(
        wid=f"w{i}", title=_new_title(pools, vocabulary, rng, used), authors=authors,
        journal_family=family,
        year=int(rng.integers(1985, 2024)), volume=str(int(rng.integers(1, 400))),
        issue=str(int(rng.integers(1, 13))), first=first, last=first + int(rng.integers(0, 15)),
        doi=f"10.5555/pm.{i}" if rng.random() < 0.6 else "", abstract=abstract,
    )


def _siblings(work: Work, i: int, pools: Pools, rng: np.random.Generator) -> list[Work]:
    """Hard negatives: works that look like ``work`` but are other works."""
    out, u = [], rng.random()
    base = dict(journal_family=work.journal_family, abstract="", doi="")
    if u < 0.005:
        out.append(Work(wid=f"w{i}e", title=f"Erratum: {work.title}", authors=work.authors,
                        year=work.year, volume=work.volume, issue=str(int(work.issue) + 1),
                        first=work.last + 40, last=work.last + 40, kind="erratum", **base))
    elif u < 0.008:
        other = [pools.authors[int(k)] for k in rng.integers(len(pools.authors), size=2)]
        out.append(Work(wid=f"w{i}c", title=f"Comment on: {work.title}", authors=other,
                        year=work.year, volume=work.volume, issue=str(int(work.issue) + 2),
                        first=work.last + 90, last=work.last + 91, kind="comment", **base))
    elif u < 0.018:
        out.append(Work(wid=f"w{i}m", title=work.title, authors=work.authors, year=work.year - 1,
                        volume=str(max(1, int(work.volume) - 1)), issue=work.issue,
                        first=int(rng.integers(1, 900)), last=0, kind="meeting", **base))
    elif u < 0.021:
        out.append(Work(wid=f"w{i}p", title=f"{work.title}: part 2", authors=work.authors,
                        year=work.year, volume=work.volume, issue=work.issue,
                        first=work.last + 1, last=work.last + 9, **base))
        work.title = f"{work.title}: part 1"
    return out


_DATABASES = ("medline", "embase", "wos", "scopus", "psycinfo")


def generate(n_records: int, *, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(records, truth)`` with about ``n_records`` records (see the module docstring)."""
    rng = np.random.default_rng(seed)
    real = _real_groups()
    pools = _pools(real)
    from prismake.dedup.fields import title_key  # noqa: PLC0415

    used = {title_key(t) for t in pools.titles}
    words = (w.strip(".,:;()[]") for t in pools.titles for w in t.split())
    vocabulary = sorted({w for w in words if len(w) > 4 and w.isalpha()})
    rows: list[dict] = []
    truth: list[tuple[str, str]] = []
    for name, records, groups in real:
        table = records.to_dict("records")
        for g, members in enumerate(groups):
            for i in members:
                row = dict(table[i])
                row["record_id"] = f"{name}:{row['record_id']}"
                rows.append(row)
                truth.append((row["record_id"], f"{name}:{g}"))
    counter = {db: 0 for db in _DATABASES}
    i = 0
    while len(rows) < n_records:
        work = _new_work(i, pools, vocabulary, rng, used)
        for w in [work, *_siblings(work, i, pools, rng)]:
            copies = int(rng.choice([1, 2, 3, 4, 5], p=[0.5, 0.3, 0.12, 0.06, 0.02]))
            for db in rng.choice(_DATABASES, size=copies, replace=False):
                row = _copy(w, str(db), counter[str(db)], rng)
                counter[str(db)] += 1
                rows.append(row)
                truth.append((row["record_id"], w.wid))
        i += 1
    frame = pd.DataFrame(rows)
    frame["year"] = pd.array([None if pd.isna(y) else int(y) for y in frame["year"]], dtype="Int64")
    frame["search_round"] = pd.array(frame["search_round"].astype(int), dtype="Int64")
    frame["source_line"] = pd.array([None if pd.isna(v) else int(v) for v in frame["source_line"]],
                                    dtype="Int64")
    return frame, pd.DataFrame(truth, columns=["record_id", "work"])


def main(argv: list[str] | None = None) -> int:
    from prismake.tables import RECORD_COLUMNS, write_table  # noqa: PLC0415

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", required=True, help="folder for records.parquet, truth.csv")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    start = time.perf_counter()
    records, truth = generate(args.records, seed=args.seed)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    write_table(records[list(RECORD_COLUMNS)], out / "records.parquet")
    truth.to_csv(out / "truth.csv", index=False)
    groups = truth.groupby("work").size()
    print(f"{len(records)} records, {len(groups)} works, {int((groups > 1).sum())} with "  # noqa: T201
          f"duplicates, {int((groups - 1).sum())} removable; {time.perf_counter() - start:.0f} s "
          f"-> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
