"""PM308 action-overdue: which rows fire, where, with which business-day count; opt-in."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CLEAN_DOC, CLEAN_TODO, DOC_PATH, write
from tests.rule_harness import run_rule

DOC = "docs/incidents/2026-11-20-db-pool.md"
HEAD = """# Post-Mortem: Checkout outage

**Date:** 2026-11-20

## Action Items

| Action | Owner | Priority | Due |
|---|---|---|---|
"""  # the first row is line 9
ALERT = "Add an alert for connection pool saturation above 80%"
RUNBOOK = "Write runbook: database connection pool exhausted"


def doc(*rows: str) -> str:
    return HEAD + "".join(row + "\n" for row in rows)


def todo(*lines: tuple[str, str]) -> str:
    return "# TODO\n\n" + "".join(f"- [{box}] {action} _(ref: {DOC})_\n" for box, action in lines)


def test_fires_at_the_due_cell_with_business_days(tmp_path: Path) -> None:
    text = doc(f"| {ALERT} | @maria | P1 | 2026-12-04 |")
    # Fri 2026-12-04 -> Mon 2026-12-14: 6 business days (Mon-Fri, then Monday).
    [problem] = run_rule("PM308", tmp_path, document=text, todo=todo((" ", ALERT)), today="2026-12-14")
    assert problem.line == 9
    assert problem.column == text.splitlines()[8].index("2026-12-04") + 1
    assert "due 2026-12-04 (6 business days overdue)" in problem.message
    assert "check its TODO.md box" in problem.message


def test_checked_box_is_done(tmp_path: Path) -> None:
    text = doc(f"| {ALERT} | @maria | P1 | 2026-12-04 |")
    assert run_rule("PM308", tmp_path, document=text, todo=todo(("x", ALERT)), today="2026-12-14") == []


def test_due_today_or_later_is_not_overdue(tmp_path: Path) -> None:
    text = doc(f"| {ALERT} | @maria | P1 | 2026-12-14 |", f"| {RUNBOOK} | @kenji | P2 | 2027-01-10 |")
    assert run_rule("PM308", tmp_path, document=text, todo=todo((" ", ALERT), (" ", RUNBOOK)), today="2026-12-14") == []


def test_one_day_late_over_a_weekend_is_zero_business_days(tmp_path: Path) -> None:
    # Due Friday, today Saturday: overdue (Due is before today), by 0 business days.
    text = doc(f"| {ALERT} | @maria | P1 | 2026-12-04 |")
    [problem] = run_rule("PM308", tmp_path, document=text, todo=todo((" ", ALERT)), today="2026-12-05")
    assert "(0 business days overdue)" in problem.message


def test_untracked_item_says_to_track_it(tmp_path: Path) -> None:
    text = doc(f"| {ALERT} | @maria | P1 | 2026-12-04 |")
    [problem] = run_rule("PM308", tmp_path, document=text, todo="# TODO\n", today="2026-12-14")
    assert "track it in TODO.md" in problem.message


def test_bad_due_and_short_rows_are_left_to_other_rules(tmp_path: Path) -> None:
    text = doc(
        f"| {ALERT} | @maria | P1 | next week |",
        f"| {RUNBOOK} | @kenji |",
        "| Rotate the credentials | @lee | P1 | 2026-02-30 |",
    )
    assert run_rule("PM308", tmp_path, document=text, today="2026-12-14") == []


def test_holidays_change_the_count(tmp_path: Path) -> None:
    # Due Tue 2026-12-22, today Mon 2026-12-28: Wed, Thu, Fri, Mon = 4; 25 Dec is a US holiday.
    text = doc(f"| {ALERT} | @maria | P1 | 2026-12-22 |")
    plain = run_rule("PM308", tmp_path, document=text, todo=todo((" ", ALERT)), today="2026-12-28")
    us = run_rule("PM308", tmp_path, document=text, config={"calendar": {"country": "US"}}, today="2026-12-28")
    extra = run_rule(
        "PM308", tmp_path, document=text, config={"calendar": {"extra-holidays": ["2026-12-23", "2026-12-24"]}},
        today="2026-12-28",
    )
    assert "(4 business days overdue)" in plain[0].message
    assert "(3 business days overdue)" in us[0].message
    assert "(2 business days overdue)" in extra[0].message


def test_check_runs_it_only_when_selected(run, tmp_path: Path) -> None:
    stale = CLEAN_DOC  # its first action is due 2026-11-27 and unchecked in TODO.md
    write(tmp_path, {DOC_PATH: stale, "TODO.md": CLEAN_TODO})  # the second item is checked
    default = run("check", "--format", "json", "--today", "2027-03-01", "--select", "PM3", cwd=tmp_path)
    assert "PM308" not in {f["code"] for f in json.loads(default.out)}
    by_name = run("check", "--format", "json", "--today", "2027-03-01", "--select", "action-overdue", cwd=tmp_path)
    [finding] = json.loads(by_name.out)
    assert (finding["code"], finding["line"], finding["level"]) == ("PM308", 51, "warning")
