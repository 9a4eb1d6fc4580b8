"""`pmlint sync` from start to end: collect the action items, read the managed issues (with
a token), plan, apply (unless a dry run), write TODO.md back (`--write-todo`) and return the
report that output/sync_report.py prints.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pmlint.errors import GitHubError, UsageError

if TYPE_CHECKING:
    from pmlint.config.schema import Config


class SyncRun(NamedTuple):
    report: dict[str, Any]  # what was planned and done, as `--format json` prints it
    failed: bool  # an operation failed, or a rate limit stopped the run early


def run_sync(
    config: Config, root: Path, token: str | None, *, repo: str | None, dry_run: bool, write_todo: bool,
    env: Mapping[str, str],
) -> SyncRun:
    """Mirror the action items on GitHub; the report of what was planned and done."""
    from pmlint.github import client
    from pmlint.github.apply import SyncOutcome, apply_plan
    from pmlint.github.index import Index, linked_fates
    from pmlint.github.plan import Settings, logins_to_check, plan_sync
    from pmlint.github.session import open_session, target_from
    from pmlint.items.model import collect_items, configured_documents
    from pmlint.items.todo_edit import write_issue_links
    from pmlint.output.sync_report import sync_report
    from pmlint.project.inputs import NO_DOCUMENTS_HINT, no_documents_warning
    from pmlint.project.state import Project

    project = Project(root, config)
    documents = configured_documents(config, root)
    items, problems = collect_items(project, documents)
    warning = None if documents else no_documents_warning(config)
    if warning is not None:  # a wrong `paths` plans nothing: say so, on every surface
        print(f"pmlint: warning: {warning}{NO_DOCUMENTS_HINT}", file=sys.stderr)
    try:
        target = target_from(repo, env, root)
    except GitHubError as exc:
        raise UsageError(str(exc)) from None
    if token is None and not dry_run:
        raise UsageError("no GitHub token: set GITHUB_TOKEN or GH_TOKEN (or use --dry-run)")
    gh = config.github
    index, session = Index(), None
    assignable: dict[str, bool] = {}
    vanished: dict[int, str] = {}
    if token is not None:
        try:
            session = open_session(target, token, config)
            conn, index = session.conn, session.index
            listed = set(index.handles)
            unlisted = (item.issue for item in items if item.issue is not None and item.issue not in listed)
            vanished = linked_fates(conn.repo, target.full_name, conn.guard, unlisted)
            for login in sorted(logins_to_check(items, index.remote, gh.owners)):
                assignable[login] = conn.is_assignable(login)
        except client.StopRun as exc:
            raise UsageError(f"{exc}; nothing was written") from None
    settings = Settings(
        label=gh.label, title_prefix=gh.title_prefix, owners=gh.owners, priorities=config.template.priorities,
        close_done=gh.close_done, server_url=target.server_url, full_name=target.full_name, todo_path=config.todo,
        issues_read=session is not None,
    )
    plan = plan_sync(items, index.remote, settings, assignable, index.duplicates, index.unmarked, vanished)
    outcome = SyncOutcome()
    if not dry_run and session is not None:
        outcome = apply_plan(plan, session.conn, index, gh.label)
    todo_changed = False
    if write_todo and not dry_run:
        todo_changed = write_issue_links(root, config.todo, items, {**plan.numbers, **outcome.created},
                                         plan.relink, plan.closed_remote)
    report = sync_report(target.full_name, dry_run, items, plan, outcome, problems, todo_changed)
    report["issues_read"] = session is not None
    report["documents"] = len(documents)
    if warning is not None:
        report["notes"].insert(0, {"kind": "no-documents", "path": None, "line": None, "issue": None,
                                   "message": f"warning: {warning}"})
    return SyncRun(report, bool(outcome.failed) or outcome.stopped_by == "rate-limit")
