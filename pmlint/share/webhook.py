"""Posting to a Slack-compatible incoming webhook (Slack, Mattermost, Rocket.Chat, Teams
workflows: `{"text": …}` as JSON), with the standard library's urllib.

The URL is a secret (whoever has it can post to the channel): it is never part of a message
or an exception that leaves this module. `Webhook.post` answers with a `PostResult` whose
`detail` was built here, from status codes and exception types; it may quote the answer, and
the command prints it through the redacting sinks (pmlint/read/redact.py), which hide the URL.

Faults:
- The run's posts share one deadline (`Tuning.deadline`), as sync's GitHub calls do: a
  webhook that drips its answer a byte at a time is cut off by SIGALRM, and that post is
  `unconfirmed` (it may have gone through); once it has passed, nothing more is sent.
- 429: wait for Retry-After (seconds or an HTTP date) and post again, while the run's total
  wait stays under `Tuning.max_wait`; past it the run stops (`stopped`), nothing was posted.
- 5xx, or a connection that failed while the request was being sent: post again after a
  backoff, `Tuning.attempts` times in all. A 5xx means the service did not take the message.
- The request went out whole but no answer came back (connection closed or timed out while
  waiting for the status line): the service may have posted it. This is `unconfirmed`, never
  retried, so the message is not posted twice; the caller records it as shared.
urllib makes the last two cases distinguishable: failures while sending the request are
wrapped in `URLError`, failures while reading the answer are raised as they are.
Redirects are not followed (urllib would turn the POST into a GET without a body).
"""

from __future__ import annotations

import email.utils
import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from pmlint.errors import UsageError
from pmlint.github.client import Alarm, alarm

HIDDEN = "<webhook URL>"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
ANSWER_BYTES = 4096  # of a body read for the message of a refused post

Result = Literal["delivered", "unconfirmed", "failed", "stopped"]


class WebhookError(UsageError):
    """The webhook URL is unusable: one line that does not contain it."""


class PostResult(NamedTuple):
    result: Result
    detail: str  # one line without the URL
    attempts: int  # requests sent


@dataclass
class Tuning:
    """Timing knobs; tests swap in a sleep that does not wait."""

    timeout: float = 15.0  # seconds per request
    attempts: int = 3  # requests per message on 5xx or a failed send
    backoff: float = 2.0  # seconds before the second attempt; doubles after
    max_wait: float = 120.0  # total seconds a run may wait for 429s
    deadline: float = 300.0  # seconds one run may spend posting, all posts together
    default_retry_after: float = 30.0  # a 429 without a usable Retry-After
    sleep: Callable[[float], None] = time.sleep
    wall: Callable[[], float] = time.time
    clock: Callable[[], float] = time.monotonic


TUNING = Tuning()  # module default, replaced by tests


def redact(text: str, url: str) -> str:
    """`text` without the URL or its secret parts (path and query)."""
    if not url:
        return text
    parts = urllib.parse.urlsplit(url) if "://" in url else None
    secrets = [url, url.rstrip("/")]
    if parts is not None:
        secrets += [parts.path, parts.query]
    for secret in sorted({s for s in secrets if len(s) > 1}, key=len, reverse=True):
        text = text.replace(secret, HIDDEN)
    return text


def check_url(url: str) -> str:
    """The URL, stripped, if it can be posted to: https, or http to this machine only, and
    nothing urllib cannot send (a bad port, a blank, a control or non-ASCII character), so
    that a URL that would never go out is refused before any document is marked."""
    url = url.strip()
    if any(not ("!" <= char <= "~") for char in url):
        raise WebhookError("the webhook URL holds a blank, a line break or a non-ASCII character "
                           "(not shown: it is a secret); percent-encode it")
    invalid = WebhookError("the webhook URL is not a valid URL (not shown: it is a secret)")
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        raise invalid from None
    if not (parts.scheme == "https" and host) and not (parts.scheme == "http" and host in LOOPBACK_HOSTS):
        raise WebhookError("the webhook URL must start with https:// (not shown: it is a secret)")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is no number or out of range
        urllib.request.Request(url)  # refuses what urllib cannot open
    except ValueError:
        raise invalid from None
    return url


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the 3xx is then raised as an HTTPError


def _retry_after(value: str | None, now: float, default: float) -> float:
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return default
    if when is None:
        return default
    return max(0.0, when.timestamp() - now)


def _answer(error: urllib.error.HTTPError, url: str) -> str:
    """The start of a refused post's body (Slack says why: `invalid_payload`, `no_service`),
    the URL hidden before it is cut: cut first, a quoted URL would leave its prefix."""
    try:
        body = error.read(ANSWER_BYTES).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        body = ""
    finally:
        error.close()
    text = redact(" ".join(body.split()), url)[:120]
    return f": {text}" if text else ""


@dataclass
class Webhook:
    """One webhook for a run: the URL, the timing, and the rate-limit wait spent so far."""

    url: str
    tuning: Tuning = field(default_factory=lambda: TUNING)
    waited: float = 0.0
    user_agent: str = "pmlint"
    started: float | None = None  # when the first post began: the deadline counts from there

    def __post_init__(self) -> None:
        self.url = check_url(self.url)
        self._opener = urllib.request.build_opener(_NoRedirect())

    def _send(self, body: bytes) -> None:
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": self.user_agent},
        )
        with self._opener.open(request, timeout=self.tuning.timeout) as response:
            response.read(ANSWER_BYTES)

    def _left(self) -> float:
        """Seconds left of the run's deadline (a drip-fed answer never trips the per-read timeout)."""
        now = self.tuning.clock()
        if self.started is None:
            self.started = now
        return self.tuning.deadline - (now - self.started)

    def out_of_time(self) -> bool:
        """The run's deadline has passed: nothing more is sent."""
        return self.started is not None and self._left() <= 0

    def post(self, body: bytes) -> PostResult:
        """Post `body` (JSON); see the module docstring for what each result means."""
        sent = failures = 0
        tuning = self.tuning
        while True:
            left = self._left()
            if left <= 0:
                detail = f"not sent: the run's deadline ({tuning.deadline:.0f} s of posting) passed"
                return PostResult("stopped", detail, sent)
            sent += 1
            try:
                with alarm(left):
                    self._send(body)
                return PostResult("delivered", "posted", sent)
            except Alarm:  # a webhook answering a byte at a time: the post may have gone through
                detail = f"the webhook did not answer within the run's deadline ({tuning.deadline:.0f} s of posting)"
                return PostResult("unconfirmed", detail, sent)
            except urllib.error.HTTPError as error:
                status, retry_after = error.code, error.headers.get("Retry-After") if error.headers else None
                answer = _answer(error, self.url)
                if status == 429:
                    wait = _retry_after(retry_after, tuning.wall(), tuning.default_retry_after)
                    if self.waited + wait > tuning.max_wait:
                        detail = (f"rate limited: the webhook asks to wait {wait:.0f} s, "
                                  f"over the wait cap ({tuning.max_wait:.0f} s a run)")
                        return PostResult("stopped", detail, sent)
                    self.waited += wait
                    tuning.sleep(wait)
                    continue
                if status >= 500:
                    failures += 1
                    if failures < tuning.attempts:
                        tuning.sleep(tuning.backoff * 2 ** (failures - 1))
                        continue
                    detail = f"the webhook answered {status} {failures} times{answer}"
                    return PostResult("failed", (detail), sent)
                return PostResult("failed", (f"the webhook refused the post: {status}{answer}"), sent)
            except urllib.error.URLError as error:  # failed while connecting or sending
                failures += 1
                if failures < tuning.attempts:
                    tuning.sleep(tuning.backoff * 2 ** (failures - 1))
                    continue
                reason = error.reason if isinstance(error.reason, str) else type(error.reason).__name__
                detail = f"cannot reach the webhook ({reason}), {failures} attempts"
                return PostResult("failed", (detail), sent)
            except (http.client.HTTPException, OSError) as error:  # sent; the answer was lost
                detail = f"the post was sent but no answer came back ({type(error).__name__})"
                return PostResult("unconfirmed", detail, sent)

