"""First-commit dates from real git repositories with controlled author and committer dates."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmlint.project.gitdates import first_added_dates, parse_log
from tests.conftest import commit, git

D = dt.date.fromisoformat


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    return root


def test_date_is_the_author_date_of_the_adding_commit_in_utc(repo: Path) -> None:
    # 23:30 in New York on Nov 30 is Dec 1 in UTC; the committer date (a rebase) is ignored.
    commit(repo, {"docs/a.md": "a"}, "2026-11-30T23:30:00-05:00", committed="2026-12-20T10:00:00Z")
    commit(repo, {"docs/a.md": "a, edited"}, "2026-12-05T10:00:00Z")
    assert first_added_dates(repo, ["docs/a.md"]) == {"docs/a.md": D("2026-12-01")}


@pytest.mark.parametrize("others", [[], ["docs/other.md"]], ids=["one document", "a folder"])
def test_rename_keeps_the_first_date(repo: Path, others: list[str]) -> None:
    commit(repo, {"ops/docs/2026-11-20-Pool.md": "# Post-Mortem: pool\n" * 20}, "2026-11-21T12:00:00Z")
    git(repo, "mv", "ops/docs/2026-11-20-Pool.md", "ops/docs/2026-11-20-pool.md")
    commit(repo, {"ops/docs/other.md": "other"}, "2026-12-15T12:00:00Z")
    dates = first_added_dates(repo / "ops", ["docs/2026-11-20-pool.md", *others])
    assert dates == {"docs/2026-11-20-pool.md": D("2026-11-21"), **{other: D("2026-12-15") for other in others}}


def test_deleted_and_added_again_keeps_the_first_add(repo: Path) -> None:
    commit(repo, {"docs/a.md": "first"}, "2026-01-05T12:00:00Z")
    commit(repo, {"docs/a.md": None, "keep.txt": "x"}, "2026-02-05T12:00:00Z")
    commit(repo, {"docs/a.md": "second"}, "2026-03-05T12:00:00Z")
    assert first_added_dates(repo, ["docs/a.md"]) == {"docs/a.md": D("2026-01-05")}


def test_untracked_and_unknown_files_have_no_date(repo: Path) -> None:
    commit(repo, {"docs/a.md": "a"}, "2026-01-05T12:00:00Z")
    (repo / "docs" / "new.md").write_text("not committed", encoding="utf-8")
    git(repo, "add", "docs/new.md")  # staged is not committed
    assert first_added_dates(repo, ["docs/a.md", "docs/new.md", "docs/missing.md"]) == {"docs/a.md": D("2026-01-05")}


def test_not_a_repository_and_empty_repository(tmp_path: Path, repo: Path) -> None:
    plain = tmp_path / "plain"
    (plain / "docs").mkdir(parents=True)
    (plain / "docs" / "a.md").write_text("a", encoding="utf-8")
    assert first_added_dates(plain, ["docs/a.md"]) == {}
    (repo / "a.md").write_text("a", encoding="utf-8")
    assert first_added_dates(repo, ["a.md"]) == {}  # no commit yet


def test_git_missing_is_no_date(repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    commit(repo, {"a.md": "a"}, "2026-01-05T12:00:00Z")
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools-here"))
    assert first_added_dates(repo, ["a.md"]) == {}


def test_root_in_a_subfolder_maps_paths_relative_to_the_root(repo: Path) -> None:
    commit(repo, {"ops/docs/incidents/a b é.md": "a", "docs/incidents/other.md": "b"}, "2026-04-01T08:00:00Z")
    dates = first_added_dates(repo / "ops", ["docs/incidents/a b é.md", "docs/incidents/other.md"])
    assert dates == {"docs/incidents/a b é.md": D("2026-04-01")}
    # Without a list of paths: every file below the root, still relative to it.
    assert first_added_dates(repo / "ops") == {"docs/incidents/a b é.md": D("2026-04-01")}


def test_awkward_folder_names_are_taken_literally(repo: Path) -> None:
    commit(repo, {"docs/[x] *?/a.md": "a", "docs/x/a.md": "b"}, "2026-04-01T08:00:00Z")
    commit(repo, {"docs/xy/a.md": "c"}, "2026-05-01T08:00:00Z")
    assert first_added_dates(repo, ["docs/[x] *?/a.md"]) == {"docs/[x] *?/a.md": D("2026-04-01")}


def test_shallow_clone_knows_only_files_added_after_its_boundary(repo: Path, tmp_path: Path) -> None:
    commit(repo, {"docs/old.md": "old"}, "2026-01-05T12:00:00Z")
    commit(repo, {"docs/mid.md": "mid"}, "2026-02-05T12:00:00Z")
    commit(repo, {"docs/new.md": "new"}, "2026-03-05T12:00:00Z")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "2", repo.as_uri(), str(clone)], check=True)
    # The boundary commit (mid) looks as if it added every file; only new.md's add is real.
    # The others were committed on a day this clone cannot tell (None), not never.
    dates = first_added_dates(clone, ["docs/old.md", "docs/mid.md", "docs/new.md"])
    assert dates == {"docs/old.md": None, "docs/mid.md": None, "docs/new.md": D("2026-03-05")}


def test_git_environment_of_a_hook_does_not_redirect_the_lookup(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commit(repo, {"a.md": "a"}, "2026-01-05T12:00:00Z")
    other = tmp_path / "other"
    other.mkdir()
    git(other, "init", "-q")
    # Inside a git hook GIT_DIR and GIT_INDEX_FILE may point elsewhere.
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(other / ".git" / "index"))
    assert first_added_dates(repo, ["a.md"]) == {"a.md": D("2026-01-05")}


def test_user_configuration_does_not_change_the_output(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commit(repo, {"docs/a.md": "a"}, "2026-01-05T12:00:00Z")
    git(repo, "config", "log.showRoot", "false")  # would hide the root commit's files
    git(repo, "config", "diff.renames", "false")
    git(repo, "config", "color.ui", "always")
    assert first_added_dates(repo, ["docs/a.md"]) == {"docs/a.md": D("2026-01-05")}


def test_parse_log_survives_odd_output() -> None:
    assert parse_log(b"", shallow=False) == {}
    assert parse_log(b"\x01not-a-time\x00\x00\nA\x00a.md\x00", shallow=False) == {}
    assert parse_log(b"\x01100000\x00abc\x00\nA\x00", shallow=False) == {}  # truncated
    assert parse_log(b"\x01100000\x00abc\x00\nR100\x00a.md", shallow=False) == {}
    assert parse_log(b"\x01100000\x00abc\x00\nA\x00a.md\x00", shallow=False) == {"a.md": D("1970-01-02")}


def _shim(tmp_path: Path) -> Path:
    """A `git` first on PATH that records each call, then runs the real git."""
    real = subprocess.run(["which", "git"], capture_output=True, text=True, check=True).stdout.strip()
    bin_dir = tmp_path / "shim"
    bin_dir.mkdir()
    shim = bin_dir / "git"
    shim.write_text(f'#!/bin/sh\necho "$*" >> "{tmp_path / "calls.log"}"\nexec "{real}" "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    return bin_dir


def log_calls(tmp_path: Path) -> int:
    """How many `git log` the shim saw."""
    calls = tmp_path / "calls.log"
    lines = calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []
    return sum(1 for line in lines if " log " in f" {line} ")


LATE_DOC = "# Post-Mortem: Outage {n}\n\n**Date:** 2026-11-02\n**Severity:** SEV-1\n"


def _lint(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pmlint", "check", "--today", "2026-12-31", "--format", "json", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_one_git_log_per_run_even_with_workers(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    files = {f"docs/incidents/2026-11-02-outage-{n}.md": LATE_DOC.format(n=n) for n in range(450)}
    commit(repo, files, "2026-11-03T09:00:00Z")  # within the SEV-1 deadline
    (repo / "docs/incidents/2026-11-02-outage-new.md").write_text(LATE_DOC.format(n="new"), encoding="utf-8")
    monkeypatch.setenv("PATH", f"{_shim(tmp_path)}{os.pathsep}{os.environ['PATH']}")
    result = _lint(repo, "--select", "PM401")
    findings = json.loads(result.stdout)
    # 450 documents fork workers; git still runs its log once.
    assert log_calls(tmp_path) == 1
    # Only the uncommitted document is late (held = today); the committed ones were on time.
    assert [(f["path"], f["line"]) for f in findings] == [("docs/incidents/2026-11-02-outage-new.md", 3)]
    assert "not yet held as of today 2026-12-31" in findings[0]["message"]


def test_no_git_and_unselected_rule_never_run_git(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    commit(repo, {"docs/incidents/2026-11-02-outage.md": LATE_DOC.format(n=1)}, "2026-11-03T09:00:00Z")
    monkeypatch.setenv("PATH", f"{_shim(tmp_path)}{os.pathsep}{os.environ['PATH']}")
    log = tmp_path / "calls.log"

    with_git = json.loads(_lint(repo, "--select", "PM401").stdout)
    assert with_git == [] and log_calls(tmp_path) == 1
    log.unlink()

    without = json.loads(_lint(repo, "--select", "PM401", "--no-git").stdout)
    assert not log.exists()
    assert [f["line"] for f in without] == [3]  # held = today: late
    assert "not yet held as of today" in without[0]["message"]

    assert json.loads(_lint(repo, "--select", "PM1").stdout) is not None
    assert not log.exists()


@pytest.mark.parametrize(
    ("head", "states"),
    [
        ("# Post-Mortem: X\n\n**Date:** 2026-11-20\n**Meeting:** 2026-11-23\n\n## Summary\n", True),
        ("# Post-Mortem: X\r\n\r\nMeeting: `2026-11-23`\r\n", True),
        ("# Post-Mortem: X\n\n- **meeting**: 2026-11-23\n", True),
        ("# Post-Mortem: X\n\n**Meeting:** next week\n", False),
        ("# Post-Mortem: X\n\n**Date:** 2026-11-20\n\n## Summary\n\n**Meeting:** 2026-11-23\n", False),
        ("# Post-Mortem: X\n\n**Meetings held:** 2026-11-23\n", False),
    ],
)
def test_states_meeting_reads_the_header_only(tmp_path: Path, head: str, states: bool) -> None:
    from pmlint.project.gitdates import states_meeting

    path = tmp_path / "doc.md"
    path.write_bytes(head.encode("utf-8"))
    assert states_meeting(path) is states
    assert states_meeting(tmp_path / "missing.md") is False


ON_TIME_DOC = "# Post-Mortem: Outage\n\n**Date:** 2026-11-02\n**Severity:** SEV-1\n**Meeting:** 2026-11-03\n"
# The quick header scan sees a Meeting, the parser does not (it is inside a comment).
HIDDEN_MEETING_DOC = (
    "# Post-Mortem: Outage\n\n**Date:** 2026-11-02\n**Severity:** SEV-1\n<!--\n**Meeting:** 2026-11-03\n-->\n"
)


def test_documents_with_a_meeting_need_no_git(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    commit(repo, {f"docs/incidents/2026-11-02-outage-{n}.md": ON_TIME_DOC for n in range(3)}, "2026-12-20T09:00:00Z")
    monkeypatch.setenv("PATH", f"{_shim(tmp_path)}{os.pathsep}{os.environ['PATH']}")
    assert json.loads(_lint(repo, "--select", "PM401").stdout) == []
    assert log_calls(tmp_path) == 0


def test_a_meeting_the_scan_misread_is_looked_up_alone(repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    commit(repo, {"docs/incidents/2026-11-02-outage.md": HIDDEN_MEETING_DOC}, "2026-12-20T09:00:00Z")
    monkeypatch.setenv("PATH", f"{_shim(tmp_path)}{os.pathsep}{os.environ['PATH']}")
    [finding] = json.loads(_lint(repo, "--select", "PM401").stdout)
    assert "first committed 2026-12-20" in finding["message"]
    assert log_calls(tmp_path) == 1
