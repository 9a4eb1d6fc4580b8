"""A repository pmlint did not write runs no program of its own: the programs its
`.git/config` names (core.fsmonitor, gpg.program) stay unrun, and a branch name that looks
like an option stays a branch name."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result, write

WINDOW = ("--since", "2026-11-20T08:00Z", "--until", "2026-11-20T16:10Z")
DOC = """\
# Post-Mortem: Checkout outage

**Date:** 2026-11-20
**Status:** Final
**Runbooks:** [DB pool](../runbooks/db-pool.md)
"""


def git(root: Path, *args: str, when: str = "2026-11-20T12:00:00Z") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Maria Ortiz", "GIT_AUTHOR_EMAIL": "maria@example.com",
           "GIT_COMMITTER_NAME": "Maria Ortiz", "GIT_COMMITTER_EMAIL": "maria@example.com",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", "-C", str(root), *args], env=env, check=True, capture_output=True,
                          text=True).stdout


def planted_program(tmp_path: Path) -> tuple[str, Path]:
    """A program that leaves a mark when something runs it, and where the mark would be."""
    mark = tmp_path / "ran"
    program = tmp_path / "evil.sh"
    program.write_text(f"#!/bin/sh\ntouch '{mark}'\nexit 0\n", encoding="utf-8")
    program.chmod(0o755)
    return str(program), mark


def docs_repo(root: Path, when: str) -> Path:
    """A repository of one post-mortem that links a runbook, committed at `when`."""
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, {"pyproject.toml": "[tool.pmlint]\n", "docs/runbooks/db-pool.md": "# DB pool\n",
                 "docs/incidents/2026-11-20-checkout.md": DOC})
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "Change pool", when=when)
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return docs_repo(tmp_path / "service", "2026-11-20T12:00:00Z")


def test_check_never_runs_the_repositorys_fsmonitor(run: Callable[..., Result], tmp_path: Path) -> None:
    root = docs_repo(tmp_path / "docs-repo", "2026-11-10T12:00:00Z")  # the runbook predates the incident
    program, mark = planted_program(tmp_path)
    git(root, "config", "core.fsmonitor", program)
    # A runbook edited but not committed: PM405 asks `git diff` whether it is being updated.
    (root / "docs/runbooks/db-pool.md").write_text("# DB pool\n\nNew step.\n", encoding="utf-8")
    result = run("check", "--select", "PM405", "--today", "2026-11-27", cwd=root)
    assert result.code in (0, 1), result.err
    assert not mark.exists(), "git ran the repository's core.fsmonitor"


def sign(root: Path) -> None:
    """Give HEAD a (fake) signature header, so that `log.showSignature` would verify it."""
    body = git(root, "cat-file", "commit", "HEAD")
    head, _, message = body.partition("\n\n")
    signature = "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----"
    signed = subprocess.run(["git", "-C", str(root), "hash-object", "-t", "commit", "-w", "--stdin"],
                            input=f"{head}\n{signature}\n\n{message}", capture_output=True, text=True,
                            check=True).stdout.strip()
    git(root, "update-ref", "refs/heads/main", signed)


def test_timeline_git_never_runs_the_repositorys_gpg_program(
    run: Callable[..., Result], repo: Path, tmp_path: Path
) -> None:
    program, mark = planted_program(tmp_path)
    sign(repo)
    git(repo, "config", "log.showSignature", "true")
    git(repo, "config", "gpg.program", program)
    result = run("timeline", *WINDOW, "--format", "json", "--git", str(repo), cwd=tmp_path)
    assert result.code == 0, result.err
    assert "Change pool" in result.out
    assert not mark.exists(), "git ran the repository's gpg.program"


def test_a_branch_that_looks_like_an_option_writes_no_file(
    run: Callable[..., Result], repo: Path, tmp_path: Path
) -> None:
    target = tmp_path / "written"
    result = run("timeline", *WINDOW, "--git", str(repo), f"--branch=--output={target}", cwd=tmp_path)
    assert not target.exists(), "the branch name reached git as an option"
    assert result.code == 2
    assert result.err.startswith("pmlint: error: --git: ") and len(result.err.strip().splitlines()) == 1


def test_a_saved_git_log_with_a_huge_author_line_keeps_the_name(run: Callable[..., Result], tmp_path: Path) -> None:
    # An author line of 240 KB of ` <`: the name is read in one pass (a lazy pattern took 14 s).
    saved = ("commit " + "a" * 40 + "\nAuthor: Maria Ortiz <maria@example.com>\n"
             "Date:   Fri Nov 20 14:02:11 2026 +0000\n\n    Change pool\n\n"
             "commit " + "b" * 40 + "\nAuthor: x" + " <a" * 80_000 + "\n"
             "Date:   Fri Nov 20 14:03:11 2026 +0000\n\n    Revert pool\n")
    write(tmp_path, {"gitlog.txt": saved})
    result = run("timeline", *WINDOW, "--format", "json", "gitlog.txt", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "Change pool (Maria Ortiz)" in result.out and "Revert pool" in result.out
