"""`pmlint overdue [--notify] [--dry-run]`: list overdue action items; optionally label and
remind their GitHub issues.

Exit codes: 0 nothing overdue (or --exit-zero); 1 something is overdue, or an open item's
Due is not a date (listed as "no valid Due"); 2 configuration,
usage or GitHub access errors (one line, the token never shown).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from pmlint.commands.common import add_today, emit, load, run_redacted, token_from
from pmlint.commands.common import today as read_today
from pmlint.errors import EXIT_FINDINGS, EXIT_OK, UsageError

FORMATS = ["text", "json", "github", "sarif", "junit"]


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
    from pmlint.nightly import overdue_run
    from pmlint.output import overdue_report as output

    if args.dry_run and not args.notify:
        raise UsageError("--dry-run is for --notify: `pmlint overdue` alone writes nothing")
    today = read_today(args.today)
    loaded = load(args.config)
    config, root = loaded.config, loaded.root.resolve()
    run = overdue_run(config, root, today, token, repo=args.repo, notify=args.notify, dry_run=args.dry_run,
                      no_github=args.no_github, env=os.environ)
    level = config.levels.get("PM308", "warning")
    level = "warning" if level == "off" else level  # `off` turns PM308 off in check, not this list
    emit(output.render_run(run, args.format, root, Path.cwd(), args.quiet, level), args.output, args.format)
    output.report_run(run, today.isoformat(), args.quiet)
    failed = run.notify is not None and run.notify.failed
    return EXIT_FINDINGS if failed or (run.listed and not args.exit_zero) else EXIT_OK
