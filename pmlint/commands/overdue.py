"""`pmlint overdue [--notify] [--dry-run]`: list overdue action items; optionally label and
remind their GitHub issues.

Exit codes: 0 nothing overdue (or --exit-zero); 1 something is overdue, or an open item's
Due is not a date (listed as "no valid Due"); 2 configuration,
usage or GitHub access errors (one line, the token never shown).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmlint.commands.common import add_today, emit, load, redact, run_redacted, token_from
from pmlint.commands.common import today as read_today
from pmlint.errors import EXIT_FINDINGS, EXIT_OK, UsageError

FORMATS = ["text", "json", "github", "sarif", "junit"]
NO_TOKEN = "GITHUB_TOKEN/GH_TOKEN not set: issue states not read, TODO.md alone decides what is done"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "overdue", parents=[common], help="list overdue action items; optionally label and remind their issues"
    )
    add_today(parser)
    parser.add_argument("--format", choices=FORMATS, default="text", help="how to print the overdue items")
    parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the list here instead of stdout")
    parser.add_argument("--notify", action="store_true", help="label overdue issues and post reminders (needs a token)")
    parser.add_argument("--dry-run", action="store_true", help="with --notify: print the plan, write nothing")
    parser.add_argument(
        "--repo", metavar="OWNER/NAME", help="GitHub repository (default: GITHUB_REPOSITORY, else origin)"
    )
    parser.add_argument("--no-github", action="store_true", help="do not read issue states even with a token")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when items are overdue")
    parser.add_argument("-q", "--quiet", action="store_true", help="print the items only, no summary or notes")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return run_redacted(_run, args, None if args.no_github else token_from(os.environ))


def _run(args: argparse.Namespace, token: str | None) -> int:
    from pmlint.items.due import NO_ISSUES, find_overdue, find_without_due
    from pmlint.items.model import collect_items, configured_documents
    from pmlint.output import actions_runner
    from pmlint.output import overdue_report as output
    from pmlint.project.state import Project
    from pmlint.read.files import relative_posix

    if args.dry_run and not args.notify:
        raise UsageError("--dry-run is for --notify: `pmlint overdue` alone writes nothing")
    today = read_today(args.today)
    loaded = load(args.config)
    config, root, cwd = loaded.config, loaded.root.resolve(), Path.cwd()
    if args.notify and token is None and not args.dry_run:
        raise UsageError("--notify needs a GitHub token: set GITHUB_TOKEN or GH_TOKEN (or add --dry-run)")

    from pmlint.project.inputs import NO_DOCUMENTS_HINT, no_documents_warning

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
        from pmlint.github.client import StopRun
        from pmlint.github.notify import open_session

        try:
            session = open_session(args.repo, token, config, os.environ, root)
            issues = session.issue_states(items, today)
        except StopRun as exc:
            raise UsageError(f"{exc}; nothing was written") from None
        notes += session.notes
    elif not args.no_github:
        notes.append(NO_TOKEN)
    overdue = find_overdue(items, today, config.calendar, issues)
    # Items whose Due is no date are listed after the overdue ones ("no valid Due") and fail
    # the run as they do: a nightly run that drops them would hide them for good.
    listed = overdue + find_without_due(items, issues)

    shown = [output.Shown(entry, relative_posix(root / entry.item.doc_path, cwd)) for entry in listed]
    level = config.levels.get("PM308", "warning")
    level = "warning" if level == "off" else level  # `off` turns PM308 off in check, not this list
    text: str | Iterable[str]
    if args.format == "github":
        text = output.render_github(shown, args.quiet, level=level)
        if warning is not None:
            text = f"::warning title=pmlint paths::{actions_runner.escape_data(warning)}\n" + text
    elif args.format in ("sarif", "junit"):
        from pmlint.output import formatter

        text = formatter(args.format)(output.as_report(shown, level), args.quiet)
    else:
        text = output.RENDERERS[args.format](shown, args.quiet)
    emit(text, args.output, args.format)

    outputs: dict[str, object] = {"overdue": len(overdue), "documents": len(documents)}
    summary_notes = list(notes)
    failed = False
    if args.notify:
        report = notify(session, overdue, issues, today, config, args.dry_run)
        for line in report.lines:
            print(actions_runner.one_line(redact(line, token)), file=sys.stderr)
        summary_notes += report.summary
        outputs.update(report.outputs)
        failed = report.failed
    if not args.quiet:
        for note in notes:
            print(actions_runner.one_line(f"pmlint: {redact(note, token)}"), file=sys.stderr)

    links = session.links if session is not None else None
    digest = output.digest(
        listed,
        today.isoformat(),
        issue_link=links.issue if links else None,
        doc_link=links.document if links else None,
        notes=summary_notes,
    )
    actions_runner.append_summary(redact(digest, token))  # notes may quote a server's reply
    actions_runner.set_outputs(outputs)
    if failed or (listed and not args.exit_zero):
        return EXIT_FINDINGS
    return EXIT_OK


@dataclass
class NotifyReport:
    """What `overdue --notify` did: log lines, step-summary lines, step outputs, and whether it failed."""

    lines: list[str] = field(default_factory=list)  # for the log (stderr)
    summary: list[str] = field(default_factory=list)  # for the step summary
    outputs: dict[str, object] = field(default_factory=dict)
    failed: bool = False  # an operation failed, or a rate limit stopped the run


def notify(session: Any, overdue: list[Any], issues: Any, today: Any, config: Any, dry_run: bool) -> NotifyReport:
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
