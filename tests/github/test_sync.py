"""`pmlint sync` end to end: the CLI, through PyGithub, over HTTP, against the GitHub double."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from pmlint.github import client, discovery
from pmlint.project import repository
from tests.conftest import Result
from tests.github_double import GitHubDouble
from tests.sync_project import DOC, TOKEN, make_project, sync


def test_first_run_creates_second_makes_no_write(tmp_path: Path, github: GitHubDouble, run: Callable[..., Result]) -> None:
    make_project(tmp_path, 4)
    first = sync(run, tmp_path)
    assert first.code == 0, first.err
    assert len(github.issues) == 4 and len(github.writes) == 4
    issue = github.issues[1]
    assert issue["title"] == "Add alert number 0 for the pool"
    assert {label["name"] for label in issue["labels"]} == {"postmortem-action", "P1"}
    assert [user["login"] for user in issue["assignees"]] == ["alice"]
    assert "<!-- pmlint:action id=" in issue["body"] and "2026-12-01" in issue["body"]
    assert "created 4" in first.out

    before = len(github.writes)
    second = sync(run, tmp_path)
    assert second.code == 0
    assert len(github.writes) == before, "a rerun with nothing changed writes nothing"
    assert "skipped 4" in second.out


def test_editing_a_due_date_updates_one_body(tmp_path: Path, github: GitHubDouble, run: Callable[..., Result]) -> None:
    make_project(tmp_path, 3)
    sync(run, tmp_path)
    doc = tmp_path / DOC
    doc.write_text(doc.read_text().replace("2026-12-02", "2027-01-15"))
    before = len(github.writes)
    result = sync(run, tmp_path)
    writes = github.writes[before:]
    assert [(w.method, w.path) for w in writes] == [("PATCH", "/repos/acme/ops/issues/2")]
    assert set(writes[0].body) == {"body"}
    assert "2027-01-15" in github.issues[2]["body"]
    assert "updated 1" in result.out


def test_checking_a_box_closes_one_issue_with_a_comment(tmp_path: Path, github: GitHubDouble, run: Callable[..., Result]) -> None:
    make_project(tmp_path, 3)
    sync(run, tmp_path)
    make_project(tmp_path, 3, done=(1,))
    result = sync(run, tmp_path)
    assert result.code == 0
    assert [i["state"] for i in github.issues.values()] == ["open", "closed", "open"]
    assert github.issues[2]["state_reason"] == "completed"
    assert len(github.comments[2]) == 1 and "TODO.md" in github.comments[2][0]["body"]
    before = len(github.writes)
    sync(run, tmp_path)
    assert len(github.writes) == before


def test_250_items_are_indexed_with_three_gets(tmp_path: Path, github: GitHubDouble, run: Callable[..., Result]) -> None:
    make_project(tmp_path, 250, config="[github]\nmax-writes = 300\n")
    github.add_issue("A pull request", labels=["postmortem-action"], pull_request=True)
    assert sync(run, tmp_path).code == 0
    assert len(github.issues) == 251
    listing_before = github.count("GET", r"/issues$")
    result = sync(run, tmp_path)
    listing = github.matching("GET", r"/issues$")[listing_before:]
    assert len(listing) == 3
    assert all(r.query.get("per_page") == "100" and r.query.get("state") == "all" for r in listing)
    assert github.count(None, "/search") == 0
    assert "skipped 250" in result.out and "orphan" not in result.out, "the pull request is skipped"


def test_budget_leaves_work_for_the_next_run(tmp_path: Path, github: GitHubDouble, run: Callable[..., Result]) -> None:
    make_project(tmp_path, 5, config="[github]\nmax-writes = 2\n")
    result = sync(run, tmp_path, "--format", "json")
    report = json.loads(result.out)
    assert result.code == 0, "the budget is expected behaviour, not a failure"
    assert report["counts"]["created"] == 2 and report["counts"]["left"] == 3
    sync(run, tmp_path)
    sync(run, tmp_path)
    assert len(github.issues) == 5


def test_write_todo_writes_numbers_and_checks_closed(tmp_path: Path, github: GitHubDouble, run: Callable[..., Result]) -> None:
    make_project(tmp_path, 2)
    todo = tmp_path / "TODO.md"
    todo.write_bytes(b"\xef\xbb\xbf" + todo.read_bytes().replace(b"\n", b"\r\n").replace(b"pool _", b"pool  _"))
    sync(run, tmp_path)
    github.issues[2]["state"] = "closed"  # closed by a human on GitHub
    result = sync(run, tmp_path, "--write-todo")
    assert "closed on GitHub" in result.out
    data = todo.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 4
    assert b"- [ ] Add alert number 0 for the pool  _(ref: docs/incidents/2026-11-20-db-pool.md)_ #1\r\n" in data
    assert b"- [x] Add alert number 1 for the pool  _(ref: docs/incidents/2026-11-20-db-pool.md)_ #2\r\n" in data
    before = todo.read_bytes()
    sync(run, tmp_path, "--write-todo")
    assert todo.read_bytes() == before


def test_unassignable_owner_is_dropped_and_mapped_owner_assigned(tmp_path: Path, github: GitHubDouble, run: Callable[..., Result]) -> None:
    make_project(tmp_path, 2, owners=("bob", "kenji"), config='[github]\nowners = { kenji = "kenji-gh" }\n')
    result = sync(run, tmp_path)
    assert result.code == 0
    assert github.issues[1]["assignees"] == [] and "cannot assign @bob" in result.out
    assert [u["login"] for u in github.issues[2]["assignees"]] == ["kenji-gh"]


def test_no_token_is_one_line_error_and_dry_run_plans(tmp_path: Path, github: GitHubDouble, run: Callable[..., Result],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    make_project(tmp_path, 2)
    monkeypatch.delenv("GITHUB_TOKEN")
    result = sync(run, tmp_path)
    assert result.code == 2 and result.err.count("\n") == 1 and "GITHUB_TOKEN" in result.err
    dry = sync(run, tmp_path, "--dry-run")
    assert dry.code == 0 and dry.out.count("would create") == 2
    assert github.requests == []
    # A TODO line linking an issue: without a token pmlint cannot know whose issue it is.
    todo = tmp_path / "TODO.md"
    first = next(line for line in todo.read_text().splitlines() if "_(ref:" in line)
    todo.write_text(todo.read_text().replace(first, first + " #12"))
    linked = sync(run, tmp_path, "--dry-run")
    assert "without a token pmlint cannot read it" in linked.out and "not an issue pmlint manages" not in linked.out


def test_dry_run_without_token_says_issues_were_not_read_and_shows_each_issue(
    tmp_path: Path, github: GitHubDouble, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(tmp_path, 2)
    doc = tmp_path / DOC
    doc.write_text(doc.read_text().replace("| @alice | P2 |", "| TBD | P2 |"))  # the second item has no owner
    monkeypatch.delenv("GITHUB_TOKEN")
    dry = sync(run, tmp_path, "--dry-run")
    assert dry.code == 0 and github.requests == []
    assert "no GitHub token: existing issues were not read; every item is planned as if it had no issue" in dry.out
    assert "      title: Add alert number 0 for the pool; assignees: @alice; labels: postmortem-action, P1" in dry.out
    assert (
        "      title: Add alert number 1 for the pool; assignees: none (unassigned: the Owner cell names no @login);"
        " labels: postmortem-action, P2" in dry.out
    )
    report = json.loads(sync(run, tmp_path, "--dry-run", "--format", "json").out)
    assert report["issues_read"] is False
    first, second = report["operations"]
    assert (first["title"], first["assignees"], first["labels"]) == (
        "Add alert number 0 for the pool", ["alice"], ["postmortem-action", "P1"])
    assert second["assignees"] == []


def test_dry_run_with_token_reads_but_writes_nothing(tmp_path: Path, github: GitHubDouble, run: Callable[..., Result]) -> None:
    make_project(tmp_path, 2)
    dry = sync(run, tmp_path, "--dry-run", "--write-todo")
    assert dry.code == 0 and "would create" in dry.out
    assert github.writes == [] and "#" not in (tmp_path / "TODO.md").read_text().split("\n", 1)[1]


def test_bad_token_is_exit_2_without_the_token(tmp_path: Path, github: GitHubDouble, run: Callable[..., Result],
                                              monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    make_project(tmp_path, 1)
    wrong = "ghp_WRONGcanary999"
    monkeypatch.setenv("GITHUB_TOKEN", wrong)
    caplog.set_level(logging.DEBUG)
    result = run("sync", cwd=tmp_path)
    assert result.code == 2 and "401" in result.err
    assert wrong not in result.out + result.err + caplog.text
    github.requests.clear()  # the 401s were expected


def test_token_never_logged(tmp_path: Path, github: GitHubDouble, run: Callable[..., Result],
                            caplog: pytest.LogCaptureFixture) -> None:
    from tests.github_double import Fault

    make_project(tmp_path, 3)
    github.fault(Fault.server_error(502), method="POST", times=1)
    github.fault(Fault.secondary(5), method="POST", times=1)
    caplog.set_level(logging.DEBUG)
    result = sync(run, tmp_path, "--format", "json")
    assert result.code == 0
    assert TOKEN not in caplog.text
    assert len(github.issues) == 3


def test_actions_outputs_and_summary(tmp_path: Path, github: GitHubDouble, run: Callable[..., Result],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    make_project(tmp_path, 2)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "out"))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary"))
    sync(run, tmp_path)
    assert "created=2\n" in (tmp_path / "out").read_text() and "left=0\n" in (tmp_path / "out").read_text()
    assert "| created |" in (tmp_path / "summary").read_text()


def test_enterprise_prefix_and_links(tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch,
                                     sleeps: list[float]) -> None:
    make_project(tmp_path, 1)
    with GitHubDouble(token=TOKEN, prefix="/api/v3") as ghes:
        monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
        monkeypatch.setenv("GITHUB_API_URL", ghes.base_url)
        monkeypatch.setenv("GITHUB_SERVER_URL", "https://ghes.example.com")
        result = sync(run, tmp_path, "--repo", "acme/ops")
        assert result.code == 0, result.err
        assert "https://ghes.example.com/acme/ops/blob/HEAD/docs/incidents/" in ghes.issues[1]["body"]


def test_repo_from_origin_remote(tmp_path: Path) -> None:
    import subprocess

    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", "https://x:secret@github.com/acme/ops.git"], check=True)
    assert discovery.repo_from(None, {}, tmp_path) == "acme/ops"
    assert discovery.repo_from("o/r", {"GITHUB_REPOSITORY": "a/b"}, tmp_path) == "o/r"
    assert repository.parse_remote("git@github.example.com:team/tool.git") == "team/tool"
    with pytest.raises(client.GitHubError, match="OWNER/NAME"):
        discovery.repo_from("not a repo", {}, tmp_path)


def test_odd_action_text_keeps_its_code_and_pings_no_one(tmp_path: Path, github: GitHubDouble, run: Callable[..., Result]) -> None:
    """An action ending in a code span keeps its closing backtick; an @name in the action or
    the title pings no one (GitHub mentions on create and edit); a handle in code stays as typed."""
    make_project(tmp_path, 1)
    doc = tmp_path / DOC
    action = "Page @bob before `rm -rf @tmp`"
    doc.write_text(doc.read_text().replace("Add alert number 0 for the pool", action).replace("DB pool", "@acme/dba pool"))
    todo = tmp_path / "TODO.md"
    todo.write_text(todo.read_text().replace("Add alert number 0 for the pool", action))
    assert sync(run, tmp_path).code == 0
    [issue] = github.issues.values()
    assert issue["title"] == "Page @bob before rm -rf @tmp"  # a title is plain text; the body keeps the code
    body = issue["body"]
    assert "Page @&#8203;bob before `rm -rf @tmp`" in body and "@&#8203;acme/dba pool" in body
    assert "@bob" not in body and "@acme/dba" not in body
    before = len(github.writes)
    sync(run, tmp_path)
    assert len(github.writes) == before


def test_renamed_document_keeps_its_issues(tmp_path: Path, github: GitHubDouble, run: Callable[..., Result]) -> None:
    """`git mv` of a post-mortem with its TODO.md refs and issue links: the issues follow."""
    make_project(tmp_path, 2)
    assert sync(run, tmp_path, "--write-todo").code == 0
    new = "docs/incidents/2026-11-20-pool.md"
    (tmp_path / DOC).rename(tmp_path / new)
    todo = tmp_path / "TODO.md"
    todo.write_text(todo.read_text().replace(DOC, new))
    result = sync(run, tmp_path)
    assert result.code == 0 and "updated 2" in result.out and "created 0" in result.out
    assert "orphan" not in result.out and "not an issue pmlint manages" not in result.out
    assert len(github.issues) == 2 and all(new in issue["body"] for issue in github.issues.values())
    before = len(github.writes)
    assert "skipped 2" in sync(run, tmp_path).out and len(github.writes) == before
