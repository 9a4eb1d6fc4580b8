"""`pmlint sync`: open, update and close one GitHub issue per action item.

Exit codes: 0 GitHub mirrors the action items, or the only work left was deferred by
`max-writes` (reported, and in `left`); 1 an operation failed or a rate limit stopped the
run early; 2 usage, configuration, repository or token errors (one line, no traceback).
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from pmlint.commands.common import add_today, emit, load, run_redacted, token_from
from pmlint.commands.common import today as read_today
from pmlint.errors import EXIT_FINDINGS, EXIT_OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    sync = commands.add_parser("sync", parents=[common], help="open, update and close GitHub issues for action items")
    sync.add_argument("--dry-run", action="store_true", help="print the plan; write nothing (works without a token)")
    sync.add_argument("--write-todo", action="store_true", help="write issue numbers and closed boxes back to TODO.md")
    sync.add_argument("--repo", metavar="OWNER/NAME", help="the repository (default: GITHUB_REPOSITORY, else origin)")
    sync.add_argument("--format", choices=["text", "json"], default="text", help="how to print the plan and outcome")
    sync.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report here instead of stdout")
    add_today(sync)
    sync.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    read_today(args.today)  # validated for consistency with the other commands
    return run_redacted(_run, args, token_from(os.environ))


def _run(args: argparse.Namespace, token: str | None) -> int:
    from pmlint.github.sync import run_sync
    from pmlint.output import sync_report

    loaded = load(args.config)
    run = run_sync(loaded.config, loaded.root.resolve(), token, repo=args.repo, dry_run=args.dry_run,
                   write_todo=args.write_todo, env=os.environ)
    emit(sync_report.render(run.report, args.format), args.output, args.format)
    sync_report.write_actions(run.report)
    return EXIT_FINDINGS if run.failed else EXIT_OK
