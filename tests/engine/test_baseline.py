"""`pmlint check --write-baseline` and `baseline = ...`: an archive's old findings recorded
per file and rule, new ones still reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

EXAMPLES = REPO / "examples"
DOC = "docs/incidents/2026-11-24-search-latency.md"
ARGS = ["--no-git", "--today", "2026-11-27"]



@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "p")
    return tmp_path / "p"


def recorded(project: Path) -> dict[tuple[str, str], int]:
    data = json.loads((project / "pmlint-baseline.json").read_text())
    return {(e["path"], e["code"]): e["count"] for e in data["findings"]}


def test_baseline_survives_edits_and_catches_new_findings(project: Path, run) -> None:
    code, out, _ = run("check", *ARGS, "--format", "json", cwd=project)
    assert code == 1
    before = len(json.loads(out))

    code, out, err = run("check", *ARGS, "--write-baseline", cwd=project)
    assert code == 0 and "0 errors, 0 warnings" in out
    assert f"recorded {before} findings in pmlint-baseline.json; set baseline = \"pmlint-baseline.json\" in pyproject.toml" in err
    counts = recorded(project)
    assert sum(counts.values()) == before and (DOC, "PM501") in counts
    data = json.loads((project / "pmlint-baseline.json").read_text())
    assert data["version"] == 2
    assert all(set(e) == {"path", "code", "count", "lines"} and sum(e["lines"].values()) == e["count"]
               for e in data["findings"])

    # The configuration now names the baseline, one line added under [tool.pmlint], every other byte kept.
    assert (project / "pyproject.toml").read_text() == (EXAMPLES / "pyproject.toml").read_text().replace(
        "[tool.pmlint]\n", '[tool.pmlint]\nbaseline = "pmlint-baseline.json"\n', 1)
    code, out, err = run("check", *ARGS, cwd=project)
    assert code == 0 and f"{before} findings baselined (pmlint-baseline.json)" in err

    # An edit elsewhere in a baselined file moves every line: the baseline still holds.
    doc = project / DOC
    text = doc.read_text()
    doc.write_text(text.replace("## Root Cause\n", "## Root Cause\n\nA new paragraph.\nAnd another line.\n\n", 1))
    code, out, err = run("check", *ARGS, cwd=project)
    assert code == 0, out

    # A new finding of a recorded rule in that file: only the new one is shown, on its line.
    doc.write_text(doc.read_text().replace("And another line.", "It was human error."))
    code, out, err = run("check", *ARGS, "--format", "json", cwd=project)
    shown = json.loads(out)
    new_line = doc.read_text().splitlines().index("It was human error.") + 1
    assert code == 1 and [(f["code"], f["line"]) for f in shown] == [("PM501", new_line)]
    assert f"{DOC}: PM501 findings the baseline does not record are shown" in err

    # Fixed findings are pruned by the next --write-baseline.
    doc.write_text(text)
    todo = project / "TODO.md"
    todo.write_text("# TODO\n")
    run("check", *ARGS, "--write-baseline", cwd=project)
    after = recorded(project)
    assert not [key for key in after if key[0] == "TODO.md"]
    assert after[(DOC, "PM501")] == counts[(DOC, "PM501")]


def test_write_baseline_on_one_file_keeps_the_others(project: Path, run) -> None:
    run("check", *ARGS, "--write-baseline", cwd=project)
    everything = recorded(project)
    run("check", *ARGS, "--write-baseline", "docs/incidents/2026-11-20-checkout-db-pool.md", cwd=project)
    assert recorded(project) == everything


def test_bad_baseline_is_one_line(project: Path, run) -> None:
    config = project / "pyproject.toml"
    config.write_text(config.read_text().replace('todo = "TODO.md"', 'todo = "TODO.md"\nbaseline = "base.json"'))
    code, _, err = run("check", *ARGS, cwd=project)
    assert code == 2 and err.strip() == "pmlint: error: baseline base.json: no such file; write it with `pmlint check --write-baseline`"
    (project / "base.json").write_text('{"version": 1, "findings": [{"path": "x.md", "code": "PM501"}]}')
    code, _, err = run("check", *ARGS, cwd=project)
    assert code == 2 and "findings[0] needs a path, a code and a positive count" in err and "Traceback" not in err


def test_a_baseline_is_checked_before_it_hides_anything(project: Path, run) -> None:
    config = project / "pyproject.toml"
    config.write_text(config.read_text().replace('todo = "TODO.md"', 'todo = "TODO.md"\nbaseline = "base.json"'))
    base = project / "base.json"
    base.write_text(json.dumps({"version": 1, "findings": [{"path": DOC, "code": "PM202", "count": True}]}))
    code, _, err = run("check", *ARGS, cwd=project)
    assert code == 2 and "findings[0] needs a path, a code and a positive count" in err  # true is not a count
    base.write_text('{"version": 99, "findings": []}')
    code, _, err = run("check", *ARGS, cwd=project)
    assert code == 2 and err.strip().startswith("pmlint: error: baseline base.json: version 99 is not one")
    base.unlink()
    base.symlink_to("/dev/zero")  # read whole, this was 931 MB and a MemoryError
    code, _, err = run("check", *ARGS, cwd=project)
    assert code == 2 and err.strip() == "pmlint: error: baseline base.json: not a regular file; not checked"


@pytest.mark.parametrize(("name", "before", "after"), [
    ("pyproject.toml", b'[project]\r\nname = "x"\r\n\r\n[tool.pmlint] # ours\r\npaths = ["docs/incidents/*.md"]\r\n\r\n[tool.pmlint.template]\r\nstatuses = ["Draft", "Final"]',
     b'[project]\r\nname = "x"\r\n\r\n[tool.pmlint] # ours\r\nbaseline = "pmlint-baseline.json"\r\npaths = ["docs/incidents/*.md"]\r\n\r\n[tool.pmlint.template]\r\nstatuses = ["Draft", "Final"]'),
    (".pmlint.toml", b'# pmlint\npaths = ["docs/incidents/*.md"]\n\n[template]\nstatuses = ["Draft", "Final"]\n',
     b'# pmlint\npaths = ["docs/incidents/*.md"]\nbaseline = "pmlint-baseline.json"\n\n[template]\nstatuses = ["Draft", "Final"]\n'),
    (".pmlint.toml", b'paths = ["docs/incidents/*.md"]', b'paths = ["docs/incidents/*.md"]\nbaseline = "pmlint-baseline.json"\n'),
    (".pmlint.toml", None, b'baseline = "pmlint-baseline.json"\n'),  # no configuration: one is made
])
def test_write_baseline_records_it_in_the_configuration_byte_for_byte(
    tmp_path: Path, run, name: str, before: bytes | None, after: bytes
) -> None:
    shutil.copytree(EXAMPLES / "docs", tmp_path / "docs")
    shutil.copy(EXAMPLES / "TODO.md", tmp_path / "TODO.md")
    (tmp_path / ".git").mkdir()  # the project root when there is no configuration
    if before is not None:
        (tmp_path / name).write_bytes(before)
    code, _, err = run("check", *ARGS, "--write-baseline", cwd=tmp_path)
    assert code == 0 and f'set baseline = "pmlint-baseline.json" in {name}' in err, err
    assert (tmp_path / name).read_bytes() == after
    code, _, err = run("check", *ARGS, cwd=tmp_path)  # the next run uses it without a hand edit
    assert code == 0 and "baselined (pmlint-baseline.json)" in err
    run("check", *ARGS, "--write-baseline", cwd=tmp_path)  # once recorded, never added twice
    assert (tmp_path / name).read_bytes() == after


def test_a_configuration_it_cannot_edit_safely_is_left_alone_with_a_hint(tmp_path: Path, run) -> None:
    shutil.copytree(EXAMPLES / "docs", tmp_path / "docs")
    shutil.copy(EXAMPLES / "TODO.md", tmp_path / "TODO.md")
    config = b'tool.pmlint.paths = ["docs/incidents/*.md"]\n'  # dotted keys, no [tool.pmlint] header
    (tmp_path / "pyproject.toml").write_bytes(config)
    code, _, err = run("check", *ARGS, "--write-baseline", cwd=tmp_path)
    assert code == 0 and 'add baseline = "pmlint-baseline.json" to [tool.pmlint] of pyproject.toml to use it' in err
    assert (tmp_path / "pyproject.toml").read_bytes() == config


TIMELINE_DOC = """# Post-Mortem: Queue stall

## Timeline

| Time | Event |
|---|---|
| 9am | queue stalls |
| 9.10 | alert fires |
| 9.20 | rollback started |
"""


def _timeline_project(tmp_path: Path) -> Path:
    folder = tmp_path / "docs" / "incidents"
    folder.mkdir(parents=True)
    (folder / "2026-11-02-queue.md").write_text(TIMELINE_DOC)
    (tmp_path / ".pmlint.toml").write_text('select = ["PM202"]\nbaseline = "pmlint-baseline.json"\n')
    return folder / "2026-11-02-queue.md"


def test_one_added_row_shows_one_finding(tmp_path: Path, run) -> None:
    doc = _timeline_project(tmp_path)
    code, _, err = run("check", *ARGS, "--write-baseline", cwd=tmp_path)
    assert code == 0 and "recorded 3 findings" in err
    doc.write_text(TIMELINE_DOC.replace("| 9.10 | alert fires |", "| 9.05 | first customer ticket |\n| 9.10 | alert fires |"))
    code, out, _ = run("check", *ARGS, "--format", "json", cwd=tmp_path)
    assert code == 1 and [(f["line"], f["message"][:11]) for f in json.loads(out)] == [(8, "Time '9.05'")]


def test_an_edited_line_falls_back_to_counts(tmp_path: Path, run) -> None:
    doc = _timeline_project(tmp_path)
    run("check", *ARGS, "--write-baseline", cwd=tmp_path)
    doc.write_text(TIMELINE_DOC.replace("| 9.10 | alert fires |", "| 9.10 | the alert fires |"))
    code, _, err = run("check", *ARGS, cwd=tmp_path)
    assert code == 0 and "3 findings baselined" in err


def test_a_version_1_baseline_still_reads(tmp_path: Path, run) -> None:
    doc = _timeline_project(tmp_path)
    (tmp_path / "pmlint-baseline.json").write_text(json.dumps(
        {"version": 1, "findings": [{"path": "docs/incidents/2026-11-02-queue.md", "code": "PM202", "count": 3}]}))
    code, _, err = run("check", *ARGS, cwd=tmp_path)
    assert code == 0 and "3 findings baselined" in err
    doc.write_text(TIMELINE_DOC + "| 9.30 | done |\n")
    code, out, _ = run("check", *ARGS, "--format", "json", cwd=tmp_path)
    assert code == 1 and len(json.loads(out)) == 4  # counts alone cannot tell which one is new
