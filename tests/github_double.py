"""A GitHub REST API double: a real HTTP server on 127.0.0.1 that PyGithub talks to.

It keeps issues, labels, comments and assignable users in memory, paginates with Link
headers like GitHub, logs every request, checks the token, and injects faults (5xx, 403
secondary rate limit with Retry-After, 429, a dropped connection, a slow response, or a
write applied and then failed). Response objects carry the key sets of the recorded real
responses in tests/fixtures/github/ (octokit fixtures, MIT).

    with GitHubDouble(token="t", assignable={"alice"}) as gh:
        gh.add_issue("Existing", body="...", labels=["postmortem-action"])
        gh.fault(Fault.secondary(retry_after=60), method="POST", route="/issues")
        client = Github(auth=Auth.Token("t"), base_url=gh.base_url)
        ...
        assert gh.count("GET", "/issues") == 3
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

SECONDARY_MESSAGE = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
DOCS = "https://docs.github.com/rest"


@dataclass
class Fault:
    """What to do instead of (or after) answering a request normally.

    status/headers/message: answer with this error (nothing is applied, unless `commit`).
    drop: close the connection without an answer. delay: seconds to wait before answering.
    commit: apply the write first, then fail as told ("crash after commit").
    """

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    message: str = "Server Error"
    drop: bool = False
    delay: float = 0.0
    commit: bool = False

    @classmethod
    def server_error(cls, status: int = 502, commit: bool = False) -> Fault:
        return cls(status=status, message="Server Error", commit=commit)

    @classmethod
    def secondary(cls, retry_after: int = 60) -> Fault:
        return cls(status=403, headers={"Retry-After": str(retry_after)}, message=SECONDARY_MESSAGE)

    @classmethod
    def too_many(cls, retry_after: int = 30) -> Fault:
        return cls(status=429, headers={"Retry-After": str(retry_after)}, message="Too Many Requests")

    @classmethod
    def primary(cls, reset_in: int = 120) -> Fault:
        headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(time.time()) + reset_in)}
        return cls(status=403, headers=headers, message="API rate limit exceeded for installation ID 1.")

    @classmethod
    def dropped(cls, commit: bool = False) -> Fault:
        return cls(drop=True, commit=commit)

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        return cls(delay=seconds, commit=True)


@dataclass
class _Rule:
    fault: Fault
    at: int | None  # request index (0-based, over all requests)
    method: str | None
    route: re.Pattern[str] | None
    times: int


@dataclass(frozen=True)
class Request:
    index: int
    method: str
    path: str  # without the API prefix and query
    query: dict[str, str]
    status: int  # 0 when the connection was dropped
    authorized: bool
    body: Any = None


class GitHubDouble:
    """An in-memory GitHub for one repository `owner/name`."""

    def __init__(
        self,
        owner: str = "acme",
        name: str = "ops",
        token: str = "test-token",
        assignable: set[str] | frozenset[str] = frozenset(),
        prefix: str = "",  # "/api/v3" to look like GitHub Enterprise Server
    ) -> None:
        self.owner, self.name, self.token, self.prefix = owner, name, token, prefix.rstrip("/")
        self.assignable = {login.lower() for login in assignable}
        self.issues: dict[int, dict[str, Any]] = {}
        self.labels: dict[str, dict[str, Any]] = {}
        self.comments: dict[int, list[dict[str, Any]]] = {}
        self.gone: dict[int, int] = {}  # deleted issue number -> the status GitHub answers (410, 404)
        self.moved: dict[int, str] = {}  # transferred issue number -> its API path in the new repository
        self.elsewhere: dict[str, dict[str, Any]] = {}  # API path in another repository -> that issue
        self.requests: list[Request] = []
        self.lock = threading.RLock()
        self._rules: list[_Rule] = []
        self._next_id = 5000
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------
    def __enter__(self) -> GitHubDouble:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        double = self

        class Handler(_Handler):
            pass

        Handler.double = double
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def server_url(self) -> str:
        assert self._server is not None, "start the double first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def base_url(self) -> str:
        return self.server_url + self.prefix

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    def serve_pmlint(self, monkeypatch: Any) -> None:
        """Point pmlint at this double as the action would (token, repository, API URL), outside
        Actions: the runner's own variables are removed, so no step summary or output is written."""
        for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GH_TOKEN", "GITHUB_SERVER_URL"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("GITHUB_TOKEN", self.token)
        monkeypatch.setenv("GITHUB_REPOSITORY", self.full_name)
        monkeypatch.setenv("GITHUB_API_URL", self.base_url)

    # -- seeding and inspection -------------------------------------------------------------
    def add_label(self, name: str, color: str = "ededed", description: str | None = None) -> dict[str, Any]:
        with self.lock:
            if name.lower() not in self.labels:
                self.labels[name.lower()] = self._label(name, color, description)
            return self.labels[name.lower()]

    def add_issue(
        self,
        title: str,
        body: str | None = None,
        labels: list[str] | None = None,
        assignees: list[str] | None = None,
        state: str = "open",
        pull_request: bool = False,
    ) -> dict[str, Any]:
        with self.lock:
            issue = self._new_issue({"title": title, "body": body, "labels": labels or [], "assignees": assignees or []})
            if state == "closed":
                issue.update(state="closed", state_reason="completed", closed_at=_now())
            if pull_request:
                base = f"{self.base_url}/repos/{self.full_name}/pulls/{issue['number']}"
                issue["pull_request"] = {
                    "url": base,
                    "html_url": f"{self.server_url}/{self.full_name}/pull/{issue['number']}",
                    "diff_url": f"{self.server_url}/{self.full_name}/pull/{issue['number']}.diff",
                    "patch_url": f"{self.server_url}/{self.full_name}/pull/{issue['number']}.patch",
                    "merged_at": None,
                }
            return issue

    def delete_issue(self, number: int, status: int = 410) -> None:
        """Delete an issue, as an admin can: GitHub then answers 410 Gone (404 once forgotten)."""
        with self.lock:
            del self.issues[number]
            self.gone[number] = status

    def transfer_issue(self, number: int, to: str) -> dict[str, Any]:
        """Move an issue to repository `to`: GitHub answers 301 to its new address."""
        with self.lock:
            issue = self.issues.pop(number)
            new_number = 1000 + number
            path = f"/repos/{to}/issues/{new_number}"
            self.elsewhere[path] = dict(
                issue, number=new_number, url=self.base_url + path,
                repository_url=f"{self.base_url}/repos/{to}", html_url=f"{self.server_url}/{to}/issues/{new_number}",
            )
            self.moved[number] = path
            return self.elsewhere[path]

    def fault(
        self,
        fault: Fault,
        *,
        at: int | None = None,
        method: str | None = None,
        route: str | None = None,
        times: int = 1,
    ) -> None:
        """Inject `fault` at request number `at` (0-based), or on the next `times` requests
        whose method is `method` and whose path (without prefix) matches regex `route`."""
        with self.lock:
            pattern = re.compile(route) if route is not None else None
            self._rules.append(_Rule(fault, at, method.upper() if method else None, pattern, times))

    def clear_faults(self) -> None:
        with self.lock:
            self._rules.clear()

    def count(self, method: str | None = None, route: str | None = None) -> int:
        """How many requests used `method` (None: any) on a path matching regex `route`."""
        return len(self.matching(method, route))

    def matching(self, method: str | None = None, route: str | None = None) -> list[Request]:
        with self.lock:
            return [
                r for r in self.requests
                if (method is None or r.method == method.upper()) and (route is None or re.search(route, r.path))
            ]

    @property
    def writes(self) -> list[Request]:
        return [r for r in self.matching() if r.method in ("POST", "PATCH", "PUT", "DELETE")]

    @property
    def unauthorized(self) -> list[Request]:
        return [r for r in self.matching() if not r.authorized]

    def issues_with_marker(self, text: str) -> list[dict[str, Any]]:
        with self.lock:
            return [i for i in self.issues.values() if text in (i["body"] or "") and "pull_request" not in i]

    # -- object shapes (the key sets of the recorded fixtures) ------------------------------
    def _user(self, login: str) -> dict[str, Any]:
        api = f"{self.base_url}/users/{login}"
        return {
            "login": login, "id": abs(hash(login)) % 100000, "node_id": "MDQ6VXNlcjE=",
            "avatar_url": f"{self.server_url}/avatars/{login}", "gravatar_id": "", "url": api,
            "html_url": f"{self.server_url}/{login}", "followers_url": f"{api}/followers",
            "following_url": f"{api}/following{{/other_user}}", "gists_url": f"{api}/gists{{/gist_id}}",
            "starred_url": f"{api}/starred{{/owner}}{{/repo}}", "subscriptions_url": f"{api}/subscriptions",
            "organizations_url": f"{api}/orgs", "repos_url": f"{api}/repos", "events_url": f"{api}/events{{/privacy}}",
            "received_events_url": f"{api}/received_events", "type": "User", "site_admin": False,
        }

    def _label(self, name: str, color: str = "ededed", description: str | None = None) -> dict[str, Any]:
        self._next_id += 1
        return {
            "id": self._next_id, "node_id": "MDU6TGFiZWwx", "name": name, "color": color, "default": False,
            "description": description,
            "url": f"{self.base_url}/repos/{self.full_name}/labels/{urllib.parse.quote(name)}",
        }

    def _repo(self) -> dict[str, Any]:
        api = f"{self.base_url}/repos/{self.full_name}"
        return {
            "id": 1000, "node_id": "MDEwOlJlcG9zaXRvcnkx", "name": self.name, "full_name": self.full_name,
            "private": True, "owner": self._user(self.owner), "html_url": f"{self.server_url}/{self.full_name}",
            "description": None, "fork": False, "url": api, "issues_url": f"{api}/issues{{/number}}",
            "labels_url": f"{api}/labels{{/name}}", "default_branch": "main", "has_issues": True,
            "open_issues_count": sum(1 for i in self.issues.values() if i["state"] == "open"),
            "permissions": {"admin": False, "push": True, "pull": True},
        }

    def _new_issue(self, data: dict[str, Any]) -> dict[str, Any]:
        number = max([0, *self.issues, *self.gone, *self.moved]) + 1  # numbers are never reused
        self._next_id += 1
        api = f"{self.base_url}/repos/{self.full_name}/issues/{number}"
        issue = {
            "url": api, "repository_url": f"{self.base_url}/repos/{self.full_name}",
            "labels_url": f"{api}/labels{{/name}}", "comments_url": f"{api}/comments",
            "events_url": f"{api}/events", "html_url": f"{self.server_url}/{self.full_name}/issues/{number}",
            "id": self._next_id, "node_id": "MDU6SXNzdWUx", "number": number, "title": data["title"],
            "user": self._user("pmlint-bot"), "labels": [], "state": "open", "locked": False,
            "assignee": None, "assignees": [], "milestone": None, "comments": 0,
            "created_at": _now(), "updated_at": _now(), "closed_at": None, "author_association": "MEMBER",
            "active_lock_reason": None, "body": data.get("body"), "closed_by": None,
            "reactions": {"url": f"{api}/reactions", "total_count": 0, "+1": 0, "-1": 0, "laugh": 0,
                          "hooray": 0, "confused": 0, "heart": 0, "rocket": 0, "eyes": 0},
            "timeline_url": f"{api}/timeline", "performed_via_github_app": None, "state_reason": None,
        }
        self._set_labels(issue, data.get("labels") or [])
        self._set_assignees(issue, data.get("assignees") or [])
        self.issues[number] = issue
        self.comments[number] = []
        return issue

    def _set_labels(self, issue: dict[str, Any], names: list[Any]) -> None:
        # GitHub creates a label that does not exist yet when an issue names it.
        names = [n["name"] if isinstance(n, dict) else str(n) for n in names]
        issue["labels"] = [self.add_label(n) for n in dict.fromkeys(names)]

    def _set_assignees(self, issue: dict[str, Any], logins: list[str]) -> None:
        issue["assignees"] = [self._user(login) for login in dict.fromkeys(logins)][:10]
        issue["assignee"] = issue["assignees"][0] if issue["assignees"] else None

    def _unassignable(self, logins: list[str]) -> list[str]:
        return [login for login in logins if login.lower() not in self.assignable]

    # -- request handling -----------------------------------------------------------------
    def _take_fault(self, index: int, method: str, path: str) -> Fault | None:
        with self.lock:
            for rule in self._rules:
                if rule.times <= 0:
                    continue
                if rule.at is not None:
                    hit = rule.at == index
                else:
                    hit = (rule.method is None or rule.method == method) and (
                        rule.route is None or bool(rule.route.search(path))
                    )
                if hit:
                    rule.times -= 1
                    return rule.fault
        return None

    def handle(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[int, Any, dict[str, str]]:
        """Answer one authorised request: (status, JSON body or None, extra headers)."""
        repo = f"/repos/{self.owner}/{self.name}"
        with self.lock:
            if path == "/rate_limit" and method == "GET":
                core = {"limit": 5000, "remaining": 4999, "reset": int(time.time()) + 3600, "used": 1, "resource": "core"}
                return 200, {"resources": {"core": core, "search": dict(core, limit=30)}, "rate": core}, {}
            if path in self.elsewhere and method == "GET":
                return 200, self.elsewhere[path], {}
            if not path.lower().startswith(repo.lower()):
                return _not_found()
            rest = path[len(repo):]
            if rest == "" and method == "GET":
                return 200, self._repo(), {}
            if rest == "/issues" and method == "GET":
                return self._list_issues(query)
            if rest == "/issues" and method == "POST":
                return self._create_issue(body or {})
            if rest == "/labels" and method == "GET":
                return self._paginate(list(self.labels.values()), query, path)
            if rest == "/labels" and method == "POST":
                name = (body or {}).get("name", "")
                if not name or name.lower() in self.labels:
                    return _invalid("Label", "name", "already_exists" if name else "missing_field")
                return 201, self.add_label(name, body.get("color", "ededed"), body.get("description")), {}
            match = re.fullmatch(r"/labels/([^/]+)", rest)
            if match and method == "GET":
                label = self.labels.get(urllib.parse.unquote(match.group(1)).lower())
                return (200, label, {}) if label else _not_found()
            match = re.fullmatch(r"/assignees/([^/]+)", rest)
            if match and method == "GET":
                login = urllib.parse.unquote(match.group(1)).lower()
                return (204, None, {}) if login in self.assignable else _not_found()
            match = re.fullmatch(r"/issues/(\d+)(/.*)?", rest)
            if match:
                number = int(match.group(1))
                if number in self.moved:
                    location = self.base_url + self.moved[number] + (match.group(2) or "")
                    return 301, {"message": "Moved Permanently", "url": location, "documentation_url": DOCS}, {"Location": location}
                if number in self.gone:
                    message = "This issue was deleted" if self.gone[number] == 410 else "Not Found"
                    return self.gone[number], {"message": message, "documentation_url": DOCS}, {}
                issue = self.issues.get(int(match.group(1)))
                if issue is None:
                    return _not_found()
                return self._issue_route(issue, match.group(2) or "", method, query, body, path)
        return _not_found()

    def _issue_route(
        self, issue: dict[str, Any], sub: str, method: str, query: dict[str, str], body: Any, path: str
    ) -> tuple[int, Any, dict[str, str]]:
        number = issue["number"]
        if sub == "" and method == "GET":
            return 200, issue, {}
        if sub == "" and method == "PATCH":
            return self._edit_issue(issue, body or {})
        if sub == "/comments" and method == "GET":
            return self._paginate(self.comments[number], query, path)
        if sub == "/comments" and method == "POST":
            if not (body or {}).get("body"):
                return _invalid("IssueComment", "body", "missing_field")
            self._next_id += 1
            api = f"{self.base_url}/repos/{self.full_name}/issues/comments/{self._next_id}"
            comment = {
                "url": api, "html_url": f"{issue['html_url']}#issuecomment-{self._next_id}",
                "issue_url": issue["url"], "id": self._next_id, "node_id": "MDEyOklzc3VlQ29tbWVudDE=",
                "user": self._user("pmlint-bot"), "created_at": _now(), "updated_at": _now(),
                "author_association": "MEMBER", "body": body["body"], "performed_via_github_app": None,
                "reactions": dict(issue["reactions"], url=f"{api}/reactions"),
            }
            self.comments[number].append(comment)
            issue["comments"] = len(self.comments[number])
            return 201, comment, {}
        if sub == "/labels" and method == "POST":
            names = body.get("labels", []) if isinstance(body, dict) else list(body or [])
            self._set_labels(issue, [label["name"] for label in issue["labels"]] + list(names))
            return 200, issue["labels"], {}
        match = re.fullmatch(r"/labels/([^/]+)", sub)
        if match and method == "DELETE":
            name = urllib.parse.unquote(match.group(1)).lower()
            if not any(label["name"].lower() == name for label in issue["labels"]):
                return 404, {"message": "Label does not exist", "documentation_url": DOCS}, {}
            issue["labels"] = [label for label in issue["labels"] if label["name"].lower() != name]
            return 200, issue["labels"], {}
        if sub == "/assignees" and method in ("POST", "DELETE"):
            logins = list((body or {}).get("assignees", []))
            current = [user["login"] for user in issue["assignees"]]
            if method == "POST":
                # Like GitHub: logins that cannot be assigned are silently ignored here.
                wanted = current + [login for login in logins if login.lower() in self.assignable]
            else:
                wanted = [login for login in current if login.lower() not in {x.lower() for x in logins}]
            self._set_assignees(issue, wanted)
            return (201 if method == "POST" else 200), issue, {}
        return _not_found()

    def _create_issue(self, body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        if not isinstance(body.get("title"), str) or not body["title"]:
            return _invalid("Issue", "title", "missing_field")
        bad = self._unassignable(list(body.get("assignees") or []))
        if bad:
            return _invalid("Issue", "assignees", "invalid", bad[0])
        issue = self._new_issue(body)
        return 201, issue, {"Location": issue["url"]}

    def _edit_issue(self, issue: dict[str, Any], body: dict[str, Any]) -> tuple[int, Any, dict[str, str]]:
        if "assignees" in body:
            bad = self._unassignable(list(body["assignees"] or []))
            if bad:
                return _invalid("Issue", "assignees", "invalid", bad[0])
        for key in ("title", "body"):
            if key in body:
                issue[key] = body[key]
        if "labels" in body:
            self._set_labels(issue, list(body["labels"] or []))
        if "assignees" in body:
            self._set_assignees(issue, list(body["assignees"] or []))
        if body.get("state") in ("open", "closed") and body["state"] != issue["state"]:
            issue["state"] = body["state"]
            issue["closed_at"] = _now() if body["state"] == "closed" else None
            issue["state_reason"] = body.get("state_reason") or ("completed" if body["state"] == "closed" else "reopened")
        elif "state_reason" in body:
            issue["state_reason"] = body["state_reason"]
        issue["updated_at"] = _now()
        return 200, issue, {}

    def _list_issues(self, query: dict[str, str]) -> tuple[int, Any, dict[str, str]]:
        state = query.get("state", "open")
        wanted = {n.strip().lower() for n in query.get("labels", "").split(",") if n.strip()}
        found = [
            issue for issue in self.issues.values()
            if (state == "all" or issue["state"] == state)
            and wanted <= {label["name"].lower() for label in issue["labels"]}
        ]
        key = "updated_at" if query.get("sort") == "updated" else "created_at"
        found.sort(key=lambda i: (i[key], i["number"]), reverse=query.get("direction", "desc") == "desc")
        return self._paginate(found, query, f"/repos/{self.owner}/{self.name}/issues")

    def _paginate(self, objects: list[Any], query: dict[str, str], path: str) -> tuple[int, Any, dict[str, str]]:
        per_page = max(1, min(100, _int(query.get("per_page"), 30)))
        page = max(1, _int(query.get("page"), 1))
        last = max(1, -(-len(objects) // per_page))
        chunk = objects[(page - 1) * per_page : page * per_page]

        def link(number: int) -> str:
            params = dict(query, per_page=str(per_page), page=str(number))
            return f"<{self.base_url}{path}?{urllib.parse.urlencode(params)}>"

        rels = []
        if page > 1:
            rels += [f'{link(page - 1)}; rel="prev"', f'{link(1)}; rel="first"']
        if page < last:
            rels += [f'{link(page + 1)}; rel="next"', f'{link(last)}; rel="last"']
        return 200, chunk, ({"Link": ", ".join(rels)} if rels else {})


def _now() -> str:
    # Sub-second order matters for "newest first": GitHub's seconds would tie in fast tests.
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + f".{time.time_ns() % 10**9:09d}Z"


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _not_found() -> tuple[int, Any, dict[str, str]]:
    return 404, {"message": "Not Found", "documentation_url": DOCS}, {}


def _invalid(resource: str, field_name: str, code: str, value: str | None = None) -> tuple[int, Any, dict[str, str]]:
    error: dict[str, Any] = {"resource": resource, "code": code, "field": field_name}
    if value is not None:
        error["value"] = value
    return 422, {"message": "Validation Failed", "errors": [error], "documentation_url": DOCS}, {}


class _Handler(BaseHTTPRequestHandler):
    double: GitHubDouble
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stalls

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PATCH(self) -> None:
        self._serve("PATCH")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def _serve(self, method: str) -> None:
        double = self.double
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        parts = urllib.parse.urlsplit(self.path)
        path = parts.path
        if double.prefix and path.startswith(double.prefix):
            path = path[len(double.prefix):]
        query = dict(urllib.parse.parse_qsl(parts.query))
        auth = self.headers.get("Authorization", "")
        authorized = auth in (f"token {double.token}", f"Bearer {double.token}")
        with double.lock:
            index = len(double.requests)
            fault = double._take_fault(index, method, path)
        if not authorized:
            status, payload, headers = 401, {"message": "Bad credentials", "documentation_url": DOCS}, {}
        elif fault is not None and not fault.commit and (fault.drop or fault.status is not None):
            status, payload, headers = 0, None, {}
        else:
            status, payload, headers = double.handle(method, path, query, body)
        if fault is not None and authorized and (fault.drop or fault.status is not None):
            status, payload, headers = (0, None, {}) if fault.drop else (
                fault.status, {"message": fault.message, "documentation_url": DOCS}, dict(fault.headers)
            )
        with double.lock:
            double.requests.append(Request(index, method, path, query, status, authorized, body))
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if status == 0:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        try:
            self._answer(status, payload, headers)
        except OSError:  # the client gave up (a timeout): as on GitHub, the write stands
            self.close_connection = True

    def _answer(self, status: int, payload: Any, headers: dict[str, str]) -> None:
        data = b"" if status == 204 or payload is None else json.dumps(payload).encode()
        reset = str(int(time.time()) + 3600)
        all_headers = {
            "Content-Type": "application/json; charset=utf-8", "X-RateLimit-Limit": "5000",
            "X-RateLimit-Remaining": "4990", "X-RateLimit-Reset": reset, "X-RateLimit-Used": "10",
            "X-RateLimit-Resource": "core", "X-GitHub-Media-Type": "github.v3; format=json",
        }
        all_headers.update(headers)
        self.send_response(status)
        for name, value in all_headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if data:
            self.wfile.write(data)
