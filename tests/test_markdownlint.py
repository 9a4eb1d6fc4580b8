"""Good neighbours: the Markdown pmlint writes passes markdownlint-cli2's default rules, so a
team that already runs markdownlint does not have to fight pmlint.

The template and `pmlint new`'s document pass every default rule. The lines `--fix` appends
to TODO.md and the rows `timeline --into` merges pass every rule but MD013 (80 columns) on
a line holding one TODO item or one table row: neither can be wrapped without changing what
it is (a TODO item is one line with its ref; a table row is one line in Markdown).

markdownlint-cli2 comes from npm: .ci/run installs it into .ci/node/; else the test installs
it into a temporary folder (skipped only when there is no npm)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, Result, write

pytestmark = pytest.mark.slow

VERSION = "0.22.1"  # the version .ci/run installs
FINDING = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+)(?::\d+)? (?:error )?(?P<rule>MD\d+)/\S+ (?P<text>.*)$")


@pytest.fixture(scope="module")
def markdownlint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    installed = REPO / ".ci" / "node" / "node_modules" / ".bin" / "markdownlint-cli2"
    if installed.exists():
        return installed
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("markdownlint-cli2 needs npm (.ci/run installs it into .ci/node/)")
    folder = tmp_path_factory.mktemp("markdownlint")
    done = subprocess.run([npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(folder),
                           f"markdownlint-cli2@{VERSION}"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    return folder / "node_modules" / ".bin" / "markdownlint-cli2"


def lint(markdownlint: Path, root: Path, *files: str) -> list[tuple[str, int, str]]:
    """markdownlint-cli2's findings with its default rules (no configuration file in `root`)."""
    assert not list(root.glob(".markdownlint*"))
    done = subprocess.run([str(markdownlint), *files], cwd=root, capture_output=True, text=True)
    found = [m for line in (done.stdout + done.stderr).splitlines() if (m := FINDING.match(line))]
    assert done.returncode in (0, 1) and (done.returncode == 1) == bool(found), done.stdout + done.stderr
    return [(m["path"], int(m["line"]), m["rule"] + " " + m["text"]) for m in found]


def test_the_template_and_pmlint_new_pass_every_default_rule(markdownlint: Path, tmp_path: Path,
                                                              run: Callable[..., Result]) -> None:
    shutil.copy(REPO / "rules" / "template.md", tmp_path / "template.md")
    made = run("new", "Checkout outage", "--severity", "SEV-2", "--date", "2026-11-20", cwd=tmp_path)
    assert made.code == 0, made.err
    assert lint(markdownlint, tmp_path, "template.md", made.out.strip()) == []


def test_the_lint_finds_what_the_defaults_forbid(markdownlint: Path, tmp_path: Path) -> None:
    """The call above can fail: a tight delimiter row under compact rows and a long line."""
    write(tmp_path, {"bad.md": "# T\n\n| Time | Event |\n|---|---|\n| 14:00 | Deploy |\n\n" + " ".join(["word"] * 30) + "\n"})
    assert {rule.split()[0] for _, _, rule in lint(markdownlint, tmp_path, "bad.md")} == {"MD013", "MD060"}


def _one_item_or_row(text: str) -> bool:
    return bool(re.match(r"\s*[-*+] \[[ xX]\] .*_\(ref: ", text) or (text.startswith("| ") and text.endswith(" |")))


def test_fix_and_timeline_into_write_lines_markdownlint_accepts(markdownlint: Path, tmp_path: Path,
                                                                 run: Callable[..., Result]) -> None:
    made = run("new", "Checkout outage", "--severity", "SEV-2", "--date", "2026-11-20", cwd=tmp_path)
    doc = tmp_path / made.out.strip()
    text = doc.read_text(encoding="utf-8")
    text = text.replace("| [A concrete change someone can verify is done] | @person | P1 | YYYY-MM-DD |",
                        "| Alert on connection pool use | @maria | P1 | 2026-11-27 |\n"
                        "| Cap the pool size of every checkout pod in its chart | @kenji | P2 | 2026-12-04 |")
    text = text.replace("| HH:MM | [Service restored] |", "| 14:55 | Service restored |")
    doc.write_text(text, encoding="utf-8")
    fixed = run("check", "--fix", "--no-git", "--today", "2026-11-21", "--select", "PM307", cwd=tmp_path)
    assert "TODO.md" in fixed.out + fixed.err, fixed
    write(tmp_path, {"app.log": "2026-11-20 14:20:00 ERROR checkout.db: timeout after 30s waiting for a connection\n"
                                "2026-11-20 14:31:00 ERROR disk full\n"})
    merged = run("timeline", "--doc", made.out.strip(), "app.log", "--into", made.out.strip(), cwd=tmp_path)
    assert merged.code == 0 and "added 2 rows" in merged.err, merged.err
    lines = {name: (tmp_path / name).read_text(encoding="utf-8").splitlines() for name in ("TODO.md", made.out.strip())}
    found = lint(markdownlint, tmp_path, "TODO.md", made.out.strip())
    rest = [(path, line, rule) for path, line, rule in found
            if not (rule.startswith("MD013 ") and _one_item_or_row(lines[path][line - 1]))]
    assert rest == []
    assert any(line.startswith("| 14:20 | ERROR checkout.db") for line in lines[made.out.strip()])
