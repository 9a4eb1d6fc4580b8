"""`pmlint overdue` as a nightly job runs it: collect the action items, read their issues'
states (with a token), list what is overdue or has no valid Due, and with `--notify` label
and remind the issues. The command prints what `OverdueRun` holds (output/overdue_report.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pmlint.errors import UsageError
from pmlint.items.due import NO_ISSUES, IssueStates, Overdue, find_overdue, find_without_due

if TYPE_CHECKING:
    from pmlint.config.schema import Config
    from pmlint.github.session import Links, Session

NO_TOKEN = "GITHUB_TOKEN/GH_TOKEN not set: issue states not read, TODO.md alone decides what is done"


@dataclass
class NotifyReport:
    """What `overdue --notify` did: log lines, step-summary lines, step outputs, and whether it failed."""

    lines: list[str] = field(default_factory=list)  # for the log (stderr)
    summary: list[str] = field(default_factory=list)  # for the step summary
    outputs: dict[str, object] = field(default_factory=dict)
    failed: bool = False  # an operation failed, or a rate limit stopped the run


@dataclass
class OverdueRun:
    """One `overdue` run: what is listed, the notes, and what `--notify` did."""

    overdue: list[Overdue]
    listed: list[Overdue]  # the overdue ones, then those whose Due is no date ("no valid Due")
    documents: int
    notes: list[str]  # for the log and the step summary
    warning: str | None  # the configured `paths` match no document
    links: Links | None  # to issues and documents, with a session
    notify: NotifyReport | None = None


def overdue_run(
    config: Config, root: Path, today: dt.date, token: str | None, *, repo: str | None, notify: bool,
    dry_run: bool, no_github: bool, env: Mapping[str, str],
) -> OverdueRun:
    """Collect, read issue states (with a token), list; with `notify`, label and remind."""
    from pmlint.items.model import collect_items, configured_documents
    from pmlint.project.inputs import NO_DOCUMENTS_HINT, no_documents_warning
    from pmlint.project.state import Project

    if notify and token is None and not dry_run:
        raise UsageError("--notify needs a GitHub token: set GITHUB_TOKEN or GH_TOKEN (or add --dry-run)")
    project = Project(root, config)
    documents = configured_documents(config, root)
    items, unreadable = collect_items(project, documents)
    notes = [f"{problem.path}: {problem.message}; its action items are not listed" for problem in unreadable]
    warning = no_documents_warning(config) if not documents else None
    if warning is not None:  # a wrong `paths` lists nothing overdue: say so, on every surface
        notes.insert(0, f"warning: {warning}{NO_DOCUMENTS_HINT}")

    session = None
    issues = NO_ISSUES
    if token is not None:
        from pmlint.github.session import read_states, target_from

        session, issues = read_states(target_from(repo, env, root), token, config, items, today)
        notes += session.notes
    elif not no_github:
        notes.append(NO_TOKEN)
    overdue = find_overdue(items, today, config.calendar, issues)
    # Items whose Due is no date are listed after the overdue ones ("no valid Due") and fail
    # the run as they do: a nightly run that drops them would hide them for good.
    listed = overdue + find_without_due(items, issues)
    run = OverdueRun(overdue, listed, len(documents), notes, warning, session.links if session else None)
    if notify:
        run.notify = notify_overdue(session, overdue, issues, today, config, dry_run)
    return run


def notify_overdue(
    session: Session | None, overdue: list[Overdue], issues: IssueStates, today: dt.date, config: Config,
    dry_run: bool,
) -> NotifyReport:
    """Plan the labels and reminders; apply them unless `dry_run`; say what happened."""
    from pmlint.github.notify import NotifyOutcome, apply_notify, plan_notify

    gh = config.github
    report = NotifyReport()
    if session is None:
        report.lines.append("pmlint: no GitHub token: planned against no issues (nothing read, nothing written)")
        plan = plan_notify(overdue, issues, {}, today, gh.overdue_label, gh.remind_every)
    else:
        numbers = [e.issue.number for e in overdue if e.issue is not None and e.issue.open]
        plan = plan_notify(
            overdue, issues, session.comments(numbers), today, gh.overdue_label, gh.remind_every, session.links.document
        )
    outcome = NotifyOutcome() if dry_run or session is None else apply_notify(plan, session, today)
    failed = {id(op): message for op, message in outcome.failed}
    left = {id(op) for op in outcome.left}
    for op in plan.operations:
        if dry_run:
            status = "would"
        elif id(op) in failed:
            status = f"failed ({failed[id(op)]}):"
        elif id(op) in left:
            status = "left for the next run:"
        else:
            status = "done:"
        report.lines.append(f"pmlint: notify: {status} {op.describe()}")
    for entry in plan.without_issue:
        item = entry.item
        report.lines.append(
            f"pmlint: notify: no open issue for {item.doc_path}:{item.line} '{item.action}'; `pmlint sync` opens one"
        )
    if outcome.stopped:
        report.lines.append(f"pmlint: notify: stopped: {outcome.stopped}; the next run continues")

    def count(kind: str) -> int:
        return sum(1 for op in plan.operations if op.kind == kind and id(op) not in failed and id(op) not in left)

    counts: dict[str, object] = {
        "labelled": count("add-label"), "reminded": count("comment"), "unlabelled": count("remove-label"),
        "without_issue": len(plan.without_issue), "left": len(outcome.left), "failed": len(outcome.failed),
    }
    verb = "planned" if dry_run else "notify"
    text = (
        f"{verb}: labelled {counts['labelled']}, reminded {counts['reminded']}, unlabelled {counts['unlabelled']}, "
        f"reminded recently {plan.reminded_recently}, without issue {counts['without_issue']}, "
        f"left for the next run {counts['left']}, failed {counts['failed']}"
    )
    report.lines.append(f"pmlint: {text}")
    report.summary.append(text + (" (dry run: nothing written)" if dry_run else ""))
    report.outputs = counts
    report.failed = bool(outcome.failed) or outcome.stopped_by == "rate-limit"
    return report
