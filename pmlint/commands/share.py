"""`pmlint share`: post each Final post-mortem not yet shared to a Slack-compatible incoming
webhook, and record it in the document's Shared field (see pmlint/share/run.py for how a
post is never repeated).

Exit codes: 0 everything due was posted (or left for the next run by `max-posts`); 1 a post
failed, a rate limit stopped the run, a record could not be written, or a pending mark from
an earlier run needs a person; 2 usage, configuration or webhook URL errors. The webhook URL
is a secret: no output, error or traceback carries it.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from pmlint.commands.common import emit, load, run_redacted
from pmlint.commands.common import today as read_today
from pmlint.errors import EXIT_FINDINGS, EXIT_OK, UsageError

ENV_WEBHOOK = "PMLINT_SHARE_WEBHOOK"
NEEDS_A_PERSON = ("failed", "stopped", "not-recorded", "pending")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    share = commands.add_parser("share", parents=[common], help="post Final post-mortems to a chat webhook, once each")
    share.add_argument("paths", nargs="*", metavar="PATH", help="documents or folders (default: the configured paths)")
    share.add_argument("--webhook", metavar="URL",
                       help=f"incoming webhook URL (default: ${ENV_WEBHOOK}; prefer the variable: "
                       "arguments are visible to other users)")
    share.add_argument("--dry-run", action="store_true", help="print what would be posted; post and write nothing")
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
    import json

    from pmlint.project.inputs import collect_inputs
    from pmlint.share.run import Sharer
    from pmlint.share.webhook import Webhook

    url = secret or ""
    day = read_today(args.today)
    loaded = load(args.config)
    webhook = None
    if not args.dry_run:
        if not url:
            raise UsageError(f"no webhook: set {ENV_WEBHOOK} (or pass --webhook), or use --dry-run")
        from pmlint import __version__

        webhook = Webhook(url, user_agent=f"pmlint/{__version__}")
    root, cwd = loaded.root.resolve(), Path.cwd()
    inputs = collect_inputs(args.paths, loaded.config, root, cwd, force_exclude=False)
    sharer = Sharer(loaded.config, loaded.options, root, cwd, day, webhook, os.environ)
    report = sharer.run(inputs.documents)
    data = _json(report, args.dry_run)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n" if args.format == "json" else _text(data)
    emit(text, args.output)
    _actions(data)
    return EXIT_FINDINGS if any(o["state"] in NEEDS_A_PERSON for o in data["documents"]) else EXIT_OK


def _json(report: Any, dry_run: bool) -> dict[str, Any]:
    documents = []
    for outcome in report.outcomes:
        message = outcome.message
        documents.append({
            "path": outcome.path, "state": outcome.state, "detail": outcome.detail or None,
            "id": message.share_id if message else None, "title": message.title if message else None,
            "link": message.link if message else None,
            **({"text": message.text()} if dry_run and message else {}),
        })
    counts = {state: report.count(state) for state in ("posted", "unconfirmed", "failed", "left", "pending")}
    counts["failed"] += report.count("stopped", "not-recorded")
    counts.update(would_post=report.count("would-post"), already_shared=report.already_shared, drafts=report.drafts)
    return {"dry_run": dry_run, "counts": counts, "documents": documents}


def _text(data: dict[str, Any]) -> str:
    lines = ["pmlint share" + (" (dry run: nothing posted or written)" if data["dry_run"] else "")]
    for doc in data["documents"]:
        lines.append(f"  {doc['state']:<12} {doc['path']}" + (f": {doc['detail']}" if doc["detail"] else ""))
        if "text" in doc:
            lines += [f"      | {line}" for line in doc["text"].splitlines()]
    c = data["counts"]
    done = f"posted {c['posted']}, unconfirmed {c['unconfirmed']}, failed {c['failed']}"
    first = f"would post {c['would_post']}" if data["dry_run"] else done
    lines.append(f"{first}, left for the next run {c['left']}, pending {c['pending']}; "
                 f"already shared {c['already_shared']}, not Final {c['drafts']}")
    return "\n".join(lines) + "\n"


def _actions(data: dict[str, Any]) -> None:
    from pmlint.output import actions_runner

    if not actions_runner.in_actions():
        return
    c = data["counts"]
    actions_runner.set_outputs({"posted": c["posted"], "unconfirmed": c["unconfirmed"], "failed": c["failed"],
                                "left": c["left"], "pending": c["pending"]})
    rows = [f"| `{d['path']}` | {d['state']} | {(d['detail'] or '').replace('|', '/')} |"
            for d in data["documents"][:200]]
    table = ["### pmlint share" + (" (dry run)" if data["dry_run"] else ""), "", "| document | state | detail |",
             "|---|---|---|", *rows, ""]
    actions_runner.append_summary("\n".join(table) + "\n")
