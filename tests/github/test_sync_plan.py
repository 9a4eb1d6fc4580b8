"""The sync plan is a pure function: items + TODO state + GitHub's issues -> operations."""

from __future__ import annotations

import datetime as dt

from pmlint.github.body import render_body, render_title
from pmlint.github.index import RemoteIssue
from pmlint.github.marker import marker, parse_marker
from pmlint.github.plan import Settings, plan_sync
from pmlint.items.model import ActionItem, item_id
from pmlint.items.todo_edit import TodoEdit, apply_edits
from pmlint.parse.todo_file import TodoItem

DOC = "docs/incidents/2026-11-20-db-pool.md"
SETTINGS = Settings("postmortem-action", "", {"kenji": "kenji-gh"}, ["P1", "P2", "P3"], True, "https://github.com", "acme/ops")


def item(text: str = "Add pool alert", owners: tuple[str, ...] = ("alice",), done: bool | None = False,
         issue: int | None = None, due: str = "2026-12-01") -> ActionItem:
    key = text.casefold()
    todo = None if done is None else TodoItem(5, done, text, key, DOC, 10, issue)
    return ActionItem(item_id(DOC, key), DOC, 9, text, key, " ".join("@" + o for o in owners), owners, "P1",
                      dt.date.fromisoformat(due) if due[:1].isdigit() else None, due, "DB pool", "SEV-2", todo)


def remote(it: ActionItem, number: int = 7, state: str = "open", labels: tuple[str, ...] = ("postmortem-action", "P1"),
           assignees: tuple[str, ...] = ("alice",), body: str | None = None) -> RemoteIssue:
    text = body if body is not None else render_body(it, SETTINGS.server_url, SETTINGS.full_name)
    return RemoteIssue(number, render_title(it), text, state, None, labels, assignees, "", it.id)


def test_matching_issue_needs_nothing() -> None:
    it = item()
    plan = plan_sync([it], {it.id: remote(it)}, SETTINGS, {})
    assert plan.ops == [] and plan.unchanged == 1


def test_update_sends_only_what_differs_and_keeps_foreign_labels() -> None:
    it = item()
    issue = remote(it, labels=("postmortem-action", "P3", "overdue"), assignees=("alice",))
    [op] = plan_sync([it], {it.id: issue}, SETTINGS, {}).ops
    assert op.kind == "update" and op.changed == ("labels",)
    assert op.fields["labels"] == ["overdue", "postmortem-action", "P1"]


def test_create_maps_owners_drops_unassignable_and_names_teams() -> None:
    it = item(owners=("kenji", "bob", "acme/sre"))
    plan = plan_sync([it], {}, SETTINGS, {"kenji-gh": True, "bob": False})
    [op] = plan.ops
    assert op.kind == "create" and op.fields["assignees"] == ["kenji-gh"] and op.dropped == ("bob",)
    assert "`@acme/sre`" in op.fields["body"] and parse_marker(op.fields["body"]) == it.id
    assert [n.kind for n in plan.notes] == ["unassignable"]


def test_state_rules() -> None:
    done, open_, linked, untracked = item("A", done=True), item("B"), item("C", issue=99), item("D", done=None)
    closed_elsewhere = item("E")
    issues = {done.id: remote(done, 1), closed_elsewhere.id: remote(closed_elsewhere, 2, state="closed")}
    plan = plan_sync([done, open_, linked, untracked, closed_elsewhere], issues, SETTINGS, {})
    assert [(op.kind, op.number) for op in plan.ops] == [("close", 1), ("create", None), ("create", None)]
    assert {n.kind for n in plan.notes} == {"unmanaged-link", "closed-on-github"}
    assert plan.closed_remote == {closed_elsewhere.id}


def test_orphans_and_duplicates_are_reported_not_touched() -> None:
    gone = item("Removed action")
    issue = remote(gone, 3)
    plan = plan_sync([], {gone.id: issue}, SETTINGS, {}, duplicates=[(remote(gone, 4), 3)])
    assert plan.ops == [] and [n.kind for n in plan.notes] == ["orphan", "duplicate"]


def test_invalid_due_and_quoted_marker_are_safe() -> None:
    it = item("Stop <!-- pmlint:action id=deadbeefdeadbeef --> spoofing", due="next week")
    [op] = plan_sync([it], {}, SETTINGS, {}).ops
    assert "next week (not an ISO date)" in op.fields["body"]
    assert parse_marker(op.fields["body"]) == it.id and op.fields["body"].count("<!--") == 1
    assert marker(it.id) in op.fields["body"]


def test_todo_edits_preserve_bytes() -> None:
    data = "\ufeff# T\r\n- [ ] Add pool alert _(ref: x.md)_   \r\n- [ ] Other _(ref: x.md)_ #4\n".encode()
    new = apply_edits(data, [TodoEdit(2, "add pool alert", 12, check=True), TodoEdit(3, "other", 5, check=False)])
    assert new == "\ufeff# T\r\n- [x] Add pool alert _(ref: x.md)_ #12   \r\n- [ ] Other _(ref: x.md)_ #4\n".encode()
    assert apply_edits(data, [TodoEdit(2, "a different action", 12, True)]) == data, "a changed line is left alone"


def test_renamed_document_keeps_the_issue_todo_links() -> None:
    """A renamed document (or a reworded action) gives the item a new id; TODO.md still links
    its issue, so that issue is kept and re-marked: no duplicate, no orphan, no false note."""
    old = item("Add pool alert")
    new_doc = "docs/incidents/2026-11-20-pool.md"
    todo = TodoItem(5, False, "Add pool alert", "add pool alert", new_doc, 10, 7)
    moved = ActionItem(item_id(new_doc, old.key), new_doc, 9, old.action, old.key, old.owner, old.owners, "P1",
                       old.due, old.due_text, "DB pool", "SEV-2", todo)
    plan = plan_sync([moved], {old.id: remote(old, 7)}, SETTINGS, {})
    [op] = plan.ops
    assert (op.kind, op.number, op.changed) == ("update", 7, ("body",))
    assert parse_marker(op.fields["body"]) == moved.id and new_doc in op.fields["body"]
    assert plan.notes == [] and plan.numbers == {moved.id: 7}


def test_todo_link_to_an_issue_another_item_owns_is_not_taken() -> None:
    owner, other = item("Add pool alert"), item("Other action", issue=7)
    plan = plan_sync([owner, other], {owner.id: remote(owner, 7)}, SETTINGS, {})
    assert plan.ops == [] and [n.kind for n in plan.notes] == ["unmanaged-link"]


def test_renamed_document_keeps_the_issue_without_a_todo_link() -> None:
    """No TODO.md line at all: the old issue's body names the old path, and its marker is the
    same action's id there, so the renamed item takes it over. A different action does not."""
    old, other_old = item("Add pool alert", done=None), item("Retire the pool", done=None)
    new_doc = "docs/incidents/2026-11-20-pool|x.md"
    moved = ActionItem(item_id(new_doc, old.key), new_doc, 9, old.action, old.key, old.owner, old.owners, "P1",
                       old.due, old.due_text, "DB pool", "SEV-2", None)
    fresh = ActionItem(item_id(new_doc, "add a runbook"), new_doc, 10, "Add a runbook", "add a runbook", old.owner,
                       old.owners, "P1", old.due, old.due_text, "DB pool", "SEV-2", None)
    plan = plan_sync([moved, fresh], {old.id: remote(old, 7), other_old.id: remote(other_old, 8)}, SETTINGS, {})
    assert [(op.kind, op.number) for op in plan.ops] == [("update", 7), ("create", None)]
    assert parse_marker(plan.ops[0].fields["body"]) == moved.id
    assert [(n.kind, n.number) for n in plan.notes] == [("orphan", 8)]
    # the rerun, against the re-marked issue, finds it by its marker
    again = remote(moved, 7)
    assert plan_sync([moved], {moved.id: again}, SETTINGS, {}).ops == []


def test_no_assignee_note_for_an_item_that_gets_no_issue() -> None:
    done, linked = item("A", owners=("bob",), done=True), item("B", owners=("bob",), issue=99)
    plan = plan_sync([done, linked], {}, SETTINGS, {"bob": False})
    assert plan.ops == [] and [n.kind for n in plan.notes] == ["done-without-issue", "unmanaged-link"]


def test_item_ids_are_stable_across_releases() -> None:
    """Issues already on GitHub carry these ids in their markers: the id of an action is the
    first 16 hex digits of SHA-256 over its document path and key, whatever computes it."""
    assert item_id("docs/incidents/2026-11-20-checkout-db-pool.md", "add a runbook") == "333848b0361ec277"
