"""What pmlint writes (`--output`, `--fix`, `sync --write-todo`, all through write_atomic):
new files get the umask's mode, existing ones keep mode, owner and links, a read-only file
is refused, a line another process appended meanwhile is not lost, and a killed run's
temporary files are cleaned up."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pmlint.items import fix as fix_module
from pmlint.read.files import WriteRefused, write_atomic
from tests.conftest import CLEAN_DOC, DOC_PATH, Result, write

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX modes, owners and links")
TODO = "# TODO\n\n- [ ] Something else _(ref: docs/other.md)_\n"


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    old = os.umask(0o022)
    yield lambda mask: os.umask(mask) and None
    os.umask(old)


def fix(run: Callable[..., Result], root: Path) -> Result:
    return run("check", "--fix", "--no-git", "--today", "2026-11-27", cwd=root)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_files_get_the_umask_mode(mask: int, expected: int, tmp_path: Path, run, umask) -> None:
    write(tmp_path, {DOC_PATH: CLEAN_DOC})
    umask(mask)
    fix(run, tmp_path)  # creates TODO.md
    run("check", "--no-git", "--output", "report.txt", cwd=tmp_path)
    assert mode(tmp_path / "TODO.md") == expected
    assert mode(tmp_path / "report.txt") == expected


def test_an_existing_file_keeps_its_mode(tmp_path: Path, run, umask) -> None:
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": TODO})
    (tmp_path / "TODO.md").chmod(0o640)
    assert fix(run, tmp_path).code == 1
    assert mode(tmp_path / "TODO.md") == 0o640 and "Add an alert" in (tmp_path / "TODO.md").read_text()


def test_a_read_only_todo_is_refused(tmp_path: Path, run) -> None:
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": TODO})
    (tmp_path / "TODO.md").chmod(0o444)
    result = fix(run, tmp_path)
    assert result.code == 2 and result.err.strip().splitlines() == [
        "pmlint: error: TODO.md: cannot write: file is read-only; not rewritten"]
    assert (tmp_path / "TODO.md").read_text() == TODO and mode(tmp_path / "TODO.md") == 0o444


def test_a_hard_linked_todo_is_refused_and_stays_linked(tmp_path: Path, run) -> None:
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": TODO})
    os.link(tmp_path / "TODO.md", tmp_path / "notes.md")
    result = fix(run, tmp_path)
    assert result.code == 2 and "2 hard links" in result.err and len(result.err.strip().splitlines()) == 1
    assert os.path.samefile(tmp_path / "TODO.md", tmp_path / "notes.md")
    assert (tmp_path / "TODO.md").read_text() == TODO


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_an_existing_file_keeps_its_owner(tmp_path: Path, run) -> None:
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": TODO})
    os.chown(tmp_path / "TODO.md", 4321, 4322)
    assert fix(run, tmp_path).code == 1
    info = (tmp_path / "TODO.md").stat()
    assert (info.st_uid, info.st_gid) == (4321, 4322) and "Add an alert" in (tmp_path / "TODO.md").read_text()


def test_a_line_appended_meanwhile_is_not_lost(tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": TODO})
    todo = tmp_path / "TODO.md"
    real_splice = fix_module._splice

    def splice_while_someone_appends(data: bytes | None, after: dict[int, list[str]]) -> bytes:
        with todo.open("a") as other_process:
            other_process.write("- [ ] Added by a teammate _(ref: docs/other.md)_\n")
        return real_splice(data, after)

    monkeypatch.setattr(fix_module, "_splice", splice_while_someone_appends)
    result = fix(run, tmp_path)
    assert result.code == 2 and "changed while pmlint was editing it" in result.err
    assert todo.read_text() == TODO + "- [ ] Added by a teammate _(ref: docs/other.md)_\n"


def test_write_atomic_refuses_when_the_file_no_longer_holds_what_was_read(tmp_path: Path) -> None:
    path = write(tmp_path, {"TODO.md": "a\n"}) / "TODO.md"
    path.write_text("a\nb\n")
    with pytest.raises(WriteRefused):
        write_atomic(path, b"a\nc\n", expected=b"a\n")
    assert path.read_text() == "a\nb\n"
    assert not list(tmp_path.glob(".TODO.md.*.tmp"))


def test_a_killed_runs_temporary_files_are_removed_by_the_next_write(tmp_path: Path, run) -> None:
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": TODO})
    stale, fresh = tmp_path / ".TODO.md.k1ll3d00.tmp", tmp_path / ".TODO.md.runn1ng0.tmp"
    for path in (stale, fresh):
        path.write_text("half a TODO")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    assert fix(run, tmp_path).code == 1
    assert not stale.exists() and fresh.exists()  # a fresh one may be another run's, mid-write
