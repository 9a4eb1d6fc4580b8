"""The draft a person can use: level-aware keeping, repeats condensed into spans, a bounded
number of rows, counts that add up, and `--into` that stays put run after run."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from tests.conftest import write

WINDOW = ("--since", "2026-11-27T05:00Z", "--until", "2026-11-27T13:00Z")


def steady_log(minutes: int = 45, per_minute: int = 4, burst_at: int | None = None) -> str:
    """ERROR lines of one shape every 15 s from 06:00, numbers varying; a tenfold burst."""
    lines = []
    start = dt.datetime(2026, 11, 27, 6, 0)
    for minute in range(minutes):
        count = per_minute * (10 if minute == burst_at else 1)
        for n in range(count):
            moment = start + dt.timedelta(minutes=minute, seconds=60 * n // count)
            lines.append(f"{moment:%Y-%m-%d %H:%M:%S},000 ERROR checkout.db: timeout after {n % 30 + 1}s "
                         f"(pool={90 + n % 10})")
    return "\n".join(lines) + "\n"


def table_rows(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith("| ")][1:]


def test_a_shape_repeating_minute_after_minute_is_one_row_with_its_span_and_count(run, tmp_path: Path) -> None:
    write(tmp_path, {"app.log": steady_log()})
    result = run("timeline", *WINDOW, "app.log", cwd=tmp_path)
    rows = table_rows(result.out)
    assert len(rows) == 2, rows
    assert rows[0].startswith("| 2026-11-27 06:00 | ERROR checkout.db: timeout after 1s (pool=90) (×4) |")
    assert rows[1].startswith("| 06:01 | ERROR checkout.db: timeout after 1s (pool=90) (×176 over 44 min, until 06:44) |")
    # JSON keeps the data: one record per minute
    data = json.loads(run("timeline", *WINDOW, "app.log", "--format", "json", cwd=tmp_path).out)
    assert len(data) == 45 and sum(row["count"] for row in data) == 180


def test_a_jump_in_the_rate_is_a_row_of_its_own(run, tmp_path: Path) -> None:
    write(tmp_path, {"app.log": steady_log(burst_at=20)})
    rows = table_rows(run("timeline", *WINDOW, "app.log", cwd=tmp_path).out)
    assert [row.split(" | ")[0] for row in rows] == ["| 2026-11-27 06:00", "| 06:01", "| 06:20", "| 06:21"]
    assert "(×40) |" in rows[2]
    assert "(×76 over 19 min, until 06:19)" in rows[1] and "(×96 over 24 min, until 06:44)" in rows[3]


def test_max_rows_bounds_the_draft_and_counts_what_it_leaves_out(run, tmp_path: Path) -> None:
    lines = [f"2026-11-27 06:{m:02d}:00,000 ERROR job {chr(97 + m % 26)}{chr(97 + m // 26)} failed" for m in range(50)]
    write(tmp_path, {"app.log": "\n".join(lines) + "\n"})
    result = run("timeline", *WINDOW, "app.log", "--max-rows", "10", cwd=tmp_path)
    assert len(table_rows(result.out)) == 10
    assert "<!-- pmlint timeline: 40 more rows (40 events) left out (--max-rows 0 shows every row) -->" in result.out
    assert "pmlint: 40 more rows (40 events) left out" in result.err
    assert len(table_rows(run("timeline", *WINDOW, "app.log", "--max-rows", "0", cwd=tmp_path).out)) == 50


def test_the_default_keeps_error_levels_not_the_word_error(run, tmp_path: Path) -> None:
    write(tmp_path, {"app.log": (
        "2026-11-27 06:00:00,000 WARN health check: status: ERROR from upstream\n"
        "2026-11-27 06:01:00,000 INFO retrying after error\n"
        "2026-11-27 06:02:00,000 ERROR checkout failed\n"
        "2026-11-27 06:03:00,000 INFO worker stopped\n"
        "Traceback (most recent call last):\n"
        '  File "w.py", line 3, in run\n'
        "ZeroDivisionError: division by zero\n"
        "2026-11-27 06:04:00,000 INFO cache warm\n"),
        "k.log": "E1127 06:05:00.000000    1 main.go:10] lost lease\nI1127 06:06:00.000000    1 main.go:11] error budget ok\n",
        "s.log": "<11>Nov 27 06:07:00 web app: disk gone\n<14>Nov 27 06:08:00 web app: ERROR in message only\n"})
    result = run("timeline", *WINDOW, "app.log", "k.log", "s.log", "--format", "json", cwd=tmp_path)
    events = [(row["time"][11:16], row["event"]) for row in json.loads(result.out)]
    assert events == [("06:02", "ERROR checkout failed"),
                      ("06:03", "INFO worker stopped \u2014 Traceback (most recent call last):"),
                      ("06:05", "lost lease"), ("06:07", "web app: disk gone")]
    added = run("timeline", *WINDOW, "app.log", "--match", "cache", "--format", "json", cwd=tmp_path)
    assert [row["time"][11:16] for row in json.loads(added.out)] == ["06:02", "06:03", "06:04"]


def test_the_summary_counts_add_up(run, tmp_path: Path) -> None:
    write(tmp_path, {"app.log": (
        "2026-11-27 04:00:00,000 ERROR too early\n"
        "2026-11-27 06:00:00,000 ERROR kept\n"
        "  continued detail\n"
        "2026-11-27 06:01:00,000 INFO not matched\n"
        "2026-11-27 06:02:00,000 ERROR kept again\n"
        "2026-11-27 06:03:00,000 INFO not matched either\n")})
    err = run("timeline", *WINDOW, "app.log", "--all", cwd=tmp_path).err
    found = re.search(r"log: 1 file, (\d+) read, (\d+) kept .*?(?:, (\d+) not matched)?, (\d+) continuing the record "
                      r"above, (\d+) outside the window", err)
    assert found, err
    read, kept, unmatched, continued, outside = (int(n or 0) for n in found.groups())
    assert (read, kept, continued, outside) == (6, 4, 1, 1) and read == kept + unmatched + continued + outside
    # The default match passes by the lines it does not keep, continuation lines among them.
    err = run("timeline", *WINDOW, "app.log", cwd=tmp_path).err
    assert "log: 1 file, 6 read, 2 kept \u2192 2 rows, 3 not matched, 1 outside the window" in err


def test_assume_tz_takes_a_negative_offset_as_a_separate_word(run, tmp_path: Path) -> None:
    write(tmp_path, {"app.log": "2026-11-27 06:00:00,000 ERROR x\n"})
    spaced = run("timeline", *WINDOW, "--assume-tz", "-04:00", "app.log", "--format", "json", cwd=tmp_path)
    joined = run("timeline", *WINDOW, "--assume-tz=-04:00", "app.log", "--format", "json", cwd=tmp_path)
    assert spaced.code == joined.code == 0 and spaced.out == joined.out
    assert json.loads(spaced.out)[0]["time"] == "2026-11-27T10:00Z"


DOC = """# Post-Mortem: Checkout

**Date:** 2026-11-27

## Timeline

All times in UTC.

| Time | Event | Source |
|---|---|---|
| 06:30 | Pager went off | human |

## Root Cause
"""


def test_into_is_idempotent_relative_to_the_document_and_keeps_the_window(run, tmp_path: Path) -> None:
    write(tmp_path, {"docs/pm.md": DOC, "ev/app.log": (
        "2026-11-27 01:00:00,000 ERROR path C:\\temp\\x failed <b>\n"   # 5.5 h before the first human row
        "2026-11-27 06:29:00,000 ERROR it broke\n")})
    first = run("timeline", "--doc", "docs/pm.md", "ev/app.log", "--into", "docs/pm.md", cwd=tmp_path)
    assert first.code == 0 and "added 2 rows" in first.err
    text = (tmp_path / "docs" / "pm.md").read_text(encoding="utf-8")
    assert "| 01:00 | ERROR path C:\\\\temp\\\\x failed &lt;b> | log (../ev/app.log:1) |" in text
    assert str(tmp_path) not in text
    again = run("timeline", "--doc", "docs/pm.md", "ev/app.log", "--into", "docs/pm.md", cwd=tmp_path)
    assert "unchanged (2 already there)" in again.err
    assert (tmp_path / "docs" / "pm.md").read_text(encoding="utf-8") == text
    # The window still comes from the human row (06:30 - 6h), not from the 01:00 row pmlint added.
    assert "window 2026-11-27T00:30Z..07:30Z" in again.err


def test_chat_and_alert_exports_read_as_a_person_reads_them(run, tmp_path: Path) -> None:
    bot = {"type": "message", "subtype": "bot_message", "username": "deploybot", "bot_id": "B1", "text": "",
           "ts": "1795183331.000100",
           "attachments": [{"text": "<https://ci.example/run/9|Deploy 42> failed: x &lt; y &amp;&amp; " + "z" * 300}]}
    alerts = [{"id": "a1", "tinyId": "7", "alias": "db", "message": "DB down", "createdAt": "2026-11-20T14:03:00Z",
               "priority": "P1"}]
    write(tmp_path, {"export/incident/2026-11-20.json": json.dumps([bot]), "export/users.json": "[]",
                     "alerts.json": json.dumps(alerts)})
    window = ("--since", "2026-11-20T14:00Z", "--until", "2026-11-20T15:00Z")
    result = run("timeline", *window, "export", "alerts.json", "--format", "json", cwd=tmp_path)
    rows = json.loads(result.out)
    events = {row["source"]: row["event"] for row in rows}
    assert events["slack"].startswith("#incident deploybot: Deploy 42 failed: x < y && zzz")
    assert len(events["slack"]) == 160 and events["slack"].endswith("\u2026")
    assert events["opsgenie"] == "Opsgenie alert #7 opened (P1): DB down"
