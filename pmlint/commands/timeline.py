"""`pmlint timeline [EVIDENCE ...]`: draft the one-minute timeline from saved evidence (git
log, kubectl, helm, Alertmanager, PagerDuty, Opsgenie, Slack, logs), or merge it into a
post-mortem's Timeline table with `--into`."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pmlint.commands.common import emit, load
from pmlint.errors import EXIT_OK, UsageError

if TYPE_CHECKING:
    from pmlint.timeline.doctable import TimelineTable
    from pmlint.timeline.model import Window

# Listed here so that building the parser imports nothing from pmlint.timeline.
FORMATS = ["markdown", "json", "csv"]
DEFAULT_MATCH = "ERROR|CRITICAL|FATAL|PANIC|Traceback"


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
    timeline.add_argument(
        "--assume-tz", default="UTC", metavar="ZONE", help="zone of timestamps that carry none (default UTC)"
    )
    timeline.add_argument(
        "--match", default=DEFAULT_MATCH, metavar="REGEX", help=f"log lines kept (default {DEFAULT_MATCH})"
    )
    timeline.add_argument("--format", choices=FORMATS, default="markdown", help="a Timeline table, JSON or CSV")
    timeline.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the timeline here instead of stdout")
    timeline.add_argument(
        "--into", type=Path, metavar="DOC", help="merge the rows into this post-mortem's Timeline table"
    )
    timeline.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr (warnings still)")
    timeline.set_defaults(run=run)


def _duration(text: str, option: str) -> dt.timedelta:
    from pmlint.parse.values import parse_duration

    minutes = parse_duration(text)
    if minutes is None:
        raise UsageError(f"{option}: {text!r} is not a duration (write e.g. 6h, 90m, 1h 30m)")
    return dt.timedelta(minutes=minutes)


def _document(path: Path, cwd: Path, aliases: dict[str, list[str]], max_size: int) -> tuple[TimelineTable | None, str]:
    """The Timeline table of `--doc`, read as `pmlint check` reads documents."""
    from pmlint.parse.document import parse_document
    from pmlint.read.files import Unreadable, read_text, relative_posix
    from pmlint.timeline.doctable import read_table

    shown = relative_posix(cwd / path, cwd)
    text = read_text(cwd / path, max_size)
    if isinstance(text, Unreadable):
        message = "no such file" if "No such file" in text.message else text.message
        raise UsageError(f"{shown}: {message}")
    return read_table(parse_document(text, shown), aliases), shown


def _window(
    args: argparse.Namespace, cwd: Path, zone: dt.tzinfo, aliases: dict[str, list[str]], max_size: int
) -> Window:
    from pmlint.timeline import window

    if args.doc is not None:
        if args.since or args.until:
            raise UsageError("give the window with --doc, or with --since and --until, not both")
        found, shown = _document(args.doc, cwd, aliases, max_size)
        return window.around(found, shown, _duration(args.before, "--before"), _duration(args.after, "--after"))
    if not (args.since and args.until):
        raise UsageError("give the window: --doc DOC, or --since T and --until T")
    return window.between(args.since, args.until, zone)


def run(args: argparse.Namespace) -> int:
    from pmlint.timeline.evidence import Options, collect
    from pmlint.timeline.render import render, summary
    from pmlint.timeline.times import Clock, zone_named

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
        from pmlint.read.files import relative_posix
        from pmlint.timeline.merge import target

        target(cwd / args.into, relative_posix(cwd / args.into, cwd), aliases)  # fail before reading evidence
    repo = cwd / args.git if args.git is not None else None
    options = Options(window, Clock(zone, window), args.match, repo, args.branch)
    collected = collect(args.evidence, options, cwd)
    for warning in collected.warnings:
        print(f"pmlint: warning: {warning}", file=sys.stderr)
    for line in summary(collected.tallies, collected.rows, window, args.assume_tz):
        if line.startswith("warning: ") or not args.quiet:
            print(f"pmlint: {line}", file=sys.stderr)
    if args.into is None:
        emit(render(args.format, collected.rows, window, collected.tallies), args.output)
        return EXIT_OK
    from pmlint.read.files import relative_posix
    from pmlint.timeline.merge import merge

    shown = relative_posix(cwd / args.into, cwd)
    merged = merge(cwd / args.into, shown, collected.rows, aliases)
    for note in merged.notes:
        print(f"pmlint: warning: {shown}: {note}", file=sys.stderr)
    state = f"added {merged.added} row{'s' if merged.added != 1 else ''}" if merged.changed else "unchanged"
    print(f"{shown}: {state} ({merged.present} already there)", file=sys.stderr)
    return EXIT_OK
