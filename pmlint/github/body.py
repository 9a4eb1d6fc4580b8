"""Issue title and body for an action item.

The body is a function of the item alone (no dates of the run, no assignability), so a
rerun renders the same text and writes nothing. Handles are written in code spans: the
issue assigns the owners, and editing a body must not ping a team on every change.
"""

from __future__ import annotations

import urllib.parse

from pmlint.github.marker import marker, neutralise, neutralise_title
from pmlint.items.model import ActionItem
from pmlint.parse.inline import code_spans

TITLE_LIMIT = 256  # GitHub's maximum title length
BODY_LIMIT = 60_000  # GitHub refuses bodies over 65,536 characters


def render_title(item: ActionItem, prefix: str = "") -> str:
    """The prefix and the action's plain text, with no issue reference or tag in it."""
    title = neutralise_title(" ".join(f"{prefix}{item.action}".split()) or item.key)
    return title if len(title) <= TITLE_LIMIT else title[: TITLE_LIMIT - 1] + "…"


def document_link(server_url: str, full_name: str, doc_path: str) -> str:
    """A link to the document on the default branch (`HEAD` names it). No line anchor: a
    row added above would otherwise rewrite the body of every item below it."""
    path = urllib.parse.quote(doc_path)
    return f"{server_url.rstrip('/')}/{full_name}/blob/HEAD/{path}"


# A zero-width space after "@" (as an HTML entity): GitHub shows "@name" but mentions no
# one. The same defusing as the reminder comments of `overdue --notify`.
DEFUSED_AT = "@&#8203;"


def _text(text: str) -> str:
    """Document text for the body: no HTML comment can open or close in it, and no `@name`
    in an action or a title pings a person or a team when the issue is created or edited.
    (Inside a code span `@` mentions no one, and an entity there would show as typed.)"""
    text = neutralise(text)
    parts, start = [], 0
    for span_start, span_end in code_spans(text):
        parts += [text[start:span_start].replace("@", DEFUSED_AT), text[span_start:span_end]]
        start = span_end
    return "".join(parts) + text[start:].replace("@", DEFUSED_AT)


def _code(text: str) -> str:
    text = " ".join(text.split())
    return f"`{text.replace('`', 'ˋ')}`" if text else "_none_"


def render_body(item: ActionItem, server_url: str, full_name: str) -> str:
    """Action, owner, priority, due date, incident and severity, a link, the marker."""
    users = [h for h in item.owners if "/" not in h]
    teams = [h for h in item.owners if "/" in h]
    unparsed = f"{_text(item.due_text)} (not an ISO date)" if item.due_text else "_not set_"
    due = item.due.isoformat() if item.due else unparsed
    rows = [
        ("Action", _text(item.markdown or item.action)),  # a body renders Markdown: keep it
        ("Owner", ", ".join(_code("@" + h) for h in users) or (_code(item.owner) if item.owner else "_not set_")),
        ("Priority", _text(item.priority) or "_not set_"),
        ("Due", due),
        ("Incident", _text(item.incident_title) + (f" ({_text(item.severity)})" if item.severity else "")),
        ("Post-mortem", f"[{item.doc_path}]({document_link(server_url, full_name, item.doc_path)})"),
    ]
    if teams:
        rows.insert(2, ("Teams", ", ".join(_code("@" + t) for t in teams)))
    lines = ["Action item from a post-mortem, kept in sync by pmlint.", "", "| | |", "|---|---|"]
    lines += [f"| **{name}** | {value.replace('|', chr(92) + '|')} |" for name, value in rows]
    lines += [
        "",
        "Check its box in TODO.md to close this issue; edit the post-mortem to change it.",
        "",
        marker(item.id),
    ]
    body = "\n".join(lines)
    if len(body) > BODY_LIMIT:  # an absurdly long action: keep the marker at the end
        body = body[: BODY_LIMIT - 200] + "\n\n…\n\n" + marker(item.id)
    return body


def close_comment(item: ActionItem, todo_path: str) -> str:
    from pmlint.github.marker import closed_marker

    return (
        f"Closed by pmlint: this action item is checked off in `{todo_path}`.\n\n{closed_marker(item.id)}"
    )
