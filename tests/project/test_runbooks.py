"""PM405 runbook-stale on real git repositories: runbooks committed before and after the
incident, renamed, seen from a shallow clone, edited but not committed; links that lead
nowhere or out of the root; done `Write runbook:` items; one `git log` for the run."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from pmlint.project import gitdates
from tests.conftest import Result, commit, git

DOC = """\
# Post-Mortem: Checkout outage

**Date:** 2026-11-20
**Status:** {status}
**Runbooks:** [DB pool](../runbooks/db-pool.md)

## Action Items

| Action | Owner | Priority | Due |
|---|---|---|---|
| Write runbook: database connection pool exhausted | @lee | P2 | 2026-12-04 |
"""
DOC_PATH = "docs/incidents/2026-11-20-checkout.md"
BEFORE, AFTER = "2026-11-10T12:00:00Z", "2026-11-23T12:00:00Z"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    (root / "pyproject.toml").write_text("[tool.pmlint]\n", encoding="utf-8")
    return root


def pm405(run: Callable[..., Result], root: Path, *extra: str) -> list[tuple[int, str, str]]:
    result = run("check", "--select", "PM405", "--format", "json", "--today", "2026-11-27", *extra, cwd=root)
    assert result.code in (0, 1), result.err
    return [(f["line"], f["level"], f["message"]) for f in json.loads(result.out)]


def test_final_document_wants_a_runbook_commit_on_or_after_the_date(repo: Path, run: Callable[..., Result]) -> None:
    commit(repo, {"docs/runbooks/db-pool.md": "# DB pool\n", DOC_PATH: DOC.format(status="Final")}, BEFORE)
    [(line, level, message)] = pm405(run, repo)
    assert (line, level) == (5, "error")
    assert message.startswith("runbook 'docs/runbooks/db-pool.md' last changed on 2026-11-10, before the incident on 2026-11-20")
    (repo / DOC_PATH).write_text(DOC.format(status="Draft"), encoding="utf-8")
    assert pm405(run, repo) == []  # a Draft is judged only on links that lead nowhere
    (repo / DOC_PATH).write_text(DOC.format(status="Final"), encoding="utf-8")
    commit(repo, {"docs/runbooks/db-pool.md": "# DB pool\n\nCheck max connections first.\n"}, "2026-11-20T18:00:00Z")
    assert pm405(run, repo) == []  # the incident's day counts
    assert pm405(run, repo, "--no-git") == []


def test_an_edit_not_committed_yet_counts_as_the_update(repo: Path, run: Callable[..., Result]) -> None:
    commit(repo, {"docs/runbooks/db-pool.md": "# DB pool\n", DOC_PATH: DOC.format(status="Final")}, BEFORE)
    (repo / "docs/runbooks/db-pool.md").write_text("# DB pool\n\nNew step.\n", encoding="utf-8")
    assert pm405(run, repo) == []  # the pre-commit case: runbook and post-mortem in one commit


def test_a_rename_keeps_the_day_of_the_last_edit(repo: Path, run: Callable[..., Result]) -> None:
    commit(repo, {"docs/runbooks/old-name.md": "# DB pool\n\nStep one.\nStep two.\nStep three.\n"}, BEFORE)
    git(repo, "mv", "docs/runbooks/old-name.md", "docs/runbooks/db-pool.md")
    commit(repo, {DOC_PATH: DOC.format(status="Final")}, AFTER)
    [(_, _, message)] = pm405(run, repo)  # moving a runbook is not updating it
    assert "last changed on 2026-11-10" in message
    commit(repo, {"docs/runbooks/db-pool.md": "# DB pool\n\nStep one.\nStep two.\nStep three.\nStep four.\n"}, AFTER)
    git(repo, "mv", "docs/runbooks/db-pool.md", "docs/runbooks/database-pool.md")
    commit(repo, {DOC_PATH: DOC.format(status="Final").replace("db-pool.md", "database-pool.md")}, "2026-11-25T12:00:00Z")
    assert pm405(run, repo) == []  # the edit after the Date followed the file through the rename


def test_a_shallow_clone_reports_only_what_its_history_can_tell(repo: Path, tmp_path: Path,
                                                               run: Callable[..., Result]) -> None:
    commit(repo, {"docs/runbooks/db-pool.md": "# DB pool\n", DOC_PATH: DOC.format(status="Final")}, BEFORE)
    commit(repo, {"README.md": "later\n"}, AFTER)
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow))
    # The boundary commit is after the Date: the runbook may have changed before or after.
    assert pm405(run, shallow) == []
    older = tmp_path / "older"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", git(repo, "branch", "--show-current").strip(),
        f"file://{repo}", str(older))
    git(older, "fetch", "-q", "--depth", "1", "origin", git(repo, "rev-parse", "HEAD~1").strip())
    git(older, "checkout", "-q", "FETCH_HEAD")
    # Now the boundary is the commit of 2026-11-10 itself: stale for sure, and said so.
    [(_, level, message)] = pm405(run, older)
    assert level == "error" and "last changed on 2026-11-10 or earlier (shallow clone)" in message


def test_links_that_lead_nowhere_or_out_of_the_root(repo: Path, tmp_path: Path, run: Callable[..., Result]) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("# Elsewhere\n", encoding="utf-8")
    (repo / "docs/runbooks").mkdir(parents=True)
    (repo / "docs/runbooks/escape.md").symlink_to(outside)
    text = DOC.format(status="Draft").replace(
        "**Runbooks:** [DB pool](../runbooks/db-pool.md)",
        "**Runbooks:** [DB pool](../runbooks/db-pool.md), [up](../../../../etc/passwd), [link](/docs/runbooks/escape.md)",
    ) + "\nSee `[not a link](../runbooks/code.md)` and [the wiki](https://wiki.example/runbooks/x.md).\n"
    (repo / DOC_PATH).parent.mkdir(parents=True)
    (repo / DOC_PATH).write_text(text, encoding="utf-8")
    found = pm405(run, repo)
    assert [(line, level) for line, level, _ in found] == [(5, "warning")] * 3
    messages = [message for _, _, message in found]
    assert messages[0].startswith("linked runbook 'docs/runbooks/db-pool.md' does not exist")
    assert messages[1] == "runbook link '../../../../etc/passwd' leads outside the project root; not followed"
    assert "leads outside the project root" in messages[2]
    configured = pm405(run, repo, "--config", str(_config(repo, 'levels = { PM405 = "info" }')))
    assert {level for _, level, _ in configured} == {"info"}


def _config(root: Path, line: str) -> Path:
    path = root / "pyproject.toml"
    path.write_text(f"[tool.pmlint]\n{line}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("runbook", "fires"), [
    ({"docs/runbooks/database-connection-pool-exhausted.md": "# Steps\n"}, False),  # by file name
    ({"runbooks/db.md": "# Runbook: Database connection pool exhausted\n"}, False),  # by H1
    ({"docs/runbooks/cache.md": "# Cache warm-up\n"}, True),
])
def test_a_done_write_runbook_item_resolves_to_a_runbook(repo: Path, run: Callable[..., Result],
                                                         runbook: dict[str, str], fires: bool) -> None:
    text = DOC.format(status="Draft").replace("**Runbooks:** [DB pool](../runbooks/db-pool.md)\n", "")
    files = {DOC_PATH: text, **runbook, "TODO.md": (
        "- [x] Write runbook: database connection pool exhausted _(ref: docs/incidents/2026-11-20-checkout.md)_\n"
        "- [ ] Update runbook: not written yet _(ref: docs/incidents/2026-11-20-checkout.md)_\n")}
    for name, content in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(content, encoding="utf-8")
    found = pm405(run, repo)
    if fires:
        [(line, level, message)] = found
        assert (line, level) == (10, "warning")  # the action row
        assert message.startswith("TODO.md line 1 marks 'Write runbook: database connection pool exhausted' done")
    else:
        assert found == []


@pytest.mark.parametrize("documents", [6, 400])  # one process; forked workers
def test_one_git_log_for_the_whole_run(repo: Path, tmp_path: Path, run: Callable[..., Result],
                                       monkeypatch: pytest.MonkeyPatch, documents: int) -> None:
    files = {"docs/runbooks/db-pool.md": "# DB pool\n"}
    for n in range(documents):
        files[f"docs/incidents/2026-11-20-x{n}.md"] = DOC.format(status="Final")
    commit(repo, files, BEFORE)
    logs = tmp_path / "logs"  # a file: workers are other processes
    real = gitdates.PendingChanges.__init__

    def counting(self: gitdates.PendingChanges, *args: object) -> None:
        with logs.open("a", encoding="utf-8") as out:
            out.write("log\n")
        real(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(gitdates.PendingChanges, "__init__", counting)
    assert len(pm405(run, repo)) == documents
    assert logs.read_text(encoding="utf-8") == "log\n"
