"""Reading user files safely: the BOM, unreadable and huge files, and paths that must stay inside the project root."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pmlint.read.files import Unreadable, read_text, resolve_inside

# --- reading files -----------------------------------------------------------------------------


def test_read_text_strips_the_bom_only(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"\xef\xbb\xbf# T\r\n")
    assert read_text(path, 100) == "# T\r\n"


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"", 1, "empty"),
        (b"  \n\n\t\n", 1, "empty"),
        (b"# T\n\x00\x01\x02", 1, "binary"),
        (b"# T\nok\n\xff\xfe bad\n", 3, "not valid UTF-8"),
        (b"# T\ncaf\xe9\n", 2, "not valid UTF-8"),
        (b"x" * 101, 1, "max-file-size"),
    ],
)
def test_read_text_reports_unreadable_files(tmp_path: Path, data: bytes, line: int, message: str) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(data)
    result = read_text(path, 100)
    assert isinstance(result, Unreadable)
    assert result.line == line and message in result.message


def test_read_text_directory_missing_and_fifo(tmp_path: Path) -> None:
    assert "directory" in read_text(tmp_path, 100).message
    assert "cannot read" in read_text(tmp_path / "missing.md", 100).message
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "pipe.md"
        os.mkfifo(fifo)
        assert "not a regular file" in read_text(fifo, 100).message  # and it did not block


def test_read_text_of_a_huge_sparse_file_reads_nothing(tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)
    started = time.process_time()
    result = read_text(path, 5_000_000)
    assert isinstance(result, Unreadable) and "50,000,000 bytes" in result.message
    assert time.process_time() - started < 0.5


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "a.md").write_text("# A\n")
    (tmp_path / "outside.md").write_text("secret\n")
    return project.resolve()


def test_resolve_inside_accepts_paths_in_the_root(root: Path) -> None:
    assert resolve_inside(root, "docs/a.md") == root / "docs" / "a.md"
    assert resolve_inside(root, "./docs/../docs/a.md") == root / "docs" / "a.md"
    assert resolve_inside(root, "docs/missing.md") == root / "docs" / "missing.md"  # caller says "missing"


@pytest.mark.parametrize(
    ("ref", "why"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("/etc/passwd", "absolute"),
        ("\\\\server\\share", "absolute"),
        ("C:\\Windows\\win.ini", "absolute"),
        ("~/notes.md", "absolute"),
        ("../outside.md", "outside the project root"),
        ("../../etc/passwd", "outside the project root"),
        ("docs/../../outside.md", "outside the project root"),
        ("docs/a\x00.md", "cannot be resolved"),
        ("a" * 300 + ".md", "cannot be used"),
    ],
)
def test_resolve_inside_refuses(root: Path, ref: str, why: str) -> None:
    result = resolve_inside(root, ref)
    assert isinstance(result, str) and why in result


def test_resolve_inside_refuses_symlinks_that_lead_out(root: Path) -> None:
    (root / "docs" / "link.md").symlink_to(root.parent / "outside.md")
    (root / "docs" / "dir").symlink_to(root.parent)
    (root / "docs" / "inner.md").symlink_to(root / "docs" / "a.md")
    assert "outside the project root" in resolve_inside(root, "docs/link.md")
    assert "outside the project root" in resolve_inside(root, "docs/dir/outside.md")
    assert resolve_inside(root, "docs/inner.md") == root / "docs" / "a.md"


def test_resolve_inside_symlink_loop(root: Path) -> None:
    (root / "loop").symlink_to(root / "loop")
    assert isinstance(resolve_inside(root, "loop"), str)
