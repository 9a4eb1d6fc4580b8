"""Bad input through the real CLI: every case gets findings or a clean exit,
never a traceback and never exit 2; every finding sits on a line that exists; nothing outside
the project root is read.

Most runs are in-process (`main([...])`); one runs the installed `pmlint` script to prove no
traceback reaches stderr of the real program.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from pmlint.catalog.rules import load_catalog
from pmlint.cli import main
from pmlint.parse.markdown import split_lines
from tests.conftest import CLEAN_DOC, CLEAN_TODO, DOC_PATH, TODAY, all_codes, write

# A post-mortem that every rule accepts; its Action Items rows are lines 51 and 52.
VALID_DOC = CLEAN_DOC
VALID_TODO = CLEAN_TODO


def has_rule(code: str) -> bool:
    return code in load_catalog()


def make_project(root: Path, document: str | bytes | None = VALID_DOC, todo: str | bytes | None = VALID_TODO,
                 config: str = "") -> Path:
    """A project folder with a `pyproject.toml` ([tool.pmlint] + `config`), one document and TODO.md."""
    files: dict[str, str | bytes] = {"pyproject.toml": "[tool.pmlint]\n" + config}
    if document is not None:
        files[DOC_PATH] = document
    if todo is not None:
        files["TODO.md"] = todo
    return write(root, files)


@dataclass
class Run:
    code: int
    findings: list[dict]
    err: str


def lint(cwd: Path, *args: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Run:
    """`pmlint check --format json` with every rule, in-process, in folder `cwd`."""
    monkeypatch.chdir(cwd)
    capsys.readouterr()
    code = main(["check", "--format", "json", "--no-git", "--today", TODAY, "--select", all_codes(), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "internal error" not in err, err
    assert code in (0, 1), f"exit {code}: {err}"
    return Run(code, json.loads(out), err)


def line_count(path: Path) -> int:
    """Lines of the file as pmlint numbers them (LF only), at least 1."""
    try:
        data = path.read_bytes()
    except OSError:
        return 1  # unreadable (dangling, directory): only line 1 may be named
    text = data.decode("utf-8", "replace").removeprefix("\ufeff")
    return max(1, len(split_lines(text)))


def assert_lines_exist(run: Run, cwd: Path) -> None:
    counts: dict[str, int] = {}
    for finding in run.findings:
        if finding["path"] not in counts:
            counts[finding["path"]] = line_count(cwd / finding["path"])
        assert finding["column"] >= 1, finding
        assert 1 <= finding["line"] <= counts[finding["path"]], finding


def codes(run: Run, path: str | None = None) -> list[tuple[int, str]]:
    return [(f["line"], f["code"]) for f in run.findings if path is None or f["path"] == path]


# --- nothing outside the root is opened ---------------------------------------------------------

_OPENED: list[str] | None = None


def _audit(event: str, args: tuple) -> None:
    if _OPENED is not None and event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        _OPENED.append(os.fsdecode(args[0]))


_HOOKED = False


@contextmanager
def opened_files() -> Iterator[list[str]]:
    """Every path opened (by anyone in this process) inside the block."""
    global _OPENED, _HOOKED
    if not _HOOKED:
        sys.addaudithook(_audit)  # hooks cannot be removed; it records only inside this block
        _HOOKED = True
    _OPENED = []
    try:
        yield _OPENED
    finally:
        _OPENED = None


# --- unreadable files: PM001 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", 1, "binary"),
        (b"# Post-Mortem: X\n\nSome text\ncaf\xe9 au lait\n", 4, "not valid UTF-8"),
        (b"# Post-Mortem: X\r\n\r\n\xc3\x28 broken\r\n", 3, "not valid UTF-8"),
        (b"", 1, "empty"),
        (b"\xef\xbb\xbf\r\n  \r\n", 1, "empty"),
    ],
    ids=["binary", "latin-1", "bad-utf8-crlf", "empty", "bom-and-blanks"],
)
def test_unreadable_document_is_pm001_at_the_right_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    content: bytes, line: int, message: str,
) -> None:
    make_project(tmp_path, document=content)
    run = lint(tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert run.code == 1
    pm001 = [f for f in run.findings if f["code"] == "PM001"]
    assert [(f["path"], f["line"]) for f in pm001] == [(DOC_PATH, line)]
    assert message in pm001[0]["message"]
    assert codes(run, DOC_PATH) == [(line, "PM001")]  # nothing else is said about an unread file
    assert_lines_exist(run, tmp_path)


def test_unreadable_todo_is_pm001(tmp_path: Path, monkeypatch, capsys) -> None:
    make_project(tmp_path, todo=b"# TODO\n- [ ] caf\xe9 _(ref: x)_\n")
    run = lint(tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert (2, "PM001") in codes(run, "TODO.md")
    assert_lines_exist(run, tmp_path)


def test_file_over_max_file_size(tmp_path: Path, monkeypatch, capsys) -> None:
    make_project(tmp_path, config="max-file-size = 1000\n")
    run = lint(tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert codes(run, DOC_PATH) == [(1, "PM001")]
    assert "max-file-size" in run.findings[0]["message"]


def test_fifty_megabyte_file_is_pm001_fast_and_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_project(tmp_path, document=None)
    huge = tmp_path / DOC_PATH
    huge.parent.mkdir(parents=True, exist_ok=True)
    with huge.open("wb") as handle:  # sparse: instant to create, 50 MB by stat
        handle.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    started = time.process_time()
    try:
        run = lint(tmp_path, monkeypatch=monkeypatch, capsys=capsys)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.process_time() - started < 5
    assert peak < 20 * 1024 * 1024  # the file was never loaded
    assert codes(run, DOC_PATH) == [(1, "PM001")]
    assert "52,428,800 bytes" in run.findings[0]["message"]


# --- line numbers with BOM and CRLF ---------------------------------------------------------------

# Findings at known places: the Due cell of row 51 is not ISO, TODO.md tracks neither row.
DEFECTIVE_DOC = VALID_DOC.replace("| P1 | 2026-11-27 |", "| P1 | next week |")


def _findings(tmp_path: Path, name: str, data: bytes, monkeypatch, capsys) -> list[tuple]:
    root = make_project(tmp_path / name, document=data, todo="# TODO\n")
    run = lint(root, monkeypatch=monkeypatch, capsys=capsys)
    assert_lines_exist(run, root)
    return sorted((f["path"], f["line"], f["column"], f["code"]) for f in run.findings)


def test_bom_and_crlf_give_the_same_findings_at_the_same_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = _findings(tmp_path, "lf", DEFECTIVE_DOC.encode(), monkeypatch, capsys)
    crlf = DEFECTIVE_DOC.replace("\n", "\r\n").encode()
    assert _findings(tmp_path, "bom-crlf", b"\xef\xbb\xbf" + crlf, monkeypatch, capsys) == plain
    assert _findings(tmp_path, "crlf", crlf, monkeypatch, capsys) == plain
    lines = {line for _, line, _, _ in plain}
    assert lines and lines <= {51, 52}, plain  # the two action rows, not shifted by the BOM
    if has_rule("PM303"):
        column = DEFECTIVE_DOC.splitlines()[50].index("next week") + 1  # BOM and CR not counted
        assert (DOC_PATH, 51, column, "PM303") in plain


# --- malformed structure ---------------------------------------------------------------------------

BROKEN_TABLES = VALID_DOC.replace(
    "| Time | Event |\n|---|---|\n",
    "| Time | Event |\n|---|---|---|\n| 14:00 \\| broken |\n|\n||||||||\n| x |\n",
).replace(
    "| Action | Owner | Priority | Due |\n|---|---|---|---|\n",
    "| Due | Action |\n|:-:|--|\n| 2026-12-01 |\n|  |  |  |  |  |  |\n| \\| | \\|\\| |\n",
)


@pytest.mark.parametrize(
    "document",
    [
        BROKEN_TABLES,
        VALID_DOC.replace("| Action | Owner | Priority | Due |\n", "| Action | Owner | Priority | Due\n|---|\n"),
        "| a |\n|---|\n" * 2000,
        "## Action Items\n| Action |\n|---|\n" + "| `unclosed | code |\n" * 50,
    ],
    ids=["mixed", "delimiter-mismatch", "tables-only", "unclosed-code-in-cells"],
)
def test_broken_tables(tmp_path: Path, monkeypatch, capsys, document: str) -> None:
    make_project(tmp_path, document=document)
    run = lint(tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert_lines_exist(run, tmp_path)


@pytest.mark.slow
def test_five_thousand_deep_nested_lists(tmp_path: Path, monkeypatch, capsys) -> None:
    indented = "".join("  " * depth + f"- level {depth}\n" for depth in range(5000))
    one_line = "- " * 5000 + "deepest\n"
    quotes = "> " * 5000 + "quoted\n"
    heading = "## Contributing Factors\n\n"
    document = VALID_DOC.replace(heading, heading + one_line + quotes + indented)
    make_project(tmp_path, document=document, config="max-file-size = 40_000_000\n")
    started = time.process_time()
    run = lint(tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert time.process_time() - started < 20
    assert_lines_exist(run, tmp_path)


@pytest.mark.slow
def test_hundred_thousand_line_document(tmp_path: Path, monkeypatch, capsys) -> None:
    rows = "".join(f"| 15:{n % 60:02d} | event {n} by @maria |\n" for n in range(50_000))
    items = "".join(f"- factor {n} with `code` and <!-- note --> text\n" for n in range(50_000))
    document = VALID_DOC.replace("| 15:10 | Incident resolved |\n", "| 15:10 | Incident resolved |\n" + rows)
    document = document.replace("## What Went Well\n", items + "\n## What Went Well\n")
    assert document.count("\n") > 100_000
    make_project(tmp_path, document=document, config="max-file-size = 20_000_000\n")
    started = time.process_time()
    run = lint(tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert time.process_time() - started < 30  # linear work; quadratic would take minutes
    assert_lines_exist(run, tmp_path)


def test_control_characters_and_odd_unicode(tmp_path: Path, monkeypatch, capsys) -> None:
    odd = "Odd: \x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\u200b\ufeff \U0001f525 \r mid-line CR\n"
    document = VALID_DOC.replace("## Root Cause\n\n", "## Root Cause\n\n" + odd * 3)
    make_project(tmp_path, document=document)
    run = lint(tmp_path, monkeypatch=monkeypatch, capsys=capsys)
    assert_lines_exist(run, tmp_path)


# --- refs and symlinks that lead out of the root ------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A secret beside the project: nothing may open it."""
    secret = tmp_path / "secret.md"
    secret.write_text(VALID_DOC)
    return secret


def _todo_with(ref: str) -> str:
    return VALID_TODO + f"- [ ] Add an alert for connection pool saturation above 80% _(ref: {ref})_\n"


@pytest.mark.parametrize(
    "ref",
    ["../../etc/passwd", "../secret.md", "/etc/passwd", "{outside}", "docs/link-out.md", "docs/../../secret.md"],
)
def test_refs_out_of_the_root_are_findings_and_never_read(
    tmp_path: Path, monkeypatch, capsys, outside: Path, ref: str
) -> None:
    root = tmp_path / "project"
    make_project(root, todo=_todo_with(ref.format(outside=outside)))
    (root / "docs" / "link-out.md").symlink_to(outside)
    with opened_files() as opened:
        run = lint(root, monkeypatch=monkeypatch, capsys=capsys)
    assert not [p for p in opened if p.startswith("/etc") or Path(p).name == "secret.md"], opened
    assert_lines_exist(run, root)
    if not has_rule("PM602"):
        pytest.skip("PM602 (todo-dangling-ref) is not in the catalog yet; only 'no crash, never read' checked")
    assert (5, "PM602") in codes(run, "TODO.md")


def test_symlinked_document_leading_out_is_not_read(tmp_path: Path, monkeypatch, capsys, outside: Path) -> None:
    root = tmp_path / "project"
    make_project(root)
    (root / "docs" / "incidents" / "2026-11-21-elsewhere.md").symlink_to(outside)
    with opened_files() as opened:
        run = lint(root, monkeypatch=monkeypatch, capsys=capsys)
    assert_lines_exist(run, root)  # and no crash
    assert not [p for p in opened if Path(p).name == "secret.md"], opened
    link = [f for f in run.findings if f["path"] == "docs/incidents/2026-11-21-elsewhere.md"]
    assert [(f["code"], f["line"]) for f in link] == [("PM001", 1)]
    assert "outside the project root" in link[0]["message"]


def test_named_directory_and_dangling_symlink(tmp_path: Path, monkeypatch, capsys) -> None:
    make_project(tmp_path)
    folder = tmp_path / "docs" / "incidents" / "2026-11-22-folder.md"
    folder.mkdir()
    dangling = tmp_path / "docs" / "incidents" / "2026-11-23-dangling.md"
    dangling.symlink_to(tmp_path / "nowhere" / "gone.md")

    run = lint(tmp_path, monkeypatch=monkeypatch, capsys=capsys)  # the globs meet both
    assert_lines_exist(run, tmp_path)

    # Named alone, the empty folder holds no post-mortem: a one-line error, not a clean pass.
    run = lint(tmp_path, str(folder.relative_to(tmp_path)), "--allow-empty", monkeypatch=monkeypatch, capsys=capsys)
    assert_lines_exist(run, tmp_path)
    assert main(["check", "--no-git", str(folder.relative_to(tmp_path))]) == 2
    assert capsys.readouterr().err.startswith("pmlint: error: no post-mortem found under docs/incidents/2026-11-22-folder.md")

    run = lint(tmp_path, str(dangling.relative_to(tmp_path)), monkeypatch=monkeypatch, capsys=capsys)
    assert run.code == 1
    assert [f["code"] for f in run.findings] == ["PM001"]
    assert run.findings[0]["line"] == 1


def test_fifo_named_on_the_command_line_does_not_block(tmp_path: Path, monkeypatch, capsys) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    make_project(tmp_path)
    os.mkfifo(tmp_path / "docs" / "incidents" / "2026-11-24-pipe.md")
    run = lint(tmp_path, "docs/incidents/2026-11-24-pipe.md", monkeypatch=monkeypatch, capsys=capsys)
    assert [(f["line"], f["code"]) for f in run.findings] == [(1, "PM001")]


# --- the installed program ----------------------------------------------------------------------------


def test_installed_pmlint_prints_no_traceback_on_bad_input(tmp_path: Path) -> None:
    """One subprocess run of the real console script over every kind of bad file at once."""
    script = shutil.which("pmlint", path=str(Path(sys.executable).parent)) or shutil.which("pmlint")
    if script is None:
        pytest.skip("the pmlint console script is not installed")
    root = make_project(tmp_path / "project", todo=_todo_with("../../etc/passwd") + "- [] broken _(ref: )_\n")
    write(root, {
        "docs/incidents/2026-11-21-binary.md": b"\x00\x01\x02\xff",
        "docs/incidents/2026-11-22-latin1.md": b"# Post-Mortem: caf\xe9\n",
        "docs/incidents/2026-11-23-empty.md": b"",
        "docs/incidents/2026-11-24-bom-crlf.md": b"\xef\xbb\xbf" + DEFECTIVE_DOC.replace("\n", "\r\n").encode(),
        "docs/incidents/2026-11-25-tables.md": BROKEN_TABLES,
    })
    (root / "docs" / "incidents" / "2026-11-26-dangling.md").symlink_to(root / "gone.md")
    result = subprocess.run(
        [script, "check", "--no-git", "--today", TODAY, "--select", all_codes(), "--format", "json"],
        cwd=root, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""
    findings = json.loads(result.stdout)
    run = Run(result.returncode, findings, result.stderr)
    assert_lines_exist(run, root)
    unreadable = {f["path"] for f in findings if f["code"] == "PM001"}
    assert {
        "docs/incidents/2026-11-21-binary.md",
        "docs/incidents/2026-11-22-latin1.md",
        "docs/incidents/2026-11-23-empty.md",
    } <= unreadable
