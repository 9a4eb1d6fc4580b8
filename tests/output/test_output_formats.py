"""--format github, sarif and junit, and --output FILE for every format."""

from __future__ import annotations

import json
import os
import shutil
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from pmlint.catalog.rules import load_catalog
from pmlint.engine.findings import Finding, Report
from pmlint.output.actions_runner import SUMMARY_LIMIT
from pmlint.output.annotations import render_github
from pmlint.output.junit import render_junit
from pmlint.output.sarif import render_sarif
from tests.conftest import REPO, validate_sarif

BAD_DOC = "docs/incidents/2026-11-24-search-latency.md"
TODAY = "2026-11-27"


def finding(path: str = BAD_DOC, line: int = 3, message: str = "Owner is empty", level: str = "error", **kw) -> Finding:
    code = kw.get("code", "PM302")
    return Finding(path, line, kw.get("column", 5), code, load_catalog()[code].name, level, message)


@pytest.fixture
def no_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_SERVER_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def actions(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Path]:
    """A GitHub Actions step: GITHUB_ACTIONS=true, summary and output files in tmp."""
    files = {"summary": tmp_path / "summary.md", "output": tmp_path / "output.txt"}
    for path in files.values():
        path.touch()
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(files["summary"]))
    monkeypatch.setenv("GITHUB_OUTPUT", str(files["output"]))
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA", "GITHUB_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)
    return files


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return Path(shutil.copytree(REPO / "examples", tmp_path / "sample"))


# --- github -----------------------------------------------------------------------------


def test_github_command_per_level_with_title(no_actions: None) -> None:
    report = Report(
        [
            finding(level="error"),
            finding(line=4, level="warning", code="PM305", message="vague"),
            finding(line=5, level="info", code="PM305", message="note"),
        ],
        files=1,
    )
    lines = render_github(report).splitlines()
    assert lines[0] == f"::error file={BAD_DOC},line=3,col=5,title=PM302 action-owner::Owner is empty"
    assert lines[1].startswith("::warning ") and "title=PM305 action-vague::vague" in lines[1]
    assert lines[2].startswith("::notice ")  # GitHub has no "info" annotation
    assert lines[3] == "1 error, 1 warning, 1 info in 1 file"
    assert render_github(report, quiet=True).splitlines() == lines[:3]


def test_github_escapes_messages_and_properties(no_actions: None) -> None:
    report = Report([finding(path="docs/a:b,c%.md", message="50% done\r\nnext: line, ::error::x")], files=1)
    (line,) = render_github(report, quiet=True).splitlines()
    assert line == (
        "::error file=docs/a%3Ab%2Cc%25.md,line=3,col=5,title=PM302 action-owner"
        "::50%25 done%0D%0Anext: line, ::error::x"
    )


def test_github_outside_actions_writes_no_summary(no_actions: None, tmp_path: Path, monkeypatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))  # set, but not in Actions
    render_github(Report([finding()], files=1))
    assert not summary.exists()


def test_github_in_actions_writes_summary_table_and_outputs(actions: dict[str, Path]) -> None:
    report = Report(
        [finding(message="use `a|b` <not html>\n**x**"), finding(line=9, level="warning", code="PM305", message="vague")],
        files=2,
        documents=1,
    )
    render_github(report)
    summary = actions["summary"].read_text(encoding="utf-8")
    assert "1 error, 1 warning in 2 files" in summary
    assert "| Level | Location | Rule | Message |" in summary
    # A pipe would split the cell, HTML and emphasis would render: all shown as written.
    assert f"| ❌ error | {BAD_DOC}:3 | `PM302` action-owner | use \\`a\\|b\\` \\<not html\\> \\*\\*x\\*\\* |" in summary
    assert f"| ⚠️ warning | {BAD_DOC}:9 | `PM305` action-vague | vague |" in summary
    assert actions["output"].read_text(encoding="utf-8").splitlines() == ["errors=1", "warnings=1", "findings=2", "documents=1"]


def test_github_summary_links_to_the_commit(actions: dict[str, Path], monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.example.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/incidents")
    monkeypatch.setenv("GITHUB_SHA", "abc123")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    render_github(Report([finding(path="docs/incidents/a b.md", line=7)], files=1))
    summary = actions["summary"].read_text(encoding="utf-8")
    assert "[docs/incidents/a b.md:7](https://github.example.com/acme/incidents/blob/abc123/docs/incidents/a%20b.md#L7)" in summary


def test_github_clean_summary_has_no_table(actions: dict[str, Path]) -> None:
    render_github(Report([], files=3))
    summary = actions["summary"].read_text(encoding="utf-8")
    assert "0 errors, 0 warnings in 3 files" in summary and "| Level" not in summary
    assert "findings=0" in actions["output"].read_text(encoding="utf-8")


def test_github_summary_stays_under_one_mebibyte(actions: dict[str, Path]) -> None:
    report = Report([finding(line=n, message="x" * 200) for n in range(1, 8001)], files=1)
    commands = render_github(report, quiet=True)
    assert len(commands.splitlines()) == 8000  # every annotation is still in the log
    data = actions["summary"].read_bytes()
    assert len(data) <= 1024 * 1024 and len(data) <= SUMMARY_LIMIT + 200
    assert "1 MiB" in data.decode("utf-8").splitlines()[-1]


def test_github_summary_cut_as_the_whole_table_would_be(actions: dict[str, Path], monkeypatch) -> None:
    """The table stops once past the limit: the summary written is the whole table, cut."""
    from pmlint.output import actions_runner
    from pmlint.output.annotations import step_summary

    report = Report([finding(line=n, message=f"{n} é " + "x" * 200) for n in range(1, 8001)], files=1)
    with monkeypatch.context() as unlimited:
        unlimited.setattr(actions_runner, "SUMMARY_LIMIT", 10**9)
        whole = step_summary(report)
    assert len(whole.encode("utf-8")) > 2 * SUMMARY_LIMIT
    actions["summary"].write_text("earlier step\n", encoding="utf-8")
    actions_runner.append_summary(whole)
    expected = actions["summary"].read_bytes()
    actions["summary"].write_text("earlier step\n", encoding="utf-8")
    render_github(report, quiet=True)
    assert actions["summary"].read_bytes() == expected


def test_cli_github_output_file_holds_only_commands(run, sample: Path, actions: dict[str, Path]) -> None:
    result = run("check", "--format", "github", "--output", "report.txt", "--today", TODAY, cwd=sample)
    assert result.code == 1 and result.out == ""
    lines = (sample / "report.txt").read_text(encoding="utf-8").splitlines()
    assert all(line.startswith("::") for line in lines[:-1]) and " in 3 files" in lines[-1]
    # The step summary and outputs are still written (never into the report file).
    assert "`PM303` action-due" in actions["summary"].read_text(encoding="utf-8")
    assert "errors=" in actions["output"].read_text(encoding="utf-8")


# --- sarif ------------------------------------------------------------------------------


def test_sarif_of_the_sample_validates_against_the_official_schema(run, sample: Path, no_actions: None) -> None:
    result = run("check", "--format", "sarif", "--today", TODAY, cwd=sample)
    assert result.code == 1
    log = validate_sarif(result.out)
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    catalog = load_catalog()
    assert [r["id"] for r in rules] == list(catalog)
    results = run_["results"]
    due = next(r for r in results if r["ruleId"] == "PM303")
    assert rules[due["ruleIndex"]]["id"] == "PM303"
    assert due["level"] == "error"
    assert due["message"]["text"] == "Due 'next Friday' is not an ISO date (YYYY-MM-DD); did you mean 2026-11-27, the first Friday after the Date (2026-11-24)?"
    location = due["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == BAD_DOC
    assert location["region"] == {"startLine": 50, "startColumn": 64}
    json_report = run("check", "--format", "json", "--today", TODAY, cwd=sample)
    assert len(results) == len(json.loads(json_report.out))


def test_sarif_rules_carry_the_catalog_help() -> None:
    log = validate_sarif(render_sarif(Report([], files=0)))
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    for code, rule in load_catalog().items():
        descriptor = rules[code]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert rule.rationale in descriptor["help"]["markdown"] and rule.fix in descriptor["help"]["text"]
        assert descriptor["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning", "info": "note"}[rule.level]


def test_sarif_odd_paths_and_levels_stay_valid() -> None:
    report = Report(
        [
            finding(path="docs/incidents/2026 #1 ünïcode.md", message="tab\there\nnewline", level="info"),
            finding(path="../outside/x.md", line=1, column=1, level="warning"),
        ],
        files=2,
    )
    results = validate_sarif(render_sarif(report))["runs"][0]["results"]
    assert [r["level"] for r in results] == ["warning", "note"]  # findings come out sorted: "../" first
    assert results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == (
        "docs/incidents/2026%20%231%20%C3%BCn%C3%AFcode.md"
    )
    assert results[1]["message"]["text"] == "tab\there\nnewline"


def test_sarif_schema_rejects_a_broken_log() -> None:
    """The stored schema really checks: a result without a message is refused."""
    log = json.loads(render_sarif(Report([finding()], files=1)))
    del log["runs"][0]["results"][0]["message"]
    with pytest.raises(jsonschema.ValidationError):
        validate_sarif(json.dumps(log))


def odd_findings() -> list[Finding]:
    """Findings over several files, with text XML and JSON must escape, and codes that the
    catalog does not have (each gets a rule of its own, in the order first found)."""
    odd = [
        finding(path="docs/incidents/2026 #1 ünïcode.md", message="tab\there\nnewline & <x> \x00\x1b \"q\"", level="info"),
        finding(path="../outside/x.md", line=1, column=1, level="warning"),
        Finding("TODO.md", 9, 2, "PM999", "made-up", "error", "not in the catalog"),
        Finding("TODO.md", 2, 2, "PM998", "made-up-too", "warning", "neither"),
        finding(path="TODO.md", line=8, code="PM305", level="warning", message="🙂 ]]> --"),
    ]
    return odd + [finding(line=n, message=f"m{n % 3}") for n in range(1, 40)]


@pytest.mark.parametrize("findings", [[], [finding()], odd_findings()], ids=["none", "one", "odd"])
def test_sarif_is_printed_as_the_whole_log_would_be(findings: list[Finding]) -> None:
    """The log is printed a result at a time: byte for byte what dumping it whole gives."""
    from pmlint.output.sarif import sarif_log

    report = Report(findings, files=3)
    text = render_sarif(report)
    assert text == json.dumps(sarif_log(report), indent=2, ensure_ascii=False) + "\n"
    validate_sarif(text)


# --- junit ------------------------------------------------------------------------------


def test_junit_one_failing_case_per_finding() -> None:
    report = Report(
        [finding(), finding(path="TODO.md", line=8, code="PM305", level="warning", message="bad \x00\x1b char & <x>")],
        files=2,
    )
    root = ET.fromstring(render_junit(report))
    assert root.tag == "testsuites" and root.get("tests") == "2" and root.get("failures") == "2"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {BAD_DOC, "TODO.md"}
    case = suites["TODO.md"].find("testcase")
    assert case.get("name") == "PM305 action-vague at 8:5" and case.get("classname") == "TODO.md"
    failure = case.find("failure")
    assert failure.get("type") == "PM305"
    assert failure.get("message") == "warning: bad \ufffd\ufffd char & <x>"  # XML cannot hold NUL or ESC


def test_junit_clean_run_is_one_passing_case() -> None:
    root = ET.fromstring(render_junit(Report([], files=4)))
    cases = list(root.iter("testcase"))
    assert len(cases) == 1 and cases[0].find("failure") is None
    assert root.get("failures") == "0" and root.get("tests") == "1"


def junit_whole(report: Report) -> str:
    """JUnit XML as one tree (how it was made before it was printed a file at a time)."""
    from itertools import groupby

    from pmlint.output.junit import _xml
    from pmlint.output.text import summary

    findings = list(report.findings)
    root = ET.Element("testsuites", name="pmlint", tests=str(max(1, len(findings))), failures=str(len(findings)))
    root.set("errors", "0")
    if not findings:
        suite = ET.SubElement(root, "testsuite", name="pmlint", tests="1", failures="0", errors="0", skipped="0")
        ET.SubElement(suite, "testcase", classname="pmlint", name=_xml(summary(report)), time="0")
    for path, group in groupby(sorted(findings, key=lambda f: f.path), key=lambda f: f.path):
        cases = list(group)
        suite = ET.SubElement(
            root, "testsuite", name=_xml(path), tests=str(len(cases)), failures=str(len(cases)), errors="0", skipped="0"
        )
        for f in cases:
            case = ET.SubElement(
                suite, "testcase", classname=_xml(path), name=f"{f.code} {f.name} at {f.line}:{f.column}", time="0"
            )
            failure = ET.SubElement(case, "failure", type=f.code, message=_xml(f"{f.level}: {f.message}"))
            failure.text = _xml(f"{f.path}:{f.line}:{f.column}: {f.code} {f.message} ({f.name}) [{f.level}]")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


@pytest.mark.parametrize("findings", [[], [finding()], odd_findings()], ids=["none", "one", "odd"])
def test_junit_is_printed_as_the_whole_tree_would_be(findings: list[Finding]) -> None:
    report = Report(findings, files=3)
    assert render_junit(report) == junit_whole(report)


# --- --output ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
def test_output_file_holds_what_stdout_would(run, sample: Path, no_actions: None, fmt: str) -> None:
    shown = run("check", "--format", fmt, "--today", TODAY, cwd=sample)
    written = run("check", "--format", fmt, "--today", TODAY, "--output", "report.out", cwd=sample)
    assert shown.code == written.code == 1
    assert written.out == ""
    assert (sample / "report.out").read_text(encoding="utf-8") == shown.out


def test_output_file_in_a_new_folder_is_created(run, sample: Path, no_actions: None) -> None:
    """`--output reports/pmlint.sarif` works on a fresh checkout, as ruff's --output-file does."""
    result = run("check", "--format", "sarif", "--today", TODAY, "--output", "reports/pmlint.sarif", cwd=sample)
    assert result.code == 1 and result.err == ""
    assert json.loads((sample / "reports" / "pmlint.sarif").read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_github_summary_limit_counts_what_the_step_wrote_before(actions: dict[str, Path]) -> None:
    # GitHub's 1 MiB is per step: `pmlint check` and `pmlint overdue` in one `run:` script
    # share it, so two large reports must not add up to a summary GitHub refuses.
    report = Report([finding(line=n, message="x" * 200) for n in range(1, 3001)], files=1)
    for _ in range(3):
        render_github(report, quiet=True)
    data = actions["summary"].read_bytes()
    assert len(data) <= 1024 * 1024
    assert data.decode("utf-8").count("### pmlint check") >= 2
    assert "1 MiB" in data.decode("utf-8").splitlines()[-1]


def test_output_to_a_device_writes_into_it_and_leaves_it_a_device(run, tmp_path: Path) -> None:
    """`--output /dev/null` (or a FIFO) is written into, not replaced by a regular file."""
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    import threading

    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = run("check", "--format", "json", "--output", str(fifo), cwd=tmp_path)
    reader.join(timeout=30)
    assert result.code == 0
    assert json.loads(received[0]) == []
    assert stat.S_ISFIFO(fifo.stat().st_mode)
