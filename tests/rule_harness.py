"""Run one rule on an example project written to a temporary folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pmlint.catalog.rules import DEFAULT_EXAMPLE_PATH
from pmlint.checks.all import all_checks
from pmlint.checks.context import Context
from pmlint.checks.registry import Problem
from pmlint.config.load import validate
from pmlint.parse.document import parse_document
from pmlint.parse.todo_file import parse_todo
from pmlint.project.state import Project


def run_rule(
    code: str,
    root: Path,
    document: str | None = None,
    todo: str | None = None,
    config: dict | None = None,
    today: str = "2026-11-27",
    path: str = DEFAULT_EXAMPLE_PATH,
) -> list[Problem]:
    """The problems rule `code` finds in a project holding `document` at `path` and `todo`."""
    if document is not None:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(document, encoding="utf-8")
    if todo is not None:
        (root / "TODO.md").write_text(todo, encoding="utf-8")
    cfg = validate(config or {}, "example", "pmlint")
    context = Context(cfg, Project(root.resolve(), cfg), dt.date.fromisoformat(today))
    check = all_checks()[code]
    if check.target == "document":
        assert document is not None, f"{code} needs a document example"
        return list(check.function(parse_document(document, path, cfg.template.field_aliases), context))
    assert todo is not None, f"{code} needs a todo example"
    return list(check.function(parse_todo(todo, "TODO.md"), context))
