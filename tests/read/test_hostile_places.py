"""Hostile places: links out of the root, link loops, folders and files the system will not
let pmlint read. Nothing outside the root is read; nothing unreadable passes as empty."""

from __future__ import annotations

import errno
import json
import os
import pathlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CLEAN_DOC, CLEAN_TODO, DOC_PATH, Result, write

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX links and permissions")

SECRET = "SECRET-LINE-never-printed"
OUTSIDE_DOC = CLEAN_DOC.replace("## Root Cause", f"## Root Cause\n\nhuman error {SECRET}")
COMMANDS = {
    "check": ["check", "--format", "json", "--no-git", "--today", "2026-12-01"],
    "sync": ["sync", "--dry-run", "--repo", "octo/places"],
    "overdue": ["overdue", "--today", "2026-12-01", "--no-github"],
}


@pytest.fixture(autouse=True)
def no_token(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"):
        monkeypatch.delenv(name, raising=False)


def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write(root, {DOC_PATH: CLEAN_DOC, "TODO.md": CLEAN_TODO, ".pmlint.toml": ""})
    return root


def one_line_error(result: Result, *words: str) -> None:
    assert result.code == 2, (result.code, result.out, result.err)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and all(w in lines[0] for w in words), result.err
    assert "Traceback" not in result.err and "internal error" not in result.err


def test_symlinked_docs_folder_is_not_read_by_any_command(tmp_path: Path, run: Callable[..., Result]) -> None:
    root = project(tmp_path)
    elsewhere = write(tmp_path / "elsewhere", {"incidents/2026-11-20-other.md": OUTSIDE_DOC})
    (root / "docs" / "incidents" / Path(DOC_PATH).name).unlink()
    (root / "docs" / "incidents").rmdir()
    (root / "docs" / "incidents").symlink_to(elsewhere / "incidents")

    check = run(*COMMANDS["check"], cwd=root)
    assert SECRET not in check.out + check.err
    findings = json.loads(check.out)
    other = [f for f in findings if f["path"].endswith("2026-11-20-other.md")]
    assert [(f["code"], f["message"]) for f in other] == [("PM001", "symlink leads outside the project root; not read")]
    assert check.code == 1
    for command in ("sync", "overdue"):
        result = run(*COMMANDS[command], cwd=root)
        one_line_error(result, "docs/incidents/2026-11-20-other.md", "outside the project root")
        assert SECRET not in result.out + result.err


def test_todo_symlinked_outside_decides_nothing(tmp_path: Path, run: Callable[..., Result]) -> None:
    root = project(tmp_path)
    outside = write(tmp_path, {"other/TODO.md": CLEAN_TODO.replace("- [ ]", "- [x]")}) / "other" / "TODO.md"
    (root / "TODO.md").unlink()
    (root / "TODO.md").symlink_to(outside)

    check = run(*COMMANDS["check"], cwd=root)
    todo = [(f["code"], f["message"]) for f in json.loads(check.out) if f["path"] == "TODO.md"]
    assert todo == [("PM001", "symlink leads outside the project root; not read")]
    # The actions count as untracked: the boxes out there are not this project's.
    assert {f["code"] for f in json.loads(check.out) if f["path"] == DOC_PATH} >= {"PM307"}
    for command in ("sync", "overdue"):
        one_line_error(run(*COMMANDS[command], cwd=root), "TODO.md", "outside the project root")


def test_a_symlink_loop_is_called_a_loop(tmp_path: Path, run: Callable[..., Result]) -> None:
    root = project(tmp_path)
    loop = root / "docs" / "incidents" / "2026-11-21-loop.md"
    loop.symlink_to(loop)
    check = run(*COMMANDS["check"], cwd=root)
    messages = [f["message"] for f in json.loads(check.out) if f["path"].endswith("loop.md")]
    assert messages == ["symlink loop; not read"]
    (root / "TODO.md").unlink()
    (root / "TODO.md").symlink_to(root / "TODO.md")
    todo = [f["message"] for f in json.loads(run(*COMMANDS["check"], cwd=root).out) if f["path"] == "TODO.md"]
    assert todo == ["symlink loop; not read"]
    one_line_error(run(*COMMANDS["sync"], cwd=root), "TODO.md", "symlink loop")


def test_a_config_linked_from_outside_is_refused(tmp_path: Path, run: Callable[..., Result]) -> None:
    root = project(tmp_path)
    outside = write(tmp_path, {"shared.toml": "paths = ['**/*.md']\n"}) / "shared.toml"
    (root / ".pmlint.toml").unlink()
    (root / ".pmlint.toml").symlink_to(outside)
    one_line_error(run(*COMMANDS["check"], cwd=root), ".pmlint.toml", "outside the project root")


def _refuse(monkeypatch: pytest.MonkeyPatch, target: Path) -> None:
    """The system refuses to list or open `target` (as mode 000 does for a user; the tests
    may run as root, whom modes do not stop)."""
    real_scandir, real_open = os.scandir, pathlib.Path.open

    def scandir(path: object = ".") -> object:
        if Path(str(path)) == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    def open_(self: Path, *args: object, **kwargs: object) -> object:
        if self == target:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(pathlib.Path, "open", open_)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unreadable_docs_folder_is_an_error_not_a_pass(
    command: str, tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    _refuse(monkeypatch, root / "docs" / "incidents")
    one_line_error(run(*COMMANDS[command], cwd=root), "docs/incidents", "cannot read folder", "Permission denied")


def test_an_unreadable_folder_below_a_named_one_is_an_error(
    tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    _refuse(monkeypatch, root / "docs" / "incidents")
    one_line_error(run("check", "docs", cwd=root), "docs/incidents", "cannot read folder", "Permission denied")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unreadable_document_is_an_error_not_a_pass(
    command: str, tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    _refuse(monkeypatch, root / DOC_PATH)
    one_line_error(run(*COMMANDS[command], cwd=root), DOC_PATH, "Permission denied")


@pytest.mark.parametrize("command", ["sync", "overdue"])
def test_an_unreadable_todo_is_an_error(
    command: str, tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project(tmp_path)
    _refuse(monkeypatch, (root / "TODO.md").resolve())
    one_line_error(run(*COMMANDS[command], cwd=root), "TODO.md", "Permission denied")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads mode 000")
def test_mode_000_docs_folder_for_real(tmp_path: Path, run: Callable[..., Result]) -> None:
    root = project(tmp_path)
    folder = root / "docs" / "incidents"
    folder.chmod(0)
    try:
        one_line_error(run(*COMMANDS["check"], cwd=root), "docs/incidents", "Permission denied")
    finally:
        folder.chmod(0o755)


def test_a_ref_longer_than_any_path_is_refused_without_resolving(tmp_path: Path, run: Callable[..., Result]) -> None:
    root = project(tmp_path)
    long_ref = "a/" * 50_000 + "x.md"  # resolving it folder by folder is quadratic
    with (root / "TODO.md").open("a") as todo:
        todo.write(f"- [ ] Something _(ref: {long_ref})_\n")
    check = run(*COMMANDS["check"], cwd=root)
    messages = [f["message"] for f in json.loads(check.out) if f["path"] == "TODO.md" and f["code"] == "PM602"]
    assert len(messages) == 1 and "100,004 characters, longer than any path" in messages[0]
