"""The index of managed issues: ONE paginated listing of the issues with the managed label
(state all, 100 a page, pull requests skipped), keyed by the body marker.

Never the search API: search results lag behind writes by seconds to minutes, which is how
tools that look issues up by search create duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pmlint.errors import GitHubError
from pmlint.github.client import AuthError, Guard
from pmlint.github.marker import parse_marker


@dataclass(frozen=True)
class RemoteIssue:
    """What the plan needs to know of one issue (plain data, so the plan stays pure)."""

    number: int
    title: str
    body: str
    state: str  # "open" | "closed"
    state_reason: str | None
    labels: tuple[str, ...]
    assignees: tuple[str, ...]
    html_url: str
    item_id: str | None


@dataclass
class Index:
    """The repository's managed issues, by item id, with duplicates and unmarked ones apart."""

    issues: dict[str, Any] = field(default_factory=dict)  # item id -> PyGithub Issue (lowest number)
    remote: dict[str, RemoteIssue] = field(default_factory=dict)  # item id -> snapshot
    duplicates: list[tuple[RemoteIssue, int]] = field(default_factory=list)  # (extra issue, the kept number)
    unmarked: list[RemoteIssue] = field(default_factory=list)  # managed label, no marker
    handles: dict[int, Any] = field(default_factory=dict)  # number -> PyGithub Issue


def raw(issue: Any) -> dict[str, Any]:
    """The issue's JSON as listed. (PyGithub's `raw_data` and `pull_request` would fetch
    every issue again: the listing leaves out `pull_request` for plain issues.)"""
    data = getattr(issue, "_rawData", None)
    return data if isinstance(data, dict) else {}


def snapshot(issue: Any) -> RemoteIssue:
    data = raw(issue)
    return RemoteIssue(
        number=int(data.get("number") or 0),
        title=str(data.get("title") or ""),
        body=str(data.get("body") or ""),
        state=str(data.get("state") or "open"),
        state_reason=data.get("state_reason"),
        labels=tuple(str(label.get("name", "")) for label in data.get("labels") or [] if isinstance(label, dict)),
        assignees=tuple(str(user.get("login", "")) for user in data.get("assignees") or [] if isinstance(user, dict)),
        html_url=str(data.get("html_url") or ""),
        item_id=parse_marker(data.get("body")),
    )


def is_pull_request(issue: Any) -> bool:
    return bool(raw(issue).get("pull_request"))


def build_index(issues: Iterable[Any]) -> Index:
    """Key listed issues by marker; the lowest number wins, others are duplicates."""
    index = Index()
    for issue in sorted((i for i in issues if not is_pull_request(i)), key=lambda i: snapshot(i).number):
        remote = snapshot(issue)
        index.handles[remote.number] = issue
        if remote.item_id is None:
            index.unmarked.append(remote)
        elif remote.item_id in index.remote:
            index.duplicates.append((remote, index.remote[remote.item_id].number))
        else:
            index.remote[remote.item_id] = remote
            index.issues[remote.item_id] = issue
    return index


def read_index(repo: Any, label: str, guard: Guard) -> Index:
    """List every issue with `label` (one paginated listing) and index it by marker."""
    import github

    def listing() -> list[Any]:
        return list(repo.get_issues(state="all", labels=[label], sort="created", direction="asc"))

    try:
        return build_index(guard.read(listing, f"list issues labelled {label!r}"))
    except GitHubError as exc:
        if "answered 404" in str(exc) or "answered 403" in str(exc):
            raise AuthError(f"{exc} (does the repository exist, and may the token read its issues?)") from None
        raise
    except github.GithubException as exc:  # pragma: no cover - Guard converts these
        raise GitHubError(f"list issues: GitHub answered {exc.status}") from None


def index_issues(repo: Any, label: str, guard: Guard | None = None) -> dict[str, Any]:
    """item id -> PyGithub Issue, for every managed issue that carries a marker."""
    from pmlint.github.client import TUNING, Budget

    return read_index(repo, label, guard or Guard(Budget(0), TUNING)).issues


def find_by_marker(repo: Any, label: str, item_id: str) -> Any | None:
    """The newest page of managed issues searched for `item_id`'s marker: after a create
    whose answer was lost, this tells whether it went through (new issues come first)."""
    page = repo.get_issues(state="all", labels=[label], sort="created", direction="desc").get_page(0)
    for issue in page:
        if not is_pull_request(issue) and parse_marker(raw(issue).get("body")) == item_id:
            return issue
    return None


def linked_fates(repo: Any, full_name: str, guard: Guard, numbers: Iterable[int]) -> dict[int, str]:
    """What became of the issues TODO.md links that the listing did not show: number ->
    "deleted" (404, 410) or "transferred to OWNER/NAME" (GitHub answers 301 and the issue is
    another repository's); an issue that is simply not managed is left out."""
    from pmlint.github.client import WriteFailed

    fates: dict[int, str] = {}
    for number in sorted(set(numbers)):
        def fetch(number: int = number) -> dict[str, Any]:
            issue = repo.get_issue(number)
            return dict(issue.raw_data)  # PyGithub is lazy: make the GET happen inside the guard

        try:
            data = guard.read(fetch, f"read issue #{number} linked in TODO.md")
        except WriteFailed as failed:  # the Guard's "failed for good"
            if failed.status in (404, 410):
                fates[number] = "deleted"
                continue
            raise
        owner = str(data.get("repository_url") or "").rstrip("/").split("/repos/")[-1]
        if owner and owner.casefold() != full_name.casefold():
            fates[number] = f"transferred to {owner}"
    return fates

