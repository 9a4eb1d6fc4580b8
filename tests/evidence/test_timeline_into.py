"""`pmlint timeline --doc DOC` drafts a table `pmlint check` accepts, and `--into DOC` merges
it into the document: atomically, idempotently, every byte of the human rows kept."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO, write

FIXTURES = REPO / "tests" / "fixtures" / "timeline"
DOC = "docs/incidents/2026-11-20-checkout-db-pool.md"
EVIDENCE = ["k8s", "helm", "alertmanager", "pagerduty", "opsgenie", "slack", "logs", "git/gitlog-committer.txt"]
TIMELINE_RULES = "PM201,PM202,PM203,PM204"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The sample repository with the evidence exported into evidence/."""
    root = Path(shutil.copytree(REPO / "examples", tmp_path / "project"))
    for name in EVIDENCE:
        source = FIXTURES / name
        target = root / "evidence" / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    return root


def findings(run, root: Path, path: str, select: str = TIMELINE_RULES) -> list[dict]:
    result = run("check", "--format", "json", "--select", select, "--today", "2026-11-27", path, cwd=root)
    return json.loads(result.out)


def timeline_section(text: str) -> tuple[int, int]:
    start = text.index("## Timeline")
    return start, text.index("\n## ", start + 1) + 1


def test_doc_draft_is_a_timeline_table_check_accepts(run, project: Path) -> None:
    drafted = run("timeline", "--doc", DOC, "evidence", cwd=project)
    assert drafted.code == 0, drafted.err
    assert "window 2026-11-20T08:00Z..16:10Z" in drafted.err  # 6 h before 14:00, 1 h after 15:10
    doc = project / DOC
    text = doc.read_text(encoding="utf-8")
    start, end = timeline_section(text)
    doc.write_text(text[:start] + "## Timeline\n\n" + drafted.out + "\n" + text[end:], encoding="utf-8")
    assert findings(run, project, DOC) == []
    table = [line for line in drafted.out.splitlines() if line.startswith("| ")][2:]  # below header and delimiter
    assert len(table) == 33 and table[0].startswith("| 2026-11-20 13:55 | Commit 3f2a9c1")


def test_doc_in_another_day_dates_the_first_row_and_every_change_of_day(run, tmp_path: Path) -> None:
    write(tmp_path, {"evidence.log": "2026-11-20 23:58:00 ERROR a\n2026-11-21 00:01:00 ERROR b\n2026-11-21 00:02:00 ERROR c\n"})
    result = run("timeline", "--since", "2026-11-20T23:00Z", "--until", "2026-11-21T01:00Z", "evidence.log", cwd=tmp_path)
    rows = [line.split(" | ")[0] for line in result.out.splitlines() if line.startswith("| ")][2:]
    assert rows == ["| 2026-11-20 23:58", "| 2026-11-21 00:01", "| 00:02"]


def test_into_merges_in_time_order_keeping_every_human_line(run, project: Path) -> None:
    doc = project / DOC
    before = doc.read_bytes()
    merged = run("timeline", "--doc", DOC, "evidence", "--into", DOC, cwd=project)
    assert merged.code == 0, merged.err
    assert merged.out == ""
    assert f"{DOC}: added 33 rows (0 already there)" in merged.err
    after = doc.read_bytes()
    old_lines, new_lines = before.split(b"\n"), after.split(b"\n")
    # Every line of the document is still there, byte for byte and in order; only rows were added.
    position = 0
    for line in old_lines:
        position = new_lines.index(line, position) + 1
    added = [line for line in new_lines if line not in old_lines]
    assert len(added) == len(new_lines) - len(old_lines) == 33
    assert all(line.startswith(b"| ") and line.endswith(b" |") for line in added)
    assert findings(run, project, DOC) == []
    # The human rows and the drafted ones interleave by time.
    text = after.decode("utf-8")
    assert text.index("| 14:00 | Deploy of checkout v2.14.0 starts |") < text.index("| 14:02 | ERROR checkout.db")
    assert text.index("| 13:58 | Deploy checkout rev 42") < text.index("| 14:00 | Deploy of checkout")
    # A second run changes nothing.
    again = run("timeline", "--doc", DOC, "evidence", "--into", DOC, cwd=project)
    assert again.code == 0 and f"{DOC}: unchanged (33 already there)" in again.err
    assert doc.read_bytes() == after


def test_into_keeps_crlf_bom_and_trailing_spaces(run, project: Path) -> None:
    doc = project / DOC
    text = doc.read_text(encoding="utf-8").replace("| 14:15 | Incident declared by @lee (on-call) |",
                                                   "| 14:15 | Incident declared by @lee (on-call) |   ")
    original = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    doc.write_bytes(original)
    assert run("timeline", "--doc", DOC, "evidence/alertmanager", "--into", DOC, cwd=project).code == 0
    after = doc.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\xef\xbb\xbf") == 1
    assert b"\n" not in after.replace(b"\r\n", b"")  # every line still ends in CRLF
    assert b"| 14:15 | Incident declared by @lee (on-call) |   \r\n" in after
    old_lines = original.split(b"\r\n")
    new_lines = after.split(b"\r\n")
    assert [line for line in new_lines if line in old_lines] == old_lines
    assert [line for line in new_lines if line not in old_lines] == [
        b"| 14:12 | CheckoutErrorRateHigh firing (critical): Checkout 5xx ratio above 5% for 5 minutes"
        b" (alertmanager: ../../evidence/alertmanager/firing.json) |",
        b"| 14:13 | DB connections high firing: PostgreSQL primary near max_connections"
        b" (alertmanager: ../../evidence/alertmanager/grafana.json) |",
        b"| 14:56 | CheckoutErrorRateHigh resolved (critical): Checkout 5xx ratio above 5% for 5 minutes"
        b" (alertmanager: ../../evidence/alertmanager/resolved.json) |",
    ]
    # Without a Source column the source goes at the end of the event, in one pair of
    # parentheses, its file relative to the document; rows land after the human row of the
    # same minute.
    table = [line[:9] for line in new_lines if line.startswith(b"| 1")]
    assert table == [b"| 14:00 |", b"| 14:12 |", b"| 14:12 |", b"| 14:13 |", b"| 14:15 |", b"| 14:40 |",
                     b"| 14:55 |", b"| 14:56 |", b"| 15:10 |"]
    assert run("timeline", "--doc", DOC, "evidence/alertmanager", "--into", DOC, cwd=project).code == 0
    assert doc.read_bytes() == after


PLAIN_DOC = """\
# Post-Mortem: Night deploy

**Date:** 2026-11-21

## Timeline

All times in UTC.

| Time | Event | Source |
|---|---|---|
| 00:10 | Pager went off | human |
| 00:30 | Rolled back | human |

## Root Cause
"""


def test_a_row_from_the_day_before_is_not_slipped_above_undated_rows(run, tmp_path: Path) -> None:
    write(tmp_path, {"pm.md": PLAIN_DOC, "app.log": "2026-11-20 23:50:00 ERROR disk full\n2026-11-21 00:20:00 ERROR disk full again\n"})
    result = run("timeline", "--doc", "pm.md", "app.log", "--into", "pm.md", cwd=tmp_path)
    assert result.code == 0
    # 23:50 on the 20th would need its own date, which would move the undated 00:10 row to the 20th.
    assert "2026-11-20 23:50 'ERROR disk full': not added; it would change the day of the undated row on line 11" in result.err
    text = (tmp_path / "pm.md").read_text(encoding="utf-8")
    assert "| 00:10 | Pager went off | human |\n| 00:20 | ERROR disk full again | log (app.log:2) |\n| 00:30 |" in text
    assert "23:50" not in text


def test_a_dated_row_below_lets_a_day_change_in(run, tmp_path: Path) -> None:
    doc = PLAIN_DOC.replace("| 00:10 | Pager", "| 2026-11-21 00:10 | Pager")
    write(tmp_path, {"pm.md": doc, "app.log": "2026-11-20 23:50:00 ERROR disk full\n"})
    assert run("timeline", "--doc", "pm.md", "app.log", "--into", "pm.md", cwd=tmp_path).code == 0
    text = (tmp_path / "pm.md").read_text(encoding="utf-8")
    assert "|---|---|---|\n| 2026-11-20 23:50 | ERROR disk full | log (app.log:1) |\n| 2026-11-21 00:10 |" in text


def test_a_timeline_section_without_a_table_gets_one(run, tmp_path: Path) -> None:
    doc = "# Post-Mortem: X\n\n**Date:** 2026-11-21\n\n## Timeline\n\nTo be written.\n\n## Root Cause\n\nTBD\n"
    write(tmp_path, {"pm.md": doc, "app.log": "2026-11-21 00:20:00 ERROR disk full\n"})
    assert run("timeline", "--since", "2026-11-21T00:00Z", "--until", "2026-11-21T01:00Z", "app.log",
               "--into", "pm.md", cwd=tmp_path).code == 0
    assert (tmp_path / "pm.md").read_text(encoding="utf-8") == (
        "# Post-Mortem: X\n\n**Date:** 2026-11-21\n\n## Timeline\n\nTo be written.\n\nAll times in UTC.\n\n"
        "| Time | Event | Source |\n| --- | --- | --- |\n| 00:20 | ERROR disk full | log (app.log:1) |\n\n## Root Cause\n\nTBD\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["app.log"], "give the window: --doc DOC, or --since T and --until T"),
        (["--since", "2026-11-21T00:00Z", "app.log"], "give the window: --doc DOC, or --since T and --until T"),
        (["--since", "yesterday", "--until", "2026-11-21T01:00Z", "app.log"], "--since: 'yesterday' is not a date and time"),
        (["--since", "2026-11-21T02:00Z", "--until", "2026-11-21T01:00Z", "app.log"], "--until '2026-11-21T01:00Z' is before --since"),
        (["--doc", "missing.md", "app.log"], "missing.md: no such file"),
        (["--doc", "pm.md", "--before", "a while", "app.log"], "--before: 'a while' is not a duration"),
        (["--doc", "pm.md", "--assume-tz", "Mars/Olympus", "app.log"], "--assume-tz: 'Mars/Olympus' is not a time zone"),
        (["--doc", "pm.md", "--assume-tz", "+99:00", "app.log"], "--assume-tz: '+99:00' is not a time zone"),
        (["--doc", "pm.md", "--assume-tz", "../../etc/passwd", "app.log"], "--assume-tz: '../../etc/passwd' is not a time zone"),
        (["--doc", "pm.md", "--match", "ERROR(", "app.log"], "--match: 'ERROR(' is not a regular expression"),
        (["--doc", "pm.md", "nope.log"], "nope.log: no such file or directory"),
        (["--doc", "pm.md"], "no evidence: name files or folders"),
        (["--doc", "pm.md", "app.log", "--into", "notes.md"], "notes.md: has no Timeline section to merge into"),
        (["--doc", "pm.md", "app.log", "--into", "pm.md", "--format", "json"], "--into writes rows into the document"),
    ],
)
def test_bad_input_is_a_one_line_error_and_no_file_changes(run, tmp_path: Path, args: list[str], message: str) -> None:
    write(tmp_path, {"pm.md": PLAIN_DOC, "notes.md": "# Notes\n\nnothing here\n", "app.log": "2026-11-21 00:20:00 ERROR x\n"})
    result = run("timeline", *args, cwd=tmp_path)
    assert result.code == 2
    assert result.err.count("\n") == 1 and result.err.startswith("pmlint: error: ") and message in result.err
    assert (tmp_path / "pm.md").read_text(encoding="utf-8") == PLAIN_DOC


def test_unreadable_evidence_is_an_error_naming_what_was_tried_and_the_rest_is_read(run, tmp_path: Path) -> None:
    write(tmp_path, {"pm.md": PLAIN_DOC, "ev/app.log": "2026-11-21 00:20:00 ERROR x\n", "ev/core.gz": b"\x1f\x8b\x08\x00\0\0",
                     "ev/notes.txt": "we should look at this\n", "ev/empty.log": "", "ev/other.json": '{"hello": "world"}',
                     "ev/broken.json": '{"alerts": [', "ev/bad.txt": b"\xff\xfe2026-11-21 00:21:00 ERROR y\n"})
    result = run("timeline", "--doc", "pm.md", "ev", "ev/notes.txt", cwd=tmp_path)
    assert result.code == 0
    assert "| 2026-11-21 00:20 | ERROR x | log (ev/app.log:1) |" in result.out
    assert "pmlint: error: ev/notes.txt: no timestamp in its first lines in any form this command reads (tried: " \
           "git log, helm history, kubectl describe, CSV exports, YAML, JSON, log line forms)" in result.err
    assert "pmlint: error: ev/other.json: JSON with no time member this command knows (tried: " in result.err
    assert "pmlint: error: ev/broken.json: starts like JSON" in result.err
    assert "pmlint: error: ev/core.gz: binary file (compressed? unpack it first)" in result.err
    assert "force" not in result.err  # forcing a kind cannot help any of them
    assert "empty.log" not in result.err  # an empty file in a folder is no news
    assert "Traceback" not in result.err


def test_a_table_with_a_date_column_gets_the_day_there(run, tmp_path: Path) -> None:
    doc = PLAIN_DOC.replace("| Time | Event | Source |\n|---|---|---|\n| 00:10 | Pager went off | human |\n| 00:30 | Rolled back | human |",
                            "| Date | Time | Event |\n|---|---|---|\n| 2026-11-21 | 00:10 | Pager went off |\n| 2026-11-21 | 00:30 | Rolled back |")
    assert "| Date | Time | Event |" in doc
    write(tmp_path, {"pm.md": doc, "app.log": "2026-11-20 23:50:00 ERROR disk full\n2026-11-21 00:20:00 ERROR disk full again\n"})
    assert run("timeline", "--doc", "pm.md", "app.log", "--into", "pm.md", cwd=tmp_path).code == 0
    text = (tmp_path / "pm.md").read_text(encoding="utf-8")
    assert ("|---|---|---|\n| 2026-11-20 | 23:50 | ERROR disk full (log: app.log:1) |\n"
            "| 2026-11-21 | 00:10 | Pager went off |\n| 2026-11-21 | 00:20 | ERROR disk full again (log: app.log:2) |\n") in text
    assert run("timeline", "--doc", "pm.md", "app.log", "--into", "pm.md", cwd=tmp_path).code == 0
    assert (tmp_path / "pm.md").read_text(encoding="utf-8") == text


def test_into_refuses_rows_an_unclosed_comment_would_hide(run, tmp_path: Path) -> None:
    """Rows written where the reader cannot see them (an unclosed `<!--` above the table) would
    be added again on every run: refused, as --fix refuses for TODO.md, and the file is kept."""
    doc = ("# Post-Mortem: x\n\n**Date:** 2026-11-20\n\n## Timeline\n\nAll times in UTC.\n<!-- a note never closed\n\n"
           "| Time | Event |\n| --- | --- |\n| 14:00 | a |\n\n## Root Cause\n\nx\n")
    write(tmp_path, {"doc.md": doc, "app.log": "2026-11-20 14:03:00 ERROR boom\n"})
    result = run("timeline", "--doc", "doc.md", "--into", "doc.md", "app.log", cwd=tmp_path)
    assert result.code == 2
    assert "pmlint: error: doc.md: the rows added would not be read back" in result.err
    assert (tmp_path / "doc.md").read_text(encoding="utf-8") == doc
