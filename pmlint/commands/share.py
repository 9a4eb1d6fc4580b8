"""`pmlint share`: post each Final post-mortem not yet shared to a Slack-compatible incoming
webhook, and record it in the document's Shared field (see pmlint/share/run.py for how a
post is never repeated).

Exit codes: 0 everything due was posted (or left for the next run by `max-posts`); 1 a post
failed, a rate limit or the deadline stopped the run, a record could not be written, a
pending mark from an earlier run needs a person, a document could not be read, or the gate
blocked one (an error finding, or a secret); 2 usage, configuration or webhook URL errors. The webhook URL
is a secret: no output, error or traceback carries it.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from pmlint.commands.common import emit, load, run_redacted
from pmlint.commands.common import today as read_today
from pmlint.errors import EXIT_FINDINGS, EXIT_OK, UsageError

ENV_WEBHOOK = "PMLINT_SHARE_WEBHOOK"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    share = commands.add_parser("share", parents=[common], help="post Final post-mortems to a chat webhook, once each")
    share.add_argument("paths", nargs="*", metavar="PATH", help="documents or folders (default: the configured paths)")
    share.add_argument("--webhook", metavar="URL",
                       help=f"incoming webhook URL (default: ${ENV_WEBHOOK}; prefer the variable: "
                       "arguments are visible to other users)")
    share.add_argument("--dry-run", action="store_true", help="print what would be posted; post and write nothing")
    share.add_argument("--force", action="store_true",
                       help="also post documents with error findings (never one holding a secret)")
    share.add_argument("--format", choices=["text", "json"], default="text", help="how to print what was posted")
    share.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report here instead of stdout")
    share.add_argument("--today", metavar="YYYY-MM-DD", help="the date the record names (also PMLINT_TODAY)")
    share.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    url = (args.webhook or os.environ.get(ENV_WEBHOOK) or "").strip()
    return run_redacted(_run, args, url, _redact)


def _redact(text: str, url: str | None) -> str:
    from pmlint.share.webhook import redact

    return redact(text, url or "")


def _run(args: argparse.Namespace, secret: str | None) -> int:
    from pmlint.output.share_report import needs_a_person, share_actions, share_data, share_json, share_text
    from pmlint.share.run import share

    if not args.dry_run and not secret:
        raise UsageError(f"no webhook: set {ENV_WEBHOOK} (or pass --webhook), or use --dry-run")
    url = None if args.dry_run else secret
    report = share(args.paths, load(args.config), Path.cwd(), read_today(args.today), url, os.environ, args.force)
    data = share_data(report, args.dry_run)
    emit(share_json(data) if args.format == "json" else share_text(data), args.output)
    share_actions(data)
    return EXIT_FINDINGS if needs_a_person(report) else EXIT_OK
