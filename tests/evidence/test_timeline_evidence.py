"""`pmlint timeline` on evidence shaped like the real exports (tests/fixtures/timeline,
field names cited in its README): every event in its right UTC minute, nothing outside the
window, nothing counted twice."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, write

FIXTURES = REPO / "tests" / "fixtures" / "timeline"
WINDOW = ("--since", "2026-11-20T08:00Z", "--until", "2026-11-20T16:10Z")
SOURCES = ["k8s", "helm", "alertmanager", "pagerduty", "opsgenie", "slack", "logs", "git/gitlog-committer.txt"]

# (UTC minute, source, text the row starts with): every event the fixtures hold inside the window.
EXPECTED = [
    ("2026-11-20T13:55Z", "git", "Commit 3f2a9c1: Remove pool size from service config (Maria Ortiz)"),
    ("2026-11-20T13:57Z", "helm", "Helm revision 8: checkout-1.5.0 (app 2.14.0)"),
    ("2026-11-20T13:58Z", "k8s", "Deploy checkout rev 42 (registry.example.com/checkout:2.14.0)"),
    ("2026-11-20T13:58Z", "k8s", "ScalingReplicaSet Deployment/checkout: Scaled up replica set checkout-7c9d4 to 3"),
    ("2026-11-20T14:02Z", "log", "ERROR checkout.db: timeout after 30s waiting for connection"),
    ("2026-11-20T14:03Z", "log", "ERROR no more connections allowed"),
    ("2026-11-20T14:03Z", "log", "web01 checkout[2211]: ERROR upstream timeout"),
    ("2026-11-20T14:05Z", "k8s", "BackOff Pod/checkout-7c9d4-q8x2l"),
    ("2026-11-20T14:05Z", "log", "CRITICAL checkout.http: 31% of requests failing"),
    ("2026-11-20T14:05Z", "log", "ERROR payment callback failed"),
    ("2026-11-20T14:06Z", "log", "ERROR Reconciler error"),
    ("2026-11-20T14:07Z", "log", "ERROR worker-3 retry 5 of 10 after 30s"),
    ("2026-11-20T14:07Z", "log", "ERROR cache miss storm"),
    # an access log's 5xx status is its error level (the same request, written in two zones)
    ("2026-11-20T14:08Z", "log", '10.0.0.1 - - [20/Nov/2026:14:08:02 +0000] "GET /api/checkout HTTP/1.1" 502'),
    ("2026-11-20T14:08Z", "log", '10.0.0.7 - - [20/Nov/2026:15:08:09 +0100] "POST /api/checkout HTTP/1.1" 502'),
    ("2026-11-20T14:12Z", "alertmanager", "CheckoutErrorRateHigh firing (critical)"),
    ("2026-11-20T14:12Z", "opsgenie", "Opsgenie alert #1791 opened (P1)"),
    ("2026-11-20T14:12Z", "pagerduty", "Incident #1234 triggered"),
    ("2026-11-20T14:12Z", "pagerduty", "Triggered through the API"),
    ("2026-11-20T14:12Z", "pagerduty", "Notified Lee Chen by phone"),
    ("2026-11-20T14:13Z", "alertmanager", "DB connections high firing"),
    ("2026-11-20T14:13Z", "opsgenie", "Opsgenie alert #1791 acknowledged (P1)"),
    ("2026-11-20T14:14Z", "pagerduty", "Acknowledged by Lee Chen"),
    ("2026-11-20T14:15Z", "slack", "#incident-checkout lee: Declaring a SEV-2"),
    ("2026-11-20T14:16Z", "slack", "#incident-checkout maria: Primary is at 498/500"),
    ("2026-11-20T14:20Z", "k8s", "BackOff Pod/checkout-7c9d4-q8x2l"),
    ("2026-11-20T14:36Z", "git", "Commit 8c1d0e2: Revert"),
    ("2026-11-20T14:38Z", "k8s", "ScalingReplicaSet Deployment/checkout: Scaled up replica set checkout-6d5f8 to 12"),
    ("2026-11-20T14:39Z", "helm", "Helm revision 9: checkout-1.4.2 (app 2.13.2), Rollback to 7"),
    ("2026-11-20T14:41Z", "slack", "#incident-checkout lee: Rolling back to 2.13.2"),
    ("2026-11-20T14:56Z", "alertmanager", "CheckoutErrorRateHigh resolved (critical)"),
    ("2026-11-20T15:10Z", "pagerduty", "Incident #1234 resolved"),
    ("2026-11-20T15:10Z", "pagerduty", "Resolved by Lee Chen"),
]
# Evidence the fixtures hold outside the window: never a row.
OUTSIDE = ["Update dependencies", "checkout-6d5f8 created", "Helm revision 7", "Search latency",
           "nightly maintenance", "late cron failure"]


def timeline_json(run, cwd: Path, *args: str) -> tuple[list[dict], str]:
    result = run("timeline", "--format", "json", *args, cwd=cwd)
    assert result.code == 0, result.err
    return json.loads(result.out), result.err


def test_every_event_lands_in_its_utc_minute_and_nothing_outside_the_window(run) -> None:
    rows, err = timeline_json(run, FIXTURES, *WINDOW, *SOURCES)
    got = [(row["time"], row["source"], row["event"]) for row in rows]
    assert len(got) == len(EXPECTED), "\n".join(map(str, got))
    for (time, source, event), (want_time, want_source, start) in zip(got, EXPECTED, strict=False):
        assert (time, source) == (want_time, want_source) and event.startswith(start), (time, source, event)
    text = json.dumps(rows)
    assert not [phrase for phrase in OUTSIDE if phrase in text]
    assert "git: 1 file, 3 read, 2 kept" in err and "1 outside the window" in err
    assert "pagerduty: 2 files, 6 read, 6 kept" in err and "2 outside the window" in err


def test_repeats_in_one_minute_are_one_row_with_their_count_and_origin(run) -> None:
    rows, _ = timeline_json(run, FIXTURES, *WINDOW, "logs")
    timeouts = [row for row in rows if "timeout after" in row["event"]]
    # Three lines of one shape (30s / 29s, in use 100 / 99) in minute 14:02: one row, the first line shown.
    assert timeouts == [{"time": "2026-11-20T14:02Z", "source": "log", "count": 3, "origin": "logs/app.log:3",
                         "event": "ERROR checkout.db: timeout after 30s waiting for connection (pool=100, in use=100)"}]


def test_lines_without_a_timestamp_and_naive_zones_are_counted_loudly(run) -> None:
    _, err = timeline_json(run, FIXTURES, *WINDOW, "logs/app.log")
    assert "1 continuing the record above" in err  # the Traceback line belongs to the ERROR line above it
    assert "warning: log: 5 timestamps had no zone (or no year); read as UTC (--assume-tz)" in err


def test_assume_tz_moves_naive_timestamps_and_leaves_zoned_ones(run) -> None:
    rows, err = timeline_json(run, FIXTURES, *WINDOW, "--assume-tz", "Europe/Berlin", "logs/app.log", "logs/api-rfc3339.log")
    times = {row["event"][:20]: row["time"] for row in rows}
    assert times["ERROR checkout.db: t"] == "2026-11-20T13:02Z"  # 14:02 in Berlin (UTC+1)
    assert times["web01 checkout[2211]"] == "2026-11-20T14:03Z"  # carried +01:00 itself
    assert "read as Europe/Berlin" in err


def test_the_same_evidence_given_twice_is_counted_once(run, tmp_path: Path) -> None:
    once, _ = timeline_json(run, FIXTURES, *WINDOW, *SOURCES)
    copy = shutil.copytree(FIXTURES, tmp_path / "copy")
    (copy / "logs" / "app.log").rename(copy / "logs" / "app-saved-again.log")
    twice, err = timeline_json(run, FIXTURES, *WINDOW, *SOURCES, "logs/app.log", "alertmanager/firing.json",
                               *(str(copy / name) for name in SOURCES))
    assert twice == once
    assert "same content as a file already read; counted once" in err


def test_alertmanager_repeats_an_alert_in_every_notification_and_it_counts_once(run) -> None:
    rows, err = timeline_json(run, FIXTURES, *WINDOW, "alertmanager/firing.json", "alertmanager/resolved.json")
    assert [(row["time"], row["event"].split(":")[0], row["count"]) for row in rows] == [
        ("2026-11-20T14:12Z", "CheckoutErrorRateHigh firing (critical)", 1),
        ("2026-11-20T14:56Z", "CheckoutErrorRateHigh resolved (critical)", 1),
    ]
    assert "1 duplicates" in err


def test_syslog_lines_take_the_windows_year_across_new_year(run) -> None:
    window = ("--since", "2026-12-31T23:00Z", "--until", "2027-01-01T01:00Z")
    rows, err = timeline_json(run, FIXTURES, *window, "syslog/newyear-syslog.log")
    assert [(row["time"], row["count"]) for row in rows] == [("2026-12-31T23:59Z", 1), ("2027-01-01T00:00Z", 2)]
    markdown = run("timeline", *window, "syslog/newyear-syslog.log", cwd=FIXTURES).out
    assert "| 2026-12-31 23:59 | web01 app[812]: ERROR certificate" in markdown
    assert "| 2027-01-01 00:00 | web01 app[812]: ERROR TLS handshake failed" in markdown  # the day changed
    assert "read as UTC" in err


def test_nginx_access_log_with_a_match_of_its_own(run) -> None:
    rows, _ = timeline_json(run, FIXTURES, *WINDOW, "--match", '" 50[0-9] ', "log=logs/nginx-access.log")
    # 14:08:02 +0000 and 15:08:09 +0100 are the same UTC minute; the health check (200) is not kept.
    assert [(row["time"], row["event"][:9]) for row in rows] == [("2026-11-20T14:08Z", "10.0.0.1 "),
                                                               ("2026-11-20T14:08Z", "10.0.0.7 ")]


def test_kind_forced_with_kind_equals_file(run, tmp_path: Path) -> None:
    # A helm history saved with another extension and an odd first line still reads as helm when forced.
    write(tmp_path, {"release.txt": (FIXTURES / "helm" / "checkout.json").read_text(encoding="utf-8")})
    rows, _ = timeline_json(run, tmp_path, *WINDOW, "helm=release.txt")
    assert [row["source"] for row in rows] == ["helm", "helm"]
    bad = run("timeline", *WINDOW, "k8s=release.txt", cwd=tmp_path)
    assert bad.code == 2 and bad.out == ""  # nothing could be read: an error, not an empty draft
    assert "pmlint: error: release.txt: holds no k8s records" in bad.err
    assert "pmlint: error: no evidence could be read" in bad.err


def test_csv_output(run) -> None:
    result = run("timeline", "--format", "csv", *WINDOW, "helm", cwd=FIXTURES)
    lines = result.out.splitlines()
    assert lines[0] == "time,source,event,count,origin"
    assert lines[1] == "2026-11-20T13:57Z,helm,\"Helm revision 8: checkout-1.5.0 (app 2.14.0), Upgrade complete [superseded]\",1,helm/checkout.json revision 8"


def git(repo: Path, *args: str, when: str | None = None, author: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="Maria Ortiz", GIT_AUTHOR_EMAIL="maria@example.com",
               GIT_COMMITTER_NAME="Lee Chen", GIT_COMMITTER_EMAIL="lee@example.com")
    if when:
        env["GIT_COMMITTER_DATE"] = when
        env["GIT_AUTHOR_DATE"] = author or when
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A real repository: one commit before the window, one rebased into it (author date a
    day earlier, committer date inside), one inside on another branch."""
    root = tmp_path / "service"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    for name, when, author in (("old", "2026-11-19T10:00:00+00:00", None),
                               ("pool", "2026-11-20T14:55:02+01:00", "2026-11-19T09:00:00+01:00"),
                               ("revert", "2026-11-20T15:36:40+01:00", None)):
        (root / name).write_text(name, encoding="utf-8")
        git(root, "add", name)
        git(root, "commit", "-q", "-m", f"Change {name}", when=when, author=author)
    git(root, "checkout", "-q", "-b", "hotfix")
    (root / "hotfix").write_text("x", encoding="utf-8")
    git(root, "add", "hotfix")
    git(root, "commit", "-q", "-m", "Hotfix on a branch", when="2026-11-20T14:20:00Z")
    git(root, "checkout", "-q", "main")
    return root


def test_git_reads_committer_dates_of_the_branch_inside_the_window(run, repo: Path) -> None:
    rows, _ = timeline_json(run, repo.parent, *WINDOW, "--git", "service")
    assert [(row["time"], row["event"].split(": ")[1]) for row in rows] == [
        ("2026-11-20T13:55Z", "Change pool (Maria Ortiz)"),  # committer date, though authored the day before
        ("2026-11-20T14:36Z", "Change revert (Maria Ortiz)"),
    ]
    hotfix, _ = timeline_json(run, repo.parent, *WINDOW, "--git", "service", "--branch", "hotfix")
    assert "2026-11-20T14:20Z" in [row["time"] for row in hotfix]


def test_a_saved_git_log_and_git_itself_count_each_commit_once(run, repo: Path) -> None:
    saved = subprocess.run(["git", "-C", str(repo), "log", "--format=%h%x09%cI%x09%an%x09%s"],
                           capture_output=True, text=True, check=True).stdout
    write(repo.parent, {"gitlog.txt": saved})
    rows, err = timeline_json(run, repo.parent, *WINDOW, "gitlog.txt", "--git", "service")
    assert [row["count"] for row in rows] == [1, 1]
    assert "2 duplicates" in err


def test_git_on_a_folder_that_is_no_repository_is_a_one_line_error(run, tmp_path: Path) -> None:
    result = run("timeline", *WINDOW, "--git", str(tmp_path), cwd=tmp_path)
    assert result.code == 2 and result.err.strip() == f"pmlint: error: --git: {tmp_path}: not a git repository"


ODD_SHAPES = [
    {"alerts": [1, None, {"startsAt": 5, "labels": [], "annotations": "x", "status": "resolved", "endsAt": {}}], "status": "firing"},
    {"kind": "List", "apiVersion": "v1", "items": [{"kind": "ReplicaSet", "metadata": None},
                                                   {"kind": "Event", "involvedObject": "x", "count": "3", "firstTimestamp": 7},
                                                   {"kind": "Deployment", "status": {"conditions": [None, {"lastUpdateTime": []}]}}]},
    {"kind": "ReplicaSet", "metadata": {"creationTimestamp": "2026-11-20T14:00:00Z", "ownerReferences": [None, 1]},
     "spec": {"template": {"spec": {"containers": [None, {"image": 3}]}}}},
    [{"revision": None, "updated": 3, "chart": None}, 5],
    {"log_entries": [{"type": "x_log_entry", "created_at": "2026-11-20T14:00:00Z", "summary": None, "agent": "me"}, 3]},
    {"data": [{"tinyId": 1, "message": None, "createdAt": [1]}, "x"]},
    {"action": None, "alert": {"alertId": 1, "createdAt": "nan", "updatedAt": 1e30}},
    [{"ts": "abc", "type": "message", "user": 5, "text": None}, {"ts": 1795184100.5, "user": None}, 7],
    [], {}, 3, "text", None,
]


@pytest.mark.parametrize("kind", ["k8s", "helm", "alertmanager", "pagerduty", "opsgenie", "slack"])
def test_json_of_odd_shapes_never_breaks_a_reader(run, tmp_path: Path, kind: str) -> None:
    names = []
    for number, data in enumerate(ODD_SHAPES):
        names.append(f"{kind}=odd{number}.json")
        write(tmp_path, {f"odd{number}.json": json.dumps(data)})
    result = run("timeline", "--format", "json", *WINDOW, *names, cwd=tmp_path)
    assert result.code == 0, result.err
    assert "internal error" not in result.err


def test_syslog_year_in_a_window_of_millennia(run) -> None:
    # The year comes from the window's middle (July 5000), not from trying every year in it;
    # New Year still falls between the two lines.
    rows, _ = timeline_json(run, FIXTURES, "--since", "0001-01-01T00:00Z", "--until", "9999-12-31T00:00Z",
                            "syslog/newyear-syslog.log")
    assert [row["time"] for row in rows] == ["4999-12-31T23:59Z", "5000-01-01T00:00Z"]
