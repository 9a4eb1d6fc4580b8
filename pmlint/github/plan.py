"""The sync plan: a pure function from (action items, TODO state, the issues GitHub has) to
the operations that make GitHub mirror the items, and the things to report.

Decisions (documented in the README):
- Every action item gets an issue, also one with an invalid Due or no owner (the body says
  so); an item whose TODO box is already checked and that has no issue gets none, and an
  item whose TODO line names an issue that is not a managed one is left to that issue.
- Labels: only the managed label and the configured priorities are ours; other labels on
  the issue (`overdue`, anything a human added) are kept.
- Assignees: the owners' logins through the `owners` map; the document is the source of
  truth, so the issue's assignees are set to exactly the assignable ones.
- An item with no issue of its own takes over a managed issue that no current item claims
  when its TODO.md line links that issue (the document was renamed, or the action
  reworded), or when that issue's marker is the same action's id under the document path
  its body links (the document was renamed): its body gets the new marker, instead of a
  duplicate issue and an orphan.
- A checked box closes an open issue (reason completed, with a comment); a closed issue
  whose box is unchecked is reported (and `--write-todo` checks the box), never reopened.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from pmlint.github.body import close_comment, render_body, render_title
from pmlint.github.index import RemoteIssue
from pmlint.github.marker import is_dashboard
from pmlint.items.model import ActionItem, item_id

MAX_ASSIGNEES = 10  # GitHub's limit per issue


@dataclass(frozen=True)
class Settings:
    """What a sync plan needs from the configuration and the environment."""

    label: str
    title_prefix: str
    owners: Mapping[str, str]
    priorities: Sequence[str]
    close_done: bool
    server_url: str
    full_name: str
    todo_path: str = "TODO.md"
    issues_read: bool = True  # False: a dry run without a token, planned against no issues


@dataclass(frozen=True)
class Op:
    """One planned issue write: create, update or close the issue of an action item."""

    kind: str  # "create" | "update" | "close"
    item: ActionItem
    number: int | None  # None for create
    title: str
    fields: Mapping[str, Any] = field(default_factory=dict)  # create/update: what to send
    changed: tuple[str, ...] = ()  # update: names of the fields that differ
    comment: str | None = None  # close: the comment to post first
    dropped: tuple[str, ...] = ()  # logins that cannot be assigned


@dataclass(frozen=True)
class Note:
    """Something a sync plan reports without writing (an orphan, a duplicate, ...)."""

    kind: str  # "closed-on-github" | "orphan" | "duplicate" | "unassignable" | "done-without-issue" | "unmanaged-link"
    message: str
    item: ActionItem | None = None
    number: int | None = None


@dataclass
class Plan:
    """The operations and notes of a sync run, with its counts."""

    ops: list[Op] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    items: int = 0
    unchanged: int = 0  # items whose issue already matches
    skipped: int = 0  # items that need no write at all (unchanged, done without issue, ...)
    numbers: dict[str, int] = field(default_factory=dict)  # item id -> its issue number, where known
    closed_remote: set[str] = field(default_factory=set)  # item ids whose issue is closed
    relink: set[str] = field(default_factory=set)  # item ids whose TODO.md link names a vanished issue


def owner_logins(item: ActionItem, owners: Mapping[str, str]) -> list[str]:
    """The GitHub logins of the item's user handles, mapped through `owners` (keys with or
    without "@", any case). Teams are not assignable: the body names them."""
    mapping = {key.lstrip("@").casefold(): value.lstrip("@") for key, value in owners.items()}
    logins: dict[str, str] = {}
    for handle in item.owners:
        if "/" in handle:
            continue
        login = mapping.get(handle.casefold(), handle)
        logins.setdefault(login.casefold(), login)
    return list(logins.values())


def logins_to_check(
    items: Sequence[ActionItem], remote: Mapping[str, RemoteIssue], owners: Mapping[str, str]
) -> set[str]:
    """Logins whose assignability the plan needs: those not already assigned to the item's issue."""
    wanted: set[str] = set()
    for item in items:
        issue = remote.get(item.id)
        assigned = {login.casefold() for login in issue.assignees} if issue else set()
        wanted.update(login for login in owner_logins(item, owners) if login.casefold() not in assigned)
    return wanted


def _labels(item: ActionItem, settings: Settings) -> list[str]:
    labels = [settings.label]
    for priority in settings.priorities:
        if item.priority.casefold() == priority.casefold():
            labels.append(priority)
    return labels


def _norm(body: str) -> str:
    return "\n".join(line.rstrip() for line in body.replace("\r\n", "\n").strip().split("\n"))


def _adoptable(items: Sequence[ActionItem], remote: Mapping[str, RemoteIssue]) -> dict[int, RemoteIssue]:
    """Managed issues, by number, whose marker names no current item: an item whose TODO.md
    line links one of them takes it over instead of opening a duplicate."""
    current = {item.id for item in items}
    return {issue.number: issue for item_id, issue in remote.items() if item_id not in current}


_DOC_ROW = re.compile(r"^\| \*\*Post-mortem\*\* \| \[(?P<path>.+)\]\(", re.MULTILINE)


def _moved_from(adoptable: Mapping[int, RemoteIssue]) -> dict[str, set[str]]:
    """Document path (from the issue body's link) -> the item ids of adoptable issues there."""
    paths: dict[str, set[str]] = {}
    for issue in adoptable.values():
        found = _DOC_ROW.search(issue.body)
        if found and issue.item_id:
            paths.setdefault(found.group("path").replace("\\|", "|"), set()).add(issue.item_id)
    return paths


def _adopt(item: ActionItem, adoptable: Mapping[int, RemoteIssue], moved: Mapping[str, set[str]],
           adopted: set[int]) -> RemoteIssue | None:
    """The orphaned managed issue this item takes over: the one its TODO.md line links, else
    the one whose marker is this action's id under the document path its body links (the
    document was renamed: same action text, new path)."""
    if item.issue is not None and item.issue in adoptable and item.issue not in adopted:
        return adoptable[item.issue]
    for path, ids in moved.items():
        old_id = item_id(path, item.key)
        if old_id in ids:
            for issue in adoptable.values():
                if issue.item_id == old_id and issue.number not in adopted:
                    return issue
    return None


def _unmarked_match(
    item: ActionItem, title: str, unmarked: Sequence[RemoteIssue], adopted: set[int]
) -> RemoteIssue | None:
    """The managed issue whose marker a human deleted that is this item's: the one its
    TODO.md line links, else the one with exactly its title."""
    free = [issue for issue in unmarked if issue.number not in adopted and not is_dashboard(issue.body)]
    return next((i for i in free if i.number == item.issue), None) or next((i for i in free if i.title == title), None)


def plan_sync(
    items: Sequence[ActionItem],
    remote: Mapping[str, RemoteIssue],
    settings: Settings,
    assignable: Mapping[str, bool],
    duplicates: Sequence[tuple[RemoteIssue, int]] = (),
    unmarked: Sequence[RemoteIssue] = (),
    vanished: Mapping[int, str] | None = None,
) -> Plan:
    """What to do so that GitHub mirrors `items`. `remote`: item id -> its issue;
    `assignable`: login (any case) -> may be assigned (logins missing count as assignable);
    `unmarked`: managed issues without a marker; `vanished`: issue numbers linked from
    TODO.md that are gone from the repository -> what became of them."""
    plan = Plan()
    vanished = vanished or {}
    can_assign = {login.casefold(): ok for login, ok in assignable.items()}
    managed = {settings.label.casefold(), *(p.casefold() for p in settings.priorities)}
    adoptable = _adoptable(items, remote)
    moved = _moved_from(adoptable)
    adopted: set[int] = set()
    seen: set[str] = set()
    for item in items:
        if item.id in seen:  # the same action twice in one document (PM309): one issue
            continue
        seen.add(item.id)
        plan.items += 1
        title = render_title(item, settings.title_prefix)
        issue = _find_issue(plan, item, title, remote, adoptable, moved, unmarked, adopted)
        if item.issue is not None and item.issue in vanished:
            now = f"its issue is #{issue.number}" if issue is not None else "a new issue is opened"
            plan.notes.append(Note("vanished-link", f"TODO.md links #{item.issue}, which was {vanished[item.issue]}; "
                                   f"{now} (--write-todo relinks TODO.md to it)", item, item.issue))
            plan.relink.add(item.id)
        wanted = _Wanted(title, render_body(item, settings.server_url, settings.full_name), _labels(item, settings),
                         *_assignees(plan, item, issue, settings, can_assign))
        if issue is None:
            _plan_without_issue(plan, item, settings, wanted)
        else:
            _plan_with_issue(plan, item, issue, settings, wanted, managed)
    _notes_on_unclaimed(plan, remote, seen, adopted, unmarked, duplicates, settings)
    return plan


class _Wanted(NamedTuple):
    """What an item's issue should hold."""

    title: str
    body: str
    labels: list[str]
    assignees: list[str]  # the owners that can be assigned
    dropped: tuple[str, ...]  # the owners that cannot


def _find_issue(
    plan: Plan, item: ActionItem, title: str, remote: Mapping[str, RemoteIssue], adoptable: Mapping[int, RemoteIssue],
    moved: Mapping[str, set[str]], unmarked: Sequence[RemoteIssue], adopted: set[int],
) -> RemoteIssue | None:
    """The item's issue: by its marker; else a managed issue it takes over; else an unmarked
    one found by its TODO.md link or its exact title (re-marked, and said so)."""
    issue = remote.get(item.id)
    if issue is None:
        # The document was renamed or the action reworded (a new id), but the item's
        # managed issue is still there: keep it; its body takes the new marker.
        issue = _adopt(item, adoptable, moved, adopted)
        if issue is not None:
            adopted.add(issue.number)
    if issue is None and (issue := _unmarked_match(item, title, unmarked, adopted)) is not None:
        adopted.add(issue.number)
        how = "its TODO.md link" if item.issue == issue.number else "its exact title"
        plan.notes.append(Note("re-marked", f"issue #{issue.number} had lost its pmlint marker; found by {how}, "
                               "its body gets the marker again", item, issue.number))
    return issue


def _assignees(
    plan: Plan, item: ActionItem, issue: RemoteIssue | None, settings: Settings, can_assign: Mapping[str, bool]
) -> tuple[list[str], tuple[str, ...]]:
    """The owners to assign (those already assigned or assignable, at most GitHub's limit)
    and those dropped, noted unless the item gets no issue at all."""
    assigned = {login.casefold() for login in issue.assignees} if issue else set()
    logins = owner_logins(item, settings.owners)
    keep = [
        login for login in logins if login.casefold() in assigned or can_assign.get(login.casefold(), True)
    ][:MAX_ASSIGNEES]
    dropped = tuple(login for login in logins if login not in keep)
    gets_no_issue = issue is None and ((item.issue is not None and item.id not in plan.relink) or item.done)
    if dropped and not gets_no_issue:  # no issue, nobody to assign: no note
        plan.notes.append(Note(
            "unassignable",
            f"cannot assign {', '.join('@' + d for d in dropped)} in {settings.full_name}; "
            "the issue is left without them "
            "(add them as collaborators, or map them in [tool.pmlint.github] owners)",
            item, issue.number if issue else None,
        ))
    return keep, dropped


def _plan_without_issue(plan: Plan, item: ActionItem, settings: Settings, wanted: _Wanted) -> None:
    """An item with no issue: created, unless TODO.md links an issue pmlint does not manage
    or the item is done."""
    if item.issue is not None and item.id not in plan.relink:
        plan.notes.append(Note(
            "unmanaged-link",
            f"TODO.md links #{item.issue}, which is not an issue pmlint manages; no issue created"
            if settings.issues_read else
            f"TODO.md links #{item.issue}; without a token pmlint cannot read it, so no issue is planned",
            item, item.issue,
        ))
        plan.skipped += 1
    elif item.done:
        plan.notes.append(Note("done-without-issue", "done in TODO.md and has no issue; none created", item))
        plan.skipped += 1
    else:
        fields = {"title": wanted.title, "body": wanted.body, "labels": wanted.labels, "assignees": wanted.assignees}
        plan.ops.append(Op("create", item, None, wanted.title, fields, dropped=wanted.dropped))


def _plan_with_issue(
    plan: Plan, item: ActionItem, issue: RemoteIssue, settings: Settings, wanted: _Wanted, managed: set[str]
) -> None:
    """An item with its issue: the fields that differ updated, a done item's issue closed, a
    closed issue whose box is open reported."""
    plan.numbers[item.id] = issue.number
    title, labels, keep = wanted.title, wanted.labels, wanted.assignees
    fields: dict[str, Any] = {}
    if issue.title != title:
        fields["title"] = title
    if _norm(issue.body) != _norm(wanted.body):
        fields["body"] = wanted.body
    current_managed = {label.casefold() for label in issue.labels if label.casefold() in managed}
    if current_managed != {label.casefold() for label in labels}:
        fields["labels"] = [label for label in issue.labels if label.casefold() not in managed] + labels
    if {login.casefold() for login in issue.assignees} != {login.casefold() for login in keep}:
        fields["assignees"] = keep
    wrote = False
    if fields:
        plan.ops.append(Op("update", item, issue.number, title, fields, tuple(fields), dropped=wanted.dropped))
        wrote = True
    if issue.state == "closed":
        plan.closed_remote.add(item.id)
        if not item.done and item.todo is not None:
            plan.notes.append(Note(
                "closed-on-github",
                f"issue #{issue.number} is closed on GitHub but the box is open in TODO.md "
                "(--write-todo checks it)",
                item, issue.number,
            ))
    elif item.done and settings.close_done:
        plan.ops.append(Op("close", item, issue.number, title, comment=close_comment(item, settings.todo_path)))
        wrote = True
    if not wrote:
        plan.unchanged += 1
        plan.skipped += 1


def _notes_on_unclaimed(
    plan: Plan, remote: Mapping[str, RemoteIssue], seen: set[str], adopted: set[int], unmarked: Sequence[RemoteIssue],
    duplicates: Sequence[tuple[RemoteIssue, int]], settings: Settings,
) -> None:
    """The managed issues no item claims (orphans, unmarked ones) and the duplicates: reported,
    never closed."""
    for marker_id, issue in sorted(remote.items(), key=lambda pair: pair[1].number):
        if marker_id not in seen and issue.number not in adopted and issue.state == "open":
            plan.notes.append(Note(
                "orphan",
                f"issue #{issue.number} ({issue.title}) has no action item any more; left open for a human to close",
                None, issue.number,
            ))
    for stray in unmarked:
        if stray.number not in adopted and stray.state == "open" and not is_dashboard(stray.body):
            plan.notes.append(Note(
                "unmarked",
                f"issue #{stray.number} ({stray.title}) has the label {settings.label!r} but no pmlint marker, and no "
                "action item's TODO.md link or title matches it; left alone",
                None, stray.number,
            ))
    for extra, kept in duplicates:
        why = f"issue #{extra.number} duplicates #{kept} (same marker); close one of them"
        plan.notes.append(Note("duplicate", why, None, extra.number))
