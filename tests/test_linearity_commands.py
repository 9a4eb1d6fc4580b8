"""Each command stays linear on a hostile document: the path its text takes (parser, checks,
the issue body, the overdue list, the scaffold) is measured on the document at N and 4N, in
CPU time (tests/growth.py), so a busy machine does not fail it.

The regexes are covered one by one in test_linearity.py; this covers the code around them
(a line of `>`, backtick runs of many lengths, a Time cell of markers, a long TODO ref).
A new command joins by adding its invocation to COMMANDS.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result, write
from tests.growth import FACTOR, MAX_RATIO, cpu_seconds

DOC = "docs/incidents/2026-11-20-hostile.md"
FLOOR = 0.5  # CPU seconds: a run of the larger document under this is fast whatever the ratio
SMALL = 500  # hostile units in the smaller document; the larger has FACTOR times as many


def hostile_document(n: int) -> str:
    runs = "".join("`" * (i % 7 + 1) + "x" for i in range(n))  # runs of many lengths, few close
    return "\n".join([
        "# Post-Mortem: Hostile " + "`" * n,
        "**Date:** 2026-11-20", "**Severity:** SEV-2", "**Duration:** 1 hour", "**Authors:** @maria",
        "**Status:** Draft", "",
        "## Timeline", "", "All times in UTC.", "", "| Time | Event |", "|---|---|",
        f"| {'*_' * n} | Alert fired |", f"| 14:00 | {'`' * n} deploy |", "",
        "## Root Cause", "", ">" * n, "", "> " * n, "", runs, "",
        "## Action Items", "", "| Action | Owner | Priority | Due |", "|---|---|---|---|",
        f"| Fix {runs} @bob | @maria | P1 | 2026-11-21 |",
        f"| Add {'`a' * n} | @maria | P1 | 2026-11-21 |", "",
    ]) + "\n"


def hostile_project(root: Path, n: int) -> None:
    todo = f"- [ ] Fix the thing _(ref: {'a/' * n}x.md)_\n- [ ] {'`' * n} _(ref: {DOC})_\n"
    log = "".join(f"2026-11-20T14:{i % 60:02d}:00Z ERROR {'`' * (i % 7 + 1)}x <!-- {'>' * (i % 5)}\n" for i in range(n))
    write(root, {DOC: hostile_document(n), "TODO.md": todo, ".pmlint.toml": "", "evidence.log": log})


COMMANDS: dict[str, list[str]] = {
    "check": ["check", "--no-git", "--today", "2026-12-01"],
    "sync": ["sync", "--dry-run", "--repo", "octo/hostile", "--format", "json"],
    "overdue": ["overdue", "--today", "2026-12-01", "--no-github"],
    "new": ["new", "Hostile " + "`a``" * 2000, "--severity", "SEV-1", "--date", "2026-11-20", "--dir", "drafts"],
    "timeline": ["timeline", "--doc", DOC, "--format", "json", "log=evidence.log"],
    "report": ["report", "--no-github", "--no-git", "--today", "2026-12-01", "--since", "2026-01-01", "--format", "json"],
}


def _work(run: Callable[..., Result], args: list[str], root: Path) -> float:
    """The least CPU time of three runs of `pmlint ARGS` (in this process) in `root`."""

    def once(_: object) -> None:
        if args[0] == "new":
            for made in (root / "drafts").glob("*.md"):
                made.unlink()
        result = run(*args, cwd=root)
        assert result.code in (0, 1), result.err

    return cpu_seconds(once, None, 3)


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_command_is_linear_on_a_hostile_document(
    command: str, tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"):
        monkeypatch.delenv(name, raising=False)
    args = COMMANDS[command]
    took = {}
    for n in (SMALL, FACTOR * SMALL):
        root = tmp_path / str(n)
        hostile_project(root, n)
        if command == "new":
            args = [*args[:1], "Hostile " + "`a``" * n, *args[2:]]
        took[n] = _work(run, args, root)
    assert took[FACTOR * SMALL] < FLOOR or took[FACTOR * SMALL] / took[SMALL] <= MAX_RATIO, took
