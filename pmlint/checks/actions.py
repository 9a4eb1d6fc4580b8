"""Action-item rules (PM301-PM309): the Action Items table of a post-mortem.

Rows come from `pmlint.parse.action_table.action_rows`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator

from pmlint.catalog.option_types import PM305Options
from pmlint.checks.context import Context
from pmlint.checks.document.placeholders import placeholder_at
from pmlint.checks.registry import Problem, check
from pmlint.config.calendar import add_business_days, check_calendar
from pmlint.config.schema import Config
from pmlint.parse.action_table import ActionRow, action_rows, action_section, action_table
from pmlint.parse.document import Document
from pmlint.parse.inline import handles, normalise_action, plain
from pmlint.parse.todo_file import task_line
from pmlint.parse.values import describe_date_problem, parse_iso_date
from pmlint.project.incident import incident_dates, past_business_days

# A word is a run of letters and digits; `-` and `_` join words of one name
# (`database-connection-pool-exhausted` is four words of meaning), an apostrophe does not.
WORD = re.compile(r"[^\W_]++(?:['’][^\W_]++)*+")
# What makes a short action concrete: it names an artifact someone can check. Each pattern
# is linear: no quantified part overlaps what follows it.
ARTIFACT_PATTERNS = (
    # A named artifact: "runbook: pool", "dashboard: checkout".
    r"\b(?:runbooks?|playbooks?|dashboards?|alerts?|docs?|adrs?|rfcs?|tickets?|issues?|scripts?|tests?)\s*+:",
    r"[\w.~-]/[\w.-]",  # a path (or a URL)
    # A file name (pool.yaml), matched from a name's first character only: a start inside
    # a long `a-a-a-...` run would scan the rest of the run again.
    r"(?<![\w.-])[\w-]++\.[A-Za-z][A-Za-z0-9]{0,5}\b(?![.\w])",
    r"(?<![\w&])#\d++\b",  # an issue reference
    r"\b[A-Z][A-Z0-9]{1,9}-\d++\b",  # a ticket: PROJ-1234
)
ARTIFACT = re.compile("|".join(ARTIFACT_PATTERNS[:-1]), re.IGNORECASE)
TICKET = re.compile(ARTIFACT_PATTERNS[-1])  # case matters: "ab-12" is no ticket
TABLE_HINT = "| Action | Owner | Priority | Due |"


def canonical_priority(value: str | None, priorities: list[str]) -> str | None:
    """The configured priority a cell names, or None.

    Case and emphasis markers are forgiven (`p1`, `**P1**` are P1): they cannot mean anything
    else, and the issue label and horizon use the configured spelling anyway.
    """
    if value is None:
        return None
    wanted = plain(value).casefold()
    for priority in priorities:
        if priority.casefold() == wanted:
            return priority
    return None


# A paragraph that answers for the actions: a link to where they are tracked, or none needed.
ACTIONS_IN_PROSE = re.compile(r"https?://|\]\(|\bno (?:immediate |further |follow[- ]?up |other )?action",
                              re.IGNORECASE)

RowCheck = Callable[[Document, Context, list[ActionRow]], Iterator[Problem]]


def _column_rows(column: str, title: str) -> Callable[[RowCheck], Callable[[Document, Context], Iterator[Problem]]]:
    """For a rule that reads one column of every row (PM302-PM304): a table without that
    column is one finding at the table header, not one per row; otherwise the rule gets the
    rows."""

    def wrap(row_check: RowCheck) -> Callable[[Document, Context], Iterator[Problem]]:
        @functools.wraps(row_check)
        def run(doc: Document, ctx: Context) -> Iterator[Problem]:
            rows = action_rows(doc, ctx.config.template)
            if rows and getattr(rows[0], column) is None:
                section = action_section(doc, ctx.config.template)
                table = action_table(section) if section else None
                line = table.line if table else rows[0].line
                yield Problem(line, 1, f"Action Items table has no {title} column; use {TABLE_HINT}")
                return
            yield from row_check(doc, ctx, rows)

        return run

    return wrap


@check("PM301")
def no_action_items(doc: Document, ctx: Context) -> Iterator[Problem]:
    """The Action Items section has no table with an Action column, or the table has no row.

    A missing section is PM104's finding, not this one.
    """
    section = action_section(doc, ctx.config.template)
    if section is None or action_rows(doc, ctx.config.template):
        return
    table = action_table(section)
    if table is not None:
        yield Problem(section.line, 1, f"Action Items table has no rows; add one row per action ({TABLE_HINT})")
    elif section.tables:
        yield Problem(section.line, 1, f"Action Items table has no Action column; use {TABLE_HINT}")
    elif section.items or section.headings or any(ACTIONS_IN_PROSE.search(doc.lines[p.line - 1])
                                                  for p in section.prose):
        return  # actions as a list, one sub-heading each, links to the issues that hold them, or "none needed"
    else:
        yield Problem(section.line, 1, f"Action Items has no table; add {TABLE_HINT} with one row per action")


@check("PM302")
@_column_rows("owner", "Owner")
def action_owner(doc: Document, ctx: Context, rows: list[ActionRow]) -> Iterator[Problem]:
    """An action's Owner cell is empty or holds no @handle (a GitHub login or @org/team)."""
    for row in rows:
        owner = (row.owner or "").strip()
        if not owner:
            message = "Owner is empty; name one @handle (GitHub login or @org/team)"
            yield Problem(row.line, row.columns["owner"], message)
        elif not handles(owner):
            yield Problem(
                row.line, row.columns["owner"], f"Owner {owner!r} holds no @handle; write a GitHub @login or @org/team"
            )


@check("PM303")
@_column_rows("due", "Due")
def action_due(doc: Document, ctx: Context, rows: list[ActionRow]) -> Iterator[Problem]:
    """An action's Due cell is empty or not an ISO date (YYYY-MM-DD)."""
    date = incident_dates(doc).date  # a relative Due ("next Friday") counts from the Date
    for row in rows:
        due = plain(row.due or "")
        if parse_iso_date(due) is None and not placeholder_at(doc, ctx, row.line, row.columns["due"]):
            yield Problem(row.line, row.columns["due"], f"Due {describe_date_problem(due, date)}")


@check("PM304")
@_column_rows("priority", "Priority")
def action_priority(doc: Document, ctx: Context, rows: list[ActionRow]) -> Iterator[Problem]:
    """An action's Priority is not one of the configured `priorities` (case-insensitive)."""
    priorities = ctx.config.template.priorities
    allowed = ", ".join(priorities)
    for row in rows:
        if canonical_priority(row.priority, priorities) is None:
            value = (row.priority or "").strip()
            if value:  # as PM401 names its deadlines: the setting that would make it valid
                message = f"Priority {value!r} is not one of {allowed}; write one, or add it to `priorities` " \
                          "in [tool.pmlint.template]"
            else:
                message = f"Priority is empty; write one of {allowed}"
            yield Problem(row.line, row.columns["priority"], message)


@functools.lru_cache(maxsize=8)
def _vague_openings(phrases: tuple[str, ...]) -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """One regex for every vague opening, matched against the normalised action text, and
    the phrases as configured (for messages) by their normalised form."""
    spelled = {normalise_action(phrase): phrase for phrase in phrases if phrase.strip()}
    if not spelled:
        return None, spelled
    keys = sorted(spelled, key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(key) for key in keys) + r")(?![^\W_])"), spelled


def names_artifact(action: str) -> bool:
    """The action names a concrete thing to check: a code span, a path or file, a ticket
    or issue, or a labelled artifact (`runbook: ...`). Such an action is short, not vague."""
    return "`" in action or bool(TICKET.search(action) or ARTIFACT.search(action))


@check("PM305")
def action_vague(doc: Document, ctx: Context) -> Iterator[Problem]:
    """An action has fewer than `min-words` words or opens with a vague verb or phrase.

    "Investigate the outage" cannot be finished or verified; "Add an alert for pool
    saturation above 80%" can.
    """
    options = ctx.options(PM305Options)
    pattern, spelled = _vague_openings(options.vague_openings)
    min_words = options.min_words
    for row in action_rows(doc, ctx.config.template):
        column = row.columns["action"]
        if not row.key:
            yield Problem(row.line, column, "action is empty; say what will be done")
            continue
        vague = pattern.match(row.key) if pattern is not None else None
        if vague is not None:
            phrase = spelled[vague.group(0)]
            message = f"action opens with the vague {phrase!r}; say what will be changed and how to verify it"
            yield Problem(row.line, column, message)
            continue
        words = len(WORD.findall(plain(row.action)))
        if words < min_words and not names_artifact(row.action):
            plural = "s" if words != 1 else ""
            message = f"action has {words} word{plural}; write at least {min_words} saying what will be done"
            yield Problem(row.line, column, message)


def _horizon_problem(due: dt.date, start: dt.date, priority: str, config: Config, since: str) -> str | None:
    horizon = config.action_horizon.get(priority)
    if horizon is None or horizon < 0:
        return None
    # Due is too late when it is at or after the first business day past the horizon: the
    # rule PM401 applies to the deadline.
    if not past_business_days(start, due, horizon, config.calendar):
        return None
    last = add_business_days(start, horizon, config.calendar)
    return (
        f"Due {due} is more than {horizon} business days after the {since} ({start}), "
        f"the {priority} horizon; set it on or before {last} or lower the priority"
    )


@check("PM306")
def action_due_range(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Due is before the incident Date, or beyond the priority's horizon in business days
    after the Meeting (else Date). Unreadable Due, Priority or Date are other rules' findings.

    Raises ValueError when the calendar names an unknown holiday country.
    """
    rows = action_rows(doc, ctx.config.template)
    if not rows:
        return
    # A bad calendar is a configuration error: raise it every time, not only when a row
    # happens to need a holiday lookup.
    check_calendar(ctx.config.calendar)
    date, _, start, since = incident_dates(doc)
    if date is None:
        return
    for row in rows:
        due = parse_iso_date(plain(row.due or ""))
        if due is None:
            continue
        column = row.columns["due"]
        if due < date:
            yield Problem(row.line, column, f"Due {due} is before the incident Date {date}")
            continue
        priority = canonical_priority(row.priority, ctx.config.template.priorities)
        if priority is None or start is None:
            continue
        message = _horizon_problem(due, start, priority, ctx.config, since)
        if message is not None:
            yield Problem(row.line, column, message)


@check("PM307")
def action_untracked(doc: Document, ctx: Context) -> Iterator[Problem]:
    """An action has no TODO.md task line with the same (normalised) text that refs this document."""
    # A placeholder action ("[A concrete change ...]") is PM105's; tracking it (or --fix
    # appending it to TODO.md) would only spread template text.
    rows = [
        row for row in action_rows(doc, ctx.config.template)
        if row.key and not placeholder_at(doc, ctx, row.line, row.columns["action"])
    ]
    if not rows:
        return
    todo_name = ctx.config.todo
    if ctx.project.todo() is None:
        reason = "was not found" if not ctx.project.todo_path.exists() else "cannot be read"
        for row in rows:
            yield Problem(row.line, row.columns["action"], f"action is not tracked: {todo_name} {reason}")
        return
    tracked = {item.key for item in ctx.project.todo_items_for(doc.path)}
    for row in rows:
        if row.key not in tracked:
            text = plain(row.action)
            yield Problem(
                row.line,
                row.columns["action"],
                f"action is not tracked in {todo_name}; add '{task_line(text, doc.path)}'",
            )


@check("PM309")
def action_duplicate(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Two action items of one document have the same normalised text."""
    first: dict[str, int] = {}
    for row in action_rows(doc, ctx.config.template):
        if not row.key:
            continue  # an empty action is PM305's finding
        if row.key in first:
            message = f"same action as line {first[row.key]}; merge or reword them"
            yield Problem(row.line, row.columns["action"], message)
        else:
            first[row.key] = row.line

# PM308 action-overdue is opt-in (`opt-in = true` in its TOML): a pull request should not
# fail because time passed, so `pmlint check` runs it only when selected by code or name;
# `pmlint overdue` is where the nightly run reports it. Here, TODO.md decides what is done:
# `check` never talks to GitHub, so a closed issue counts only once `pmlint sync
# --write-todo` checks the box.


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
