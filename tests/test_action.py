"""action.yml run the way the GitHub runner runs a composite action: each `run:` step with
`bash --noprofile --norc -eo pipefail`, its `env:` with the `${{ }}` expressions filled in
from the inputs (that substitution is the runner's job, and the only place an input goes),
GITHUB_ACTION_PATH = this checkout, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY in temp files, and
the working directory a copy of examples/.

`uses:` steps (setup-python) are stood in for: its `python-path` output is this Python. The
fast tests also stand in for the install step (pmlint is installed in this venv already);
the slow test runs the real install step into a throwaway virtualenv.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.action_runner import ACTION, BAD_DOC, CLEAN_DOC, STEPS, run_action
from tests.conftest import REPO


def expected(workdir: Path, *args: str) -> list[dict]:
    """pmlint's own JSON report for the same files: what the action must report."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    out = subprocess.run(
        [sys.executable, "-m", "pmlint", "check", "--format", "json", "--today", "2026-11-27", *args],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def test_no_expression_inside_any_run_script() -> None:
    for step in STEPS:
        assert "${{" not in step.get("run", ""), step.get("name")
    # The token goes to the one step that may need it, and nowhere else.
    holders = [s["id"] for s in STEPS if "inputs.github-token" in json.dumps(s)]
    assert holders == ["run"]
    assert ACTION["runs"]["using"] == "composite"


def test_check_annotates_summarises_and_counts(workdir: Path, tmp_path: Path) -> None:
    findings = expected(workdir)
    run = run_action(workdir, tmp_path)
    assert run.code == 1, run.stderr  # the sample repository has errors on purpose
    annotation = (
        f"::error file={BAD_DOC},line=50,col=64,title=PM303 action-due::Due 'next Friday' is not an ISO date (YYYY-MM-DD); did you mean 2026-11-27, the first Friday after the Date (2026-11-24)?"
    )
    assert annotation in run.stdout.splitlines()
    assert f"::warning file={BAD_DOC},line=49,col=3,title=PM305 action-vague::" in run.stdout
    assert len([line for line in run.stdout.splitlines() if line.startswith("::")]) == len(findings)
    # The full list is in the step summary, one table row per finding.
    rows = [line for line in run.summary.splitlines() if line.startswith("| ") and "`PM" in line]
    assert len(rows) == len(findings)
    assert f"| ❌ error | {BAD_DOC}:50 | `PM303` action-due | Due 'next Friday' is not an ISO date (YYYY-MM-DD); did you mean 2026-11-27, the first Friday after the Date (2026-11-24)? |" in rows
    assert run.outputs["documents"] == "2"
    errors = sum(f["level"] == "error" for f in findings)
    warnings = sum(f["level"] == "warning" for f in findings)
    assert run.outputs["errors"] == str(errors) and errors > 0
    assert run.outputs["warnings"] == str(warnings)
    assert run.outputs["findings"] == str(len(findings))
    assert run.outputs["created"] == ""  # another command's output stays empty


def test_check_with_paths_fail_on_and_sarif_file(workdir: Path, tmp_path: Path) -> None:
    clean = run_action(workdir, tmp_path, paths=f"{CLEAN_DOC}\n", sarif_file="out/pmlint.sarif")
    assert clean.code == 0, clean.stdout + clean.stderr
    assert clean.outputs["errors"] == "0" and clean.outputs["findings"] == "0"
    log = json.loads((workdir / "out" / "pmlint.sarif").read_text(encoding="utf-8"))
    assert log["version"] == "2.1.0" and log["runs"][0]["results"] == []

    lenient = run_action(workdir, tmp_path, fail_on="never", sarif_file="all.sarif")
    assert lenient.code == 0
    results = json.loads((workdir / "all.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert len(results) == int(lenient.outputs["findings"]) > 0


def test_inputs_are_data_not_shell(workdir: Path, tmp_path: Path) -> None:
    run = run_action(workdir, tmp_path, paths="$(touch pwned1) `touch pwned2`", args="; touch pwned3 #")
    assert run.code == 2  # pmlint's usage error for a path that does not exist
    assert not list(workdir.glob("pwned*"))
    spaced = run_action(workdir, tmp_path, paths="'docs/no such file.md'")
    assert spaced.code == 2 and "docs/no such file.md: no such file or directory" in spaced.stderr
    quoted = run_action(workdir, tmp_path, args="--select 'PM303' --quiet", paths=BAD_DOC)
    assert quoted.code == 1
    assert [line.split(" ", 1)[0] for line in quoted.stdout.splitlines()] == ["::error"]
    assert "title=PM303 action-due" in quoted.stdout


def test_unknown_command_and_bad_dry_run_are_one_line_errors(workdir: Path, tmp_path: Path) -> None:
    wrong = run_action(workdir, tmp_path, command="lint")
    assert wrong.code == 2
    assert wrong.stdout.strip() == (
        "::error title=pmlint action::input command must be check, sync, overdue, timeline, report or share"
    )
    bad = run_action(workdir, tmp_path, command="sync", dry_run="maybe")
    assert bad.code == 2 and "dry-run must be true or false" in bad.stdout


def test_an_input_the_command_ignores_is_a_warning_naming_it(workdir: Path, tmp_path: Path) -> None:
    run = run_action(workdir, tmp_path, command="overdue", github_token="", paths="docs/incidents",
                     sarif_file="x.sarif", share_webhook="https://hooks.example/secret-path", args="--today 2026-11-27")
    warnings = [line for line in run.stdout.splitlines() if line.startswith("::warning title=pmlint action::")]
    assert warnings == [
        "::warning title=pmlint action::input paths is ignored by overdue (it applies to: check timeline share)",
        "::warning title=pmlint action::input sarif-file is ignored by overdue (it applies to: check)",
        "::warning title=pmlint action::input share-webhook is ignored by overdue (it applies to: share)",
    ]
    assert "secret-path" not in run.stdout + run.stderr and not (workdir / "x.sarif").exists()
    dry = run_action(workdir, tmp_path, command="report", github_token="", dry_run="true", fail_on="never",
                     args="--no-git --format json --output report.json")
    assert [line for line in dry.stdout.splitlines() if line.startswith("::warning title=pmlint action::")] == [
        "::warning title=pmlint action::input fail-on is ignored by report (it applies to: check overdue)",
        "::warning title=pmlint action::input dry-run is ignored by report (it applies to: sync overdue share)",
    ]
    quiet = run_action(workdir, tmp_path, paths=CLEAN_DOC, fail_on="never")  # check reads both: no warning
    assert "ignored by" not in quiet.stdout


def test_overdue_reports_and_counts(workdir: Path, tmp_path: Path) -> None:
    # No token: overdue decides from TODO.md alone and makes no network call.
    run = run_action(workdir, tmp_path, command="overdue", github_token="", args="--today 2027-01-15")
    assert run.code == 1, run.stdout + run.stderr  # items are overdue
    assert run.outputs["overdue"].isdigit() and int(run.outputs["overdue"]) > 0
    assert f"::warning file={CLEAN_DOC},line=53," in run.stdout
    green = run_action(workdir, tmp_path, command="overdue", github_token="", fail_on="never", args="--today 2027-01-15")
    assert green.code == 0


@pytest.mark.slow
def test_real_install_step_into_a_fresh_virtualenv(workdir: Path, tmp_path: Path) -> None:
    # A copy, so that building the wheel leaves nothing in the checkout.
    action_path = Path(shutil.copytree(REPO, tmp_path / "action", ignore=shutil.ignore_patterns(".*", "__pycache__")))
    run = run_action(workdir, tmp_path, real_install=True, action_path=action_path, paths=BAD_DOC, args="--select PM303")
    python = run.step_outputs["install"]["python"]
    assert Path(python).is_relative_to(tmp_path / "runner-temp"), python
    # The action installs the `github` extra: sync and overdue can reach GitHub.
    assert subprocess.run([python, "-c", "import github"], capture_output=True).returncode == 0
    assert run.code == 1, run.stdout + run.stderr
    assert f"::error file={BAD_DOC},line=50,col=64,title=PM303 action-due::" in run.stdout
    assert run.outputs["errors"] == "1"


def test_sync_dry_run_plans_and_counts(workdir: Path, tmp_path: Path) -> None:
    # No token and --dry-run: a plan against no issues, nothing sent to GitHub.
    run = run_action(workdir, tmp_path, command="sync", dry_run="true", github_token="", args="--repo acme/incidents")
    assert run.code == 0, run.stdout + run.stderr
    assert "dry run" in run.stdout
    assert run.outputs["created"].isdigit() and int(run.outputs["created"]) > 0
    assert run.outputs["left"] == "0" and run.outputs["errors"] == ""


def test_output_is_utf8_whatever_the_runners_console_encoding(workdir: Path, tmp_path: Path) -> None:
    # On Windows runners Python writes piped output in the ANSI code page (cp1252), which
    # cannot hold most of Unicode; a finding quoting such a character crashed the step.
    doc = workdir / BAD_DOC
    doc.write_text(doc.read_text(encoding="utf-8").replace("| 9:40am |", "| 9:40am→ |"), encoding="utf-8")
    run = run_action(workdir, tmp_path, runner_env={"PYTHONIOENCODING": "cp1252"}, args="--select PM202")
    assert run.code == 1, run.stderr
    assert "Time '9:40am→' is not HH:MM" in run.stdout
    assert "9:40am→" in run.summary


def test_files_in_the_workspace_do_not_shadow_pmlints_modules(workdir: Path, tmp_path: Path) -> None:
    # The scripts run in the workspace; `python -m`/`-c` would import a repository's own
    # argparse.py or shlex.py (or a pmlint/ folder) before the standard library's and pmlint's.
    for name in ("argparse.py", "shlex.py"):
        (workdir / name).write_text("raise SystemExit('imported from the workspace')\n", encoding="utf-8")
    run = run_action(workdir, tmp_path, paths=BAD_DOC, args="--select PM303")
    assert "imported from the workspace" not in run.stdout + run.stderr
    assert run.code == 1, run.stderr
    assert f"::error file={BAD_DOC},line=50,col=64,title=PM303 action-due::" in run.stdout


def test_every_count_the_commands_write_is_an_action_output(workdir: Path, tmp_path: Path) -> None:
    # What sync and overdue --notify write to $GITHUB_OUTPUT (the README lists them) must be
    # readable as the action's outputs (dashes for underscores), or `steps.pmlint.outputs.failed`
    # is always empty.
    sync = run_action(workdir, tmp_path, command="sync", dry_run="true", github_token="", args="--repo acme/incidents")
    assert sync.code == 0, sync.stderr
    written = sync.step_outputs["run"]
    assert {"created", "updated", "closed", "skipped", "left", "failed", "orphaned"} <= written.keys()
    assert {name: sync.outputs[name] for name in written} == written
    notify = run_action(
        workdir, tmp_path, command="overdue", dry_run="true", github_token="", fail_on="never",
        args="--notify --repo acme/incidents --today 2027-01-15",
    )
    assert notify.code == 0, notify.stdout + notify.stderr
    written = notify.step_outputs["run"]
    assert {"overdue", "labelled", "reminded", "unlabelled", "left", "failed"} <= written.keys()
    assert {name: notify.outputs[name.replace("_", "-")] for name in written} == written


def test_report_writes_the_page_summarises_and_counts(workdir: Path, tmp_path: Path) -> None:
    # No token: done is what TODO.md says; the HTML goes where --output says, the Markdown to
    # the step summary, the counts to the step's outputs.
    run = run_action(workdir, tmp_path, command="report", github_token="", args="--format html --output 'site/index.html'")
    assert run.code == 0, run.stdout + run.stderr
    page = (workdir / "site" / "index.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page
    assert run.summary.startswith("# Post-mortem review:") and "```mermaid" in run.summary
    written = run.step_outputs["run"]
    assert {"incidents", "open", "overdue", "breaches"} <= written.keys() and written["incidents"].isdigit()
    assert {name: run.outputs[name.replace("_", "-")] for name in written} == written


def _guide_table(header: str) -> dict[str, list[str]]:
    """The rows of the table under `header` in the action guide, by their first cell's name."""
    text = (REPO / "docs" / "guides" / "github-action.md").read_text(encoding="utf-8")
    lines = text[text.index(header):].splitlines()[2:]
    rows = {}
    for line in lines:
        if not line.startswith("| `"):
            break
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_the_guide_documents_every_input_with_its_commands_and_every_output() -> None:
    inputs = _guide_table("| input | applies to |")
    assert set(inputs) == set(ACTION["inputs"])
    script = STEPS[-1]["run"]
    for name, commands in re.findall(r'^\s*ignored ([\w-]+) "[^"]*" "([^"]+)"$', script, re.MULTILINE):
        assert inputs[name][0] == commands, name  # the warning and the guide name the same commands
    outputs = _guide_table("| output |")
    assert {name: cells[0] for name, cells in outputs.items()} == {
        name: spec["description"] for name, spec in ACTION["outputs"].items()
    }
