"""The Mermaid blocks of `pmlint report --format markdown`, parsed by Mermaid itself.

tests/js/ pins `mermaid` and `jsdom` (package-lock.json); `npm ci` installs them once into
a cache folder (XDG_CACHE_HOME, else ~/.cache, under pmlint-tests/) named by the lock's
hash, and tests/js/check_mermaid.mjs runs `mermaid.parse` on every block. Mermaid's CLI
would download its own Chromium, which CI cannot reach; the parser is what decides whether
GitHub can draw a block.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, write
from tests.report_project import TODAY, document, make_project

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("npm") is None, reason="Node.js/npm not installed")]
JS = REPO / "tests" / "js"


@pytest.fixture(scope="session")
def checker() -> Path:
    """A folder holding check_mermaid.mjs with its pinned packages installed."""
    lock = (JS / "package-lock.json").read_bytes()
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pmlint-tests"
    folder = cache / f"mermaid-{hashlib.sha256(lock).hexdigest()[:16]}"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json", "check_mermaid.mjs"):
        shutil.copyfile(JS / name, folder / name)
    if not (folder / "node_modules" / "mermaid").is_dir():
        done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=folder,
                              capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 0, f"npm ci failed:\n{done.stderr[-2000:]}"
    return folder


def parse(checker: Path, markdown: str, tmp_path: Path) -> tuple[int, list[dict]]:
    source = tmp_path / "report.md"
    source.write_text(markdown, encoding="utf-8")
    done = subprocess.run(["node", "check_mermaid.mjs", str(source)], cwd=checker, capture_output=True, text=True,
                          timeout=120, check=False)
    return done.returncode, [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def test_every_mermaid_block_parses(checker: Path, tmp_path: Path, run) -> None:
    root = make_project(tmp_path / "project")
    # A severity written with quotes and brackets must not break a chart's labels.
    write(root, {"docs/incidents/2026-11-02-odd.md": document(
        'Odd', "2026-11-02", 'Sev "X" [1]: high', "10 minutes", "Draft", "2026-11-03",
        ['| Check the "odd" [x] severity: field | @omar | P2 | 2026-11-20 |'])})
    result = run("report", "--today", TODAY, "--since", "2026-07-01", cwd=root)
    assert result.code == 0, result.err
    code, blocks = parse(checker, result.out, tmp_path)
    assert code == 0, [b for b in blocks if not b["ok"]]
    assert [b["type"] for b in blocks] == ["pie", "pie", "xychart", "xychart", "xychart", "xychart"]


def test_an_empty_project_still_parses(checker: Path, tmp_path: Path, run) -> None:
    (tmp_path / "project").mkdir()
    result = run("report", "--today", TODAY, cwd=tmp_path / "project")
    code, blocks = parse(checker, result.out, tmp_path)
    # No chart at all: no pie of nothing, no axes without a period (periods start at the first incident).
    assert code == 0 and blocks == []
    assert "No incident in the window." in result.out


def test_the_checker_rejects_a_broken_block(checker: Path, tmp_path: Path) -> None:
    broken = '```mermaid\nxychart-beta\n    x-axis ["a", "b]\n    bar [1, 2]\n```\n'
    code, blocks = parse(checker, broken, tmp_path)
    assert code == 1 and [b["ok"] for b in blocks] == [False]
