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
    assert f"recorded {before} findings in pmlint-baseline.json; add baseline = " in err
    counts = recorded(project)
    assert sum(counts.values()) == before and (DOC, "PM501") in counts
    assert all(set(e) == {"path", "code", "count"} for e in json.loads((project / "pmlint-baseline.json").read_text())["findings"])

    config = project / "pyproject.toml"
    config.write_text(config.read_text().replace('todo = "TODO.md"', 'todo = "TODO.md"\nbaseline = "pmlint-baseline.json"'))
    code, out, err = run("check", *ARGS, cwd=project)
    assert code == 0 and f"{before} findings baselined (pmlint-baseline.json)" in err

    # An edit elsewhere in a baselined file moves every line: the baseline still holds.
    doc = project / DOC
    text = doc.read_text()
    doc.write_text(text.replace("## Root Cause\n", "## Root Cause\n\nA new paragraph.\nAnd another line.\n\n", 1))
    code, out, err = run("check", *ARGS, cwd=project)
    assert code == 0, out

    # A new finding of a recorded rule in that file: the file's findings of that rule are shown.
    doc.write_text(doc.read_text().replace("And another line.", "It was human error."))
    code, out, err = run("check", *ARGS, "--format", "json", cwd=project)
    shown = json.loads(out)
    assert code == 1 and {f["code"] for f in shown} == {"PM501"} and len(shown) == counts[(DOC, "PM501")] + 1
    assert f"{DOC}: more PM501 findings than the baseline records" in err

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
