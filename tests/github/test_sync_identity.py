"""Sync finds an item's issue again when its identity was damaged: a human deleted the
marker (found by the TODO.md link or the exact title, and re-marked: no duplicate), or the
issue TODO.md links was deleted or transferred (reported; with --write-todo, relinked to a
new issue). Through PyGithub, against the GitHub double."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pmlint.github.marker import parse_marker
from tests.conftest import Result
from tests.github_double import GitHubDouble
from tests.sync_project import DOC, make_project, sync

MARKER = re.compile(r"<!--\s*pmlint:action[^>]*-->")


def strip_marker(double: GitHubDouble, number: int) -> str:
    issue = double.issues[number]
    item_id = parse_marker(issue["body"])
    issue["body"] = MARKER.sub("", issue["body"])
    return item_id


def link_in_todo(root: Path, text: str, number: int) -> None:
    todo = root / "TODO.md"
    todo.write_text(re.sub(rf"(Add alert number {text} for the pool _\(ref: [^)]*\)_)", rf"\1 #{number}", todo.read_text()))


@pytest.mark.parametrize("found_by", ["title", "link"])
def test_a_deleted_marker_is_found_again_and_rewritten(
    found_by: str, tmp_path: Path, github: GitHubDouble, run: Callable[..., Result]  # noqa: F811
) -> None:
    make_project(tmp_path, 2)
    assert sync(run, tmp_path).code == 0 and len(github.issues) == 2
    number = min(github.issues)
    item_id = strip_marker(github, number)
    if found_by == "link":
        github.issues[number]["title"] = "Renamed by a human"
        link_in_todo(tmp_path, "0", number)
    result = sync(run, tmp_path, "--format", "json")
    assert result.code == 0, result.err
    assert len(github.issues) == 2  # no duplicate
    assert parse_marker(github.issues[number]["body"]) == item_id  # re-marked
    notes = [n for n in json.loads(result.out)["notes"] if n["kind"] == "re-marked"]
    assert [n["issue"] for n in notes] == [number]
    assert sync(run, tmp_path).code == 0 and len(github.issues) == 2  # and it stays so


def test_an_unmarked_managed_issue_nobody_claims_is_reported(tmp_path: Path, github: GitHubDouble, run: Callable[..., Result]) -> None:  # noqa: F811
    make_project(tmp_path, 1)
    stray = github.add_issue("Something a human filed", body="no marker", labels=["postmortem-action"])
    result = sync(run, tmp_path, "--format", "json")
    notes = [n for n in json.loads(result.out)["notes"] if n["kind"] == "unmarked"]
    assert [n["issue"] for n in notes] == [stray["number"]]


@pytest.mark.parametrize("fate", ["deleted-410", "deleted-404", "transferred"])
def test_a_vanished_linked_issue_is_reported_and_relinked(
    fate: str, tmp_path: Path, github: GitHubDouble, run: Callable[..., Result]  # noqa: F811
) -> None:
    make_project(tmp_path, 2)
    assert sync(run, tmp_path, "--write-todo").code == 0
    old = min(github.issues)
    assert f"#{old}" in (tmp_path / "TODO.md").read_text()
    if fate == "transferred":
        github.transfer_issue(old, "acme/elsewhere")
    else:
        github.delete_issue(old, int(fate[-3:]))
    result = sync(run, tmp_path, "--format", "json")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    [note] = [n for n in report["notes"] if n["kind"] == "vanished-link"]
    assert note["issue"] == old and ("deleted" in note["message"] or "transferred to acme/elsewhere" in note["message"])
    assert len(github.issues) == 2, report  # the item has an issue again
    new = max(github.issues)
    # Without --write-todo TODO.md still links the old number; the new issue is found by its marker.
    assert sync(run, tmp_path).code == 0 and len(github.issues) == 2
    assert sync(run, tmp_path, "--write-todo").code == 0 and len(github.issues) == 2
    todo = (tmp_path / "TODO.md").read_text()
    assert f"#{new}" in todo and f"#{old}\n" not in todo and f"#{old} " not in todo


def test_the_review_dashboard_is_neither_reported_nor_taken_over_by_sync(
    tmp_path: Path, github: GitHubDouble, run: Callable[..., Result]  # noqa: F811
) -> None:
    """`report --dashboard-issue` keeps its issue under the managed label (so the one listing
    finds it): sync must leave it alone, even when an action item has its title."""
    from pmlint.github.dashboard import MARKER, TITLE

    make_project(tmp_path, 1)
    dashboard = github.add_issue(TITLE, body=f"# Post-mortem review\n\n{MARKER}\n", labels=["postmortem-action"])
    before = dict(github.issues[dashboard["number"]])
    result = sync(run, tmp_path, "--format", "json")
    assert result.code == 0, result.err
    assert [n for n in json.loads(result.out)["notes"] if n["issue"] == dashboard["number"]] == []
    assert github.issues[dashboard["number"]] == before
    assert len(github.issues) == 2  # the item got its own issue


@pytest.mark.parametrize("formatted", [
    pytest.param("Add  alert number 0   for the pool", id="spacing"),
    pytest.param("Add **alert** number 0 for the _pool_", id="emphasis"),
    pytest.param("Add `alert` number 0 for the pool", id="code-span"),
    pytest.param("add alert number 0 for the pool", id="case"),
])
def test_formatting_an_action_keeps_its_issue(
    formatted: str, tmp_path: Path, github: GitHubDouble, run: Callable[..., Result]  # noqa: F811
) -> None:
    make_project(tmp_path, 2)
    assert sync(run, tmp_path, "--write-todo").code == 0
    numbers = sorted(github.issues)
    markers = {n: parse_marker(github.issues[n]["body"]) for n in numbers}
    document = tmp_path / DOC
    document.write_text(document.read_text().replace("| Add alert number 0 for the pool |", f"| {formatted} |"))
    result = sync(run, tmp_path, "--format", "json")
    assert result.code == 0, result.err
    assert sorted(github.issues) == numbers  # no new issue, none closed away
    assert {n: parse_marker(github.issues[n]["body"]) for n in numbers} == markers
    assert all(github.issues[n]["state"] == "open" for n in numbers)
