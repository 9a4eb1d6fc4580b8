"""PM308 action-overdue: an action item whose Due is before today and that is not done.

Opt-in (rules/PM308.toml `opt-in = true`): a pull request should not fail because time
passed, so `pmlint check` runs it only when selected by code or name; `pmlint overdue` is
where the nightly run reports it. Here, TODO.md decides what is done: `check` never talks to
GitHub, so a closed issue counts only once `pmlint sync --write-todo` checks the box.
"""

from __future__ import annotations

from collections.abc import Iterator

from pmlint.checks.context import Context
from pmlint.checks.registry import Problem, check
from pmlint.config.calendar import check_calendar
from pmlint.parse.action_table import action_rows
from pmlint.parse.document import Document


def business_days(days: int) -> str:
    return f"{days} business day{'' if days == 1 else 's'}"


@check("PM308")
def action_overdue(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Each action whose Due is a valid date before today and whose TODO.md box is not
    checked, at its Due cell, with the business days it is overdue (calendar as PM401).

    Raises ValueError when the calendar names an unknown holiday country.
    """
    rows = action_rows(doc, ctx.config.template)
    if not rows:
        return
    # Imported here: PM308 is opt-in, and a commit-time run should not pay for the item model.
    from pmlint.items.due import days_overdue, is_overdue
    from pmlint.items.model import items_of

    check_calendar(ctx.config.calendar)  # a bad calendar is a configuration error, always
    columns = {row.line: row.columns.get("due", 1) for row in rows}
    for item in items_of(doc, ctx.project):
        if not is_overdue(item, ctx.today):
            continue
        assert item.due is not None
        days = days_overdue(item.due, ctx.today, ctx.config.calendar)
        where = "check its TODO.md box" if item.todo is not None else "track it in TODO.md and check the box"
        yield Problem(
            item.line,
            columns.get(item.line, 1),
            f"Action was due {item.due.isoformat()} ({business_days(days)} overdue) and is not done; "
            f"finish it and {where}, or move Due",
        )
