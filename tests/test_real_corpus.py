"""Real, messy post-mortems (tests/fixtures/real/, sources in SOURCES.tsv) linted with every
rule through the CLI: no crash, exit 0 or 1, and every finding on a line of the file, at a
column inside that line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pmlint.cli import main
from pmlint.parse.document import parse_document
from pmlint.parse.markdown import split_lines
from tests.conftest import REPO, TODAY, all_codes

REAL = REPO / "tests" / "fixtures" / "real"
FILES = sorted(path.name for path in REAL.glob("*.md"))


def test_every_fixture_is_listed_in_sources() -> None:
    listed = {line.split("\t", 1)[0] for line in (REAL / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]}
    assert FILES and set(FILES) == listed  # one line per document in SOURCES.tsv


@pytest.mark.parametrize("name", FILES)
def test_real_post_mortem_lints_cleanly(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Inside a project as a user would keep it; the name is kept, so PM107 may speak.
    (tmp_path / "pyproject.toml").write_text("[tool.pmlint]\n")
    target = tmp_path / "docs" / "incidents" / name
    target.parent.mkdir(parents=True)
    shutil.copyfile(REAL / name, target)
    (tmp_path / "TODO.md").write_text("# TODO\n")

    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    args = ["--format", "json", "--no-git", "--today", TODAY, "--select", all_codes()]
    code = main(["check", *args, str(target.relative_to(tmp_path))])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert err == ""

    lines = split_lines((REAL / name).read_bytes().decode("utf-8").removeprefix("\ufeff"))
    findings = json.loads(out)
    for finding in findings:
        assert finding["path"] == f"docs/incidents/{name}", finding
        assert 1 <= finding["line"] <= len(lines), finding
        assert 1 <= finding["column"] <= len(lines[finding["line"] - 1]) + 1, finding
    # A real document is checked, not rejected as unreadable.
    assert "PM001" not in {f["code"] for f in findings}


@pytest.mark.parametrize("name", FILES)
def test_real_post_mortem_parses_with_exact_lines(name: str) -> None:
    text = (REAL / name).read_bytes().decode("utf-8").removeprefix("\ufeff")
    doc = parse_document(text, f"docs/incidents/{name}")
    assert doc.lines == split_lines(text)
    for prose in doc.prose:
        assert len(prose.text) == len(doc.lines[prose.line - 1])
    assert [s.line for s in doc.sections] == sorted({s.line for s in doc.sections})
