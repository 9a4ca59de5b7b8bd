"""environment.yml (for conda users) and pyproject.toml list the same dependencies."""

from __future__ import annotations

import tomllib

import yaml


def _pip_section(env: dict) -> list[str]:
    for item in env["dependencies"]:
        if isinstance(item, dict) and "pip" in item:
            return item["pip"]
    return []


def test_environment_lists_the_same_dependencies_as_pyproject(project_root):
    pyproject = tomllib.loads((project_root / "pyproject.toml").read_text(encoding="utf-8"))
    env = yaml.safe_load((project_root / "environment.yml").read_text(encoding="utf-8"))
    declared = sorted(pyproject["project"]["dependencies"])
    listed = sorted(p for p in _pip_section(env) if not p.startswith("-"))
    assert listed == declared


def test_environment_python_matches_requires_python(project_root):
    pyproject = tomllib.loads((project_root / "pyproject.toml").read_text(encoding="utf-8"))
    env = yaml.safe_load((project_root / "environment.yml").read_text(encoding="utf-8"))
    pythons = [d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python")]
    assert pythons == ["python=3.11"]
    assert pyproject["project"]["requires-python"] == ">=3.11"


def test_lock_file_pins_every_runtime_dependency(project_root):
    lock = (project_root / "requirements.lock").read_text(encoding="utf-8").splitlines()
    pinned = {line.split("==")[0].lower().replace("_", "-") for line in lock if "==" in line}
    pyproject = tomllib.loads((project_root / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = (
        pyproject["project"]["dependencies"] + pyproject["project"]["optional-dependencies"]["test"]
    )
    for requirement in wanted:
        name = requirement.split(">")[0].split("=")[0].split("<")[0].strip().lower()
        assert name.replace("_", "-") in pinned, f"{name} is not pinned in requirements.lock"
