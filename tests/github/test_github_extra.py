"""PyGithub is the `github` extra: `pip install pmlint` (what the pre-commit hook does) leaves it
out, `check` works without it, and `sync` / `overdue` say in one line how to install it.

Here a finder on `sys.meta_path` hides PyGithub from a fresh interpreter, as if it were not
installed; test_precommit.py checks the real install the hook makes.
"""

from __future__ import annotations

import os
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


def pmlint_without_pygithub(cwd: Path, *args: str, token: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_TOKEN", "GH_TOKEN")}
    if token is not None:
        env["GITHUB_TOKEN"] = token
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_PYGITHUB, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("args", "token"),
    [
        (("sync", "--dry-run"), None),
        (("sync",), "t0ken"),
        (("overdue",), "t0ken"),
        (("overdue", "--notify", "--dry-run"), "t0ken"),
        (("report",), "t0ken"),
    ],
)
def test_github_commands_without_the_extra_give_the_install_command(
    clean_project: Path, args: tuple[str], token: str | None
) -> None:
    done = pmlint_without_pygithub(clean_project, *args, token=token)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    [line] = done.stderr.splitlines()  # one line, no traceback
    assert line.startswith("pmlint: error: ") and line.endswith(INSTALL), line
    assert "sync, overdue and report need the GitHub client (PyGithub)" in line


@pytest.mark.parametrize("args", [("overdue",), ("report", "--format", "json")])
def test_overdue_and_report_without_a_token_need_no_github_client(clean_project: Path, args: tuple[str]) -> None:
    """Without a token they read TODO.md only: a team lead's `pip install pmlint` runs them."""
    done = pmlint_without_pygithub(clean_project, *args)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "pmlint[github]" not in done.stderr and "Traceback" not in done.stderr
    assert done.stdout


def test_check_works_without_the_extra(clean_project: Path) -> None:
    done = pmlint_without_pygithub(clean_project, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 errors" in done.stdout
    (clean_project / "docs/incidents/2026-11-20-checkout-pool.md").write_text("# Post-Mortem: x\n", encoding="utf-8")
    failing = pmlint_without_pygithub(clean_project, "check")
    assert failing.returncode == 1 and "PM102" in failing.stdout, failing.stdout + failing.stderr
