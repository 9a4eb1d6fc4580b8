"""`pmlint report`: the retrospective review page (Markdown, JSON or HTML), and with
`--dashboard-issue` one GitHub issue kept up to date with it.

Exit codes: 0 the report was written (whatever it shows); 1 the dashboard issue could not
be written; 2 configuration, usage or GitHub errors (one line, the token never shown).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from pmlint.commands.common import add_today, emit, load, run_redacted, token_from
from pmlint.commands.common import today as read_today
from pmlint.errors import EXIT_FINDINGS, EXIT_OK, PmlintError, UsageError

FORMATS = ["markdown", "json", "html", "jsonl"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "report", parents=[common], help="the retrospective review: incidents, open actions, deadlines, trends"
    )
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="first incident Date counted (default: 12 months back)")
    parser.add_argument("--until", metavar="YYYY-MM-DD", help="last incident Date counted (default: today)")
    add_today(parser)
    parser.add_argument("--format", choices=FORMATS, default="markdown")
    parser.add_argument("--output", type=Path, metavar="FILE", help="write the report here instead of stdout")
    parser.add_argument("--dashboard-issue", action="store_true",
                        help="keep the 'Post-mortem review' issue up to date with the Markdown report (needs a token)")
    parser.add_argument(
        "--repo", metavar="OWNER/NAME", help="GitHub repository (default: GITHUB_REPOSITORY, else origin)"
    )
    parser.add_argument("--no-github", action="store_true", help="do not read issue states even with a token")
    parser.add_argument(
        "--no-git", action="store_true", help="do not ask git when the post-mortems were first committed"
    )
    parser.add_argument("--merge", nargs="+", type=Path, metavar="DIR",
                        help="build the page from these repositories' `report --format json` files (an organisation)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return run_redacted(_run, args, None if args.no_github else token_from(os.environ))


def _parse_date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option}: {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _run(args: argparse.Namespace, token: str | None) -> int:
    from pmlint.retro.collect import collect
    from pmlint.retro.figures import compute
    from pmlint.retro.links import links_from
    from pmlint.retro.periods import default_window

    if args.dashboard_issue and token is None:
        raise UsageError("--dashboard-issue needs a GitHub token: set GITHUB_TOKEN or GH_TOKEN")
    today = read_today(args.today)
    try:
        window = default_window(today, _parse_date("--since", args.since), _parse_date("--until", args.until))
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    loaded = load(args.config)
    config, root = loaded.config, loaded.root.resolve()
    if args.merge:
        return _merge(args, config, today, window)
    collected = collect(config, root, today, use_git=not args.no_git, options=loaded.options)

    session, issues, notes = _github(args, token, config, root, [i for f in collected.facts for i in f.items], today)
    figures = compute(collected.facts, collected.failing, config, today, window, issues,
                      collected.unreadable, issues_known=session is not None, errors=collected.errors,
                      history=collected.history)
    repo = session.conn.full_name if session is not None else _repository(args.repo, root)
    links = links_from(os.environ, repo)
    from pmlint.retro.records import documents_of

    documents = documents_of(collected.facts, collected.errors, issues) if args.format in ("json", "jsonl") else []
    # Handles are defused for what GitHub renders; a terminal shows them as written.
    terminal = args.output is None and sys.stdout.isatty() and not os.environ.get("GITHUB_ACTIONS")
    emit(_render(args.format, figures, links, config.todo, documents, links.source(repo), defuse=not terminal),
         args.output)

    from pmlint.output import actions_runner as ghactions
    from pmlint.retro import markdown_page as markdown

    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:  # inside Actions the step summary gets the Markdown, whatever --format printed
        room = ghactions.SUMMARY_LIMIT - (os.path.getsize(summary) if os.path.isfile(summary) else 0)
        ghactions.append_summary(markdown.render(figures, links, config.todo, limit=max(room - 1024, 0)))
    outputs: dict[str, object] = {"incidents": figures.headline.incidents, "open": len(figures.open_items),
                                  "overdue": len(figures.overdue), "breaches": len(figures.breaches)}
    failed = False
    if args.dashboard_issue and session is not None:
        from pmlint.github.dashboard import update_dashboard

        body = markdown.render(figures, links, config.todo, limit=markdown.ISSUE_BODY_LIMIT - 200)
        outcome = update_dashboard(session.conn, config.github.label, body, session.index)
        notes.append(outcome.message)
        failed = outcome.action == "failed"
        if outcome.number is not None:
            outputs["dashboard_issue"] = outcome.number
    for note in notes:
        print(f"pmlint: {note}", file=sys.stderr)
    ghactions.set_outputs(outputs)
    return EXIT_FINDINGS if failed else EXIT_OK


def _repository(option: str | None, root: Path) -> str | None:
    """As `sync` and `overdue` find it (--repo, GITHUB_REPOSITORY, the origin remote); None:
    no links. Without PyGithub (the `github` extra) the discovery module cannot be imported:
    --repo or GITHUB_REPOSITORY then decide alone."""
    from pmlint.errors import GitHubError

    try:
        from pmlint.github.discovery import repo_from
    except PmlintError:  # GitHubClientMissing
        return option or os.environ.get("GITHUB_REPOSITORY") or None
    try:
        return repo_from(option, os.environ, root)
    except GitHubError:
        if option:
            raise
        return None


def _merge(args: argparse.Namespace, config: Any, today: dt.date, window: Any) -> int:
    """`--merge DIR...`: the organisation's page from several repositories' JSON reports."""
    from pmlint.retro.merge import merged_report

    if args.dashboard_issue:
        raise UsageError("--merge builds a page from files; --dashboard-issue needs one repository")
    figures, links, documents = merged_report(args.merge, config, today, window, os.environ,
                                              with_documents=args.format in ("json", "jsonl"))
    emit(_render(args.format, figures, links, config.todo, documents, None), args.output)
    return EXIT_OK


def _render(format_name: str, figures: Any, links: Any, todo: str, documents: list[dict[str, Any]] | None = None,
            source: dict[str, Any] | None = None, defuse: bool = True) -> str:
    if format_name == "json":
        from pmlint.retro import json_data

        return json_data.render(figures, documents or [], source)
    if format_name == "jsonl":
        from pmlint.retro import jsonl

        return jsonl.render(figures, documents or [])
    if format_name == "html":
        from pmlint.retro import html

        return html.render(figures, links, todo)
    from pmlint.retro import markdown_page as markdown

    return markdown.render(figures, links, todo, defuse=defuse)


def _github(args: argparse.Namespace, token: str | None, config: Any, root: Path, items: list[Any],
            today: dt.date) -> tuple[Any, Any, list[str]]:
    """The session (None without a token) and the issue states: closed issues are done."""
    from pmlint.items.due import NO_ISSUES

    if token is None:
        return None, NO_ISSUES, []
    from pmlint.github.session import read_states, target_from

    session, issues = read_states(target_from(args.repo, os.environ, root), token, config, items, today)
    return session, issues, list(session.notes)
