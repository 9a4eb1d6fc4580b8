"""`pmlint overdue` without GitHub: which items are overdue, days, sorting, output formats,
the step summary and outputs, exit codes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pmlint.config.schema import Calendar
from pmlint.items.due import IssueState, IssueStates, find_overdue
from pmlint.output.overdue_report import Shown, digest, render_github, render_text
from tests.conftest import write
from tests.overdue_project import DOC_A, DOC_TEXT, TODO_TEXT, item

D = dt.date.fromisoformat
DOC_B = "docs/incidents/2026-12-01-dns.md"


# Which items, how late, in which order


def test_overdue_means_due_before_today_and_not_done() -> None:
    items = [
        item("late", "2026-12-04"),
        item("done", "2026-12-04", done=True),
        item("due today", "2026-12-14"),
        item("later", "2026-12-20"),
        item("no date", None),
        item("untracked", "2026-12-01", tracked=False),
    ]
    found = find_overdue(items, D("2026-12-14"), Calendar())
    assert [entry.item.action for entry in found] == ["untracked", "late"]
    assert [entry.days for entry in found] == [9, 6]


def test_closed_issue_is_done_open_issue_is_not() -> None:
    closed, open_, linked = item("closed", "2026-12-01"), item("open", "2026-12-01"), item("linked", "2026-12-01", issue=7)
    states = IssueStates.of(
        {closed.id: IssueState(3, open=False), open_.id: IssueState(4, open=True)}, extra=[IssueState(7, open=False)]
    )
    found = find_overdue([closed, open_, linked], D("2026-12-14"), Calendar(), states)
    assert [(e.item.action, e.issue_number) for e in found] == [("open", 4)]


def test_sorted_most_overdue_first_then_by_due_document_line() -> None:
    items = [
        item("b2", "2026-12-07", doc=DOC_B, line=12),
        item("a", "2026-12-04", doc=DOC_A, line=30),
        item("b1", "2026-12-07", doc=DOC_B, line=10),
        # Sat 2026-12-05 and Fri 2026-12-04 are both 6 business days late on 12-14.
        item("sat", "2026-12-05", doc=DOC_A, line=5),
    ]
    found = find_overdue(items, D("2026-12-14"), Calendar())
    assert [e.item.action for e in found] == ["a", "sat", "b1", "b2"]
    assert [e.days for e in found] == [6, 6, 5, 5]


def test_calendar_changes_days_overdue() -> None:
    late = [item("x", "2026-12-22")]  # today Mon 2026-12-28
    assert find_overdue(late, D("2026-12-28"), Calendar())[0].days == 4
    assert find_overdue(late, D("2026-12-28"), Calendar(country="US"))[0].days == 3
    # Wed, Thu, Sun, Mon: Friday and Saturday are the weekend.
    assert find_overdue(late, D("2026-12-28"), Calendar(weekend=["Fri", "Sat"]))[0].days == 4
    assert find_overdue(late, D("2026-12-28"), Calendar(extra_holidays=[D("2026-12-23")]))[0].days == 3


# Output


def shown(*entries):
    return [Shown(e, e.item.doc_path) for e in entries]


def test_text_table_has_the_columns_and_counts() -> None:
    found = find_overdue([item("Add an alert", "2026-12-04", issue=41)], D("2026-12-14"), Calendar())
    lines = render_text(shown(*found)).splitlines()
    assert lines[0].split() == ["DOCUMENT", "ACTION", "OWNER", "PRIORITY", "DUE", "DAYS", "ISSUE"]
    assert lines[1].split()[:1] == [f"{DOC_A}:9"] and lines[1].split()[-4:] == ["P1", "2026-12-04", "6", "#41"]
    assert lines[-1].startswith("1 overdue action item ")
    assert render_text([], quiet=False) == "No overdue action items\n"
    assert render_text([], quiet=True) == ""


def test_github_annotations_are_escaped_and_on_the_row() -> None:
    found = find_overdue([item("Cut 50% of retries, then: report", "2026-12-04", line=17)], D("2026-12-14"), Calendar())
    [line] = render_github(shown(*found)).splitlines()
    assert line.startswith(f"::warning file={DOC_A},line=17,col=1,title=PM308 action-overdue::")
    assert "Cut 50%25 of retries, then: report" in line  # message: % escaped, ":" and "," kept
    assert render_github(shown(*found), level="error").startswith("::error ")


def test_digest_groups_by_owner_and_escapes_cells() -> None:
    items = [
        item("Both | pipes", "2026-12-01", owner="@maria, @kenji", issue=5),
        item("Only kenji", "2026-12-10", owner="@kenji", line=10),
        item("Nobody", "2026-12-10", owner="", line=11),
    ]
    found = find_overdue(items, D("2026-12-14"), Calendar())
    text = digest(found, "2026-12-14", issue_link=lambda n: f"https://github.test/o/r/issues/{n}")
    assert text.startswith("### Overdue action items (3) on 2026-12-14")
    sections = [line for line in text.splitlines() if line.startswith("**")]
    assert sections == ["**@maria** (1)", "**@kenji** (2)", "**(no owner)** (1)"]
    assert "Both \\| pipes" in text and "[#5](https://github.test/o/r/issues/5)" in text


# The command


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "PMLINT_TODAY"):
        monkeypatch.delenv(name, raising=False)
    return write(tmp_path, {DOC_A: DOC_TEXT, "TODO.md": TODO_TEXT})


def test_json_schema_and_exit_1(run, project: Path) -> None:
    result = run("overdue", "--format", "json", "--today", "2026-12-14", cwd=project)
    assert result.code == 1
    assert json.loads(result.out) == [
        {"path": DOC_A, "line": 10, "action": "Add an alert for connection pool saturation above 80%", "owner": "@maria",
         "priority": "P1", "due": "2026-12-04", "days_overdue": 6, "issue": 41, "due_invalid": False},
        {"path": DOC_A, "line": 11, "action": "Write runbook: database connection pool exhausted", "owner": "@kenji",
         "priority": "P2", "due": "2026-12-10", "days_overdue": 2, "issue": None, "due_invalid": False},
    ]
    assert "TODO.md alone decides" in result.err


def test_items_without_a_valid_due_are_listed_never_hidden(run, project: Path) -> None:
    doc = project / DOC_A
    doc.write_text(doc.read_text().replace("| P2 | 2026-12-10 |", "| P2 | next Friday |").replace(
        "| P2 | 2027-01-15 |", "| P2 | soon |"))
    todo = project / "TODO.md"
    todo.write_text(todo.read_text().replace("- [ ] Add a pool size", "- [x] Add a pool size"))  # done: not listed
    result = run("overdue", "--format", "json", "--today", "2026-12-01", cwd=project)
    assert result.code == 1  # nothing is past its Due, but an item's Due cannot be read
    assert json.loads(result.out) == [
        {"path": DOC_A, "line": 11, "action": "Write runbook: database connection pool exhausted", "owner": "@kenji",
         "priority": "P2", "due": None, "due_text": "next Friday", "days_overdue": None, "issue": None,
         "due_invalid": True},
    ]
    text = run("overdue", "--today", "2026-12-14", cwd=project).out
    assert "no valid Due" in text and "Write runbook" in text
    assert text.splitlines()[-1] == "1 overdue action item, 1 with no valid Due (DAYS: business days past Due)"
    annotations = run("overdue", "--format", "github", "--today", "2026-12-14", cwd=project).out
    assert "line=11" in annotations and "has no valid Due ('next Friday')" in annotations


def test_today_drives_the_dates_and_exit_zero(run, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("overdue", "--today", "2026-12-04", cwd=project).code == 0
    monkeypatch.setenv("PMLINT_TODAY", "2026-12-07")
    result = run("overdue", "--format", "json", cwd=project)
    assert [i["days_overdue"] for i in json.loads(result.out)] == [1]
    assert run("overdue", "--exit-zero", "--today", "2027-06-01", cwd=project).code == 0


def test_calendar_config_changes_the_figures(run, project: Path) -> None:
    write(project, {".pmlint.toml": '[calendar]\nextra-holidays = ["2026-12-08", "2026-12-11"]\n'})
    result = run("overdue", "--format", "json", "--today", "2026-12-14", cwd=project)
    assert [i["days_overdue"] for i in json.loads(result.out)] == [4, 1]  # 6 - 2 and 2 - 1


def test_paths_relative_to_the_current_directory(run, project: Path) -> None:
    (project / ".git").mkdir()  # the project root is the Git top level
    result = run("overdue", "--format", "json", "--today", "2026-12-14", cwd=project / "docs")
    assert {i["path"] for i in json.loads(result.out)} == {"incidents/2026-11-20-db-pool.md"}


def test_step_summary_and_outputs_in_actions(run, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary, outputs = project / "summary.md", project / "outputs.txt"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    result = run("overdue", "--format", "github", "--today", "2026-12-14", cwd=project)
    assert result.code == 1
    assert result.out.count("::warning file=") == 2
    assert outputs.read_text() == "overdue=2\ndocuments=1\n"
    text = summary.read_text()
    assert "**@maria** (1)" in text and "**@kenji** (1)" in text and "| 6 | #41 |" in text


def test_usage_errors_exit_2(run, project: Path) -> None:
    no_token = run("overdue", "--notify", "--today", "2026-12-14", cwd=project)
    assert no_token.code == 2 and "GITHUB_TOKEN" in no_token.err and no_token.out == ""
    assert run("overdue", "--dry-run", cwd=project).code == 2
    assert run("overdue", "--today", "14/12/2026", cwd=project).code == 2
    write(project, {".pmlint.toml": '[calendar]\ncountry = "XX"\n'})
    bad = run("overdue", "--today", "2026-12-14", cwd=project)
    assert bad.code == 2 and "calendar.country" in bad.err


def test_unreadable_document_is_a_note_not_a_crash(run, project: Path) -> None:
    write(project, {"docs/incidents/2026-12-02-binary.md": b"\x00\xff\xfe binary"})
    result = run("overdue", "--format", "json", "--today", "2026-12-14", cwd=project)
    assert result.code == 1 and len(json.loads(result.out)) == 2
    assert "2026-12-02-binary.md" in result.err


def test_sarif_and_junit_carry_the_overdue_items_as_pm308(run, project: Path, tmp_path: Path) -> None:
    """`overdue` has the formats of `check`: the nightly list can go to code
    scanning or to a CI test report."""
    import xml.etree.ElementTree as ET

    from tests.conftest import validate_sarif

    sarif = run("overdue", "--format", "sarif", "--today", "2026-12-14", cwd=project)
    assert sarif.code == 1
    results = validate_sarif(sarif.out)["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("PM308", 10), ("PM308", 11)
    ]
    assert "6 business days overdue" in results[0]["message"]["text"]
    junit = run("overdue", "--format", "junit", "--today", "2026-12-14", "--output", "overdue.xml", cwd=project)
    assert junit.code == 1 and junit.out == ""
    failures = ET.parse(project / "overdue.xml").getroot().iter("failure")
    assert len(list(failures)) == 2
