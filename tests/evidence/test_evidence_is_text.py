"""Evidence is text: what a log line says is shown in the document, never obeyed — not as
a suppression comment, not as HTML, not as a spreadsheet formula, not as a workflow command."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, Result, write

DOC = "docs/incidents/2026-11-24-search-latency.md"  # the sample with mistakes
HOSTILE_LOG = (
    "2026-11-24 10:03:00 ERROR <!-- pmlint-disable-file --> cache miss\n"
    "2026-11-24 10:04:00 ERROR <script>alert(1)</script> and a path C:\\temp\\x | y\n"
    "2026-11-24 10:05:00 ERROR see [the docs](javascript:alert(1)) for *details* in `code`\n"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = Path(shutil.copytree(REPO / "examples", tmp_path / "project"))
    write(root, {"evidence/app.log": HOSTILE_LOG})
    return root


def test_a_log_line_cannot_switch_the_rules_off_or_add_html(run: Callable[..., Result], project: Path) -> None:
    before = json.loads(run("check", "--format", "json", "--today", "2026-11-27", DOC, cwd=project).out)
    assert before, "the sample document has findings to lose"
    result = run("timeline", "--doc", DOC, "--into", DOC, "evidence/app.log", cwd=project)
    assert result.code == 0, result.err
    text = (project / DOC).read_text(encoding="utf-8")
    assert "cache miss" in text and "alert(1)" in text
    assert "<!-- pmlint-disable" not in text and "<script>" not in text and "](javascript:" not in text
    after = json.loads(run("check", "--format", "json", "--today", "2026-11-27", DOC, cwd=project).out)
    assert {f["code"] for f in after} >= {f["code"] for f in before}


def test_into_is_idempotent_for_any_text(run: Callable[..., Result], project: Path) -> None:
    first = run("timeline", "--doc", DOC, "--into", DOC, "evidence/app.log", cwd=project)
    assert "added 3 rows" in first.err
    written = (project / DOC).read_bytes()
    second = run("timeline", "--doc", DOC, "--into", DOC, "evidence/app.log", cwd=project)
    assert "unchanged (3 already there)" in second.err
    assert (project / DOC).read_bytes() == written


def test_csv_cells_that_open_like_a_formula_stay_text(run: Callable[..., Result], tmp_path: Path) -> None:
    alerts = [{"status": "firing", "labels": {"alertname": name, "severity": "critical"},
               "startsAt": "2026-11-20T14:12:05Z", "endsAt": "0001-01-01T00:00:00Z"}
              for name in ('=HYPERLINK("http://x","y")', "+1+2", "-1", "@SUM(A1)")]
    write(tmp_path, {"alerts.json": json.dumps({"status": "firing", "alerts": alerts})})
    result = run("timeline", "--since", "2026-11-20T14:00Z", "--until", "2026-11-20T15:00Z", "--format", "csv",
                 "alertmanager=alerts.json", cwd=tmp_path)
    assert result.code == 0, result.err
    events = [line.split(",", 2)[2] for line in result.out.splitlines()[1:]]
    assert len(events) == 4 and all(event.lstrip('"').startswith("'") for event in events), events


def test_a_file_name_cannot_print_a_workflow_command(
    run: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    write(tmp_path, {"evil\n::error::pwned.log": "no time here\n"})
    result = run("timeline", "--since", "2026-11-20T14:00Z", "--until", "2026-11-20T15:00Z", "evil\n::error::pwned.log",
                 cwd=tmp_path)
    assert "pwned" in result.err
    assert not any(line.lstrip().startswith("::") for line in result.err.splitlines()), result.err


def test_json_nested_past_what_python_reads_is_one_line_naming_the_file(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    write(tmp_path, {"deep.json": "[" * 5000 + "]" * 5000,
                     "app.log": "2026-11-20 14:03:00 ERROR cache miss\n"})
    result = run("timeline", "--since", "2026-11-20T14:00Z", "--until", "2026-11-20T15:00Z", "--format", "json",
                 "deep.json", "app.log", cwd=tmp_path)
    assert "Traceback" not in result.err and "internal error" not in result.err
    assert [line for line in result.err.splitlines() if "deep.json" in line], result.err
    assert "cache miss" in result.out  # the other evidence is still read
