"""`pmlint overdue --notify`: the plan (pure), then the whole command against the GitHub
double through PyGithub over HTTP."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pmlint.config.schema import Calendar
from pmlint.github import client
from pmlint.github.marker import marker
from pmlint.github.notify import last_reminder, plan_notify, reminder_body
from pmlint.items.due import IssueState, IssueStates, find_overdue
from pmlint.items.model import item_id
from pmlint.parse.inline import normalise_action
from tests.conftest import Result, write
from tests.github_double import Fault, GitHubDouble
from tests.overdue_project import item

D = dt.date.fromisoformat
TODAY = D("2026-12-14")


def overdue_with(states: dict, *items):
    issues = IssueStates.of(states)
    return find_overdue(items, TODAY, Calendar(), issues), issues


# The plan


def test_first_night_labels_and_comments_each_overdue_issue() -> None:
    late, later = item("Add an alert", "2026-12-04", owner="@maria"), item("Write runbook", "2026-12-10", line=10)
    overdue, issues = overdue_with({late.id: IssueState(41, True, assignees=("maria-gh",)), later.id: IssueState(42, True)}, late, later)
    plan = plan_notify(overdue, issues, {}, TODAY, "overdue", 7)
    assert [(op.kind, op.issue) for op in plan.operations] == [
        ("add-label", 41), ("comment", 41), ("add-label", 42), ("comment", 42)
    ]
    body = plan.operations[1].body
    assert f"<!-- pmlint:overdue id={late.id} date=2026-12-14 -->" in body
    assert "@maria-gh" in body  # the assignee is mentioned ...
    assert "@maria " not in body and "@&#8203;maria" in body  # ... the Owner text is not


def test_rerun_same_day_plans_nothing() -> None:
    late = item("Add an alert", "2026-12-04")
    overdue, issues = overdue_with({late.id: IssueState(41, True, labels=frozenset({"Overdue"}))}, late)
    posted = reminder_body(overdue[0], TODAY, 7)
    plan = plan_notify(overdue, issues, {41: ["thanks!", posted]}, TODAY, "overdue", 7)
    assert plan.operations == [] and plan.reminded_recently == 1


def test_reminds_again_after_remind_every_days() -> None:
    late = item("Add an alert", "2026-12-04")
    overdue, issues = overdue_with({late.id: IssueState(41, True, labels=frozenset({"overdue"}))}, late)
    six_days = {41: [f"<!-- pmlint:overdue id={late.id} date=2026-12-08 -->"]}
    seven_days = {41: [f"<!-- pmlint:overdue id={late.id} date=2026-12-07 -->"]}
    other_item = {41: ["<!-- pmlint:overdue id=0123456789abcdef date=2026-12-14 -->"]}
    assert plan_notify(overdue, issues, six_days, TODAY, "overdue", 7).operations == []
    assert [op.kind for op in plan_notify(overdue, issues, seven_days, TODAY, "overdue", 7).operations] == ["comment"]
    assert [op.kind for op in plan_notify(overdue, issues, other_item, TODAY, "overdue", 7).operations] == ["comment"]
    assert plan_notify(overdue, issues, six_days, TODAY, "overdue", 3).count("comment") == 1


def test_label_removed_when_done_closed_moved_or_orphaned() -> None:
    done = item("Done in TODO", "2026-12-04", done=True)
    moved = item("Due moved", "2026-12-20")
    closed = item("Closed", "2026-12-01")
    states = {
        done.id: IssueState(1, True, labels=frozenset({"overdue", "P1"})),
        moved.id: IssueState(2, True, labels=frozenset({"overdue"})),
        closed.id: IssueState(3, False, labels=frozenset({"overdue"})),
        "orphan-id": IssueState(4, True, labels=frozenset({"overdue"})),
        "unlabelled": IssueState(5, True),
    }
    overdue, issues = overdue_with(states, done, moved, closed)
    assert overdue == []
    plan = plan_notify(overdue, issues, {}, TODAY, "overdue", 7)
    assert [(op.kind, op.issue, op.label) for op in plan.operations] == [
        ("remove-label", 1, "overdue"), ("remove-label", 2, "overdue"), ("remove-label", 3, "overdue"), ("remove-label", 4, "overdue")
    ]


def test_plan_reports_item_without_issue() -> None:
    late = item("No issue yet", "2026-12-04")
    overdue, issues = overdue_with({}, late)
    plan = plan_notify(overdue, issues, {}, TODAY, "overdue", 7)
    assert plan.operations == [] and [e.item.action for e in plan.without_issue] == ["No issue yet"]


def test_two_items_on_one_issue_label_it_once() -> None:
    first, second = item("First", "2026-12-04", issue=9), item("Second", "2026-12-04", issue=9, line=10)
    issues = IssueStates.of({}, extra=[IssueState(9, True)])
    overdue = find_overdue([first, second], TODAY, Calendar(), issues)
    plan = plan_notify(overdue, issues, {}, TODAY, "overdue", 7)
    assert [(op.kind, op.issue) for op in plan.operations] == [("add-label", 9), ("comment", 9), ("comment", 9)]


def test_last_reminder_reads_only_well_formed_markers() -> None:
    bodies = [
        "<!-- pmlint:overdue id=abc date=2026-12-01 -->",
        "<!-- pmlint:overdue id=abc date=2026-13-01 -->",  # no such month
        "text <!--pmlint:overdue id=abc date=2026-12-09--> more",
        "<!-- pmlint:overdue id=abcd date=2026-12-13 -->",  # another item
        None,
    ]
    assert last_reminder(bodies, "abc") == D("2026-12-09")
    assert last_reminder([], "abc") is None


def test_document_text_cannot_mention_anyone() -> None:
    late = item("Ask @security and @acme/sre to review", "2026-12-04", owner="@maria, @acme/sre")
    overdue, _ = overdue_with({late.id: IssueState(41, True)}, late)
    body = reminder_body(overdue[0], TODAY, 7)
    text = body.replace("@&#8203;", "")
    assert "@" not in text.split("<!--")[0]  # no assignees, so no mention at all


# End to end: `pmlint overdue --notify`, through PyGithub over HTTP, against the double


TOKEN = "ghp_CANARYoverdueDoNotLeak0123456789abcdef"
DOC = "docs/incidents/2026-11-20-db-pool.md"
ALERT = "Add an alert for connection pool saturation above 80%"
RUNBOOK = "Write runbook: database connection pool exhausted"
TEMPLATE = "Add a pool size field to the configuration template"


def document(runbook_due: str = "2026-12-10") -> str:
    return f"""# Post-Mortem: Checkout outage

**Date:** 2026-11-20
**Severity:** SEV-2

## Action Items

| Action | Owner | Priority | Due |
|---|---|---|---|
| {ALERT} | @maria | P1 | 2026-12-04 |
| {RUNBOOK} | @kenji | P2 | {runbook_due} |
| {TEMPLATE} | @lee | P2 | 2027-01-15 |
"""


TODO = f"""# TODO

- [ ] {ALERT} _(ref: {DOC})_ #1
- [ ] {RUNBOOK} _(ref: {DOC})_ #2
- [ ] {TEMPLATE} _(ref: {DOC})_ #3
"""


def managed(double: GitHubDouble, action: str, assignees: list[str] | None = None, labels: tuple[str, ...] = ()) -> int:
    """An issue as `pmlint sync` opens it: the managed label and the item's marker."""
    body = f"{action}\n\n{marker(item_id(DOC, normalise_action(action)))}\n"
    return double.add_issue(action, body=body, labels=["postmortem-action", *labels], assignees=assignees)["number"]


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> Iterator[GitHubDouble]:
    monkeypatch.setattr(client, "TUNING", client.Tuning(spacing=0, sleep=lambda seconds: None, timeout=2, backoff=0))
    with GitHubDouble(token=TOKEN, assignable={"maria-gh"}) as double:
        double.serve_pmlint(monkeypatch)
        for name in ("GITHUB_SHA", "PMLINT_TODAY"):
            monkeypatch.delenv(name, raising=False)
        managed(double, ALERT, assignees=["maria-gh"])
        managed(double, RUNBOOK)
        managed(double, TEMPLATE)
        yield double
        assert not double.unauthorized, "every request carries the token"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write(tmp_path, {DOC: document(), "TODO.md": TODO})


def overdue(run: Callable[..., Result], root: Path, *args: str) -> Result:
    result = run("overdue", "--notify", *args, cwd=root)
    assert TOKEN not in result.out + result.err
    return result


def labels(double: GitHubDouble, number: int) -> set[str]:
    return {label["name"] for label in double.issues[number]["labels"]}


def bodies(double: GitHubDouble, number: int) -> list[str]:
    return [comment["body"] for comment in double.comments[number]]


def test_nightly_runs_label_remind_and_unlabel(run, project: Path, github: GitHubDouble) -> None:
    # First night: both overdue issues get the label and one reminder each; #3 is not due.
    first = overdue(run, project, "--today", "2026-12-14")
    assert first.code == 1, first.err
    assert labels(github, 1) == labels(github, 2) == {"postmortem-action", "overdue"}
    assert labels(github, 3) == {"postmortem-action"} and bodies(github, 3) == []
    assert [len(bodies(github, n)) for n in (1, 2)] == [1, 1]
    assert len(github.writes) == 4
    assert github.count("GET", r"/issues$") == 1, "the index is one listing"
    assert github.count("GET", r"/issues/\d+$") == 0, "no GET per item"
    assert github.count("GET", r"/comments$") == 2, "comments read only for the overdue issues"
    assert "@maria-gh" in bodies(github, 1)[0]  # the assignee, not the Owner text
    assert "@maria " not in bodies(github, 1)[0] and "@" not in bodies(github, 2)[0].split("<!--")[0].replace("@&#8203;", "")
    assert "reminded 2" in first.err and "labelled 2" in first.err

    # A second run the same day writes nothing.
    before = len(github.writes)
    assert overdue(run, project, "--today", "2026-12-14").code == 1
    assert len(github.writes) == before

    # A week later: one new reminder each, no label writes.
    later = overdue(run, project, "--today", "2026-12-21")
    assert [len(bodies(github, n)) for n in (1, 2)] == [2, 2]
    assert [r.method for r in github.writes[before:]] == ["POST", "POST"]
    assert "date=2026-12-21" in bodies(github, 1)[1] and "reminded 2" in later.err

    # Closing #1 and moving #2's Due past today take the label off both; nothing is overdue.
    github.issues[1].update(state="closed", state_reason="completed")
    write(project, {DOC: document(runbook_due="2027-01-08")})
    after = overdue(run, project, "--today", "2026-12-22", "--format", "json")
    assert after.code == 0 and json.loads(after.out) == []
    assert "overdue" not in labels(github, 1) | labels(github, 2)
    assert [len(bodies(github, n)) for n in (1, 2)] == [2, 2]
    before = len(github.writes)
    assert overdue(run, project, "--today", "2026-12-22").code == 0
    assert len(github.writes) == before


def test_closed_issue_is_done_without_notify(run, project: Path, github: GitHubDouble) -> None:
    github.issues[1].update(state="closed", state_reason="completed")
    result = run("overdue", "--format", "json", "--today", "2026-12-14", cwd=project)
    assert [(i["action"], i["issue"]) for i in json.loads(result.out)] == [(RUNBOOK, 2)]
    assert github.writes == [] and github.count("GET", r"/issues$") == 1


def test_dry_run_plans_and_writes_nothing(run, project: Path, github: GitHubDouble) -> None:
    result = overdue(run, project, "--dry-run", "--today", "2026-12-14")
    assert github.writes == []
    assert "would add label 'overdue' to #1" in result.err and "would comment on #2" in result.err


def test_write_budget_leaves_the_rest_for_the_next_run(run, project: Path, github: GitHubDouble) -> None:
    write(project, {".pmlint.toml": "[github]\nmax-writes = 3\n"})
    first = overdue(run, project, "--today", "2026-12-14")
    assert len(github.writes) == 3 and "left for the next run 1" in first.err
    overdue(run, project, "--today", "2026-12-14")
    assert [len(bodies(github, n)) for n in (1, 2)] == [1, 1] and len(github.writes) == 4


def test_lost_answer_to_a_comment_is_not_repeated(run, project: Path, github: GitHubDouble) -> None:
    github.fault(Fault.server_error(502, commit=True), method="POST", route=r"/issues/1/comments$")
    result = overdue(run, project, "--today", "2026-12-14")
    assert result.code == 1 and "failed 0" in result.err
    assert len(bodies(github, 1)) == 1, "the re-read found the reminder; it was not posted twice"


def test_item_without_issue_is_reported_not_created(run, project: Path, github: GitHubDouble) -> None:
    write(project, {"TODO.md": TODO.replace(" #2\n", "\n")})
    github.issues[2]["body"] = "marker lost"  # not managed any more, and not linked in TODO.md
    result = overdue(run, project, "--today", "2026-12-14")
    assert len(github.issues) == 3 and bodies(github, 2) == []
    assert f"no open issue for {DOC}:11 '{RUNBOOK}'" in result.err


def test_issue_linked_by_hand_is_read_once_and_labelled(run, project: Path, github: GitHubDouble) -> None:
    number = github.add_issue("Runbook for the pool", body="filed by hand")["number"]
    write(project, {"TODO.md": TODO.replace(" #2\n", f" #{number}\n")})
    github.issues[2]["body"] = "marker lost"
    overdue(run, project, "--today", "2026-12-14")
    assert github.count("GET", rf"/issues/{number}$") == 1
    assert "overdue" in labels(github, number) and len(bodies(github, number)) == 1


def test_bad_token_is_one_line_without_the_token(run, project: Path, github: GitHubDouble, monkeypatch) -> None:
    wrong = TOKEN.replace("CANARY", "WRONGCANARY")
    monkeypatch.setenv("GITHUB_TOKEN", wrong)
    result = run("overdue", "--notify", "--today", "2026-12-14", cwd=project)
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert wrong not in result.out + result.err and "401" in result.err
    github.requests.clear()  # the fixture checks that the good token was sent otherwise


def test_step_summary_links_and_outputs(run, project: Path, github: GitHubDouble, monkeypatch) -> None:
    summary, outputs = project / "summary.md", project / "outputs.txt"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.example")
    overdue(run, project, "--today", "2026-12-14", "--format", "github")
    text = summary.read_text()
    assert "[#1](https://github.example/acme/ops/issues/1)" in text
    assert "labelled 2, reminded 2" in text
    assert "overdue=2\n" in outputs.read_text() and "reminded=2\n" in outputs.read_text()
    assert "https://github.example/acme/ops/blob/HEAD/docs/incidents/2026-11-20-db-pool.md#L10" in bodies(github, 1)[0]
