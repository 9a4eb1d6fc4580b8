"""`pmlint check --fix`: the TODO.md lines PM307 asks for, byte-preserving and idempotent."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import CLEAN_DOC, CLEAN_TODO, DOC_PATH, write

TODAY = "2026-11-27"
FIRST = "Add an alert for connection pool saturation above 80%"
SECOND = "Add a pool size field to the service configuration template"
OTHER_DOC = "docs/incidents/2026-10-02-dns.md"
LINE_FIRST = f"- [ ] {FIRST} _(ref: {DOC_PATH})_"
LINE_SECOND = f"- [ ] {SECOND} _(ref: {DOC_PATH})_"


def fix(run, root: Path, *args: str):
    return run("check", "--fix", "--today", TODAY, *args, cwd=root)


def test_adds_the_missing_line_after_its_group_and_exits_1(run, tmp_path: Path) -> None:
    other = CLEAN_DOC.replace(FIRST, "Add a DNS resolver timeout alert for checkout pods").replace(SECOND, "Pin the resolver config in the base image for all services")
    todo = (
        "# TODO\n\n"
        f"{LINE_FIRST}\n"
        f"- [ ] Add a DNS resolver timeout alert for checkout pods _(ref: {OTHER_DOC})_\n"
        f"- [ ] Pin the resolver config in the base image for all services _(ref: {OTHER_DOC})_\n"
    )
    write(tmp_path, {DOC_PATH: CLEAN_DOC, OTHER_DOC: other, "TODO.md": todo})
    result = fix(run, tmp_path)
    assert result.code == 1
    assert result.err == f"TODO.md: added 1 line for {DOC_PATH}\n"
    assert "PM307" not in result.out  # the report is of the fixed tree
    lines = (tmp_path / "TODO.md").read_text().splitlines()
    assert lines[2:4] == [LINE_FIRST, LINE_SECOND]  # in its document's group, not at the end
    again = fix(run, tmp_path)
    assert again.code == 0 and again.err == ""
    assert (tmp_path / "TODO.md").read_text() == "\n".join(lines) + "\n"


def test_every_other_byte_is_kept_crlf_bom_trailing_blanks_no_final_newline(run, tmp_path: Path) -> None:
    before = f"\ufeff# TODO  \r\n\r\n- [ ] Unrelated chore  \r\n{LINE_FIRST}\r\n\r\nNotes, no final newline  ".encode()
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": before})
    assert fix(run, tmp_path).code == 1
    after = (tmp_path / "TODO.md").read_bytes()
    insert_at = before.index(LINE_FIRST.encode()) + len(LINE_FIRST) + 2
    assert after == before[:insert_at] + LINE_SECOND.encode() + b"\r\n" + before[insert_at:]
    assert fix(run, tmp_path).code == 0
    assert (tmp_path / "TODO.md").read_bytes() == after


def test_without_a_group_lines_go_at_the_end_after_a_completed_last_line(run, tmp_path: Path) -> None:
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": "# TODO\n\n- [ ] Unrelated chore"})
    result = fix(run, tmp_path, "--format", "json")
    assert json.loads(result.out) == []  # the json report stays clean: messages go to stderr
    assert result.err == f"TODO.md: added 2 lines for {DOC_PATH}\n"
    assert (tmp_path / "TODO.md").read_text() == f"# TODO\n\n- [ ] Unrelated chore\n{LINE_FIRST}\n{LINE_SECOND}\n"


def test_creates_a_missing_todo_at_the_configured_path(run, tmp_path: Path) -> None:
    write(tmp_path, {DOC_PATH: CLEAN_DOC, ".pmlint.toml": "todo = 'docs/TODO.md'\n"})
    result = fix(run, tmp_path)
    assert result.code == 1 and result.err == f"docs/TODO.md: added 2 lines for {DOC_PATH}\n"
    assert (tmp_path / "docs/TODO.md").read_text() == f"# TODO\n\n{LINE_FIRST}\n{LINE_SECOND}\n"
    assert not (tmp_path / "TODO.md").exists()
    assert result.out.strip() == "0 errors, 0 warnings in 2 files"  # the new TODO.md is linted too


def test_writes_the_action_as_written_and_each_text_once(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace(FIRST, "Add an **alert** for `pool` saturation.").replace(SECOND, "Add an alert for POOL saturation")
    write(tmp_path, {DOC_PATH: doc, "TODO.md": "# TODO\n"})
    assert fix(run, tmp_path, "--ignore", "action-duplicate").code == 1
    assert (tmp_path / "TODO.md").read_text() == f"# TODO\n- [ ] Add an **alert** for `pool` saturation. _(ref: {DOC_PATH})_\n"


def test_only_reported_findings_are_fixed(run, tmp_path: Path) -> None:
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": "# TODO\n"})
    for args in (("--ignore", "PM307"), ("--select", "PM1")):
        result = fix(run, tmp_path, *args)
        assert result.code == 0 and result.err == ""
        assert (tmp_path / "TODO.md").read_text() == "# TODO\n"
    write(tmp_path, {DOC_PATH: CLEAN_DOC + "\n<!-- pmlint-disable-file action-untracked -- tracked elsewhere -->\n"})
    assert fix(run, tmp_path).code == 0
    assert (tmp_path / "TODO.md").read_text() == "# TODO\n"


def test_exit_zero_wins_and_a_document_named_alone_is_fixed(run, tmp_path: Path) -> None:
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": "# TODO\n"})
    result = fix(run, tmp_path, "--force-exclude", "--exit-zero", DOC_PATH)
    assert result.code == 0 and "added 2 lines" in result.err
    assert (tmp_path / "TODO.md").read_text().count("_(ref: ") == 2


def test_unreadable_todo_is_not_touched(run, tmp_path: Path) -> None:
    before = b"# TODO\n\xff\xfe broken\n"
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": before})
    result = fix(run, tmp_path)
    assert result.code == 1  # PM307 and PM001 stay reported
    assert "TODO.md: not valid UTF-8" in result.err and "not fixed" in result.err
    assert (tmp_path / "TODO.md").read_bytes() == before


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_never_writes_outside_the_root(run, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("# elsewhere\n")
    root = tmp_path / "project"
    write(root, {DOC_PATH: CLEAN_DOC, ".pmlint.toml": "select = ['PM307']\n"})
    (root / "TODO.md").symlink_to(outside)
    result = fix(run, root)
    assert "leads outside the project root" in result.err
    assert outside.read_text() == "# elsewhere\n"
    assert (root / "TODO.md").is_symlink()


@pytest.mark.skipif(os.name == "nt", reason="symlinks")
def test_a_todo_symlink_inside_the_root_stays_a_symlink(run, tmp_path: Path) -> None:
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "notes/todo.md": "# TODO\n"})
    (tmp_path / "TODO.md").symlink_to(tmp_path / "notes/todo.md")
    assert fix(run, tmp_path).code == 1
    assert (tmp_path / "TODO.md").is_symlink()
    assert (tmp_path / "notes/todo.md").read_text() == f"# TODO\n{LINE_FIRST}\n{LINE_SECOND}\n"


def test_clean_project_is_left_alone(run, clean_project: Path) -> None:
    before = (clean_project / "TODO.md").read_bytes()
    result = fix(run, clean_project)
    assert result.code == 0 and result.err == ""
    assert (clean_project / "TODO.md").read_bytes() == before == CLEAN_TODO.encode()


def test_a_reworded_action_rewrites_its_one_orphan_line_in_place(run, tmp_path: Path) -> None:
    """One orphan TODO.md line (PM603) and one untracked action (PM307) in a document are
    the same item reworded: the line is rewritten, keeping its box, issue link and bytes."""
    reworded = "Add an alert for connection pool saturation above 75%"
    todo = (
        "\ufeff# TODO\r\n\r\n"
        f"- [x] {FIRST}  _(ref: {DOC_PATH})_ #41  \r\n"
        f"- [x] {SECOND} _(ref: {DOC_PATH})_ #12\r\n"
        "Tail without newline"
    ).encode()
    write(tmp_path, {DOC_PATH: CLEAN_DOC.replace(FIRST, reworded), "TODO.md": todo})
    result = fix(run, tmp_path)
    assert result.code == 1
    assert result.err == f"TODO.md: rewrote 1 line for {DOC_PATH} (its action was reworded)\n"
    assert (tmp_path / "TODO.md").read_bytes() == todo.replace(FIRST.encode(), reworded.encode())
    assert "PM307" not in result.out and "PM603" not in result.out
    assert fix(run, tmp_path).code == 0


def test_two_orphans_are_not_guessed_at(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace(FIRST, "Add an alert for pool saturation above 75%").replace(SECOND, "Add a pool size field")
    todo = f"# TODO\n\n{LINE_FIRST}\n{LINE_SECOND}\n"
    write(tmp_path, {DOC_PATH: doc, "TODO.md": todo})
    assert fix(run, tmp_path).code == 1
    lines = (tmp_path / "TODO.md").read_text().splitlines()
    assert lines[2:4] == [LINE_FIRST, LINE_SECOND] and len(lines) == 6  # appended, the orphans stay for a human
