"""Action-item rules PM301-PM307 and PM309: lines, columns, messages and edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.rule_harness import run_rule

DOC = "docs/incidents/2026-11-20-db-pool.md"
HEAD = """# Post-Mortem: Checkout outage

**Date:** 2026-11-20
**Meeting:** 2026-11-23

## Action Items

"""  # the table header is line 8
TABLE = "| Action | Owner | Priority | Due |\n|---|---|---|---|\n"
ALERT = "Add an alert for connection pool saturation above 80%"
RUNBOOK = "Write runbook: database connection pool exhausted"


def doc(*rows: str, table: str = TABLE, head: str = HEAD) -> str:
    return head + table + "".join(row + "\n" for row in rows)


def todo(*actions: str, ref: str = DOC) -> str:
    return "# TODO\n\n" + "".join(f"- [ ] {action} _(ref: {ref})_\n" for action in actions)


# PM301 no-action-items


def test_pm301_points_at_the_section_heading(tmp_path: Path) -> None:
    problems = run_rule("PM301", tmp_path, document=HEAD + "TBD after the meeting.\n")
    assert [(p.line, p.column) for p in problems] == [(6, 1)]
    assert "no table" in problems[0].message


def test_pm301_table_without_action_column(tmp_path: Path) -> None:
    text = doc("| Add an alert | @maria |", table="| Fix | Who |\n|---|---|\n")
    [problem] = run_rule("PM301", tmp_path, document=text)
    assert "no Action column" in problem.message


def test_pm301_blank_rows_do_not_count(tmp_path: Path) -> None:
    [problem] = run_rule("PM301", tmp_path, document=doc("|  |  |  |  |"))
    assert "no rows" in problem.message


def test_pm301_missing_section_is_not_reported(tmp_path: Path) -> None:
    assert run_rule("PM301", tmp_path, document="# Post-Mortem: X\n\n## Timeline\n") == []


def test_pm301_accepts_other_action_column_names(tmp_path: Path) -> None:
    text = doc(f"| {ALERT} | @maria |", table="| Task | Assignee |\n|---|---|\n")
    assert run_rule("PM301", tmp_path, document=text) == []


# PM302 action-owner


def test_pm302_empty_and_nameless_owners(tmp_path: Path) -> None:
    text = doc(
        f"| {ALERT} | | P1 | 2026-11-27 |",
        f"| {RUNBOOK} | Maria | P2 | 2026-12-11 |",
        "| Record pool connection counts on the dashboard | Maria (@maria) | P2 | 2026-12-11 |",
    )
    problems = run_rule("PM302", tmp_path, document=text)
    assert [p.line for p in problems] == [10, 11]
    assert problems[0].column == len(f"| {ALERT} | ") + 1
    assert "empty" in problems[0].message
    assert "'Maria'" in problems[1].message


def test_pm302_short_row_is_an_empty_owner(tmp_path: Path) -> None:
    [problem] = run_rule("PM302", tmp_path, document=doc(f"| {ALERT} |"))
    assert problem.line == 10
    assert "empty" in problem.message


def test_pm302_teams_and_email_addresses(tmp_path: Path) -> None:
    text = doc(f"| {ALERT} | @acme/sre | P1 | 2026-11-27 |", f"| {RUNBOOK} | maria@example.com | P2 | 2026-12-11 |")
    assert [p.line for p in run_rule("PM302", tmp_path, document=text)] == [11]


def test_pm302_missing_column_is_one_finding_at_the_header(tmp_path: Path) -> None:
    text = doc(f"| {ALERT} | P1 |", f"| {RUNBOOK} | P2 |", table="| Action | Priority |\n|---|---|\n")
    problems = run_rule("PM302", tmp_path, document=text)
    assert [(p.line, p.column) for p in problems] == [(8, 1)]
    assert "no Owner column" in problems[0].message


# PM303 action-due


def test_pm303_messages(tmp_path: Path) -> None:
    text = doc(
        f"| {ALERT} | @maria | P1 | next week |",
        f"| {RUNBOOK} | @kenji | P2 | 11/12/2026 |",
        "| Record pool connection counts on the dashboard | @lee | P2 | Dec 11, 2026 |",
        "| Add a pool limit to the service template | @lee | P3 | |",
        "| Set the autoscaler minimum to three replicas | @lee | P3 | 2026-02-30 |",
        "| Block deploys during peak hours in the pipeline | @lee | P3 | **2026-12-11** |",
    )
    problems = run_rule("PM303", tmp_path, document=text)
    assert [p.line for p in problems] == [10, 11, 12, 13, 14]
    messages = [p.message for p in problems]
    assert messages[0] == (
        "Due 'next week' is not an ISO date (YYYY-MM-DD); did you mean 2026-11-27, a week after the Date (2026-11-20)?"
    )
    assert "did you mean" not in messages[1]  # ambiguous: November 12 or December 11
    assert messages[2].endswith("did you mean 2026-12-11?")
    assert "empty" in messages[3]
    assert "not a valid calendar date" in messages[4]
    assert problems[0].column == len(f"| {ALERT} | @maria | P1 | ") + 1


def test_pm303_missing_column(tmp_path: Path) -> None:
    text = doc(f"| {ALERT} | @maria |", table="| Action | Owner |\n|---|---|\n")
    assert [p.line for p in run_rule("PM303", tmp_path, document=text)] == [8]


# PM304 action-priority


def test_pm304(tmp_path: Path) -> None:
    text = doc(
        f"| {ALERT} | @maria | High | 2026-11-27 |",
        f"| {RUNBOOK} | @kenji | p2 | 2026-12-11 |",
        "| Record pool connection counts on the dashboard | @lee | | 2026-12-11 |",
        "| Add a pool limit to the service template | @lee | **P3** | 2026-12-11 |",
    )
    problems = run_rule("PM304", tmp_path, document=text)
    assert [p.line for p in problems] == [10, 12]
    assert problems[0].message == "Priority 'High' is not one of P1, P2, P3; write one, or add it to `priorities` in [tool.pmlint.template]"
    assert "empty" in problems[1].message


def test_pm304_configured_priorities(tmp_path: Path) -> None:
    text = doc(f"| {ALERT} | @maria | P1 | 2026-11-27 |")
    problems = run_rule("PM304", tmp_path, document=text, config={"template": {"priorities": ["High", "Low"]}})
    assert problems[0].message == "Priority 'P1' is not one of High, Low; write one, or add it to `priorities` in [tool.pmlint.template]"


# PM305 action-vague


@pytest.mark.parametrize(
    "action",
    ["Investigate why the pool ran out", "Look into connection pool limits", "TBD", "Be more careful with deploys",
     "Follow up with the database team", "*Improve* the alerting on the pool", "Fix the pool", ""],
)
def test_pm305_flags(tmp_path: Path, action: str) -> None:
    [problem] = run_rule("PM305", tmp_path, document=doc(f"| {action} | @maria | P1 | 2026-11-27 |"))
    assert problem.line == 10
    if action:
        assert problem.column == 3


@pytest.mark.parametrize(
    "action",
    [ALERT, "Monitoring dashboard: add pool saturation panel", "Improvements backlog: add pool limit to template",
     "Add `max_connections` to the service template"],
)
def test_pm305_accepts(tmp_path: Path, action: str) -> None:
    assert run_rule("PM305", tmp_path, document=doc(f"| {action} | @maria | P1 | 2026-11-27 |")) == []


@pytest.mark.parametrize(
    "action",
    [
        "Write runbook: database-connection-pool-exhausted",  # the seed's own action item
        "Raise pool_max_connections",  # snake_case: several words of meaning
        "Update `pool.yaml`",  # a code span names the artifact
        "Fix deploy/checkout/values.yaml",  # a path
        "Close PROJ-1234",  # a ticket
        "Finish #123",  # an issue reference
        "Write runbook: pool",  # a named runbook
    ],
)
def test_pm305_named_artifacts_and_compound_names_are_not_vague(tmp_path: Path, action: str) -> None:
    assert run_rule("PM305", tmp_path, document=doc(f"| {action} | @maria | P1 | 2026-11-27 |")) == []


def test_pm305_hyphenated_words_count_but_short_actions_still_fail(tmp_path: Path) -> None:
    [problem] = run_rule("PM305", tmp_path, document=doc("| Fix db-pool | @maria | P1 | 2026-11-27 |"))
    assert problem.message == "action has 3 words; write at least 4 saying what will be done"
    # A vague opening stays vague when it names an artifact.
    [problem] = run_rule("PM305", tmp_path, document=doc("| Investigate `pool.yaml` | @maria | P1 | 2026-11-27 |"))
    assert "vague 'investigate'" in problem.message


def test_pm305_corpus_actions_are_not_vague(tmp_path: Path) -> None:
    """The benchmark corpus's clean actions (bench/gen_corpus.py) are concrete."""
    import importlib.util

    generator = REPO / "bench" / "gen_corpus.py"
    spec = importlib.util.spec_from_file_location("gen_corpus", generator)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = [f"| {a.format(dep='Redis cluster', sys='checkout')} | @maria | P1 | 2026-11-27 |" for a in module.ACTIONS]
    assert run_rule("PM305", tmp_path, document=doc(*rows)) == []


# PM306 action-due-range


def test_pm306_before_date_and_beyond_horizon(tmp_path: Path) -> None:
    text = doc(
        f"| {ALERT} | @maria | P1 | 2026-12-07 |",  # 10 business days after Mon 2026-11-23: fine
        f"| {RUNBOOK} | @kenji | P1 | 2026-12-08 |",  # 11: too late
        "| Record pool connection counts on the dashboard | @lee | P2 | 2026-11-19 |",  # before Date
        "| Add a pool limit to the service template | @lee | P3 | 2027-03-01 |",
    )
    problems = run_rule("PM306", tmp_path, document=text)
    assert [p.line for p in problems] == [11, 12]
    assert "10 business days after the Meeting (2026-11-23)" in problems[0].message
    assert "on or before 2026-12-07" in problems[0].message
    assert problems[1].message == "Due 2026-11-19 is before the incident Date 2026-11-20"


def test_pm306_weekend_after_horizon_is_not_later(tmp_path: Path) -> None:
    # Fri 2026-12-04 is the 10th business day after Fri 2026-11-20; the weekend adds none.
    head = HEAD.replace("**Meeting:** 2026-11-23\n", "")
    text = doc(f"| {ALERT} | @maria | P1 | 2026-12-06 |", f"| {RUNBOOK} | @kenji | P1 | 2026-12-07 |", head=head)
    problems = run_rule("PM306", tmp_path, document=text)
    assert [p.line for p in problems] == [10]
    assert "after the incident Date (2026-11-20)" in problems[0].message


def test_pm306_holidays_extend_the_horizon(tmp_path: Path) -> None:
    text = doc(f"| {ALERT} | @maria | P1 | 2026-12-09 |")
    assert len(run_rule("PM306", tmp_path, document=text)) == 1
    config = {"calendar": {"country": "US", "subdivision": "CA"}}
    assert run_rule("PM306", tmp_path, document=text, config=config) == []


def test_pm306_configured_horizon(tmp_path: Path) -> None:
    text = doc(f"| {ALERT} | @maria | P1 | 2026-11-26 |")
    assert len(run_rule("PM306", tmp_path, document=text, config={"action-horizon": {"P1": 2}})) == 1


def test_pm306_skips_what_other_rules_report(tmp_path: Path) -> None:
    text = doc(
        f"| {ALERT} | @maria | P1 | next year |",
        f"| {RUNBOOK} | @kenji | High | 2030-01-01 |",
        "| Record pool connection counts on the dashboard | @lee | p1 | 2030-01-01 |",
        "| Add a pool limit to the service template | @lee |",
    )
    assert [p.line for p in run_rule("PM306", tmp_path, document=text)] == [12]
    bad_date = HEAD.replace("2026-11-20", "20/11/2026")
    assert run_rule("PM306", tmp_path, document=doc(f"| {ALERT} | @maria | P1 | 2030-01-01 |", head=bad_date)) == []


def test_pm306_far_future_due_does_not_crash(tmp_path: Path) -> None:
    text = doc(f"| {ALERT} | @maria | P1 | 9999-12-31 |")
    assert len(run_rule("PM306", tmp_path, document=text, config={"calendar": {"country": "US"}})) == 1


def test_pm306_unknown_country_is_a_value_error(tmp_path: Path) -> None:
    # Raised even when no row needs a holiday lookup: a bad config must not pass silently.
    text = doc(f"| {ALERT} | @maria | P1 | 2026-11-24 |")
    with pytest.raises(ValueError, match="XX"):
        run_rule("PM306", tmp_path, document=text, config={"calendar": {"country": "XX"}})


# PM307 action-untracked


def test_pm307_untracked_row(tmp_path: Path) -> None:
    text = doc(f"| {ALERT} | @maria | P1 | 2026-11-27 |", f"| {RUNBOOK} | @kenji | P2 | 2026-12-11 |")
    [problem] = run_rule("PM307", tmp_path, document=text, todo=todo(ALERT))
    assert (problem.line, problem.column) == (11, 3)
    assert f"- [ ] {RUNBOOK} _(ref: {DOC})_" in problem.message


def test_pm307_normalised_text_and_dot_slash_ref(tmp_path: Path) -> None:
    text = doc("| `Add` an alert for connection pool saturation above 80%. | @maria | P1 | 2026-11-27 |")
    tracked = todo("add an  ALERT for connection pool saturation above 80%", ref=f"./{DOC}")
    assert run_rule("PM307", tmp_path, document=text, todo=tracked) == []


def test_pm307_same_text_for_another_document_does_not_count(tmp_path: Path) -> None:
    text = doc(f"| {ALERT} | @maria | P1 | 2026-11-27 |")
    other = "docs/incidents/2026-10-01-other.md"
    assert len(run_rule("PM307", tmp_path, document=text, todo=todo(ALERT, ref=other))) == 1


def test_pm307_without_todo_file(tmp_path: Path) -> None:
    text = doc(f"| {ALERT} | @maria | P1 | 2026-11-27 |", f"| {RUNBOOK} | @kenji | P2 | 2026-12-11 |")
    problems = run_rule("PM307", tmp_path, document=text)
    assert [p.line for p in problems] == [10, 11]
    assert all("TODO.md was not found" in p.message for p in problems)


# PM309 action-duplicate


def test_pm309(tmp_path: Path) -> None:
    text = doc(
        f"| {ALERT} | @maria | P1 | 2026-11-27 |",
        f"| {RUNBOOK} | @kenji | P2 | 2026-12-11 |",
        f"| **{ALERT.upper()}.** | @lee | P2 | 2026-12-11 |",
        "|  | @lee | P2 | 2026-12-11 |",
        "|  | @lee | P2 | 2026-12-11 |",
    )
    [problem] = run_rule("PM309", tmp_path, document=text)
    assert (problem.line, problem.column) == (12, 3)
    assert "line 10" in problem.message
