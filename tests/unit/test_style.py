"""The code passes the project's ruff rules (pyproject.toml, [tool.ruff])."""

from __future__ import annotations

import subprocess
import sys


def test_ruff_finds_nothing(project_root):
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "workflow", "tests", "bench"],
        cwd=project_root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
