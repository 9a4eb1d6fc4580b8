"""The incident sections of the Markdown report: the incident list, the exit-criteria
matrix, repeat incidents, contributing factors and the process as Git history tells it.

Rendered by `markdown.Renderer` (its `where`, `capped` and cell escaping), first on the
page: the list a facilitator walks through.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from pmlint.retro.figures import Figures
from pmlint.retro.incidents import Incident, Repeat, repeat_groups
from pmlint.retro.links import Links
from pmlint.retro.numbers import NONE, minutes

T = TypeVar("T")


class Renderer(Protocol):
    """What these sections need of `markdown.Renderer` (the page they are part of)."""

    f: Figures
    links: Links

    def where(self, path: str, line: int, repository: str = "") -> str: ...

    def capped(self, rows: Sequence[T]) -> tuple[Sequence[T], str]: ...

Cell = Callable[[str], str]
Table = Callable[[Sequence[str], Sequence[Sequence[str]], Sequence[int] | None], str]

PASS, FAIL = "✓", "✗"


def _repo(f: Figures, repository: str) -> list[str]:
    """The repository cell of a merged report (none for one repository)."""
    return [repository or NONE] if f.repositories else []


def _failed(r: Renderer, row: Incident, f: Figures, cell: Cell) -> str:
    names = {c.key: c.name for c in f.criteria}
    parts = []
    for key, found in row.failed.items():
        first = found[0]
        more = f" (+{len(found) - 1})" if len(found) > 1 else ""
        link = r.where(row.path, first.line, row.repository)
        parts.append(f"**{cell(names.get(key, key))}**: {first.code} {cell(first.message)} ({link}){more}")
    return "<br>".join(parts) or PASS


def history_note(f: Figures) -> str:
    if f.history == "shallow":
        return ("_This is a shallow clone: commits before its boundary are not known, so first commits and "
                "changes after the review are counted from there (fetch with `fetch-depth: 0`)._\n\n")
    if f.history == "not read":
        return "_Git history was not read (no repository, or `--no-git`)._\n\n"
    return ""


def sections(r: Renderer, cell: Cell, table: Table) -> str:
    """The sections, written with markdown's `cell` escaping and `table` (passed in: this
    module is a part of markdown's page, not a layer below it)."""
    f = r.f
    if not f.incidents:
        return "## Incidents\n\nNo incident in the window.\n\n"
    repo_head = ["Repository"] if f.repositories else []
    rows, more = r.capped(f.incidents)
    listing = table(
        [*repo_head, "Incident", "Severity", "Status", "Date", "Duration", "To post-mortem (business days)",
         "Open actions", "Overdue", "Failed exit criteria"],
        [[*_repo(f, i.repository), f"[{cell(i.title)}]({url})" if (url := r.links.document(i.path, i.line,
                                                                                             i.repository))
          else f"{cell(i.title)} ({cell(i.path)})",
          cell(i.severity), cell(i.status or NONE), i.date.isoformat(), minutes(i.duration),
          NONE if i.to_postmortem is None else str(i.to_postmortem), str(i.open_actions), str(i.overdue_actions),
          _failed(r, i, f, cell)] for i in rows],
        [len(repo_head) + n for n in (5, 6, 7)],
    )
    matrix = table(
        [*repo_head, "Incident", *(cell(c.name) for c in f.criteria)],
        [[*_repo(f, i.repository), cell(i.title), *(FAIL if c.key in i.failed else PASS for c in f.criteria)]
         for i in rows],
        [],
    )
    out = (f"## Incidents ({len(f.incidents)})\n\nNewest first. Failed exit criteria: the first error finding "
           "that says why (`pmlint check` lists them all).\n\n" + listing + more + "\n"
           + "### Exit criteria\n\n" + f"{FAIL}: fails the criterion; {PASS}: meets it.\n\n" + matrix + more + "\n")
    return out + _repeats(r, cell, table) + _factors(r, cell, table) + _process(r, cell, table)


def _repeats(r: Renderer, cell: Cell, table: Table) -> str:
    f = r.f
    if not f.repeats:
        return ""
    def earlier(group: list[Repeat]) -> str:
        first, late = group[0], sum(1 for e in group if e.overdue_then)
        where = r.where(first.earlier_path, first.action_line, first.earlier_repository)
        return (f"{cell(first.earlier_title)} ({first.earlier_date}): {len(group)} open"
                + (f", {late} overdue then" if late else "") + f", e.g. {cell(first.action)} ({where})")

    rows, more = r.capped(repeat_groups(f.repeats))
    body = table(
        ["Incident", "Service", "Earlier incidents and their actions still open", "Open actions"],
        [[f"{cell(g[0][0].title)} ({g[0][0].date})",
          cell(", ".join(dict.fromkeys(e.service for x in g for e in x))),
          "<br>".join(earlier(x) for x in g), str(sum(len(x) for x in g))] for g in rows],
        [3],
    )
    count = len(repeat_groups(f.repeats))
    return (f"### Repeat incidents ({count})\n\nIncidents that happened while an action item from an "
            "earlier incident on the same service was still open.\n\n" + body + more + "\n")


def _factors(r: Renderer, cell: Cell, table: Table) -> str:
    f = r.f
    if not f.factor_tags:
        return ""
    per_quarter = table(["Quarter", *(cell(c) for c in f.factor_categories)],
                        [[row.quarter, *(str(n) for n in row.counts)] for row in f.factor_rows], None)
    tags = table(["Tag", "Incidents"], [[cell(tag), str(n)] for tag, n in f.factor_tags], None)
    return "### Contributing factors\n\nIncidents per quarter by category.\n\n" + per_quarter + "\n" + tags + "\n"


def _process(r: Renderer, cell: Cell, table: Table) -> str:
    f = r.f
    timed = [i for i in f.incidents if i.history is not None]
    out = "### Process (from Git history)\n\n" + history_note(f)
    if timed:
        shown, more = r.capped(timed)
        out += table(
            ["Incident", "Date", "First commit (days after)", "Final (days after)"],
            [[cell(i.title), i.date.isoformat(), _after(i, "first"), _after(i, "final")] for i in shown],
            [],
        ) + more + "\n"
    if f.changes:
        changed, more = r.capped(f.changes)
        out += f"#### Changed after the review ({len(f.changes)})\n\n" + table(
            ["Incident", "Change", "Action", "Now", "Days moved", "On"],
            [[cell(c.title), c.kind, cell(c.action), cell(c.after or NONE), NONE if c.days is None else f"{c.days:+d}",
              c.on.isoformat()] for c in changed],
            [4],
        ) + more + "\n"
    return out


def _after(row: Incident, which: str) -> str:
    assert row.history is not None
    day = row.history.first_commit if which == "first" else row.history.final_commit
    if day is None:
        return NONE
    return f"{day} ({(day - row.date).days})"
