"""`pmlint overdue` reports: a text table, a JSON array, GitHub workflow
annotations, and the Markdown digest for `$GITHUB_STEP_SUMMARY`, grouped by owner.

Pure functions of the overdue entries; the command decides where the text goes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pmlint.items.due import Overdue

if TYPE_CHECKING:
    from pmlint.catalog.rules import Level
    from pmlint.engine.findings import Finding, Report
    from pmlint.nightly import OverdueRun

FORMATS = ("text", "json", "github", "sarif", "junit")
ACTION_WIDTH = 60  # the text table cuts longer actions; JSON and the digest keep them whole


@dataclass(frozen=True, slots=True)
class Shown:
    """One overdue entry and the path the user reads (relative to the current directory)."""

    entry: Overdue
    path: str


def _days(days: int) -> str:
    return f"{days} business day{'' if days == 1 else 's'}"


NO_VALID_DUE = "no valid Due"


def message(entry: Overdue) -> str:
    """One line: what is overdue, since when, and what to do."""
    item = entry.item
    issue = f" (#{entry.issue_number})" if entry.issue_number is not None else ""
    owner = item.owner or "no owner"
    if item.due is None:
        written = f"({item.due_text!r})" if item.due_text else "(empty)"
        return (
            f"'{item.action}'{issue} has no valid Due {written}, so it cannot be tracked as overdue "
            f"({owner}, {item.priority or 'no priority'}); write Due as YYYY-MM-DD"
        )
    return (
        f"'{item.action}'{issue} was due {item.due.isoformat()}, {_days(entry.days)} overdue "
        f"({owner}, {item.priority or 'no priority'}); finish it and check its TODO.md box, or move Due"
    )


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(shown: Sequence[Shown], quiet: bool = False) -> str:
    """An aligned table, most overdue first, then `N overdue action items`."""
    lines: list[str] = []
    if shown:
        header = ("DOCUMENT", "ACTION", "OWNER", "PRIORITY", "DUE", "DAYS", "ISSUE")
        rows = [header] + [
            (
                f"{s.path}:{s.entry.item.line}",
                _cut(s.entry.item.action, ACTION_WIDTH),
                s.entry.item.owner or "-",
                s.entry.item.priority or "-",
                s.entry.item.due.isoformat() if s.entry.item.due else NO_VALID_DUE,
                "-" if s.entry.due_invalid else str(s.entry.days),
                f"#{s.entry.issue_number}" if s.entry.issue_number is not None else "-",
            )
            for s in shown
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        for row in rows:
            pairs = enumerate(zip(row, widths, strict=True))
            cells = [cell.rjust(w) if i == 5 else cell.ljust(w) for i, (cell, w) in pairs]
            lines.append("  ".join(cells).rstrip())
    if not quiet:
        invalid = sum(1 for s in shown if s.entry.due_invalid)
        count = len(shown) - invalid
        text = f"{count} overdue action item{'' if count == 1 else 's'}" if count else "No overdue action items"
        if invalid:
            text += f", {invalid} with {NO_VALID_DUE}"
        lines.append(f"{text} (DAYS: business days past Due)" if count else text)
    return "\n".join(lines) + ("\n" if lines else "")


def as_json(shown: Sequence[Shown]) -> list[dict[str, object]]:
    """One object an item, keys stable: path, line, action, owner, priority, due, days_overdue, issue."""
    return [
        {
            "path": s.path,
            "line": s.entry.item.line,
            "action": s.entry.item.action,
            "owner": s.entry.item.owner,
            "priority": s.entry.item.priority,
            "due": s.entry.item.due.isoformat() if s.entry.item.due else None,
            **({"due_text": s.entry.item.due_text} if s.entry.due_invalid else {}),
            "days_overdue": None if s.entry.due_invalid else s.entry.days,
            "issue": s.entry.issue_number,
            "due_invalid": s.entry.due_invalid,
        }
        for s in shown
    ]


def render_json(shown: Sequence[Shown], quiet: bool = False) -> str:
    return json.dumps(as_json(shown), indent=2, ensure_ascii=False) + "\n"


def render_github(shown: Sequence[Shown], quiet: bool = False, level: Level = "warning") -> str:
    """One workflow command per item, on the document's row, most overdue first (`warning`
    by default: PM308's level; `error` or `notice` when the configuration raises or lowers it)."""
    from pmlint.output.annotations import command

    lines = [command(finding) for finding in _findings(shown, level)]
    return "\n".join(lines) + ("\n" if lines else "")


RENDERERS: dict[str, Callable[..., str]] = {"text": render_text, "json": render_json, "github": render_github}


def _findings(shown: Sequence[Shown], level: Level) -> list[Finding]:
    """The overdue items as PM308 findings, in the order shown."""
    from pmlint.engine.findings import Finding

    return [Finding(s.path, s.entry.item.line, 1, "PM308", "action-overdue", level, message(s.entry)) for s in shown]


def as_report(shown: Sequence[Shown], level: Level = "warning") -> Report:
    """The overdue items as PM308 findings, for the formats `check` has (sarif, junit): a
    code-scanning or test-report consumer sees the nightly list as it sees any finding."""
    from pmlint.engine.findings import Findings, Report

    return Report(Findings(_findings(shown, level)), files=len({s.path for s in shown}))


def _cell(text: str) -> str:
    """Document text shown as written in a Markdown table cell: no markup, no tag, no
    `#123` cross-reference."""
    from pmlint.output.actions_runner import markdown_text

    return markdown_text(text) or "-"


def _owners(entry: Overdue) -> list[str]:
    """Whom the item is grouped under: each @handle of the Owner cell, else the cell as written."""
    if entry.item.owners:
        return [f"@{login}" for login in entry.item.owners]
    return [entry.item.owner or "(no owner)"]


def digest(
    overdue: Sequence[Overdue],
    today: str,
    issue_link: Callable[[int], str] | None = None,
    doc_link: Callable[[str, int], str] | None = None,
    notes: Sequence[str] = (),
) -> str:
    """The step-summary Markdown: one table per owner (an item with two owners is under
    both), owners with the most overdue item first."""
    invalid = sum(1 for entry in overdue if entry.due_invalid)
    counted = f"{len(overdue) - invalid}, {invalid} with {NO_VALID_DUE}" if invalid else f"{len(overdue)}"
    title = f"### Overdue action items ({counted}) on {today}\n\n"
    if not overdue:
        return title + "No overdue action items.\n" + "".join(f"\n_{_cell(note)}_\n" for note in notes)
    groups: dict[str, list[Overdue]] = {}
    for entry in overdue:  # already most overdue first, so groups come out in that order
        for owner in _owners(entry):
            groups.setdefault(owner, []).append(entry)
    parts = [title]
    for owner, entries in groups.items():
        parts.append(f"**{_cell(owner)}** ({len(entries)})\n\n")
        parts.append("| Document | Action | Priority | Due | Business days overdue | Issue |\n")
        parts.append("|---|---|---|---|--:|---|\n")
        for entry in entries:
            item = entry.item
            where = f"{item.doc_path}:{item.line}"
            document = f"[{_cell(where)}]({doc_link(item.doc_path, item.line)})" if doc_link else _cell(where)
            number = entry.issue_number
            issue = "-" if number is None else (f"[#{number}]({issue_link(number)})" if issue_link else f"#{number}")
            due = item.due.isoformat() if item.due else NO_VALID_DUE
            days = "-" if entry.due_invalid else str(entry.days)
            parts.append(
                f"| {document} | {_cell(item.action)} | {_cell(item.priority)} | {due} | {days} | {issue} |\n"
            )
        parts.append("\n")
    parts.extend(f"_{_cell(note)}_\n\n" for note in notes)
    return "".join(parts)


def render_run(run: OverdueRun, format_name: str, root: Path, cwd: Path, quiet: bool,
               level: Level) -> str | Iterable[str]:
    """The listing in `format_name`, paths relative to `cwd`; in the `github` format a wrong
    `paths` is an annotation too."""
    from pmlint.output import actions_runner
    from pmlint.read.files import relative_posix

    shown = [Shown(entry, relative_posix(root / entry.item.doc_path, cwd)) for entry in run.listed]
    if format_name == "github":
        text = render_github(shown, quiet, level=level)
        if run.warning is not None:
            text = f"::warning title=pmlint paths::{actions_runner.escape_data(run.warning)}\n" + text
        return text
    if format_name in ("sarif", "junit"):
        from pmlint.output import formatter

        return formatter(format_name)(as_report(shown, level), quiet)
    return RENDERERS[format_name](shown, quiet)


def report_run(run: OverdueRun, today: str, quiet: bool) -> None:
    """The log lines (stderr), the step summary's digest and the step outputs."""
    import sys

    from pmlint.output import actions_runner

    outputs: dict[str, object] = {"overdue": len(run.overdue), "documents": run.documents}
    summary_notes = list(run.notes)
    if run.notify is not None:
        for line in run.notify.lines:
            print(actions_runner.one_line(line), file=sys.stderr)
        summary_notes += run.notify.summary
        outputs.update(run.notify.outputs)
    if not quiet:
        for note in run.notes:
            print(actions_runner.one_line(f"pmlint: {note}"), file=sys.stderr)
    links = run.links
    actions_runner.append_summary(digest(
        run.listed, today, issue_link=links.issue if links else None, doc_link=links.document if links else None,
        notes=summary_notes,
    ))
    actions_runner.set_outputs(outputs)
