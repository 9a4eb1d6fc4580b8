"""The text report as a person reads it: each finding's level, `[*]` on the ones `--fix`
fixes, colour on a terminal only (NO_COLOR / FORCE_COLOR honoured, never into --output),
and under pre-commit a fix hint naming the hook the committer has."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, write

UNTRACKED = "# TODO\n"  # the clean document's action item is then untracked: PM307, fixable
ESC = "\033["


@pytest.fixture
def project(clean_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("NO_COLOR", "FORCE_COLOR", "PRE_COMMIT"):
        monkeypatch.delenv(name, raising=False)
    write(clean_project, {"TODO.md": UNTRACKED})
    return clean_project


def test_each_line_shows_its_level_and_fixable_ones_a_star(run, project: Path) -> None:
    result = run("check", "--today", "2026-11-27", cwd=project)
    lines = result.out.splitlines()
    fixable = [line for line in lines if " PM307 " in line]
    assert fixable and all(": error PM307 [*] " in line for line in fixable)
    others = [line for line in lines[:-1] if " PM307 " not in line]
    assert all(" [*] " not in line and line.split(": ", 1)[1].split()[0] in ("error", "warning", "info") for line in others)
    assert ESC not in result.out  # captured output is no terminal
    assert lines[-1].endswith("fixable with --fix)")


def test_under_pre_commit_the_hint_names_the_fix_hook(run, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRE_COMMIT", "1")
    result = run("check", "--today", "2026-11-27", cwd=project)
    assert result.out.splitlines()[-1].endswith("fixable with the pmlint-fix hook)")


def test_force_color_colours_and_no_color_wins(run, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = run("check", "--today", "2026-11-27", cwd=project).out
    assert "\033[1;31merror\033[0m" in coloured and "\033[1mPM307\033[0m [*]" in coloured
    run("check", "--today", "2026-11-27", "-o", "report.txt", cwd=project)
    assert ESC not in (project / "report.txt").read_text(encoding="utf-8")  # a file never gets colour
    monkeypatch.setenv("NO_COLOR", "1")
    assert ESC not in run("check", "--today", "2026-11-27", cwd=project).out


@pytest.mark.skipif(os.name == "nt", reason="a pseudo-terminal")
def test_a_terminal_gets_colour(project: Path) -> None:
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PRE_COMMIT")}
    done = subprocess.run([sys.executable, "-m", "pmlint", "check", "--today", "2026-11-27"], cwd=project,
                          env={**env, "PYTHONPATH": str(REPO)}, stdout=follower, stderr=subprocess.PIPE, timeout=60)
    os.close(follower)
    out = b""
    try:
        while chunk := os.read(leader, 65536):
            out += chunk
    except OSError:  # the terminal closed
        pass
    os.close(leader)
    assert done.returncode == 1 and b"\033[1;31merror\033[0m" in out
