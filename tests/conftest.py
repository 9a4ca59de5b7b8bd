"""Shared test fixtures.

Real database exports live outside the repository, in ``../shared/data`` relative to the project
root. Tests that use them take the ``shared_data`` fixture and are skipped, with the reason, on a
fresh clone where that folder is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
TEST_DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def test_data() -> Path:
    return TEST_DATA


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real exports not available: {SHARED_DATA} is absent (fresh clone)")
    return SHARED_DATA
