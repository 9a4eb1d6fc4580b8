"""`pmlint server` over stdio, driven by pytest-lsp's client: diagnostics."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.server.conftest import open_file
from tests.server.project import DOC, TODAY


def check_json(root: Path, *paths: str) -> list[dict[str, object]]:
    out = subprocess.run([sys.executable, "-m", "pmlint", "check", "--format", "json", "--today", TODAY, *paths],
                         cwd=root, capture_output=True, text=True, check=False)
    findings: list[dict[str, object]] = json.loads(out.stdout)
    return findings


@pytest.mark.asyncio
async def test_open_publishes_what_check_reports(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    found = await open_file(client, root / DOC)
    expected = check_json(root, DOC)
    assert sorted((d.code, d.range.start.line + 1) for d in found) == sorted(
        (f["code"], f["line"]) for f in expected)
    untracked = next(d for d in found if d.code == "PM307")
    assert untracked.code_description is not None
    assert untracked.code_description.href.endswith("docs/rules/PM307.md")
    assert "(action-untracked)" in untracked.message
    assert untracked.severity == types.DiagnosticSeverity.Error
