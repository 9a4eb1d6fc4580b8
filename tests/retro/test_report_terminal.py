"""`pmlint report` run by hand: it finds the repository as `sync` and `overdue` do (the
origin remote when GITHUB_REPOSITORY is unset), so rows link to GitHub; and a terminal
shows handles as written, while what GitHub renders (a file, a pipe) keeps them defused.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.report_project import TODAY, make_project


def clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GIT_")) and k not in ("GH_TOKEN",)}
    return {**env, "NO_COLOR": "1"}


def report(root: Path, tty: bool) -> str:
    command = [sys.executable, "-m", "pmlint", "report", "--today", TODAY, "--since", "2026-07-01"]
    if not tty:
        return subprocess.run(command, cwd=root, env=clean_env(), capture_output=True, text=True, check=True).stdout
    leader, follower = pty.openpty()
    process = subprocess.Popen(command, cwd=root, env=clean_env(), stdout=follower, stderr=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: the report is all out
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def test_the_origin_remote_names_the_repository(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    subprocess.run(["git", "remote", "add", "origin", "git@github.com:acme/ops.git"], cwd=root, check=True)
    out = report(root, tty=False)
    assert "(https://github.com/acme/ops/blob/HEAD/docs/incidents/2026-08-03-search-outage.md#L3)" in out


def test_a_terminal_shows_handles_as_written_and_a_pipe_keeps_them_defused(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    piped, shown = report(root, tty=False), report(root, tty=True)
    assert "@&#8203;kenji" in piped and "@kenji" not in piped
    assert "@kenji" in shown and "&#8203;" not in shown
