"""What ruff users reach for: short flags, help with no command, the fixable count, "did you
mean" for typos; `new` with extra sections in their place; a relative Due turned into a date."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CLEAN_DOC, CLEAN_TODO, DOC_PATH, write
from tests.rule_harness import run_rule

UNTRACKED = CLEAN_TODO.splitlines()[0] + "\n\n" + CLEAN_TODO.splitlines()[3] + "\n"  # the first action untracked


def test_short_flags_q_v_o(run, clean_project: Path) -> None:
    write(clean_project, {"TODO.md": UNTRACKED})
    quiet = run("check", "-q", "--today", "2026-11-27", cwd=clean_project)
    assert quiet.code == 1 and "errors" not in quiet.out and "PM307" in quiet.out
    written = run("check", "-o", "report.txt", "--today", "2026-11-27", cwd=clean_project)
    assert written.out == "" and "PM307" in (clean_project / "report.txt").read_text()
    assert run("check", "-v", "--today", "2026-11-27", cwd=clean_project).code == 1
    assert run("overdue", "-q", "-o", "overdue.txt", "--today", "2026-11-27", cwd=clean_project).code == 0
    assert (clean_project / "overdue.txt").exists()


def test_pmlint_alone_prints_help_and_exits_2_as_ruff_does(run, tmp_path: Path) -> None:
    result = run(cwd=tmp_path)
    assert result.code == 2 and result.out == ""
    assert "usage: pmlint" in result.err and "check" in result.err and "Keeps incident post-mortems honest." in result.err


def test_summary_says_how_many_are_fixable(run, clean_project: Path) -> None:
    write(clean_project, {"TODO.md": UNTRACKED})
    result = run("check", "--today", "2026-11-27", cwd=clean_project)
    assert result.out.splitlines()[-1] == "1 error, 0 warnings in 2 files (1 fixable with --fix)"
    clean = run("check", "--today", "2026-11-27", cwd=write(clean_project, {"TODO.md": CLEAN_TODO}))
    assert "fixable" not in clean.out


def test_config_key_typo_gets_did_you_mean(run, tmp_path: Path) -> None:
    write(tmp_path, {".pmlint.toml": "[calendar]\ncontry = 'US'\n"})
    result = run("check", cwd=tmp_path)
    assert result.code == 2
    assert result.err.strip().endswith(".pmlint.toml: pmlint.calendar.contry: unknown key (did you mean country?)")


@pytest.mark.parametrize(
    ("selector", "hint"),
    [("blame", "did you mean PM5 (blame-language, person-as-cause)?"), ("action-vauge", "did you mean 'action-vague'?"),
     ("PM3O5", "did you mean 'PM305'?")],
)
def test_selector_typo_gets_did_you_mean(run, clean_project: Path, selector: str, hint: str) -> None:
    result = run("check", "--ignore", selector, cwd=clean_project)
    assert result.code == 2
    assert result.err.strip() == f"pmlint: error: --ignore: unknown rule code, name or prefix {selector!r}; {hint}"


def test_new_places_extra_sections_in_the_configured_order(run, tmp_path: Path) -> None:
    sections = ["Executive Summary", "Impact Analysis", "Timeline", "Root Cause", "Contributing Factors",
                "What Went Well", "What Went Poorly", "Action Items", "Lessons Learned", "Acknowledgement"]
    write(tmp_path, {".pmlint.toml": f"[template]\nrequired-sections = {sections!r}\n".replace("'", '"')})
    result = run("new", "Checkout outage", "--severity", "SEV-2", "--date", "2026-11-20", cwd=tmp_path)
    assert result.code == 0
    text = (tmp_path / result.out.strip()).read_text()
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == sections


@pytest.mark.parametrize(
    ("due", "hint"),
    [
        ("next Friday", "did you mean 2026-11-27, the first Friday after the Date (2026-11-20)?"),
        ("in 2 weeks", "did you mean 2026-12-04, 2 weeks after the Date (2026-11-20)?"),
        ("next week", "did you mean 2026-11-27, a week after the Date (2026-11-20)?"),
    ],
)
def test_relative_due_suggests_the_date_counted_from_the_document_date(tmp_path: Path, due: str, hint: str) -> None:
    text = CLEAN_DOC.replace("| P1 | 2026-11-27 |", f"| P1 | {due} |")
    [problem] = run_rule("PM303", tmp_path, document=text, path=DOC_PATH)
    assert problem.message == f"Due {due!r} is not an ISO date (YYYY-MM-DD); {hint}"


def test_a_reader_that_stops_early_ends_the_run_quietly(tmp_path: Path) -> None:
    """`pmlint check | head -1`: no "internal error" line, and the shell's SIGPIPE status."""
    import os
    import subprocess
    import sys

    dangling = "".join(f"- [ ] Task {n} _(ref: docs/incidents/2020-01-01-gone-{n}.md)_\n" for n in range(3000))
    project = write(tmp_path, {"TODO.md": CLEAN_TODO + dangling, DOC_PATH: CLEAN_DOC})
    env = {**os.environ, "PMLINT_TODAY": "2026-11-27"}
    with subprocess.Popen([sys.executable, "-m", "pmlint", "check", "--no-git"], cwd=project, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()  # as head does after its line
        error = proc.stderr.read().decode()
        code = proc.wait()
    assert b"PM602" in first
    assert error == "" and code == 141
