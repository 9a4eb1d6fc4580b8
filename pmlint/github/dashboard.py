"""`pmlint report --dashboard-issue`: one issue, "Post-mortem review", kept up to date in
place (as Renovate's Dependency Dashboard is).

It carries the managed label, so the one listing `sync` and `overdue` already make finds
it; its hidden marker `<!-- pmlint:report -->` tells it apart from the action items' issues
(which carry `<!-- pmlint:action id=… -->`; an issue with both is an action item's). It is
edited only when its title, body or open state differ from what the report wants, so an
unchanged rerun writes nothing. Writes go through sync's Guard (budget, spacing, rate
limits); a create whose answer is lost is looked for by marker before it is sent again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pmlint.github.client import AuthError, Connection, StopRun, WriteFailed
from pmlint.github.index import Index, RemoteIssue, is_pull_request, raw
from pmlint.github.marker import REPORT_MARKER, is_dashboard

TITLE = "Post-mortem review"
MARKER = REPORT_MARKER
BODY_LIMIT = 65_536  # GitHub refuses longer issue bodies (characters)


@dataclass(frozen=True, slots=True)
class DashboardOutcome:
    number: int | None
    action: str  # "created", "updated", "unchanged"
    message: str


def dashboard_body(markdown: str) -> str:
    """The issue body: the report's Markdown and the marker that finds the issue again."""
    body = f"{markdown.rstrip()}\n\n{MARKER}\n"
    if len(body) > BODY_LIMIT:
        raise ValueError(f"dashboard body is {len(body)} characters, over GitHub's {BODY_LIMIT}")
    return body


def find_dashboard(index: Index) -> RemoteIssue | None:
    """The dashboard among the listed issues: the lowest number carrying the marker."""
    found = [issue for issue in index.unmarked if is_dashboard(issue.body)]
    return min(found, key=lambda issue: issue.number) if found else None


def _newest_dashboard(conn: Connection, label: str) -> Any | None:
    """After a create whose answer was lost: the newest page of labelled issues, searched
    for the marker (new issues come first)."""
    page = conn.repo.get_issues(state="all", labels=[label], sort="created", direction="desc").get_page(0)
    for issue in page:
        if not is_pull_request(issue) and is_dashboard(raw(issue).get("body")):
            return issue
    return None


def _same(remote: RemoteIssue, body: str) -> bool:
    # GitHub may hand a body back with CRLF line ends; that is not a change.
    return remote.title == TITLE and remote.state == "open" and remote.body.replace("\r\n", "\n") == body


def update_dashboard(conn: Connection, label: str, markdown: str, index: Index) -> DashboardOutcome:
    """Create the dashboard issue, or edit it when its content changed; else write nothing.
    A refused write, the write budget or a rate limit past the wait cap is reported in the
    outcome ("failed"); a bad token raises AuthError."""
    body = dashboard_body(markdown)
    existing = find_dashboard(index)
    try:
        if existing is None:
            issue = conn.guard.write(
                lambda: conn.repo.create_issue(title=TITLE, body=body, labels=[label]),
                "create the dashboard issue",
                recheck=lambda: _newest_dashboard(conn, label),
            )
            number = int(raw(issue).get("number") or 0)
            return DashboardOutcome(number, "created", f"dashboard issue #{number} created")
        if _same(existing, body):
            return DashboardOutcome(existing.number, "unchanged", f"dashboard issue #{existing.number} unchanged")
        handle = index.handles[existing.number]
        conn.guard.write(lambda: handle.edit(title=TITLE, body=body, state="open"),
                         f"edit the dashboard issue #{existing.number}")
        return DashboardOutcome(existing.number, "updated", f"dashboard issue #{existing.number} updated")
    except AuthError:
        raise
    except StopRun as stop:  # the write budget or a long rate limit: the next run writes it
        kept = existing.number if existing else None
        return DashboardOutcome(kept, "failed", f"dashboard issue left for the next run: {stop}")
    except WriteFailed as failed:
        kept = existing.number if existing else None
        return DashboardOutcome(kept, "failed", f"dashboard issue not written: {failed}")
