"""`pmlint sync`'s report: the JSON document, the text listing and, in Actions, the step
summary and outputs. Pure shaping of what `github.sync.run_sync` did."""

from __future__ import annotations

import json
from typing import Any

from pmlint.output import actions_runner


def render(report: dict[str, Any], format_name: str) -> str:
    """The report as JSON or text."""
    return json.dumps(report, indent=2) + "\n" if format_name == "json" else render_text(report)


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


def sync_report(full_name: str, dry_run: bool, items: list[Any], plan: Any, outcome: Any,
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


def render_text(report: dict[str, Any]) -> str:
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


def write_actions(report: dict[str, Any]) -> None:
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
    actions_runner.append_summary("\n".join(table) + "\n")

