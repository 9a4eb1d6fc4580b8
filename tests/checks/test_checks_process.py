"""Process rules: PM401 postmortem-late, PM402 review-incomplete, PM404 five-whys."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.rule_harness import run_rule

PATH = "docs/incidents/2026-11-20-db-pool.md"


def header(date: str = "2026-11-20", severity: str = "SEV-1", meeting: str | None = None, status: str = "Draft") -> str:
    """A document head: Date is line 3, Severity 4, Status 5, Meeting 6."""
    text = f"# Post-Mortem: Checkout outage\n\n**Date:** {date}\n**Severity:** {severity}\n**Status:** {status}\n"
    return text + (f"**Meeting:** {meeting}\n" if meeting is not None else "")


# ---------------------------------------------------------------------------------------
# PM401


def test_late_meeting_points_at_the_meeting_line(tmp_path: Path) -> None:
    # Fri Nov 20 -> Tue Dec 1: 7 business days, SEV-1 allows 2.
    [problem] = run_rule("PM401", tmp_path, document=header(meeting="2026-12-01"))
    assert (problem.line, problem.column) == (6, 14)
    assert "7 business days after the incident on 2026-11-20 (meeting 2026-12-01)" in problem.message
    assert "the SEV-1 deadline is 2" in problem.message


@pytest.mark.parametrize(
    ("severity", "meeting", "late"),
    [
        ("SEV-1", "2026-11-24", False),  # Mon 23, Tue 24: exactly 2
        ("SEV-1", "2026-11-25", True),  # 3
        ("SEV-1", "2026-11-22", False),  # the weekend right after: 0
        ("SEV-2", "2026-11-27", False),  # 5
        ("SEV-2", "2026-11-30", True),  # 6
        ("sev 1", "2026-11-25", True),  # a near-miss spelling is still SEV-1 (PM103 says how to write it)
        ("SEV-3", "2027-06-01", False),  # no deadline for SEV-3 by default
        ("Critical", "2027-06-01", False),
    ],
)
def test_deadline_per_severity(tmp_path: Path, severity: str, meeting: str, late: bool) -> None:
    problems = run_rule("PM401", tmp_path, document=header(severity=severity, meeting=meeting))
    assert bool(problems) is late


def test_configured_deadlines(tmp_path: Path) -> None:
    document = header(severity="SEV-3", meeting="2026-12-10")
    assert run_rule("PM401", tmp_path, document=document, config={"deadlines": {"SEV-3": 14}}) == []
    [problem] = run_rule("PM401", tmp_path, document=document, config={"deadlines": {"SEV-3": 5}})
    assert "14 business days" in problem.message and "deadline is 5" in problem.message


def test_without_meeting_or_git_held_is_today_at_the_date_line(tmp_path: Path) -> None:
    [problem] = run_rule("PM401", tmp_path, document=header(), today="2026-11-27")
    assert (problem.line, problem.column) == (3, 11)
    assert "5 business days" in problem.message
    assert "not yet held as of today 2026-11-27" in problem.message
    assert "**Meeting:** YYYY-MM-DD" in problem.message
    assert run_rule("PM401", tmp_path, document=header(), today="2026-11-24") == []


@pytest.mark.parametrize(
    "document",
    [
        header(date="20/11/2026", meeting="2026-12-30"),  # PM103's finding
        header(meeting="next Tuesday"),  # PM103's finding; no guessed day
        header(meeting="2026-11-10"),  # before Date: PM103's finding, not late
        "# Post-Mortem: Checkout outage\n\n**Date:** 2026-11-20\n",  # no Severity
        "# Post-Mortem: Checkout outage\n\n**Severity:** SEV-1\n",  # no Date
        header(date="2026-12-20"),  # an incident after today is not late yet
    ],
)
def test_nothing_to_judge(tmp_path: Path, document: str) -> None:
    assert run_rule("PM401", tmp_path, document=document, today="2026-12-10") == []


def test_empty_meeting_is_no_meeting(tmp_path: Path) -> None:
    [problem] = run_rule("PM401", tmp_path, document=header(meeting=""), today="2026-12-01")
    assert problem.line == 3 and "not yet held" in problem.message


def git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", "-c", "user.name=x", "-c", "user.email=x@y", *args], cwd=repo, env=env, check=True,
                   capture_output=True)


def test_first_commit_date_stands_in_for_a_missing_meeting(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / PATH).parent.mkdir(parents=True)
    (tmp_path / PATH).write_text(header(), encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "add", when="2026-11-25T16:00:00-08:00")  # Nov 26 00:00 UTC
    [problem] = run_rule("PM401", tmp_path, document=header(), today="2027-01-15")
    assert problem.line == 3
    assert "4 business days" in problem.message
    assert "(first committed 2026-11-26, no Meeting field)" in problem.message
    # A Meeting field wins over git.
    assert run_rule("PM401", tmp_path, document=header(meeting="2026-11-23"), today="2027-01-15") == []


def test_first_commit_on_time_is_not_late(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / PATH).parent.mkdir(parents=True)
    (tmp_path / PATH).write_text(header(), encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "add", when="2026-11-23T10:00:00Z")
    assert run_rule("PM401", tmp_path, document=header(), today="2027-01-15") == []


def test_shallow_clone_does_not_make_an_old_post_mortem_late(tmp_path: Path) -> None:
    """CI checks out one commit by default: a document committed before that commit has no
    known first-commit day, and "held today" would wrongly call every old one late."""
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q")
    (origin / PATH).parent.mkdir(parents=True)
    (origin / PATH).write_text(header(), encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "add", when="2026-11-30T10:00:00Z")  # 6 business days: late
    (origin / "README.md").write_text("x", encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "later", when="2027-01-10T10:00:00Z")
    full = tmp_path / "full"
    shallow = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--no-local", str(origin), str(full))
    git(tmp_path, "clone", "-q", "--depth", "1", origin.as_uri(), str(shallow))
    [problem] = run_rule("PM401", full, document=header(), today="2027-01-15")
    assert "first committed 2026-11-30" in problem.message
    assert run_rule("PM401", shallow, document=header(), today="2027-01-15") == []


# With country = "US": Thanksgiving (Thu Nov 26 2026) is a holiday, the Friday after is not
# a federal one; Christmas (Fri Dec 25) and New Year's Day (Fri Jan 1 2027) are.
US = {"calendar": {"country": "US"}}


@pytest.mark.parametrize(
    ("date", "severity", "meeting", "config", "late"),
    [
        ("2026-11-25", "SEV-1", "2026-11-30", US, False),  # Fri 27, Mon 30
        ("2026-11-25", "SEV-1", "2026-11-30", {}, True),  # Thu 26, Fri 27, Mon 30
        ("2026-11-25", "SEV-1", "2026-12-01", US, True),
        ("2026-12-23", "SEV-2", "2026-12-31", US, False),  # 24, 28, 29, 30, 31
        ("2026-12-23", "SEV-2", "2026-12-31", {}, True),  # 24, 25, 28, 29, 30, 31
        ("2026-12-23", "SEV-2", "2027-01-04", US, True),  # ... 31, Mon Jan 4 (Jan 1 is off)
        ("2026-12-23", "SEV-2", "2026-12-31", {"calendar": {"extra-holidays": ["2026-12-24"]}}, False),
        ("2026-12-23", "SEV-2", "2026-12-30", {"calendar": {"country": "US", "extra-holidays": ["2026-12-24"]}}, False),
        ("2026-12-23", "SEV-2", "2027-01-04", {"calendar": {"country": "US", "extra-holidays": ["2026-12-24"]}}, False),
    ],
)
def test_business_days_across_thanksgiving_and_christmas(
    tmp_path: Path, date: str, severity: str, meeting: str, config: dict, late: bool
) -> None:
    document = header(date=date, severity=severity, meeting=meeting)
    assert bool(run_rule("PM401", tmp_path, document=document, config=config)) is late


def test_message_counts_holidays_out(tmp_path: Path) -> None:
    document = header(date="2026-12-23", severity="SEV-2", meeting="2027-01-05")
    [problem] = run_rule("PM401", tmp_path, document=document, config=US)
    assert "7 business days" in problem.message  # 24, 28, 29, 30, 31, Jan 4, Jan 5


def test_absurd_span_is_fast_and_readable(tmp_path: Path) -> None:
    started = time.process_time()
    [problem] = run_rule("PM401", tmp_path, document=header(date="0001-01-01", meeting="9999-12-31"), config=US)
    assert time.process_time() - started < 2
    assert "calendar days" in problem.message


# ---------------------------------------------------------------------------------------
# PM402

TIMELINE = """
## Timeline

All times in UTC.

| Time | Event |
|---|---|
| 14:02 | Alert fired, paged @lee |
| 14:05 | Incident declared by @Lee; @here please stay off the deploy channel |
| 14:20 | @acme/db-team joined; `@not-a-person` in code; mail ops@example.com |

Rollback approved by @omar.
"""


def review(ack: str | None, status: str = "Final", authors: str = "@maria, @kenji") -> str:
    text = f"# Post-Mortem: Checkout outage\n\n**Authors:** {authors}\n**Status:** {status}\n" + TIMELINE
    if ack is not None:
        text += f"\n## Acknowledgement\n\n{ack}\n"
    return text


def test_every_participant_missing_is_one_finding_at_the_acknowledgement_heading(tmp_path: Path) -> None:
    problems = run_rule("PM402", tmp_path, document=review("Reviewed and approved by: @maria"))
    assert {p.line for p in problems} == {18}
    messages = [p.message for p in problems]
    assert messages[0] == "@kenji (author) is not named in Acknowledgement; add them once they have approved it"
    assert [m.split(" ")[0] for m in messages] == ["@kenji", "@lee", "@acme/db-team", "@omar"]
    assert "(in the Timeline, line 12)" in messages[1]


def test_complete_acknowledgement_in_any_case(tmp_path: Path) -> None:
    ack = "Reviewed and approved by: @Maria, @KENJI, @lee, @acme/DB-team and @omar"
    assert run_rule("PM402", tmp_path, document=review(ack)) == []


def test_draft_is_not_checked(tmp_path: Path) -> None:
    assert run_rule("PM402", tmp_path, document=review(None, status="Draft")) == []
    assert run_rule("PM402", tmp_path, document=review(None, status="final")) != []


def test_without_acknowledgement_the_findings_point_at_status(tmp_path: Path) -> None:
    problems = run_rule("PM402", tmp_path, document=review(None))
    assert len(problems) == 5 and {p.line for p in problems} == {4}


def test_acknowledgement_alias_and_handles_in_code_do_not_count(tmp_path: Path) -> None:
    document = review(None) + "\n## Reviewers\n\n@maria @kenji @lee @acme/db-team `@omar`\n"
    [problem] = run_rule("PM402", tmp_path, document=document)
    assert problem.message.startswith("@omar ") and problem.line == 18


def test_author_seen_in_timeline_is_reported_once_as_author(tmp_path: Path) -> None:
    problems = run_rule("PM402", tmp_path, document=review("Approved by: @kenji @acme/db-team @omar", authors="@lee"))
    assert [p.message.split(") ")[0] for p in problems] == ["@lee (author"]


# ---------------------------------------------------------------------------------------
# PM404


def whys(body: str, heading: str = "## 5 Whys") -> str:
    return f"# Post-Mortem: Checkout outage\n\n## Root Cause\n\nThe pool was exhausted.\n\n{heading}\n\n{body}\n"


FIVE = "".join(f"{n}. Why {n}? Because {n}.\n" for n in range(1, 6))


def test_too_few_steps_is_one_finding_at_the_heading(tmp_path: Path) -> None:
    [problem] = run_rule("PM404", tmp_path, document=whys("1. Why? A.\n2. Why? B.\n3. Why? C.\n"))
    assert (problem.line, problem.column) == (7, 1)
    assert problem.message.startswith("'5 Whys' has 3 why-steps; ask 'why' at least 5 times")


def test_five_steps_pass(tmp_path: Path) -> None:
    assert run_rule("PM404", tmp_path, document=whys(FIVE)) == []


def test_nested_answers_are_not_steps(tmp_path: Path) -> None:
    body = "".join(f"- Why {n}?\n  - Because {n}.\n" for n in range(1, 4))
    [problem] = run_rule("PM404", tmp_path, document=whys(body))
    assert "has 3 why-steps" in problem.message


@pytest.mark.parametrize(
    "body",
    [
        "\n".join(f"**Why {n}:** because {n}." for n in range(1, 6)) + "\n",  # lines of one paragraph
        "| # | Question | Answer |\n|---|---|---|\n" + "".join(f"| {n} | Why {n}? | Because |\n" for n in range(1, 6)),
        "| Why | Because |\n|---|---|\n" + "".join(f"| Why {n}? | Because |\n" for n in range(1, 6)),
    ],
)
def test_other_shapes_of_five_steps(tmp_path: Path, body: str) -> None:
    assert run_rule("PM404", tmp_path, document=whys(body)) == []


def test_table_header_is_not_a_step(tmp_path: Path) -> None:
    body = "| Why | Because |\n|---|---|\n" + "".join(f"| Why {n}? | Because |\n" for n in range(1, 5))
    [problem] = run_rule("PM404", tmp_path, document=whys(body))
    assert "has 4 why-steps" in problem.message


def test_sub_heading_ends_at_the_next_heading(tmp_path: Path) -> None:
    body = "Why 1? A.\nWhy 2? B.\n\n### Timeline of the fix\n\n" + FIVE
    [problem] = run_rule("PM404", tmp_path, document=whys(body, heading="### The Five Whys"))
    assert problem.line == 7 and "'The Five Whys' has 2 why-steps" in problem.message
    assert run_rule("PM404", tmp_path, document=whys(FIVE, heading="### 5-Whys analysis")) == []


def test_empty_section_and_sections_with_other_titles(tmp_path: Path) -> None:
    [problem] = run_rule("PM404", tmp_path, document=whys(""))
    assert "has 0 why-steps" in problem.message
    assert run_rule("PM404", tmp_path, document=whys("Why 1? A.", heading="## Why It Failed")) == []
    assert run_rule("PM404", tmp_path, document=whys("Why 1? A.", heading="## Root Cause Analysis")) == []
