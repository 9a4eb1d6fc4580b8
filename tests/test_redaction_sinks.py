"""A secret a server echoes back never reaches a sink. Each command that holds one (`sync`,
`overdue`, `report --dashboard-issue` with the GitHub token; `share` with the webhook URL)
is run against a double that answers a request with the secret in its reply; the reply's
text reaches the user (the proof the path is open), the secret itself reaches none of
stdout, stderr, the step summary, the step outputs and the --output file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pmlint.github import client
from pmlint.share import webhook
from tests.conftest import Result, write
from tests.github_double import Fault, GitHubDouble
from tests.webhook_double import Fault as HookFault
from tests.webhook_double import WebhookDouble

TOKEN = "ghp_SinkCanary0123456789abcdefSinkCanary"
DOC = "docs/incidents/2026-11-20-db-pool.md"
DOCUMENT = """# Post-Mortem: Checkout outage

**Date:** 2026-11-20
**Severity:** SEV-2
**Status:** Final

## Executive Summary

Checkout failed 30% of requests for 70 minutes.

## Action Items

| Action | Owner | Priority | Due |
|---|---|---|---|
| Add an alert for connection pool saturation above 80% | @alice | P1 | 2026-12-01 |
"""
TODO = f"# TODO\n\n- [ ] Add an alert for connection pool saturation above 80% _(ref: {DOC})_ #41\n"


@dataclass
class Secret:
    value: str  # what must never be shown
    echoed: str  # text of the server's reply that is shown, proving the path is open


def _github(double: GitHubDouble, command: str) -> None:
    echo = f"Refused for {TOKEN}"
    if command == "sync":  # the issue cannot be read, then the create fails with the echo
        double.fault(Fault(status=422, message=echo), method="POST", route=r"/issues$", times=5)
    elif command == "overdue":  # the linked issue #41 is read by number: 404 with the echo
        double.fault(Fault(status=404, message=echo), method="GET", route=r"/issues/41$", times=5)
    else:  # report --dashboard-issue: creating the dashboard issue fails with the echo
        double.fault(Fault(status=422, message=echo), method="POST", route=r"/issues$", times=5)


ARGS = {
    "sync": ["sync", "--today", "2026-12-14"],
    "overdue": ["overdue", "--today", "2026-12-14"],
    "report": ["report", "--dashboard-issue", "--no-git", "--today", "2026-12-14"],
    "share": ["share", "--force", "--today", "2026-12-14"],  # --force: the sample has error findings
}


@pytest.fixture
def secret(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Secret]:
    command = request.param
    if command == "share":
        monkeypatch.setattr(webhook, "TUNING", webhook.Tuning(timeout=5, sleep=lambda _s: None, max_wait=60))
        with WebhookDouble() as hook:
            for name in ("GITHUB_TOKEN", "GH_TOKEN", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
                monkeypatch.delenv(name, raising=False)
            monkeypatch.setenv("PMLINT_SHARE_WEBHOOK", hook.url)
            monkeypatch.setenv("GITHUB_REPOSITORY", "acme/ops")
            hook.fail(HookFault.refused(body=f"no such hook {hook.url}"))
            yield Secret(hook.secret_path, "no such hook")
        return
    monkeypatch.setattr(client, "TUNING", client.Tuning(spacing=0, sleep=lambda _s: None, timeout=2, backoff=0))
    with GitHubDouble(token=TOKEN, assignable={"alice"}) as double:
        double.serve_pmlint(monkeypatch)
        _github(double, command)
        yield Secret(TOKEN, "Refused for")


@pytest.mark.parametrize("secret", list(ARGS), indirect=True)
def test_a_secret_echoed_by_the_server_reaches_no_sink(
    secret: Secret, request: pytest.FixtureRequest, tmp_path: Path, run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    command = request.node.callspec.params["secret"]
    write(tmp_path, {DOC: DOCUMENT, "TODO.md": TODO, ".pmlint.toml": ""})
    summary, outputs = tmp_path / "summary.md", tmp_path / "outputs.txt"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setenv("GITHUB_OUTPUT", str(outputs))

    shown = run(*ARGS[command], cwd=tmp_path)
    written = tmp_path / "out" / "report.txt"
    to_file = run(*ARGS[command], "--output", str(written), cwd=tmp_path)

    sinks = {
        "stdout": shown.out + to_file.out, "stderr": shown.err + to_file.err, "step summary": summary.read_text(),
        "step outputs": outputs.read_text(), "--output file": written.read_text(),
    }
    assert secret.echoed in "".join(sinks.values()), sinks  # the reply was shown: the path is open
    for sink, text in sinks.items():
        assert secret.value not in text, f"{command}: the secret reached the {sink}"
