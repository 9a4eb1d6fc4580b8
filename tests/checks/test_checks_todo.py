"""TODO.md rules PM601-PM603: malformed lines, dangling refs (never read outside the root), orphans."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.rule_harness import run_rule

DOC = "docs/incidents/2026-11-20-db-pool.md"
ALERT = "Add an alert for connection pool saturation above 80%"
RUNBOOK = "Write runbook: database connection pool exhausted"
DOCUMENT = f"""# Post-Mortem: Checkout outage

## Action Items

| Action | Owner | Priority | Due |
|---|---|---|---|
| {ALERT} | @maria | P1 | 2026-11-27 |
| {RUNBOOK} | @kenji | P2 | 2026-12-11 |
"""


def todo(*lines: str) -> str:
    return "# TODO\n\n" + "".join(line + "\n" for line in lines)  # first task on line 3


# PM601 todo-format


def test_pm601_reports_each_malformed_line(tmp_path: Path) -> None:
    text = todo(
        f"- [] {ALERT} _(ref: {DOC})_",
        f"- [ x] {ALERT} _(ref: {DOC})_",
        f"- [ ] {ALERT} (ref: {DOC})",
        f"- [ ] {ALERT} _(ref: )_",
        f"- [ ] {RUNBOOK} _(ref: {DOC})_",
        "- [ ] Upgrade the CI runners",
        "```",
        f"- [] {ALERT} _(ref: {DOC})_",
        "```",
    )
    problems = run_rule("PM601", tmp_path, todo=text)
    assert [p.line for p in problems] == [3, 4, 5, 6]
    assert problems[0].column == 3
    assert "empty ref" in problems[3].message


# PM602 todo-dangling-ref


def test_pm602_missing_file_points_at_the_ref(tmp_path: Path) -> None:
    line = f"- [ ] {ALERT} _(ref: docs/incidents/gone.md)_"
    [problem] = run_rule("PM602", tmp_path, todo=todo(line))
    assert (problem.line, problem.column) == (3, line.index("docs/") + 1)
    assert problem.message == "ref 'docs/incidents/gone.md' does not exist"


@pytest.mark.parametrize("ref", ["../../etc/passwd", "/etc/passwd", "docs/../../outside.md", "~/notes.md"])
def test_pm602_refs_outside_the_root(tmp_path: Path, ref: str) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "outside.md").write_text(DOCUMENT)
    [problem] = run_rule("PM602", root, todo=todo(f"- [ ] {ALERT} _(ref: {ref})_"))
    assert problem.line == 3
    assert "absolute" in problem.message or "outside" in problem.message


def test_pm602_symlink_out_of_the_root(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    (tmp_path / "secret.md").write_text(DOCUMENT)
    os.symlink(tmp_path / "secret.md", root / "docs" / "link.md")
    [problem] = run_rule("PM602", root, todo=todo(f"- [ ] {ALERT} _(ref: docs/link.md)_"))
    assert "outside" in problem.message
    # PM603 must not read it either.
    assert run_rule("PM603", root, todo=todo(f"- [ ] {ALERT} _(ref: docs/link.md)_")) == []


def test_pm602_directory(tmp_path: Path) -> None:
    (tmp_path / "docs" / "incidents").mkdir(parents=True)
    [problem] = run_rule("PM602", tmp_path, todo=todo(f"- [ ] {ALERT} _(ref: docs/incidents)_"))
    assert "directory" in problem.message


def test_pm602_existing_document(tmp_path: Path) -> None:
    text = todo(f"- [ ] {ALERT} _(ref: {DOC})_", f"- [x] {RUNBOOK} _(ref: ./{DOC})_ #12")
    assert run_rule("PM602", tmp_path, document=DOCUMENT, todo=text) == []


# PM603 todo-orphan


def test_pm603_reworded_action(tmp_path: Path) -> None:
    line = f"- [x] Add an alert for pool saturation _(ref: {DOC})_ #12"
    text = todo(f"- [ ] {ALERT} _(ref: {DOC})_", line)
    [problem] = run_rule("PM603", tmp_path, document=DOCUMENT, todo=text)
    assert (problem.line, problem.column) == (4, 7)
    assert DOC in problem.message


def test_pm603_compares_by_resolved_path_and_normalised_text(tmp_path: Path) -> None:
    text = todo(
        f"- [ ] add an alert for connection pool saturation above **80%**. _(ref: ./{DOC})_",
        f"- [ ] {RUNBOOK} _(ref: docs/incidents/../incidents/2026-11-20-db-pool.md)_",
    )
    assert run_rule("PM603", tmp_path, document=DOCUMENT, todo=text) == []


def test_pm603_leaves_dangling_refs_to_pm602(tmp_path: Path) -> None:
    text = todo(f"- [ ] {ALERT} _(ref: docs/incidents/gone.md)_", f"- [ ] {ALERT} _(ref: ../../etc/passwd)_")
    assert run_rule("PM603", tmp_path, todo=text) == []


def test_pm603_document_without_action_table(tmp_path: Path) -> None:
    document = "# Post-Mortem: Checkout outage\n\n## Action Items\n\n- add alerts\n"
    [problem] = run_rule("PM603", tmp_path, document=document, todo=todo(f"- [ ] {ALERT} _(ref: {DOC})_"))
    assert problem.line == 3


def test_pm603_unreadable_target(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    [problem] = run_rule("PM603", tmp_path, todo=todo(f"- [ ] {ALERT} _(ref: docs/diagram.png)_"))
    assert "binary" in problem.message


def test_pm603_unreadable_document_is_reported_with_its_reason_on_every_line(tmp_path: Path) -> None:
    (tmp_path / "docs" / "incidents").mkdir(parents=True)
    (tmp_path / "docs" / "incidents" / "2026-11-20-empty.md").write_text("")
    text = todo(
        "- [ ] First action item text here _(ref: docs/incidents/2026-11-20-empty.md)_",
        "- [ ] Second action item text here _(ref: docs/incidents/2026-11-20-empty.md)_",
    )
    problems = run_rule("PM603", tmp_path, todo=text)
    assert [p.line for p in problems] == [3, 4]
    assert all("cannot be checked (file is empty)" in p.message for p in problems)
