"""PyGithub is the `github` extra: `pip install pmlint` (what the pre-commit hook does) leaves it
out, `check` works without it, and `sync` / `overdue` say in one line how to install it.

Here a finder on `sys.meta_path` hides PyGithub from a fresh interpreter, as if it were not
installed; test_precommit.py checks the real install the hook makes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

INSTALL = "pip install 'pmlint[github]'"
WITHOUT_PYGITHUB = """\
import sys


class NoPyGithub:
    def find_spec(self, name, path=None, target=None):
        if name == "github" or name.startswith("github."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, NoPyGithub())
from pmlint.cli import main

sys.exit(main(sys.argv[1:]))
"""


def pmlint_without_pygithub(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_PYGITHUB, *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "args", [("sync", "--dry-run"), ("sync",), ("overdue",), ("overdue", "--notify", "--dry-run"), ("report",)]
)
def test_github_commands_without_the_extra_give_the_install_command(clean_project: Path, args: tuple[str]) -> None:
    done = pmlint_without_pygithub(clean_project, *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    [line] = done.stderr.splitlines()  # one line, no traceback
    assert line.startswith("pmlint: error: ") and line.endswith(INSTALL), line
    assert "sync, overdue and report need the GitHub client (PyGithub)" in line


def test_check_works_without_the_extra(clean_project: Path) -> None:
    done = pmlint_without_pygithub(clean_project, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stdout
    (clean_project / "docs/incidents/2026-11-20-checkout-pool.md").write_text("# Post-Mortem: x\n", encoding="utf-8")
    failing = pmlint_without_pygithub(clean_project, "check")
    assert failing.returncode == 1 and "PM102" in failing.stdout, failing.stdout + failing.stderr
