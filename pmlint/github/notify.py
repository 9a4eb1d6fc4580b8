"""`pmlint overdue --notify`: the `overdue` label and reminder comments on GitHub issues.

Plan, then apply (as `sync`): `plan_notify` is a pure function from the overdue items, the
issues GitHub has and the reminder comments already posted to a list of operations; `apply`
performs them through the write wrapper of `sync` (budget, spacing, rate limits, faults).

- Each overdue item's open issue gets the label (when it lacks it) and one reminder per
  `remind-every` calendar days, found again by a hidden marker
  `<!-- pmlint:overdue id=<item id> date=YYYY-MM-DD -->`: a rerun the same day adds nothing.
- An issue carrying the label whose item is no longer overdue (done, closed, Due moved, or
  gone from its document) loses it.
- Mentions: only the issue's current assignees. Text from documents (action, owner, title)
  is written with every `@` defused, so the Owner cell never pings anyone.
- An overdue item without an issue is reported, never created: that is `sync`'s job.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pmlint.github.session import Session
from pmlint.github.writes import Progress, send_all
from pmlint.items.due import IssueState, IssueStates, Overdue

REMINDER = re.compile(r"<!--\s*pmlint:overdue\s+id=(?P<id>[0-9A-Za-z_-]+)\s+date=(?P<date>\d{4}-\d{2}-\d{2})\s*-->")
# A zero-width space after "@" (as an HTML entity, so it survives editors): GitHub renders
# "@name" but does not mention anyone.
DEFUSED_AT = "@&#8203;"

Kind = Literal["add-label", "remove-label", "comment"]


@dataclass(frozen=True, slots=True)
class Operation:
    """One write of `overdue --notify`: add or remove a label, or post a reminder comment."""

    kind: Kind
    issue: int
    item_id: str | None  # the item it is for (None for a label removed from an orphan)
    label: str = ""
    body: str = ""  # the comment's Markdown, for "comment"
    why: str = ""  # one line for the plan's printout

    def describe(self) -> str:
        verb = {"add-label": f"add label '{self.label}' to", "remove-label": f"remove label '{self.label}' from",
                "comment": "comment on"}[self.kind]
        return f"{verb} #{self.issue}" + (f": {self.why}" if self.why else "")


@dataclass(slots=True)
class NotifyPlan:
    """The writes `overdue --notify` plans, and the overdue items it cannot act on."""

    operations: list[Operation] = field(default_factory=list)
    without_issue: list[Overdue] = field(default_factory=list)  # reported, not created
    reminded_recently: int = 0  # overdue issues whose last reminder is newer than remind-every

    def count(self, kind: Kind) -> int:
        return sum(1 for op in self.operations if op.kind == kind)


def last_reminder(bodies: Iterable[str], item_id: str) -> dt.date | None:
    """The newest date of this item's reminder markers among the comment bodies."""
    newest: dt.date | None = None
    for body in bodies:
        for match in REMINDER.finditer(body or ""):
            if match.group("id") != item_id:
                continue
            try:
                day = dt.date.fromisoformat(match.group("date"))
            except ValueError:
                continue
            if newest is None or day > newest:
                newest = day
    return newest


def due_for_reminder(last: dt.date | None, today: dt.date, remind_every: int) -> bool:
    """No reminder yet, or the last one is at least `remind_every` calendar days old."""
    return last is None or (today - last).days >= remind_every


def defuse(text: str) -> str:
    """Document text made safe for an issue comment: no @-mention, on one line."""
    return " ".join(text.split()).replace("@", DEFUSED_AT)


def reminder_body(
    entry: Overdue, today: dt.date, remind_every: int, doc_url: str | None = None
) -> str:
    """The reminder comment: what is overdue, by how much, what to do, whom it concerns
    (the issue's assignees only), and the marker that deduplicates it."""
    item = entry.item
    assert item.due is not None
    days = f"{entry.days} business day{'' if entry.days == 1 else 's'}"
    where = f"[{defuse(item.doc_path)}]({doc_url})" if doc_url else f"`{item.doc_path}`"
    lines = [
        f"**Overdue:** this action item was due **{item.due.isoformat()}** ({days} overdue as of {today.isoformat()}).",
        "",
        f"> {defuse(item.action)}",
        "",
        f"From the post-mortem {where}"
        + (f" ({defuse(item.severity)})" if item.severity else "")
        + (f" · Priority {defuse(item.priority)}" if item.priority else "")
        + (f" · Owner {defuse(item.owner)}" if item.owner else ""),
        "",
    ]
    assignees = entry.issue.assignees if entry.issue else ()
    if assignees:
        lines += [" ".join(f"@{login}" for login in assignees), ""]
    lines += [
        "Finish it and close this issue (or check its box in TODO.md), or move its Due date in the "
        f"post-mortem. pmlint reminds again every {remind_every} day{'' if remind_every == 1 else 's'} "
        "while it is overdue.",
        "",
        f"<!-- pmlint:overdue id={item.id} date={today.isoformat()} -->",
    ]
    return "\n".join(lines) + "\n"


def _has_label(issue: IssueState, label: str) -> bool:
    # GitHub label names are case-insensitive.
    return label.casefold() in {name.casefold() for name in issue.labels}


def plan_notify(
    overdue: Sequence[Overdue],
    issues: IssueStates,
    comments: Mapping[int, Sequence[str]],
    today: dt.date,
    label: str,
    remind_every: int,
    doc_url: Callable[[str, int], str] | None = None,
) -> NotifyPlan:
    """The label and comment operations that make GitHub reflect `overdue`.

    `comments` holds the comment bodies of each overdue item's issue, by issue number (the
    only comments read). Operations come in a stable order: per overdue item (most overdue
    first) its label then its comment, then label removals by issue number.
    """
    plan = NotifyPlan()
    labelled: set[int] = set()  # issues that keep (or get) the label
    for entry in overdue:
        issue = entry.issue
        if issue is None or not issue.open:
            plan.without_issue.append(entry)
            continue
        item = entry.item
        if issue.number not in labelled and not _has_label(issue, label):
            plan.operations.append(Operation("add-label", issue.number, item.id, label=label, why=item.action))
        labelled.add(issue.number)
        if due_for_reminder(last_reminder(comments.get(issue.number, ()), item.id), today, remind_every):
            url = doc_url(item.doc_path, item.line) if doc_url else None
            body = reminder_body(entry, today, remind_every, url)
            reminder = Operation("comment", issue.number, item.id, body=body, why=f"reminder for {item.action}")
            plan.operations.append(reminder)
        else:
            plan.reminded_recently += 1
    for number in sorted(issues.by_number):
        issue = issues.by_number[number]
        if number not in labelled and _has_label(issue, label):
            plan.operations.append(
                Operation("remove-label", number, None, label=label, why="no longer overdue")
            )
    return plan


# -- reading GitHub and applying the plan (PyGithub, through sync's Guard) ----------------


class NotifyOutcome(Progress["Operation"]):
    """What a notify run did, failed to do and left for the next run."""


def _send(op: Operation, session: Session, today: dt.date) -> None:
    from pmlint.github.client import WriteFailed
    from pmlint.github.index import raw

    guard, handle = session.conn.guard, session.handles[op.issue]
    what = f"{op.kind} #{op.issue}"
    if op.kind == "add-label":
        guard.write(lambda: handle.add_to_labels(op.label), what)
    elif op.kind == "remove-label":
        try:
            guard.write(lambda: handle.remove_from_labels(op.label), what)
        except WriteFailed as failed:
            if failed.status != 404:  # 404: someone removed it already; that is what we wanted
                raise
    else:
        assert op.item_id is not None
        item_id = op.item_id

        def posted() -> bool | None:  # a lost answer: is today's reminder there after all?
            bodies = [str(raw(c).get("body") or "") for c in handle.get_comments()]
            return True if last_reminder(bodies, item_id) == today else None

        guard.write(lambda: handle.create_comment(op.body), what, recheck=posted)


def apply_notify(plan: NotifyPlan, session: Session, today: dt.date) -> NotifyOutcome:
    """Send the operations in order; stop cleanly on the budget or a long rate limit (the
    rest is `left` for the next run); a failed operation is reported and the run goes on."""
    outcome = NotifyOutcome()
    send_all(plan.operations, lambda op: _send(op, session, today), outcome)
    return outcome
