"""Connecting to GitHub and surviving it: discovery, the write budget, rate limits, faults.

    conn = connect("acme/ops", token, api_url=api_url_from(os.environ), max_writes=30)
    issues = conn.guard.read(lambda: list(conn.repo.get_issues(state="all")), "list issues")
    issue = conn.guard.write(lambda: conn.repo.create_issue(...), "create issue",
                             recheck=lambda: find_by_marker(...))

Every GitHub call goes through `Guard`: reads and writes wait out 403/429 rate limits
(Retry-After, else X-RateLimit-Reset, else a minute) within a total cap, retry transient
failures (5xx, dropped connections, timeouts) a few times, and turn everything else into a
one-line `GitHubError` that never holds the token. Writes also take one unit of the
`Budget` per request sent and are spaced out (GitHub asks for about a second between
content-creating requests). A write whose outcome is unknown (5xx, dropped, timed out) is
followed by `recheck` — a re-read by marker — before any retry, so a create that went
through is never repeated. PyGithub's own retry is configured for GET only: it can never
silently repeat a POST.

Time (sleep, monotonic clock, wall clock) is injected through `Tuning`, so tests wait for
nothing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pmlint.errors import GitHubError
from pmlint.github.discovery import DEFAULT_API_URL, server_url_from

T = TypeVar("T")

DEFAULT_SECONDARY_WAIT = 60.0  # GitHub: wait at least a minute when no header says how long


class AuthError(GitHubError):
    """401, or no access to the repository: nothing else will work this run."""


class StopRun(GitHubError):
    """The run must stop now; what is left is reported and continued by the next run."""


class BudgetExhausted(StopRun):
    """`max-writes` write requests were sent."""


class RateLimited(StopRun):
    """A rate limit asks for a longer wait than the cap allows."""


class DeadlinePassed(StopRun):
    """The run talked to GitHub for longer than `Tuning.deadline` (a server answering a
    byte at a time never trips the per-read timeout)."""


class Alarm(BaseException):
    """Raised by the deadline's SIGALRM inside a blocked request; a BaseException so that
    no library's `except Exception` swallows it."""


class WriteFailed(GitHubError):
    """One write failed for good (validation, permission): the item is reported, the run goes on."""

    def __init__(self, message: str, status: int | None = None, field_name: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.field_name = field_name


@dataclass
class Tuning:
    """Timing knobs. Production defaults; tests swap in a fake sleep and zero spacing."""

    timeout: int = 15  # seconds per HTTP request (PyGithub wants an int)
    deadline: float = 900.0  # seconds one run may spend on GitHub calls, all of them together
    spacing: float = 1.0  # seconds between two writes
    max_wait: float = 300.0  # total seconds a run may spend waiting for rate limits
    attempts: int = 3  # tries of a request that failed transiently
    backoff: float = 2.0  # seconds before the second try; doubles after
    get_retries: int = 2  # urllib3 retries of a GET (5xx, dropped connection) inside PyGithub
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    wall: Callable[[], float] = time.time


# Module default, replaced by tests (`monkeypatch.setattr(client, "TUNING", Tuning(...))`).
TUNING = Tuning()


@dataclass
class Budget:
    """At most `limit` write requests per run."""

    limit: int
    used: int = 0

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    def take(self) -> bool:
        if self.used >= self.limit:
            return False
        self.used += 1
        return True


# -- classifying failures ----------------------------------------------------------------
def _header(headers: Mapping[str, Any] | None, name: str) -> str | None:
    for key, value in (headers or {}).items():
        if key.lower() == name.lower():
            return str(value)
    return None


def _message(exc: Any) -> str:
    data = getattr(exc, "data", None)
    message = data.get("message") if isinstance(data, dict) else None
    errors = data.get("errors") if isinstance(data, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        detail = ", ".join(f"{k}={v}" for k, v in errors[0].items() if k in ("field", "code", "value"))
        message = f"{message} ({detail})"
    return str(message or "no message")[:300]


def rate_limit_wait(exc: Any, now: float) -> float | None:
    """Seconds a 403/429 asks us to wait, or None when it is not a rate limit."""
    status = getattr(exc, "status", None)
    if status not in (403, 429):
        return None
    headers = getattr(exc, "headers", None)
    retry_after = _header(headers, "Retry-After")
    if retry_after is not None:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            return DEFAULT_SECONDARY_WAIT
    message = _message(exc).lower()
    remaining, reset = _header(headers, "X-RateLimit-Remaining"), _header(headers, "X-RateLimit-Reset")
    if remaining == "0" and reset is not None and reset.isdigit():
        return max(0.0, int(reset) - now) + 1  # the reset second itself is uncertain
    if status == 429 or "rate limit" in message or "please wait" in message or "retry your request" in message:
        return DEFAULT_SECONDARY_WAIT
    return None


def is_transient(exc: BaseException) -> bool:
    """A failure whose outcome is unknown or temporary: 5xx, dropped connection, timeout."""
    status = getattr(exc, "status", None)
    if isinstance(status, int):
        return status >= 500
    import requests

    return isinstance(exc, (requests.exceptions.RequestException, ConnectionError, TimeoutError))


def describe(exc: BaseException, what: str) -> str:
    """One line about a failed call, without headers or request details (no token)."""
    status = getattr(exc, "status", None)
    if isinstance(status, int):
        return f"{what}: GitHub answered {status}: {_message(exc)}"
    return f"{what}: {type(exc).__name__} (network error or timeout)"


# -- the guard ---------------------------------------------------------------------------
@dataclass
class Guard:
    """Runs GitHub calls with rate-limit waits, transient retries, the budget and spacing."""

    budget: Budget
    tuning: Tuning = field(default_factory=lambda: TUNING)
    waited: float = 0.0  # seconds spent waiting for rate limits this run
    writes_sent: int = 0
    _last_write: float | None = None
    _started: float | None = None  # when the first call began: the deadline counts from there
    # Tests may raise from here to simulate a crash between two writes.
    after_write: Callable[[str], None] | None = None

    def _wait_rate_limit(self, seconds: float, what: str) -> None:
        if self.waited + seconds > self.tuning.max_wait:
            raise RateLimited(
                f"{what}: rate limited for {seconds:.0f} s, over the wait cap "
                f"({self.tuning.max_wait - self.waited:.0f} s left of {self.tuning.max_wait:.0f} s)"
            )
        self.waited += seconds
        self.tuning.sleep(seconds)

    def _failure(self, exc: BaseException, what: str) -> str:
        """Handle a rate limit (wait) or decide: "transient", or raise for good."""
        wait = rate_limit_wait(exc, self.tuning.wall())
        if wait is not None:
            self._wait_rate_limit(wait, what)
            return "rate"
        if is_transient(exc):
            return "transient"
        status = getattr(exc, "status", None)
        if status == 401:
            raise AuthError(f"{what}: GitHub refused the token (401 Bad credentials)") from None
        if status is None:
            raise GitHubError(describe(exc, what)) from None
        errors = getattr(exc, "data", {}) or {}
        first = (errors.get("errors") or [{}])[0] if isinstance(errors, dict) else {}
        field_name = first.get("field") if isinstance(first, dict) else None
        raise WriteFailed(describe(exc, what), status, field_name) from None

    def _bounded(self, call: Callable[[], T], what: str) -> T:
        """`call()`, stopped with DeadlinePassed when the run's deadline passes before or
        during it (during: on POSIX, in the main thread, by SIGALRM)."""
        now = self.tuning.clock()
        if self._started is None:
            self._started = now
        left = self.tuning.deadline - (now - self._started)
        message = f"{what}: the run's deadline ({self.tuning.deadline:.0f} s of GitHub calls) passed"
        if left <= 0:
            raise DeadlinePassed(message)
        try:
            with alarm(left):
                return call()
        except Alarm:
            raise DeadlinePassed(message) from None

    def read(self, call: Callable[[], T], what: str) -> T:
        """Run a read; wait out rate limits, retry transient failures, else raise."""
        failures = 0
        while True:
            try:
                return self._bounded(call, what)
            except Exception as exc:  # noqa: BLE001 - classified below
                if isinstance(exc, GitHubError):
                    raise
                if self._failure(exc, what) == "transient":
                    failures += 1
                    if failures >= self.tuning.attempts:
                        raise GitHubError(describe(exc, what)) from None
                    self.tuning.sleep(self.tuning.backoff * 2 ** (failures - 1))

    def write(self, call: Callable[[], T], what: str, recheck: Callable[[], T | None] | None = None) -> T:
        """Run a write within the budget, spaced from the last one.

        On a rate limit, wait and resend. On an unknown outcome (5xx, dropped, timeout),
        first `recheck` (a read that finds the object if the write went through), then
        resend. Raises BudgetExhausted, RateLimited, AuthError or WriteFailed.
        """
        failures = 0
        while True:
            if not self.budget.take():
                raise BudgetExhausted(f"{what}: max-writes ({self.budget.limit}) reached")
            self._space()
            self.writes_sent += 1
            try:
                result = self._bounded(call, what)
            except Exception as exc:  # noqa: BLE001 - classified below
                self._last_write = self.tuning.clock()
                if isinstance(exc, GitHubError):
                    raise
                try:
                    kind = self._failure(exc, what)
                except WriteFailed:
                    raise
                if recheck is not None:
                    found = self.read(recheck, f"{what} (re-read)")
                    if found is not None:
                        self._after(what)
                        return found
                if kind == "transient":
                    failures += 1
                    if failures >= self.tuning.attempts:
                        raise WriteFailed(describe(exc, what)) from None
                    self.tuning.sleep(self.tuning.backoff * 2 ** (failures - 1))
                continue
            self._last_write = self.tuning.clock()
            self._after(what)
            return result

    def _after(self, what: str) -> None:
        if self.after_write is not None:
            self.after_write(what)

    def _space(self) -> None:
        if self._last_write is None or self.tuning.spacing <= 0:
            return
        pause = self._last_write + self.tuning.spacing - self.tuning.clock()
        if pause > 0:
            self.tuning.sleep(pause)


@contextlib.contextmanager
def alarm(seconds: float) -> Iterator[None]:
    """Raise Alarm in this thread after `seconds`, even inside a blocked socket read.
    Only where signals can do it (POSIX, main thread); elsewhere the deadline is checked
    between calls only."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(_signum: int, _frame: object) -> None:
        raise Alarm()

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# -- connecting --------------------------------------------------------------------------
@dataclass
class Connection:
    """An authenticated PyGithub client for one repository, with its write guard."""

    github: Any  # github.Github
    repo: Any  # github.Repository.Repository (lazy: no request made yet)
    guard: Guard
    full_name: str
    api_url: str
    server_url: str

    @property
    def budget(self) -> Budget:
        return self.guard.budget

    def is_assignable(self, login: str) -> bool:
        """GET /repos/{o}/{r}/assignees/{login}: 204 yes, 404 no, anything else raises
        (PyGithub's has_in_assignees would read a 502 as "no")."""
        import urllib.parse

        import github

        def ask() -> bool:
            status, headers, data = self.repo.requester.requestJson(
                "GET", f"{self.repo.url}/assignees/{urllib.parse.quote(login, safe='')}"
            )
            if status in (204, 404):
                return bool(status == 204)
            raise github.GithubException(status, _json(data), headers)

        return self.guard.read(ask, f"check assignee {login}")


def _json(data: Any) -> Any:
    import json

    try:
        return json.loads(data) if isinstance(data, str) and data else None
    except ValueError:
        return None


def connect(
    full_name: str,
    token: str,
    api_url: str = DEFAULT_API_URL,
    server_url: str | None = None,
    max_writes: int = 30,
    tuning: Tuning | None = None,
) -> Connection:
    """A PyGithub client and a lazy repository handle (no request is made here).

    PyGithub's retry is a urllib3 Retry for GET only (5xx and dropped connections), without
    honouring Retry-After (the Guard does that with an injectable clock): a POST is never
    resent behind our back. PyGithub's own request spacing is off; the Guard spaces writes.
    """
    from github import Auth, Github
    from urllib3 import Retry

    from pmlint import __version__

    tuning = tuning or TUNING
    retry = Retry(
        total=tuning.get_retries,
        connect=tuning.get_retries,
        read=tuning.get_retries,
        status=tuning.get_retries,
        other=0,
        allowed_methods=frozenset({"GET", "HEAD"}),
        status_forcelist=(500, 502, 503, 504),
        backoff_factor=0,
        respect_retry_after_header=False,
        raise_on_status=False,
        raise_on_redirect=False,
    )
    client = Github(
        auth=Auth.Token(token),
        base_url=api_url,
        timeout=tuning.timeout,
        user_agent=f"pmlint/{__version__}",
        per_page=100,
        retry=retry,
        seconds_between_requests=None,
        seconds_between_writes=None,
        lazy=True,
    )
    repo = client.get_repo(full_name)
    guard = Guard(Budget(max_writes), tuning)
    if server_url is None:
        server_url = server_url_from(os.environ, api_url)
    return Connection(client, repo, guard, full_name, api_url, server_url)
