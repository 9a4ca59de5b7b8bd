"""The whole review builds with Snakemake, and rebuilds only what a change touches.

Each test works in a temporary copy of the project (config, resources, workflow), never in the
checkout itself. One full build is shared by the tests of this module.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

COPIED = [
    "Snakefile",
    "config",
    "resources",
    "workflow",
    "profiles",
    "environment.yml",
    "pyproject.toml",
]
IGNORED = shutil.ignore_patterns("__pycache__", "*.egg-info", ".snakemake")


def copy_project(root: Path, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=IGNORED)
        else:
            shutil.copy2(src, dest / name)
    return dest


def snakemake(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", *args],
        cwd=workdir,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if check and result.returncode != 0:
        pytest.fail(f"snakemake {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def planned_jobs(output: str) -> dict[str, int]:
    """Rule -> job count from the 'Job stats' table of a dry run."""
    jobs: dict[str, int] = {}
    table = output.split("Job stats:", 1)
    if len(table) < 2:
        return jobs
    for line in table[1].splitlines()[3:]:
        match = re.fullmatch(r"\s*(\w+)\s+(\d+)\s*", line)
        if not match:
            break
        if match.group(1) != "total":
            jobs[match.group(1)] = int(match.group(2))
    return jobs


def digest_tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(project_root, tmp_path_factory):
    """A temporary copy of the project with the example review fully built."""
    work = copy_project(project_root, tmp_path_factory.mktemp("review"))
    snakemake(work, "--cores", "2")
    return work


def test_build_writes_html_and_pdf_with_computed_numbers(built):
    html = (built / "results/manuscript/manuscript.html").read_text(encoding="utf-8")
    pdf = (built / "results/manuscript/manuscript.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"\s+", " ", text)
    assert re.search(r"\bnine (qualitative )?studies\b", text, re.IGNORECASE), (
        "computed study count missing"
    )
    assert "272 participants" in text
    assert "fictional" in text.lower()
    assert re.search(r"<img[^>]+src=\"data:image/svg\+xml", html) or "<svg" in html, (
        "no figure in the HTML"
    )


def test_nothing_to_do_after_a_full_build(built):
    result = snakemake(built, "-n")
    assert "Nothing to be done" in result.stdout + result.stderr


def test_lint_is_clean(built):
    result = snakemake(built, "--lint")
    output = result.stdout + result.stderr
    assert "Lints for" not in output, output


def test_editing_one_casp_answer_reruns_only_appraisal_and_manuscript(built, tmp_path):
    work = copy_project(built, tmp_path / "casp")
    shutil.copytree(built / "results", work / "results", copy_function=shutil.copy2)
    shutil.copytree(built / ".snakemake", work / ".snakemake", copy_function=shutil.copy2)
    casp = work / "resources/appraisal/casp.csv"
    lines = casp.read_text(encoding="utf-8").splitlines(keepends=True)
    answers = {"yes": "cant_tell", "cant_tell": "no", "no": "yes"}
    fields = lines[1].split(",")
    fields[2] = answers[fields[2]]
    lines[1] = ",".join(fields)
    time.sleep(1)
    casp.write_text("".join(lines), encoding="utf-8")
    result = snakemake(work, "-n")
    assert planned_jobs(result.stdout) == {
        "summarise_appraisal": 1,
        "render_manuscript": 1,
        "all": 1,
    }


def test_touching_one_export_reruns_its_import_and_what_depends_on_it(built, tmp_path):
    work = copy_project(built, tmp_path / "touch")
    shutil.copytree(built / "results", work / "results", copy_function=shutil.copy2)
    shutil.copytree(built / ".snakemake", work / ".snakemake", copy_function=shutil.copy2)
    export = sorted((work / "resources/exports").iterdir())[0]
    time.sleep(1)
    export.touch()
    jobs = planned_jobs(snakemake(work, "-n").stdout)
    assert jobs["import_source"] == 1
    for rule in (
        "merge_records",
        "dedup_records",
        "screen_title_abstract",
        "count_prisma",
        "render_manuscript",
    ):
        assert jobs.get(rule) == 1, (rule, jobs)


def test_outputs_are_byte_identical_whatever_the_cores(built, project_root, tmp_path):
    other = copy_project(project_root, tmp_path / "one-core")
    snakemake(other, "--cores", "1")
    assert digest_tree(other / "results") == digest_tree(built / "results")


def test_a_cut_off_export_stops_the_build_and_leaves_no_partial_output(project_root, tmp_path):
    work = copy_project(project_root, tmp_path / "broken")
    export = sorted((work / "resources/exports").glob("*.ris"))[0]
    text = export.read_bytes()
    cut = text.rstrip()
    cut = cut[: cut.rfind(b"ER  -")].rstrip()  # the last record loses its end tag
    export.write_bytes(cut + b"\n")
    source_id = next(
        line.split("\t")[0]
        for line in (work / "config/sources.tsv").read_text(encoding="utf-8").splitlines()
        if export.name in line
    )
    result = snakemake(work, "--cores", "2", check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert export.name in output
    assert re.search(r"line \d+", output)
    assert not (work / f"results/import/{source_id}.csv").exists()
    assert not (work / "results/manuscript/manuscript.html").exists()


def test_a_bad_sheet_value_stops_the_build_before_any_rule_runs(project_root, tmp_path):
    work = copy_project(project_root, tmp_path / "bad-sheet")
    casp = work / "resources/appraisal/casp.csv"
    lines = casp.read_text(encoding="utf-8").splitlines(keepends=True)
    fields = lines[3].split(",")
    fields[2] = "maybe"
    lines[3] = ",".join(fields)
    casp.write_text("".join(lines), encoding="utf-8")
    result = snakemake(work, "--cores", "2", check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert re.search(
        r"resources/appraisal/casp\.csv, line 4: bad value in column 'answer'; found 'maybe'; "
        r"expected one of 'yes', 'no', 'cant_tell'",
        output,
    ), output
    assert not (work / "results").exists()


def test_sharded_dedup_equals_the_single_job(built, project_root, tmp_path):
    work = copy_project(project_root, tmp_path / "sharded")
    config = work / "config/config.yaml"
    text = config.read_text(encoding="utf-8")
    assert "  shards: 1\n" in text
    config.write_text(text.replace("  shards: 1\n", "  shards: 3\n"), encoding="utf-8")
    result = snakemake(work, "--cores", "2", "results/dedup/studies.csv")
    assert "find_pairs" in result.stdout + result.stderr
    assert len(list((work / "results/dedup/shards").glob("pairs_*.parquet"))) == 3
    for name in ("pairs", "clusters", "studies", "review_queue"):
        single = (built / f"results/dedup/{name}.csv").read_bytes()
        assert (work / f"results/dedup/{name}.csv").read_bytes() == single, name
