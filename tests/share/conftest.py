"""The webhook double and the recorded sleeps every `pmlint share` test uses."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pmlint.share import webhook
from tests.webhook_double import WebhookDouble


class Sleeps(list[float]):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> Sleeps:
    recorded = Sleeps()
    monkeypatch.setattr(webhook, "TUNING", webhook.Tuning(timeout=5, sleep=recorded, max_wait=60))
    return recorded


@pytest.fixture
def hook(monkeypatch: pytest.MonkeyPatch) -> Iterator[WebhookDouble]:
    with WebhookDouble() as double:
        monkeypatch.setenv("PMLINT_SHARE_WEBHOOK", double.url)
        monkeypatch.setenv("GITHUB_REPOSITORY", "acme/ops")
        monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.example")
        monkeypatch.delenv("GITHUB_EVENT_PATH", raising=False)
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
        for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
            monkeypatch.delenv(name, raising=False)
        yield double
