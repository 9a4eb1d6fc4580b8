"""One run's GitHub session, shared by `sync`, `overdue` and `report`: where the repository
is (`Target`), the connection with its write guard, the one listing of managed issues, and
the issues fetched by number. The token goes from the command to `open_session` to
`client.connect`, and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlint.errors import UsageError
from pmlint.items.due import IssueState, IssueStates

if TYPE_CHECKING:
    from pmlint.config.schema import Config
    from pmlint.github.client import Connection
    from pmlint.github.index import Index, RemoteIssue
    from pmlint.items.model import ActionItem


@dataclass(frozen=True, slots=True)
class Links:
    """Builds links to issues and to document lines on the GitHub server."""

    server_url: str
    full_name: str
    ref: str = "HEAD"  # GITHUB_SHA in Actions: the commit the run looked at

    def issue(self, number: int) -> str:
        return f"{self.server_url}/{self.full_name}/issues/{number}"

    def document(self, path: str, line: int) -> str:
        return f"{self.server_url}/{self.full_name}/blob/{self.ref}/{path}#L{line}"


@dataclass(frozen=True, slots=True)
class Target:
    """The repository a run talks to, and the API and web server it lives on."""

    full_name: str
    api_url: str
    server_url: str
    ref: str = "HEAD"

    @property
    def links(self) -> Links:
        return Links(self.server_url, self.full_name, self.ref)


def target_from(repo_option: str | None, env: Mapping[str, str], root: Path) -> Target:
    """--repo, else GITHUB_REPOSITORY, else the origin remote; the API and server URLs from
    the runner's variables. Raises GitHubError (one line) when no repository is known."""
    from pmlint.github import discovery

    full_name = discovery.repo_from(repo_option, env, root)
    api_url = discovery.api_url_from(env)
    return Target(full_name, api_url, discovery.server_url_from(env, api_url), env.get("GITHUB_SHA") or "HEAD")


@dataclass
class Session:
    """One run's connection, index of managed issues and the issues fetched by number."""

    conn: Connection
    index: Index
    links: Links
    handles: dict[int, Any] = field(default_factory=dict)  # number -> PyGithub Issue
    notes: list[str] = field(default_factory=list)

    def issue_states(self, items: Sequence[ActionItem], today: dt.date) -> IssueStates:
        """States from the one listing; plus, for items that could be overdue and link an
        issue pmlint does not manage (TODO.md `#N` added by hand), one GET each."""
        from pmlint.github.index import snapshot

        by_id = {item_id: _state(remote) for item_id, remote in self.index.remote.items()}
        self.handles.update(self.index.handles)
        known = {state.number for state in by_id.values()}
        extra = []
        for number in sorted({i.issue for i in items if i.issue and i.due and i.due < today and not i.done} - known):
            issue = self._get(number)
            if issue is not None:
                self.handles[number] = issue
                extra.append(_state(snapshot(issue)))
        return IssueStates.of(by_id, extra)

    def _get(self, number: int) -> Any | None:
        from pmlint.github.client import WriteFailed

        def fetch() -> Any:
            issue = self.conn.repo.get_issue(number)
            issue.raw_data  # noqa: B018 - PyGithub is lazy: make the GET happen inside the guard
            return issue

        try:
            issue = self.conn.guard.read(fetch, f"read issue #{number}")
        except WriteFailed as failed:  # the Guard's "failed for good" (404: no such issue)
            self.notes.append(f"issue #{number} linked in TODO.md cannot be read: {failed}")
            return None
        return issue

    def comments(self, numbers: Iterable[int]) -> dict[int, list[str]]:
        """The comment bodies of each issue (paginated, 100 a page)."""
        from pmlint.github.index import raw

        def bodies(handle: Any) -> list[str]:
            return [str(raw(c).get("body") or "") for c in handle.get_comments()]

        found = {}
        for number in sorted(set(numbers)):
            found[number] = self.conn.guard.read(functools.partial(bodies, self.handles[number]),
                                                 f"read comments of #{number}")
        return found


def _state(remote: RemoteIssue) -> IssueState:
    return IssueState(
        remote.number, remote.state == "open", frozenset(remote.labels), tuple(remote.assignees), remote.html_url
    )


def open_session(target: Target, token: str, config: Config) -> Session:
    """Connect and read the index (one listing). Raises GitHubError (one line, no token);
    `StopRun` when a rate limit or the budget stops the reading."""
    from pmlint.github import client
    from pmlint.github.index import read_index

    conn = client.connect(target.full_name, token, target.api_url, target.server_url,
                          max_writes=config.github.max_writes)
    return Session(conn, read_index(conn.repo, config.github.label, conn.guard), target.links)


def read_states(
    target: Target, token: str, config: Config, items: Sequence[ActionItem], today: dt.date
) -> tuple[Session, IssueStates]:
    """A session and the issue states of `items` (closed issues are done), for `overdue`
    and `report`. Stopped while reading (rate limit, budget): a UsageError, nothing written."""
    from pmlint.github.client import StopRun

    try:
        session = open_session(target, token, config)
        return session, session.issue_states(items, today)
    except StopRun as exc:
        raise UsageError(f"{exc}; nothing was written") from None
