"""The code passes the checks CI holds it to: ruff on the package, tests and scripts, and
mypy --strict on the package. They run inside the README's test command, so `.ci/run`
builds its virtualenv once and `pytest` alone says whether a change is ready."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO


def _tool(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True)


def test_ruff_finds_nothing() -> None:
    done = _tool("ruff", "check", "--no-cache", "pmlint", "tests", "scripts")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_mypy_strict_finds_nothing() -> None:
    done = _tool("mypy", "pmlint")
    assert done.returncode == 0, done.stdout + done.stderr
