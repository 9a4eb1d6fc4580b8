"""A project with N action items for `pmlint sync` against the GitHub double, and the token the
double expects (never to be printed)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # conftest imports this module for TOKEN
    from tests.conftest import Result

TOKEN = "ghp_CANARYtokenDoNotLeak0123456789abcdef"


DOC = "docs/incidents/2026-11-20-db-pool.md"


def make_project(root: Path, n: int, done: tuple[int, ...] = (), owners: tuple[str, ...] = ("alice",), config: str = "") -> None:
    rows, todo = [], ["# TODO", ""]
    for i in range(n):
        rows.append(f"| Add alert number {i} for the pool | @{owners[i % len(owners)]} | P{1 + i % 3} | 2026-12-{1 + i % 28:02d} |")
        todo.append(f"- [{'x' if i in done else ' '}] Add alert number {i} for the pool _(ref: {DOC})_")
    doc = [
        "# Post-Mortem: DB pool exhausted", "**Date:** 2026-11-20", "**Severity:** SEV-2", "",
        "## Action Items", "", "| Action | Owner | Priority | Due |", "|---|---|---|---|", *rows, "",
    ]
    (root / "docs/incidents").mkdir(parents=True, exist_ok=True)
    (root / DOC).write_text("\n".join(doc))
    (root / "TODO.md").write_text("\n".join(todo) + "\n")
    (root / ".pmlint.toml").write_text(config)


def sync(run: Callable[..., Result], root: Path, *args: str) -> Result:
    result = run("sync", *args, cwd=root)
    assert TOKEN not in result.out + result.err
    return result
