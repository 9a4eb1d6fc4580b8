"""Carrying out a sync plan through PyGithub: a thin layer over the Guard.

Every write goes through `Guard.write` (budget, spacing, rate limits, faults). A create
whose answer is lost is re-read by marker before it is sent again; closing posts its
comment only when no pmlint close comment is on the issue yet, so a crash between the
comment and the close does not comment twice on the rerun.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pmlint.github.client import Connection, WriteFailed
from pmlint.github.index import Index, find_by_marker, raw
from pmlint.github.marker import has_closed_marker
from pmlint.github.plan import Op, Plan
from pmlint.github.writes import Progress, send_all


@dataclass
class SyncOutcome(Progress[Op]):
    """What applying a sync plan did: the operations' progress, new issue numbers, dropped assignees."""

    created: dict[str, int] = field(default_factory=dict)  # item id -> new issue number
    dropped: list[tuple[Op, str]] = field(default_factory=list)  # (op, login) dropped at write time

    def count(self, kind: str) -> int:
        return sum(1 for op in self.done if op.kind == kind)


def _create(op: Op, conn: Connection, label: str, outcome: SyncOutcome) -> Any:
    fields = dict(op.fields)

    def send() -> Any:
        return conn.repo.create_issue(
            title=fields["title"],
            body=fields["body"],
            labels=list(fields["labels"]),
            assignees=list(fields["assignees"]),
        )

    def recheck() -> Any:
        return find_by_marker(conn.repo, label, op.item.id)

    try:
        return conn.guard.write(send, f"create issue for {op.item.doc_path}:{op.item.line}", recheck)
    except WriteFailed as failed:
        if failed.status != 422 or failed.field_name != "assignees" or not fields["assignees"]:
            raise
        # An owner lost access since the plan: the item is still created, without assignees.
        outcome.dropped.extend((op, login) for login in fields["assignees"])
        fields["assignees"] = []
        return conn.guard.write(send, f"create issue for {op.item.doc_path}:{op.item.line}", recheck)


def _update(op: Op, conn: Connection, index: Index) -> None:
    assert op.number is not None  # only creates have none
    issue = index.handles[op.number]
    conn.guard.write(lambda: issue.edit(**dict(op.fields)), f"update issue #{op.number}")


def _close(op: Op, conn: Connection, index: Index) -> None:
    assert op.number is not None  # only creates have none
    issue = index.handles[op.number]

    def commented() -> bool:
        return any(has_closed_marker(raw(c).get("body"), op.item.id) for c in issue.get_comments())

    if not conn.guard.read(commented, f"read comments of #{op.number}"):
        conn.guard.write(
            lambda: issue.create_comment(op.comment or "Closed by pmlint."),
            f"comment on #{op.number}",
            recheck=lambda: True if commented() else None,  # a lost answer: did it go through?
        )
    conn.guard.write(lambda: issue.edit(state="closed", state_reason="completed"), f"close issue #{op.number}")


def apply_plan(plan: Plan, conn: Connection, index: Index, label: str) -> SyncOutcome:
    """Send the plan's operations in order; stop cleanly on the budget or a long rate
    limit (the rest is `left`); a failed operation is reported and the run goes on."""
    outcome = SyncOutcome()

    def send(op: Op) -> None:
        if op.kind == "create":
            issue = _create(op, conn, label, outcome)
            outcome.created[op.item.id] = int(raw(issue).get("number") or issue.number)
        elif op.kind == "update":
            _update(op, conn, index)
        elif op.kind == "close":
            _close(op, conn, index)

    send_all(list(plan.ops), send, outcome)
    return outcome
