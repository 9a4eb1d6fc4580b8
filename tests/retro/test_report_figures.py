"""`pmlint report --format json` on a real Git repository with known incidents, meetings,
due dates and TODO.md states: every number checked against the hand count below.

Today is Monday 2026-12-14, the window 2026-07-01..2026-12-14, weekends the only days off.
  clean (CLEAN_DOC)  SEV-2 2026-11-20 Final, Meeting 11-23 (1 bd), 70 min;
                     alert P1 @maria due 11-27 open (11 bd overdue, age 21), pool P2 due 12-11 done
  search             SEV-1 08-03 Draft, Meeting 08-10 (5 bd > 2: breach), 120 min;
                     latency P2 due 09-30 done, shard P1 @lee @maria due 08-20 open #21 (82 bd, age 126)
  dns                SEV-1 10-07 Final, no Meeting, first commit 10-08 (1 bd), 45 min;
                     pin P3 @omar due 10-30 untracked (31 bd, age 68)
  cache              "sev 1" 12-09 Draft, no Meeting, not committed: not held, 3 bd > 2: breach, 90 min;
                     alert P1 @maria due 12-18 open, not due (age 5)
  replication (old)  SEV-2 05-12, outside the window; rotate P2 @kenji due 07-15 open #7 (108 bd, age 215)
  queue              SEV-3 07-20 Final, Meeting 07-31 (9 bd, no deadline), 190 min; runbook P3 due 08-28 done
  undated            Date "September 1st": in no window
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pmlint.retro.periods import Window, age_bucket, default_window, median, p90
from tests.conftest import DOC_PATH
from tests.report_project import (
    CACHE,
    DNS,
    OLD,
    QUEUE,
    SEARCH,
    TODAY,
    UNDATED,
    make_project,
)

D = dt.date.fromisoformat


@pytest.fixture
def report(tmp_path: Path, run) -> dict:
    root = make_project(tmp_path)
    result = run("report", "--format", "json", "--today", TODAY, "--since", "2026-07-01", cwd=root)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_headline(report: dict) -> None:
    assert (report["today"], report["since"], report["until"]) == (TODAY, "2026-07-01", TODAY)
    assert report["severities"] == ["SEV-1", "SEV-2", "SEV-3", "SEV-4"]  # "sev 1" counts as SEV-1
    assert report["headline"] == {
        "incidents": 5,
        "by_severity": {"SEV-1": 3, "SEV-2": 1, "SEV-3": 1, "SEV-4": 0},
        "final": 3, "draft": 2, "other_status": 0,
        "meeting_every_criterion": 1, "meeting_every_criterion_share": 0.2,  # only the clean document
        "undated": [UNDATED], "unreadable": [],
        "dated_from": {"Date field": 6},  # the undated one's Date is unreadable: PM103's, not guessed
    }


def test_open_and_overdue_items_link_their_document_todo_line_and_issue(report: dict) -> None:
    fields = ("path", "line", "priority", "due", "age_days", "age_bucket", "days_overdue", "todo_line", "issue")
    rows = [tuple(item[key] for key in fields) for item in report["open_actions"]["items"]]
    assert rows == [  # oldest first
        (OLD, 13, "P2", "2026-07-15", 215, ">90", 108, 8, 7),
        (SEARCH, 14, "P1", "2026-08-20", 126, ">90", 82, 6, 21),
        (DNS, 12, "P3", "2026-10-30", 68, "31-90", 31, None, None),
        (DOC_PATH, 51, "P1", "2026-11-27", 21, "8-30", 11, 3, None),
        (CACHE, 12, "P1", "2026-12-18", 5, "0-7", None, 7, None),
    ]
    assert [(i["path"], i["days_overdue"]) for i in report["overdue"]] == [(OLD, 108), (SEARCH, 82), (DNS, 31), (DOC_PATH, 11)]
    assert report["open_actions"]["total"] == 5 and report["open_actions"]["overdue"] == 4


def test_open_items_by_owner_and_priority_with_age_buckets(report: dict) -> None:
    def table(key: str) -> list[tuple]:
        return [(g[key], g["open"], tuple(g["age"].values()), g["overdue"], len(g["items"]))
                for g in report["open_actions"][f"by_{key}"]]

    assert report["age_buckets"] == ["0-7", "8-30", "31-90", ">90", "unknown"]
    assert table("owner") == [  # an item with two owners counts for both
        ("@maria", 3, (1, 1, 0, 1, 0), 2, 3),
        ("@kenji", 1, (0, 0, 0, 1, 0), 1, 1),
        ("@lee", 1, (0, 0, 0, 1, 0), 1, 1),
        ("@omar", 1, (0, 0, 1, 0, 0), 1, 1),
    ]
    assert table("priority") == [
        ("P1", 3, (1, 1, 0, 1, 0), 2, 3),
        ("P2", 1, (0, 0, 0, 1, 0), 1, 1),
        ("P3", 1, (0, 0, 1, 0, 0), 1, 1),
    ]


def test_completion_per_quarter(report: dict) -> None:
    assert [(c["quarter"], c["due"], c["done"], c["share"], c["not_done"]) for c in report["completion"]] == [
        ("2026-Q3", 4, 2, 0.5, [f"{OLD}:13", f"{SEARCH}:14"]),
        ("2026-Q4", 3, 1, 0.3333, [f"{DNS}:12", f"{DOC_PATH}:51"]),  # the cache alert is not due yet
    ]


def test_time_to_postmortem_and_every_breach(report: dict) -> None:
    timing = report["time_to_postmortem"]
    assert [(t["severity"], t["deadline"], t["held"], t["median_business_days"], t["worst_business_days"],
             t["breaches"], t["not_held"]) for t in timing["by_severity"]] == [
        ("SEV-1", 2, 2, 3.0, 5, 2, 1),  # search 5 (meeting), dns 1 (first commit); cache not held
        ("SEV-2", 5, 1, 1.0, 1, 0, 0),
        ("SEV-3", None, 1, 9.0, 9, 0, 0),  # no deadline: never a breach
        ("SEV-4", None, 0, None, None, 0, 0),
    ]
    assert timing["by_severity"][0]["documents"] == [f"{SEARCH}:7", f"{DNS}:3", f"{CACHE}:3"]
    assert timing["breaches"] == [
        {"path": SEARCH, "line": 7, "severity": "SEV-1", "date": "2026-08-03", "held": "2026-08-10",
         "held_from": "meeting", "business_days": 5, "deadline": 2},
        {"path": CACHE, "line": 3, "severity": "SEV-1", "date": "2026-12-09", "held": None,
         "held_from": "not held", "business_days": 3, "deadline": 2},
    ]


def test_trends(report: dict) -> None:
    assert [(m["month"], tuple(m["by_severity"].values()), m["total"]) for m in report["incidents_per_month"]] == [
        ("2026-07", (0, 0, 1, 0), 1), ("2026-08", (1, 0, 0, 0), 1), ("2026-09", (0, 0, 0, 0), 0),
        ("2026-10", (1, 0, 0, 0), 1), ("2026-11", (0, 1, 0, 0), 1), ("2026-12", (1, 0, 0, 0), 1),
    ]
    assert report["incidents_per_month"][1]["documents"] == [f"{SEARCH}:3"]
    assert [(d["quarter"], d["incidents"], d["median_minutes"], d["p90_minutes"]) for d in report["duration_per_quarter"]] == [
        ("2026-Q3", 2, 155.0, 190),  # 120, 190
        ("2026-Q4", 3, 70.0, 90),  # 45, 70, 90
    ]
    assert report["duration_per_quarter"][0]["documents"] == [f"{QUEUE}:5", f"{SEARCH}:5"]


def test_no_git_leaves_the_uncommitted_meeting_unknown(tmp_path: Path, run) -> None:
    root = make_project(tmp_path)
    result = run("report", "--format", "json", "--today", TODAY, "--since", "2026-07-01", "--no-git", cwd=root)
    sev1 = json.loads(result.out)["time_to_postmortem"]["by_severity"][0]
    assert (sev1["held"], sev1["not_held"], sev1["breaches"]) == (1, 2, 3)  # dns: 48 bd, not held either


def test_bad_dates_are_one_line_errors(tmp_path: Path, run) -> None:
    root = make_project(tmp_path)
    assert run("report", "--since", "2026-13-01", cwd=root).code == 2
    result = run("report", "--since", "2026-12-01", "--until", "2026-11-01", cwd=root)
    assert result.code == 2 and "after --until" in result.err and "Traceback" not in result.err


def test_percentiles_and_windows() -> None:
    assert median([]) is None and median([3, 1]) == 2.0 and median([5, 1, 9]) == 5.0
    assert p90([]) is None and p90([7]) == 7 and p90(list(range(1, 11))) == 9 and p90(list(range(1, 12))) == 10
    assert [age_bucket(d) for d in (0, 7, 8, 30, 31, 90, 91, None)] == [
        "0-7", "0-7", "8-30", "8-30", "31-90", "31-90", ">90", "unknown"]
    window = default_window(D("2026-12-14"), None, None)
    assert (window.since, window.until) == (D("2026-01-01"), D("2026-12-14"))
    assert default_window(D("2026-03-05"), None, None).since == D("2025-04-01")
    assert Window(D("2025-11-15"), D("2026-02-01")).quarters() == ["2025-Q4", "2026-Q1"]
    assert Window(D("2025-11-15"), D("2026-02-01")).months() == ["2025-11", "2025-12", "2026-01", "2026-02"]


def test_an_unreadable_document_is_named_not_a_traceback(tmp_path: Path, run) -> None:
    root = make_project(tmp_path)
    (root / "docs/incidents/2026-11-30-binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00 not text")
    result = run("report", "--format", "json", "--today", TODAY, "--since", "2026-07-01", cwd=root)
    assert result.code == 0, result.err
    headline = json.loads(result.out)["headline"]
    assert headline["unreadable"] == ["docs/incidents/2026-11-30-binary.md"] and headline["incidents"] == 5


def test_a_meeting_that_is_no_date_is_left_out_of_the_timing(tmp_path: Path, run) -> None:
    root = make_project(tmp_path)
    search = root / SEARCH
    search.write_text(search.read_text(encoding="utf-8").replace("2026-08-10", "the Tuesday after"), encoding="utf-8")
    result = run("report", "--format", "json", "--today", TODAY, "--since", "2026-07-01", cwd=root)
    timing = json.loads(result.out)["time_to_postmortem"]
    sev1 = timing["by_severity"][0]
    assert (sev1["held"], sev1["not_held"], sev1["breaches"]) == (1, 1, 1)  # PM103 reports it; no guess here
    assert [b["path"] for b in timing["breaches"]] == [CACHE]
