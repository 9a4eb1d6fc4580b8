"""A Slack-compatible incoming webhook double: a real HTTP server on 127.0.0.1.

It accepts `POST <secret path>` with a JSON `{"text": …}` body and answers `200 ok` like
Slack, logs every request, and keeps the accepted posts. Faults are queued for the next
POSTs, one each:

    with WebhookDouble() as hook:
        hook.fail(Fault.server_error(503), Fault.too_many(retry_after=2), Fault.answer_lost())
        ...  # post to hook.url
        assert len(hook.posts) == 1

- `Fault()`: no fault, answer normally (to aim a later fault at a later post);
- `server_error(status)`: answer 5xx, the post is not taken;
- `too_many(retry_after)`: answer 429 with Retry-After, the post is not taken;
- `refused(status, body)`: a 4xx such as Slack's `invalid_payload`;
- `answer_lost()`: the post is taken (recorded), then the connection is closed without an answer;
- `drip(seconds)`: the post is taken, then the answer comes one byte every `seconds`, so
  that no single read ever times out.
A wrong path gets Slack's `404 no_service`.
"""

from __future__ import annotations

import json
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Fault:
    status: int | None = None  # answer with this status instead of 200
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    lost: bool = False  # take the post, then close the connection without answering
    drip: float = 0.0  # take the post, then send the answer one byte every `drip` seconds

    @classmethod
    def server_error(cls, status: int = 500) -> Fault:
        return cls(status=status, body="internal_error")

    @classmethod
    def too_many(cls, retry_after: int | str = 1) -> Fault:
        return cls(status=429, headers={"Retry-After": str(retry_after)}, body="rate_limited")

    @classmethod
    def refused(cls, status: int = 400, body: str = "invalid_payload") -> Fault:
        return cls(status=status, body=body)

    @classmethod
    def answer_lost(cls) -> Fault:
        return cls(lost=True)

    @classmethod
    def dripped(cls, seconds: float = 0.5) -> Fault:
        return cls(drip=seconds)


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    answered: int | None  # status sent back; None when the connection was closed instead


class WebhookDouble:
    def __init__(self) -> None:
        self.secret_path = f"/services/T{secrets.token_hex(4)}/B{secrets.token_hex(4)}/{secrets.token_urlsafe(18)}"
        self.log: list[Request] = []
        self.posts: list[dict[str, Any]] = []  # the accepted messages, in order
        self._faults: list[Fault] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}{self.secret_path}"

    def fail(self, *faults: Fault) -> None:
        """Apply `faults` to the next POSTs, one each, in order."""
        with self._lock:
            self._faults.extend(faults)

    def texts(self) -> list[str]:
        return [post.get("text", "") for post in self.posts]

    def __enter__(self) -> WebhookDouble:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _next_fault(self) -> Fault | None:
        with self._lock:
            return self._faults.pop(0) if self._faults else None

    def _record(self, request: Request, post: dict[str, Any] | None) -> None:
        with self._lock:
            self.log.append(request)
            if post is not None:
                self.posts.append(post)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        double = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
                pass  # the request log is double.log

            def _answer(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
                data = body.encode("utf-8")
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data)
                self.close_connection = True

            def do_POST(self) -> None:  # noqa: N802 - the base class's name
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}

                def record(status: int | None, post: dict[str, Any] | None = None) -> None:
                    double._record(Request("POST", self.path, headers, body, status), post)

                if self.path != double.secret_path:
                    record(404)
                    return self._answer(404, "no_service")
                try:
                    post = json.loads(body)
                except ValueError:
                    post = None
                if not isinstance(post, dict) or not isinstance(post.get("text"), str) or not post["text"].strip():
                    record(400)
                    return self._answer(400, "invalid_payload")
                fault = double._next_fault()
                if fault is not None and fault.lost:
                    record(None, post)  # taken, then the answer is lost
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return None
                if fault is not None and fault.drip:
                    record(200, post)
                    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + b"X-Pad: " + b"." * 400 + b"\r\n\r\nok"
                    try:
                        for byte in answer:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(fault.drip)
                    except OSError:
                        pass  # the client gave up
                    self.close_connection = True
                    return None
                if fault is not None and fault.status is not None:
                    record(fault.status)
                    return self._answer(fault.status, fault.body, fault.headers)
                record(200, post)
                return self._answer(200, "ok")

            def do_GET(self) -> None:  # noqa: N802
                double._record(Request("GET", self.path, {}, b"", 405), None)
                self._answer(405, "method_not_allowed")

        return Handler
