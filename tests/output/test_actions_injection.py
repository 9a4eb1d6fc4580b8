"""Inside GitHub Actions, nothing pmlint prints from a document or the configuration can act
as a workflow command: a lone CR, `::` at a line start and `##[` anywhere are escaped in
sync and overdue output, --notify's log lines, and error messages naming config keys."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CLEAN_DOC, DOC_PATH, Result, write

INJECTED = "Fix it\r::error title=pwned::owned ##[error]legacy"


@pytest.fixture
def actions(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")


def assert_inert(text: str) -> None:
    assert "\r" not in text
    assert "##[" not in text
    assert not [line for line in text.split("\n") if line.lstrip().startswith("::")], text


def hostile_project(root: Path) -> Path:
    doc = CLEAN_DOC.replace("Add an alert for connection pool saturation above 80%", INJECTED)
    return write(root, {DOC_PATH: doc, ".pmlint.toml": ""})


@pytest.mark.parametrize("output", ["text", "json"])
def test_sync_output_is_inert(output: str, tmp_path: Path, run: Callable[..., Result], actions: None) -> None:
    root = hostile_project(tmp_path)
    result = run("sync", "--dry-run", "--repo", "octo/inject", "--format", output, cwd=root)
    assert result.code == 0, result.err
    assert "pwned" in result.out  # shown, only escaped
    assert_inert(result.out)
    assert_inert(result.err)


@pytest.mark.parametrize("output", ["text", "json"])
def test_overdue_output_and_notify_log_are_inert(output: str, tmp_path: Path, run: Callable[..., Result], actions: None) -> None:
    root = hostile_project(tmp_path)
    result = run("overdue", "--today", "2026-12-30", "--format", output, "--notify", "--dry-run", "--repo", "octo/inject", cwd=root)
    assert result.code == 1, result.err
    assert "pwned" in result.out and "pwned" in result.err
    assert_inert(result.out)
    assert_inert(result.err)


def test_a_config_key_with_a_line_break_is_one_escaped_line(tmp_path: Path, run: Callable[..., Result], actions: None) -> None:
    write(tmp_path, {".pmlint.toml": '"bad\\n::error title=pwned::owned" = 1\n'})
    result = run("check", cwd=tmp_path)
    assert result.code == 2
    assert len(result.err.strip().split("\n")) == 1 and "unknown key" in result.err
    assert_inert(result.err)


def test_outside_actions_text_is_left_as_written(tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = hostile_project(tmp_path)
    result = run("sync", "--dry-run", "--repo", "octo/inject", "--format", "json", cwd=root)
    assert "##[error]legacy" in result.out
