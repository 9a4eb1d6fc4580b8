"""Action items and a small project with overdue items, for `pmlint overdue` and its notify."""

from __future__ import annotations

import datetime as dt

from pmlint.items.model import ActionItem, item_id
from pmlint.parse.todo_file import TodoItem

D = dt.date.fromisoformat

DOC_A = "docs/incidents/2026-11-20-db-pool.md"


def item(
    action: str, due: str | None, *, done: bool = False, issue: int | None = None, owner: str = "@maria",
    doc: str = DOC_A, line: int = 9, tracked: bool = True,
) -> ActionItem:
    key = action.casefold()
    todo = TodoItem(1, done, action, key, doc, 1, issue) if tracked else None
    owners = tuple(part.strip().lstrip("@") for part in owner.split(",") if part.strip().startswith("@"))
    return ActionItem(
        item_id(doc, key), doc, line, action, key, owner, owners, "P1", D(due) if due else None, due or "",
        "Checkout outage", "SEV-2", todo,
    )


DOC_TEXT = """# Post-Mortem: Checkout outage

**Date:** 2026-11-20
**Severity:** SEV-2

## Action Items

| Action | Owner | Priority | Due |
|---|---|---|---|
| Add an alert for connection pool saturation above 80% | @maria | P1 | 2026-12-04 |
| Write runbook: database connection pool exhausted | @kenji | P2 | 2026-12-10 |
| Add a pool size field to the configuration template | @lee | P2 | 2027-01-15 |
"""


TODO_TEXT = f"""# TODO

- [ ] Add an alert for connection pool saturation above 80% _(ref: {DOC_A})_ #41
- [ ] Write runbook: database connection pool exhausted _(ref: {DOC_A})_
- [ ] Add a pool size field to the configuration template _(ref: {DOC_A})_ #43
"""
