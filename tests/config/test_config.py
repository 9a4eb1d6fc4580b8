"""Configuration discovery and validation: bad config is one line, exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write

BAD_CONFIGS = [
    ("[tool.pmlint]\nfail-onn = 'error'\n", "pyproject.toml: tool.pmlint.fail-onn: unknown key"),
    ("[tool.pmlint]\nfail-on = 'sometimes'\n", "pyproject.toml: tool.pmlint.fail-on: input should be 'error', 'warning' or 'never', got 'sometimes'"),
    ("[tool.pmlint]\nmax-file-size = 'big'\n", "pyproject.toml: tool.pmlint.max-file-size: input should be a valid integer"),
    ("[tool.pmlint.template]\nseverities = 'SEV-1'\n", "pyproject.toml: tool.pmlint.template.severities: input should be a valid list, got 'SEV-1'"),
    ("[tool.pmlint.template]\nroot-cause-min-words = -1\n", "pyproject.toml: tool.pmlint.template: root-cause-min-words must be at least 0"),
    ("[tool.pmlint]\nlevels = { PM305 = 'loud' }\n", "pyproject.toml: tool.pmlint.levels.PM305: input should be 'error', 'warning', 'info' or 'off', got 'loud'"),
    ("[tool.pmlint\n", "pyproject.toml: invalid TOML: "),
    ("[tool.pmlint]\npaths = ['/etc/*']\n", "pyproject.toml: tool.pmlint: paths '/etc/*' must be a relative path inside the project root"),
    ("[tool.pmlint]\ntodo = '../TODO.md'\n", "pyproject.toml: tool.pmlint: todo '../TODO.md' must be a relative path inside the project root"),
    (b"[tool.pmlint]\nfail-on = '\xff'\n", "pyproject.toml: not UTF-8 text"),
    ("[tool.pmlint]\ncalendar = ['US']\n", "pyproject.toml: tool.pmlint.calendar: expected a table, got ['US']"),
    ("[tool.pmlint.template]\ntimeline = 3\n", "pyproject.toml: tool.pmlint.template.timeline: expected a table, got 3"),
    ("[tool.pmlint.calendar]\ncontry = 'US'\n", "pyproject.toml: tool.pmlint.calendar.contry: unknown key (did you mean country?)"),
    ("[tool.pmlint.github]\nmax-writes = -1\n", "pyproject.toml: tool.pmlint.github: max-writes must be at least 0"),
]


@pytest.mark.parametrize(("text", "expected"), BAD_CONFIGS, ids=[e.split(":")[1].strip() + str(n) for n, (_, e) in enumerate(BAD_CONFIGS)])
def test_bad_config_is_one_line_exit_2(run, tmp_path: Path, text: str | bytes, expected: str) -> None:
    write(tmp_path, {"pyproject.toml": text})
    result = run("check", cwd=tmp_path)
    assert result.code == 2
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err
    assert expected in lines[0]
    assert lines[0].startswith("pmlint: error: ")


def test_unknown_rules_in_config_are_pm902_findings_not_exit_2(run, tmp_path: Path) -> None:
    # Unknown rules in the configuration are PM902 findings at their line, and the known
    # selectors still apply; see tests/engine/test_suppress.py for more.
    write(tmp_path, {"pyproject.toml": "[tool.pmlint]\nselect = ['PMX', 'PM101']\nlevels = { PM999 = 'error' }\n"})
    result = run("check", "--format", "json", cwd=tmp_path)
    # No post-mortem here: only the warning that the configured paths match none.
    assert result.code == 1 and "error" not in result.err and "match no post-mortem document" in result.err
    found = [(i["path"], i["line"], i["code"]) for i in json.loads(result.out)]
    assert found == [("pyproject.toml", 2, "PM902"), ("pyproject.toml", 3, "PM902")]


def test_bad_config_no_traceback_from_the_installed_command(tmp_path: Path) -> None:
    write(tmp_path, {".pmlint.toml": "paths = []\n"})
    done = subprocess.run([sys.executable, "-m", "pmlint", "check"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip() == "pmlint: error: " + str(tmp_path / ".pmlint.toml") + ": pmlint: paths must hold at least one glob"


def test_config_found_upward_and_root_is_its_folder(run, tmp_path: Path) -> None:
    write(tmp_path, {
        "pyproject.toml": "[tool.pmlint]\npaths = ['postmortems/*.md']\nselect = ['PM101']\n",
        "postmortems/2026-11-20-x.md": "# Not a post-mortem title\n",
        "docs/incidents/2026-11-20-y.md": "# Also not\n",
    })
    result = run("check", "--format", "json", cwd=tmp_path / "postmortems")
    assert '"path": "2026-11-20-x.md"' in result.out and "2026-11-20-y.md" not in result.out


def test_pmlint_toml_wins_over_pyproject_in_the_same_folder(run, tmp_path: Path) -> None:
    write(tmp_path, {
        "pyproject.toml": "[tool.pmlint]\nselect = ['PM101']\n",
        ".pmlint.toml": "select = ['PM102']\n",
        "docs/incidents/2026-11-20-x.md": "# Not a post-mortem title\n\n**Date:** 2026-11-20\n",
    })
    result = run("check", "--format", "json", cwd=tmp_path)
    assert '"PM101"' not in result.out and '"PM102"' in result.out


def test_pyproject_without_pmlint_table_is_skipped(run, tmp_path: Path) -> None:
    write(tmp_path, {
        ".pmlint.toml": "select = ['PM101']\n",
        "sub/pyproject.toml": "[project]\nname = 'x'\n",
        "docs/incidents/2026-11-20-x.md": "# Wrong\n",
    })
    result = run("check", "--format", "json", cwd=tmp_path / "sub")
    assert '"PM101"' in result.out


def test_explicit_config_sets_the_root(run, tmp_path: Path) -> None:
    write(tmp_path, {
        "site/.pmlint.toml": "select = ['PM101']\n",
        "site/docs/incidents/2026-11-20-x.md": "# Wrong\n",
    })
    result = run("check", "--config", "site/.pmlint.toml", "--format", "json", cwd=tmp_path)
    assert '"path": "site/docs/incidents/2026-11-20-x.md"' in result.out


def test_unknown_holiday_country_is_a_config_error(run, clean_project: Path) -> None:
    write(clean_project, {"pyproject.toml": "[tool.pmlint.calendar]\ncountry = 'XX'\n"})
    result = run("check", cwd=clean_project)
    assert result.code == 2
    assert result.err.startswith("pmlint: error: " + str(clean_project / "pyproject.toml") + ": calendar.country: 'XX'")
