"""The CLI contract: selection, levels, exit codes, file picking, output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pmlint.catalog.rules import load_catalog
from tests.conftest import CLEAN_DOC, CLEAN_TODO, DOC_PATH, git_init, write

UNTRACKED_TODO = "# TODO\n"  # no task lines: both action items are untracked (PM307)
VAGUE_DOC = CLEAN_DOC.replace("Add an alert for connection pool saturation above 80%", "Investigate the pool")
VAGUE_TODO = CLEAN_TODO.replace("Add an alert for connection pool saturation above 80%", "Investigate the pool")


def codes(text: str) -> list[str]:
    return [item["code"] for item in json.loads(text)]


def test_clean_project_passes(run, clean_project: Path) -> None:
    result = run("check", "--today", "2026-11-27", cwd=clean_project)
    assert result.code == 0, result.out
    assert result.out.strip() == "0 errors, 0 warnings in 2 files"


def test_error_finding_exits_1_with_text_format(run, clean_project: Path) -> None:
    write(clean_project, {"TODO.md": UNTRACKED_TODO})
    result = run("check", "--today", "2026-11-27", cwd=clean_project)
    assert result.code == 1
    first = result.out.splitlines()[0]
    assert first.startswith(f"{DOC_PATH}:51:")
    assert " PM307 " in first and first.endswith("(action-untracked)")
    assert result.out.splitlines()[-1] == "2 errors, 0 warnings in 2 files (2 fixable with --fix)"


def test_json_output_is_sorted_and_complete(run, clean_project: Path) -> None:
    write(clean_project, {"TODO.md": UNTRACKED_TODO})
    result = run("check", "--format", "json", "--today", "2026-11-27", cwd=clean_project)
    items = json.loads(result.out)
    assert [i["line"] for i in items] == [51, 52]
    assert set(items[0]) >= {"path", "line", "column", "code", "name", "level", "message"}
    assert items[0]["path"] == DOC_PATH and items[0]["level"] == "error"


def test_paths_are_relative_to_the_current_directory(run, clean_project: Path) -> None:
    git_init(clean_project)  # no configuration: the Git top level is the project root
    write(clean_project, {"TODO.md": UNTRACKED_TODO})
    result = run("check", "--format", "json", "--today", "2026-11-27", cwd=clean_project / "docs")
    assert {i["path"] for i in json.loads(result.out)} == {"incidents/2026-11-20-checkout-pool.md"}


def test_select_ignore_by_code_name_and_prefix(run, clean_project: Path) -> None:
    write(clean_project, {"TODO.md": UNTRACKED_TODO})
    ignored = run("check", "--ignore", "action-untracked", "--today", "2026-11-27", cwd=clean_project)
    assert ignored.code == 0
    by_prefix = run("check", "--ignore", "PM3", "--today", "2026-11-27", cwd=clean_project)
    assert by_prefix.code == 0
    # A more specific select wins over a less specific ignore, as in ruff.
    specific = run("check", "--select", "PM307", "--ignore", "PM3", "--format", "json", cwd=clean_project)
    assert set(codes(specific.out)) == {"PM307"}
    only_other = run("check", "--select", "PM1,PM2", cwd=clean_project)
    assert only_other.code == 0


def test_unknown_selector_is_a_usage_error(run, clean_project: Path) -> None:
    result = run("check", "--select", "PM999", cwd=clean_project)
    assert result.code == 2
    assert result.err.strip() == "pmlint: error: --select: unknown rule code, name or prefix 'PM999'"


def test_fail_on_and_exit_zero(run, clean_project: Path) -> None:
    write(clean_project, {DOC_PATH: VAGUE_DOC, "TODO.md": VAGUE_TODO})
    warned = run("check", "--format", "json", "--today", "2026-11-27", cwd=clean_project)
    assert codes(warned.out) == ["PM305"] and warned.code == 0
    assert run("check", "--fail-on", "warning", cwd=clean_project).code == 1
    assert run("check", "--fail-on", "warning", "--exit-zero", cwd=clean_project).code == 0
    write(clean_project, {"TODO.md": UNTRACKED_TODO})
    assert run("check", "--fail-on", "never", cwd=clean_project).code == 0


def test_config_levels_select_and_per_file_ignores(run, clean_project: Path) -> None:
    write(clean_project, {DOC_PATH: VAGUE_DOC, "TODO.md": VAGUE_TODO})
    write(clean_project, {"pyproject.toml": '[tool.pmlint]\nlevels = { action-vague = "error" }\n'})
    raised = run("check", "--format", "json", cwd=clean_project)
    assert raised.code == 1 and json.loads(raised.out)[0]["level"] == "error"
    write(clean_project, {"pyproject.toml": '[tool.pmlint]\nlevels = { PM305 = "off" }\n'})
    assert codes(run("check", "--format", "json", cwd=clean_project).out) == []
    write(clean_project, {"pyproject.toml": '[tool.pmlint]\nper-file-ignores = { "docs/incidents/2026-*.md" = ["PM3"] }\n'})
    assert codes(run("check", "--format", "json", cwd=clean_project).out) == []
    write(clean_project, {"pyproject.toml": '[tool.pmlint]\nselect = ["PM1"]\n'})
    assert codes(run("check", "--format", "json", cwd=clean_project).out) == []


def test_document_alone_is_cross_checked_against_todo(run, clean_project: Path) -> None:
    write(clean_project, {"TODO.md": UNTRACKED_TODO})
    result = run("check", DOC_PATH, "--format", "json", cwd=clean_project)
    assert codes(result.out) == ["PM307", "PM307"]


def test_todo_alone_is_cross_checked_against_documents(run, clean_project: Path) -> None:
    write(clean_project, {"TODO.md": CLEAN_TODO + "- [ ] Rotate the pager rota _(ref: docs/incidents/2026-11-20-checkout-pool.md)_\n"})
    result = run("check", "TODO.md", "--format", "json", cwd=clean_project)
    items = json.loads(result.out)
    assert [(i["code"], i["line"]) for i in items] == [("PM603", 5)]


def test_explicit_file_outside_globs_is_linted_unless_force_exclude(run, clean_project: Path) -> None:
    write(clean_project, {"notes/meeting.md": "# Notes\n\nNothing here.\n"})
    linted = run("check", "notes/meeting.md", "--select", "PM101", "--format", "json", cwd=clean_project)
    assert codes(linted.out) == ["PM101"]
    skipped = run("check", "--force-exclude", "notes/meeting.md", "README", "--select", "PM101", cwd=clean_project / ".")
    assert skipped.code == 2  # README does not exist: a usage error names it
    write(clean_project, {"README": "x"})
    skipped = run("check", "--force-exclude", "notes/meeting.md", "README", cwd=clean_project)
    assert skipped.code == 0 and "in 0 files" in skipped.out


def test_file_named_like_todo_is_linted_as_todo(run, clean_project: Path) -> None:
    write(clean_project, {"team/TODO.md": "- [] broken box _(ref: docs/incidents/2026-11-20-checkout-pool.md)_\n"})
    result = run("check", "team/TODO.md", "--format", "json", cwd=clean_project)
    assert codes(result.out) == ["PM601"]


def test_today_must_be_iso(run, clean_project: Path, monkeypatch) -> None:
    result = run("check", "--today", "27/11/2026", cwd=clean_project)
    assert result.code == 2 and result.err.strip() == "pmlint: error: --today: '27/11/2026' is not an ISO date (YYYY-MM-DD)"
    monkeypatch.setenv("PMLINT_TODAY", "tomorrow")
    result = run("check", cwd=clean_project)
    assert result.code == 2 and "PMLINT_TODAY" in result.err


def test_missing_path_is_a_usage_error(run, clean_project: Path) -> None:
    result = run("check", "docs/incidents/nope.md", cwd=clean_project)
    assert result.code == 2 and result.err.strip() == "pmlint: error: docs/incidents/nope.md: no such file or directory"


def test_output_file_is_written(run, clean_project: Path) -> None:
    write(clean_project, {"TODO.md": UNTRACKED_TODO})
    result = run("check", "--format", "json", "--output", "report.json", cwd=clean_project)
    assert result.code == 1 and result.out == ""
    assert codes((clean_project / "report.json").read_text()) == ["PM307", "PM307"]


def test_quiet_drops_the_summary(run, clean_project: Path) -> None:
    assert run("check", "--quiet", cwd=clean_project).out == ""


def test_rules_and_rule(run, tmp_path: Path) -> None:
    listing = run("rules", "--format", "json", cwd=tmp_path)
    rules = json.loads(listing.out)
    assert {"code": "PM307", "name": "action-untracked", "level": "error"}.items() <= next(
        r for r in rules if r["code"] == "PM307"
    ).items()
    text = run("rules", cwd=tmp_path).out
    assert text.splitlines()[0].startswith("PM001  unreadable-file")
    by_name = run("rule", "action-untracked", cwd=tmp_path)
    by_code = run("rule", "pm307", cwd=tmp_path)
    assert by_name.out == by_code.out and by_name.out.startswith("PM307 (action-untracked)")
    assert "Why it matters" in by_name.out and "Use instead" in by_name.out
    assert run("rule", "PM999", cwd=tmp_path).code == 2


@pytest.mark.slow
def test_check_imports_neither_github_nor_holidays_nor_pydantic_unless_needed(clean_project: Path) -> None:
    """`pmlint check` on a commit must stay light: PyGithub is never imported, holidays only
    for a configured country, pydantic only to validate a configuration file."""
    every_rule = ",".join(rule.code for rule in load_catalog().values())
    probe = (
        "import sys; from pmlint.cli import main; "
        f"code = main(['check', '--select', '{every_rule}', '--exit-zero']); "
        "heavy = sorted({'github', 'holidays', 'pydantic'} & set(sys.modules)); "
        "assert not heavy, heavy; sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=clean_project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    (clean_project / ".pmlint.toml").write_text('[calendar]\ncountry = "US"\n')
    probe = (
        "import sys; from pmlint.cli import main; code = main(['check', '--exit-zero']); "
        "assert 'holidays' in sys.modules and 'github' not in sys.modules; sys.exit(code)"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=clean_project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_paths_outside_the_current_directory_are_relative_too(run, clean_project: Path) -> None:
    write(clean_project, {"TODO.md": UNTRACKED_TODO, "notes/x.txt": ""})
    (clean_project / ".pmlint.toml").write_text("")  # the root, found upward from notes/
    result = run("check", "--format", "json", cwd=clean_project / "notes")
    assert {i["path"] for i in json.loads(result.out)} == {"../docs/incidents/2026-11-20-checkout-pool.md"}


def test_a_folder_outside_the_globs_warns_that_nothing_was_linted(run, clean_project: Path) -> None:
    (clean_project / "notes").mkdir()
    (clean_project / "notes" / "2026-11-20-other.md").write_text("# Post-Mortem: x\n", encoding="utf-8")
    result = run("check", "notes", cwd=clean_project)
    assert result.code == 2  # a gate that lints nothing must not pass
    assert result.err.splitlines()[-1] == (
        "pmlint: error: no post-mortem found under notes (documents are what `paths` picks: docs/incidents/*.md); "
        "pass --allow-empty if that is intended"
    )
    allowed = run("check", "notes", "--allow-empty", cwd=clean_project)
    assert allowed.code == 0 and allowed.err == (
        "pmlint: warning: no post-mortem found under notes (documents are what `paths` picks: docs/incidents/*.md)\n"
    )
    # pre-commit passes any file with --force-exclude: skipping them silently is the point there.
    quiet = run("check", "--force-exclude", "notes/2026-11-20-other.md", cwd=clean_project)
    assert quiet.code == 0 and quiet.err == ""


def test_a_console_that_cannot_encode_the_text_gets_escapes_not_a_crash(clean_project: Path) -> None:
    """Windows consoles and pipes default to cp1252; a finding quotes the document's text."""
    doc = clean_project / DOC_PATH
    doc.write_text(doc.read_text(encoding="utf-8").replace("| 14:40 |", "| 14:40→ |"), encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "PYTHONUTF8": "0"}
    done = subprocess.run([sys.executable, "-m", "pmlint", "check", "--today", "2026-11-27"], cwd=clean_project,
                          capture_output=True, env=env)
    assert done.returncode == 1, done.stderr
    assert b"14:40\\u2192" in done.stdout and b"PM202" in done.stdout
