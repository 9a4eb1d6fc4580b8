"""Configured `paths` that match no document never pass silently: every surface says so
(stderr, a `::warning` annotation, the step summary, a `documents` step output)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CLEAN_DOC, write

WARNING = "the configured paths (docs/incidents/*.md) match no post-mortem document"


@pytest.fixture
def misplaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A team whose post-mortems sit in postmortems/, with the default `paths`."""
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "PMLINT_TODAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/ops")
    return write(tmp_path, {"postmortems/2026-11-20-checkout-pool.md": CLEAN_DOC, "TODO.md": "# TODO\n",
                            ".pmlint.toml": ""})


def test_check_warns_on_stderr(run, misplaced: Path) -> None:
    result = run("check", cwd=misplaced)
    assert result.code == 0
    assert f"pmlint: warning: {WARNING}; set `paths` in the configuration" in result.err


def test_check_in_actions_warns_in_the_annotation_summary_and_outputs(
    run, misplaced: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary, outputs = misplaced / "summary.md", misplaced / "outputs.txt"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    result = run("check", "--format", "github", cwd=misplaced)
    assert result.code == 2  # in CI, a gate that lints nothing fails
    assert result.err.splitlines()[-1] == f"pmlint: error: {WARNING}; pass --allow-empty if that is intended"
    assert f"::warning title=pmlint paths::{WARNING}" in result.out
    assert "docs/incidents/\\*.md) match no post-mortem document" in summary.read_text()
    assert "documents=0\n" in outputs.read_text()
    assert run("check", "--format", "github", "--allow-empty", cwd=misplaced).code == 0


def test_any_ci_makes_an_empty_check_an_error(run, misplaced: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    result = run("check", cwd=misplaced)
    assert result.code == 2 and "(docs/incidents/*.md) match no post-mortem document" in result.err
    monkeypatch.setenv("CI", "false")
    assert run("check", cwd=misplaced).code == 0


def test_documents_output_counts_the_documents_checked(run, clean_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outputs = clean_project / "outputs.txt"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    result = run("check", "--format", "github", "--today", "2026-11-27", cwd=clean_project)
    assert "documents=1\n" in outputs.read_text() and "::warning title=pmlint paths" not in result.out


@pytest.mark.parametrize("command", [("overdue",), ("sync", "--dry-run")])
def test_sync_and_overdue_warn_too(run, misplaced: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]) -> None:
    summary, outputs = misplaced / "summary.md", misplaced / "outputs.txt"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))
    result = run(*command, cwd=misplaced)
    assert f"pmlint: warning: {WARNING}" in result.err
    assert "match no post-mortem document" in summary.read_text()
    assert "documents=0\n" in outputs.read_text()
