"""`pmlint timeline [EVIDENCE ...]`: draft the one-minute timeline from saved evidence (git
log, kubectl, helm, Alertmanager, PagerDuty, Opsgenie, Slack, logs), or merge it into a
post-mortem's Timeline table with `--into`."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pmlint.commands.common import emit, load
from pmlint.errors import EXIT_ERROR, EXIT_OK, UsageError

if TYPE_CHECKING:
    from pmlint.evidence.doctable import TimelineTable
    from pmlint.evidence.events import Window

# Listed here so that building the parser imports nothing from pmlint.evidence.
FORMATS = ["markdown", "json", "csv"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    timeline = commands.add_parser("timeline", parents=[common],
                                   help="draft the incident timeline from git, deploys, alerts and logs")
    timeline.add_argument("evidence", nargs="*", metavar="EVIDENCE",
                          help="files or folders, kind told from content; KIND=FILE forces one "
                               "(git, k8s, helm, alertmanager, pagerduty, opsgenie, slack, log)")
    timeline.add_argument("--git", nargs="?", const=".", metavar="REPO", help="read commits with git log (default: .)")
    timeline.add_argument("--branch", metavar="B", help="the branch --git reads (default: main, else HEAD)")
    timeline.add_argument("--doc", type=Path, metavar="DOC", help="take the window from this post-mortem's Timeline")
    timeline.add_argument("--since", metavar="T", help="window start, e.g. 2026-11-27T13:45Z")
    timeline.add_argument("--until", metavar="T", help="window end")
    timeline.add_argument(
        "--before", default="6h", metavar="DURATION", help="with --doc: window start before the first row (default 6h)"
    )
    timeline.add_argument(
        "--after", default="1h", metavar="DURATION", help="with --doc: window end after the last row (default 1h)"
    )
    # `--assume-tz -04:00` as well as `--assume-tz=-04:00`: an offset is a value, not an option.
    timeline._negative_number_matcher = re.compile(r"^-\d+$|^-\d*\.\d+$|^-\d{2}:?\d{2}$")
    timeline.add_argument(
        "--assume-tz", default="UTC", metavar="ZONE", help="zone of timestamps that carry none (default UTC)"
    )
    timeline.add_argument(
        "--match", metavar="REGEX",
        help="log lines kept besides the error-level ones (by default only lines whose level is an error, "
             "panics and tracebacks)",
    )
    timeline.add_argument("--all", action="store_true", help="keep every log line and record, not only errors")
    timeline.add_argument("--max-rows", type=int, default=100, metavar="N",
                          help="at most N rows in the Markdown draft and --into, the rest counted "
                               "(default 100; 0: all)")
    timeline.add_argument("--format", choices=FORMATS, default="markdown")
    timeline.add_argument("--output", type=Path, metavar="FILE", help="write the timeline here instead of stdout")
    timeline.add_argument(
        "--into", type=Path, metavar="DOC", help="merge the rows into this post-mortem's Timeline table"
    )
    timeline.add_argument("--quiet", action="store_true", help="no summary on stderr (warnings still)")
    timeline.set_defaults(run=run)


def _duration(text: str, option: str) -> dt.timedelta:
    from pmlint.parse.values import parse_duration

    minutes = parse_duration(text)
    if minutes is None:
        raise UsageError(f"{option}: {text!r} is not a duration (write e.g. 6h, 90m, 1h 30m)")
    return dt.timedelta(minutes=minutes)


def _document(path: Path, cwd: Path, aliases: dict[str, list[str]], max_size: int) -> tuple[TimelineTable | None, str]:
    """The Timeline table of `--doc`, read as `pmlint check` reads documents."""
    from pmlint.evidence.doctable import read_table
    from pmlint.parse.document import parse_document
    from pmlint.read.files import Unreadable, read_text, relative_posix

    shown = relative_posix(cwd / path, cwd)
    text = read_text(cwd / path, max_size)
    if isinstance(text, Unreadable):
        message = "no such file" if "No such file" in text.message else text.message
        raise UsageError(f"{shown}: {message}")
    return read_table(parse_document(text, shown), aliases), shown


def _window(
    args: argparse.Namespace, cwd: Path, zone: dt.tzinfo, aliases: dict[str, list[str]], max_size: int
) -> Window:
    from pmlint.evidence import window

    if args.doc is not None:
        if args.since or args.until:
            raise UsageError("give the window with --doc, or with --since and --until, not both")
        found, shown = _document(args.doc, cwd, aliases, max_size)
        return window.around(found, shown, _duration(args.before, "--before"), _duration(args.after, "--after"))
    if not (args.since and args.until):
        raise UsageError("give the window: --doc DOC, or --since T and --until T")
    return window.between(args.since, args.until, zone)


def run(args: argparse.Namespace) -> int:
    from pmlint.evidence.gather import Options, collect
    from pmlint.evidence.render import render, summary
    from pmlint.evidence.times import Clock, zone_named

    cwd = Path.cwd()
    if args.into is not None and (args.format != "markdown" or args.output is not None):
        raise UsageError("--into writes rows into the document; --format and --output do not apply")
    if not args.evidence and args.git is None:
        raise UsageError("no evidence: name files or folders (KIND=FILE to force a kind), or --git")
    zone = zone_named(args.assume_tz)
    aliases: dict[str, list[str]] = {}
    max_size = 5_000_000
    if args.doc is not None or args.into is not None:
        config = load(args.config).config
        aliases, max_size = config.template.section_aliases, config.max_file_size
    window = _window(args, cwd, zone, aliases, max_size)
    if args.into is not None:
        from pmlint.evidence.merge import target
        from pmlint.read.files import relative_posix

        target(cwd / args.into, relative_posix(cwd / args.into, cwd), aliases)  # fail before reading evidence
    repo = cwd / args.git if args.git is not None else None
    options = Options(window, Clock(zone, window), args.match, args.all, repo, args.branch)
    collected = collect(args.evidence, options, cwd)
    for warning in collected.warnings:
        _say(f"pmlint: warning: {warning}")
    for error in collected.errors:
        _say(f"pmlint: error: {error}")
    if not any(tally.read for tally in collected.tallies.values()):
        _say("pmlint: error: no evidence could be read")
        return EXIT_ERROR
    from pmlint.evidence.draft import draft

    # The Markdown draft and --into condense the rows; JSON and CSV give every one.
    drafted = draft(collected.rows, args.max_rows) if args.format == "markdown" else None
    for line in summary(collected.tallies, drafted.rows if drafted else collected.rows, window, args.assume_tz):
        if line.startswith("warning: ") or not args.quiet:
            _say(f"pmlint: {line}")
    if drafted is not None and drafted.hidden_rows:
        from pmlint.evidence.render import hidden

        _say(f"pmlint: {hidden(drafted)}")
    if args.into is None:
        emit(render(args.format, collected.rows, window, collected.tallies, drafted), args.output)
        return EXIT_OK
    from pmlint.evidence.merge import merge
    from pmlint.read.files import relative_posix

    shown = relative_posix(cwd / args.into, cwd)
    merged = merge(cwd / args.into, shown, drafted.rows if drafted else collected.rows, aliases, cwd)
    for note in merged.notes:
        _say(f"pmlint: warning: {shown}: {note}")
    state = f"added {merged.added} row{'s' if merged.added != 1 else ''}" if merged.changed else "unchanged"
    _say(f"{shown}: {state} ({merged.present} already there)")
    return EXIT_OK


def _say(line: str) -> None:
    """One line on stderr. It quotes file names and evidence: a line break or `::error` in
    them must not become a second line or a workflow command in the Actions log."""
    from pmlint.output.actions_runner import one_line

    print(one_line(line), file=sys.stderr)
