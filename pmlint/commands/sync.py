"""`pmlint sync`: open, update and close one GitHub issue per action item.

Exit codes: 0 GitHub mirrors the action items, or the only work left was deferred by
`max-writes` (reported, and in `left`); 1 an operation failed or a rate limit stopped the
run early; 2 usage, configuration, repository or token errors (one line, no traceback).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from pmlint.commands.common import add_today, emit, load, redact, run_redacted, token_from
from pmlint.commands.common import today as read_today
from pmlint.errors import EXIT_FINDINGS, EXIT_OK, GitHubError, UsageError


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
    import json  # here, not at the top: `pmlint check` imports this module too

    from pmlint.github import client, discovery
    from pmlint.github.apply import SyncOutcome, apply_plan
    from pmlint.github.index import Index, linked_fates, read_index
    from pmlint.github.plan import Settings, logins_to_check, plan_sync
    from pmlint.items.model import collect_items, configured_documents
    from pmlint.project.state import Project

    loaded = load(args.config)
    config = loaded.config
    root = loaded.root.resolve()
    env = os.environ
    from pmlint.project.inputs import NO_DOCUMENTS_HINT, no_documents_warning

    project = Project(root, config)
    documents = configured_documents(config, root)
    items, problems = collect_items(project, documents)
    warning = None if documents else no_documents_warning(config)
    if warning is not None:  # a wrong `paths` plans nothing: say so, on every surface
        print(f"pmlint: warning: {warning}{NO_DOCUMENTS_HINT}", file=sys.stderr)
    try:
        full_name = discovery.repo_from(args.repo, env, root)
    except GitHubError as exc:
        raise UsageError(str(exc)) from None
    if token is None and not args.dry_run:
        raise UsageError("no GitHub token: set GITHUB_TOKEN or GH_TOKEN (or use --dry-run)")
    api_url = discovery.api_url_from(env)
    server_url = discovery.server_url_from(env, api_url)
    gh = config.github
    index, conn = Index(), None
    assignable: dict[str, bool] = {}
    vanished: dict[int, str] = {}
    if token is not None:
        conn = client.connect(full_name, token, api_url, server_url, max_writes=gh.max_writes)
        try:
            index = read_index(conn.repo, gh.label, conn.guard)
            listed = set(index.handles)
            unlisted = (item.issue for item in items if item.issue is not None and item.issue not in listed)
            vanished = linked_fates(conn.repo, full_name, conn.guard, unlisted)
            for login in sorted(logins_to_check(items, index.remote, gh.owners)):
                assignable[login] = conn.is_assignable(login)
        except client.StopRun as exc:
            raise UsageError(f"{exc}; nothing was written") from None
    settings = Settings(
        label=gh.label, title_prefix=gh.title_prefix, owners=gh.owners, priorities=config.template.priorities,
        close_done=gh.close_done, server_url=server_url, full_name=full_name, todo_path=config.todo,
        issues_read=conn is not None,
    )
    plan = plan_sync(items, index.remote, settings, assignable, index.duplicates, index.unmarked, vanished)
    outcome = SyncOutcome()
    if not args.dry_run and conn is not None:
        outcome = apply_plan(plan, conn, index, gh.label)
    todo_changed = False
    if args.write_todo and not args.dry_run:
        todo_changed = _write_todo(project, plan, outcome, items)
    report = _report(full_name, args.dry_run, items, plan, outcome, problems, todo_changed)
    report["issues_read"] = conn is not None
    report["documents"] = len(documents)
    if warning is not None:
        report["notes"].insert(0, {"kind": "no-documents", "path": None, "line": None, "issue": None,
                                   "message": f"warning: {warning}"})
    text = json.dumps(report, indent=2) + "\n" if args.format == "json" else _text(report)
    emit(redact(text, token), args.output, args.format)
    _actions(report, token)
    if outcome.failed or outcome.stopped_by == "rate-limit":
        return EXIT_FINDINGS
    return EXIT_OK


def _write_todo(project: Any, plan: Any, outcome: Any, items: list[Any]) -> bool:
    from pmlint.items.todo_edit import TodoEdit, write_todo
    from pmlint.read.files import resolve_inside

    numbers = {**plan.numbers, **outcome.created}
    edits = []
    for item in items:
        if item.todo is None:
            continue
        number = numbers.get(item.id)
        relink = item.id in plan.relink and number is not None
        issue = number if number is not None and (item.todo.issue is None or relink) else None
        check = item.id in plan.closed_remote and not item.todo.done
        if issue is not None or check:
            edits.append(TodoEdit(item.todo.line, item.todo.key, issue, check, relink=relink))
    if not edits:
        return False
    path = resolve_inside(project.root, project.config.todo)
    if isinstance(path, str) or not path.is_file():
        raise UsageError(f"{project.config.todo}: cannot write: {path if isinstance(path, str) else 'no such file'}")
    try:
        return write_todo(path, edits)
    except OSError as exc:
        raise UsageError(f"{project.config.todo}: cannot write: {exc.strerror or exc}") from None


def _unassigned_reason(op: Any) -> str:
    """Why a planned issue has no assignee, in a few words."""
    if op.dropped:
        return "cannot assign " + ", ".join("@" + login for login in op.dropped)
    if any("/" in handle for handle in op.item.owners):
        return "teams cannot be assigned"
    return "the Owner cell names no @login"


def _op_json(op: Any, status: str, number: int | None, message: str | None = None) -> dict[str, Any]:
    wanted = {key: op.fields[key] for key in ("assignees", "labels") if key in op.fields}
    if "assignees" in wanted and not wanted["assignees"]:
        wanted["unassigned"] = _unassigned_reason(op)
    return {
        "op": op.kind, "status": status, "path": op.item.doc_path, "line": op.item.line,
        "action": op.item.action, "issue": number, "changes": list(op.changed) or None,
        "title": op.title, **wanted,
        **({"message": message} if message else {}),
    }


def _report(full_name: str, dry_run: bool, items: list[Any], plan: Any, outcome: Any,
            problems: list[Any], todo_changed: bool) -> dict[str, Any]:
    operations = []
    failed = {id(op): message for op, message in outcome.failed}
    left = {id(op) for op in outcome.left}
    for op in plan.ops:
        number = op.number if op.number is not None else outcome.created.get(op.item.id)
        if dry_run:
            status = "planned"
        elif id(op) in failed:
            status = "failed"
        elif id(op) in left:
            status = "left"
        else:
            status = "done" if op in outcome.done else "left"
        operations.append(_op_json(op, status, number, failed.get(id(op))))
    notes = [
        {"kind": note.kind, "path": note.item.doc_path if note.item else None,
         "line": note.item.line if note.item else None, "issue": note.number, "message": note.message}
        for note in plan.notes
    ]
    notes += [{"kind": "dropped-assignee", "path": op.item.doc_path, "line": op.item.line, "issue": None,
               "message": f"cannot assign @{login}; created without assignees"} for op, login in outcome.dropped]
    notes += [{"kind": "unreadable", "path": p.path, "line": 1, "issue": None, "message": p.message} for p in problems]
    def count(kind: str) -> int:
        return sum(1 for o in operations if o["op"] == kind and o["status"] in ("done", "planned"))

    counts = {
        "items": plan.items, "created": count("create"), "updated": count("update"), "closed": count("close"),
        "skipped": plan.skipped, "left": sum(1 for o in operations if o["status"] == "left"),
        "failed": sum(1 for o in operations if o["status"] == "failed"),
        "orphaned": sum(1 for n in plan.notes if n.kind == "orphan"),
    }
    return {"repository": full_name, "dry_run": dry_run, "counts": counts, "operations": operations,
            "notes": notes, "stopped": outcome.stopped, "todo_written": todo_changed}


VERBS = {("create", "done"): "created", ("update", "done"): "updated", ("close", "done"): "closed"}


def _text(report: dict[str, Any]) -> str:
    lines = [f"pmlint sync: {report['repository']}" + (" (dry run: nothing written)" if report["dry_run"] else "")]
    if not report.get("issues_read", True):
        lines.append("  no GitHub token: existing issues were not read; every item is planned as if it had no issue")
    for op in report["operations"]:
        verb = VERBS.get((op["op"], op["status"])) or (
            f"would {op['op']}" if op["status"] == "planned" else f"{op['status']} ({op['op']})"
        )
        issue = f"#{op['issue']}" if op["issue"] else ""
        changes = f" [{', '.join(op['changes'])}]" if op["changes"] else ""
        detail = f": {op['message']}" if op.get("message") else ""
        lines.append(f"  {verb:<16} {issue:<6} {op['path']}:{op['line']} {op['action'][:70]}{changes}{detail}")
        if report["dry_run"] and op["op"] == "create":
            lines.append(f"      {_planned_issue(op)}")
    for note in report["notes"]:
        where = f"{note['path']}:{note['line']}: " if note["path"] else ""
        lines.append(f"  note: {where}{note['message']}")
    if report["stopped"]:
        lines.append(f"  stopped: {report['stopped']}; the next run continues")
    if report["todo_written"]:
        lines.append("  TODO.md updated")
    c = report["counts"]
    lines.append(
        ("planned: " if report["dry_run"] else "")
        + f"{c['items']} action items: created {c['created']}, updated {c['updated']}, closed {c['closed']}, "
        f"skipped {c['skipped']}, left for the next run {c['left']}, failed {c['failed']}"
    )
    return "\n".join(lines) + "\n"


def _planned_issue(op: dict[str, Any]) -> str:
    """`title: ...; assignees: @a; labels: x, y` for a planned new issue."""
    assignees = ", ".join("@" + login for login in op.get("assignees", []))
    if not assignees:
        assignees = f"none (unassigned: {op.get('unassigned', 'no owner')})"
    return f"title: {op['title']}; assignees: {assignees}; labels: {', '.join(op.get('labels', []))}"


def _actions(report: dict[str, Any], token: str | None) -> None:
    from pmlint.output import actions_runner

    if not actions_runner.in_actions():
        return
    c = report["counts"]
    outputs = {k: c[k] for k in ("created", "updated", "closed", "skipped", "left", "failed", "orphaned")}
    actions_runner.set_outputs({**outputs, "documents": report["documents"]})
    title = "### pmlint sync" + (" (dry run)" if report["dry_run"] else "")
    table = [
        title, "", "| created | updated | closed | skipped | left for the next run | failed |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {c['created']} | {c['updated']} | {c['closed']} | {c['skipped']} | {c['left']} | {c['failed']} |", "",
    ]
    if not report.get("issues_read", True):
        table += ["No GitHub token: existing issues were not read; every item is planned as if it had no issue.", ""]
    if report["stopped"]:
        table += [f"Stopped early: {report['stopped']}. The next run continues.", ""]
    for note in report["notes"][:200]:
        table.append(f"- {note['message'].replace('|', '/')}")
    actions_runner.append_summary(redact("\n".join(table) + "\n", token))  # notes may quote a server's reply

