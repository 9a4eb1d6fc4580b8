"""One way to find the GitHub repository, for every command that names it: --repo, else
GITHUB_REPOSITORY, else the origin remote (as each command's help says)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import CLEAN_DOC, write

DOC = "docs/incidents/2026-11-20-checkout-pool.md"


@pytest.fixture
def cloned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checkout whose origin is on GitHub, outside Actions, without a token."""
    for name in ("GITHUB_REPOSITORY", "GITHUB_ACTIONS", "GITHUB_TOKEN", "GH_TOKEN", "GITHUB_SERVER_URL", "GITHUB_SHA",
                 "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "PMLINT_SHARE_WEBHOOK"):
        monkeypatch.delenv(name, raising=False)
    write(tmp_path, {DOC: CLEAN_DOC.replace("**Shared:** #eng-all, 2026-11-24\n", ""), "TODO.md": "# TODO\n",
                     ".pmlint.toml": ""})
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", "git@github.com:acme/ops.git"], check=True)
    return tmp_path


def test_report_links_to_the_origin_repository(run, cloned: Path) -> None:
    result = run("report", "--no-github", "--no-git", "--today", "2026-12-01", cwd=cloned)
    assert result.code == 0, result.err
    assert f"https://github.com/acme/ops/blob/HEAD/{DOC}" in result.out


def test_share_links_to_the_origin_repository(run, cloned: Path) -> None:
    result = run("share", "--dry-run", "--force", "--today", "2026-12-01", cwd=cloned)
    assert result.code == 0, result.err
    assert f"https://github.com/acme/ops/blob/HEAD/{DOC}" in result.out


def test_github_repository_wins_over_origin_everywhere(run, cloned: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/elsewhere")
    assert "https://github.com/acme/elsewhere/blob/" in run("share", "--dry-run", "--force", "--today", "2026-12-01", cwd=cloned).out
    report = run("report", "--no-github", "--no-git", "--today", "2026-12-01", cwd=cloned).out
    assert "acme/elsewhere" in report and "acme/ops" not in report
