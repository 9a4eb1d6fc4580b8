"""`pmlint share` keeps its promises on hostile input (issue 22, section 2 items 6, 7 and 8's
share part): nothing is marked for a URL that cannot be sent, two runs never post one
document twice, a drip-fed webhook cannot hold a run forever, a refusal never leaks a piece
of the URL, configured text never becomes markup, an unreadable document fails the run, and
a person's "Pending review" is not pmlint's mark."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pmlint.share import webhook
from tests.conftest import Result
from tests.share.conftest import Sleeps
from tests.share.test_share import FINAL, project
from tests.webhook_double import Fault, WebhookDouble

A = "docs/incidents/2026-11-20-a.md"
B = "docs/incidents/2026-11-20-b.md"


def files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted((root / "docs/incidents").glob("*.md"))}


@pytest.mark.parametrize("tail", [":99999/services/x", ":port/services/x", "/services/a b", "/services/a\nb",
                                  "/services/caf\u00e9", "/services/\u2028x"])
def test_a_url_urllib_cannot_send_is_refused_before_any_mark(tmp_path: Path, run: Callable[..., Result],
                                                             hook: WebhookDouble, sleeps: Sleeps, tail: str) -> None:
    root = project(tmp_path)
    before = files(root)
    result = run("share", "--webhook", "https://hooks.example" + tail, "--today", "2026-11-25", cwd=root)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("pmlint: error: the webhook URL ") and len(result.err.splitlines()) == 1
    assert "services" not in result.err and "Traceback" not in result.err
    assert files(root) == before  # no pending mark, no "delivery unconfirmed"


def test_two_runs_never_both_post_a_document(tmp_path: Path, run: Callable[..., Result], hook: WebhookDouble,
                                             sleeps: Sleeps, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another run marks document a after this run read it and before this run marks it."""
    from pmlint.share import run as share_run

    root = project(tmp_path)
    other = "pending: pmlint share started a post on 2026-11-25 (id other-run)"
    build = share_run.build_message

    def meanwhile(doc: Any, *args: Any) -> Any:  # between this run's read and its mark
        if doc.path.endswith("-a.md"):
            share_run.write_shared(root / A, other, ["Shared"])
        return build(doc, *args)

    monkeypatch.setattr(share_run, "build_message", meanwhile)
    result = run("share", "--today", "2026-11-25", cwd=root)
    assert [t.splitlines()[0] for t in hook.texts()] == ["*Post-mortem: Search latency* (SEV-2, 2026-11-20)"]
    assert f"left         {A}: not posted: the file changed since this run read it" in result.out
    assert f"**Shared:** {other}" in (root / A).read_text(encoding="utf-8")


def test_a_drip_fed_answer_is_cut_off_by_the_run_deadline(tmp_path: Path, run: Callable[..., Result],
                                                         hook: WebhookDouble, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path)
    # Each byte comes well within the read timeout, the whole answer far past the deadline.
    monkeypatch.setattr(webhook, "TUNING", webhook.Tuning(timeout=5, deadline=1.0, sleep=lambda _s: None))
    hook.fail(Fault.dripped(0.2))
    result = run("share", "--today", "2026-11-25", cwd=root)
    assert result.code == 0
    assert (f"unconfirmed  {A}: the webhook did not answer within the run's deadline (1 s of posting); "
            "recorded as shared so it is not posted twice") in result.out
    assert f"left         {B}: stopped by the rate limit or the deadline; the next run posts it" in result.out
    assert "delivery unconfirmed" in (root / A).read_text(encoding="utf-8")
    assert len(hook.log) == 1


def test_a_refusal_quoting_the_url_leaks_no_piece_of_it(tmp_path: Path, run: Callable[..., Result],
                                                       hook: WebhookDouble, sleeps: Sleeps) -> None:
    root = project(tmp_path)
    # The answer is cut at 120 characters: put the URL across the cut.
    hook.fail(*[Fault.refused(400, "invalid_payload for " + "x" * 60 + " " + hook.url)] * 2)
    result = run("share", "--today", "2026-11-25", cwd=root)
    assert "the webhook refused the post: 400: invalid_payload for" in result.out
    secret = hook.secret_path
    pieces = {secret[i:i + 10] for i in range(len(secret) - 10)}
    assert not any(piece in result.out + result.err for piece in pieces)


def test_configured_channel_and_link_base_never_become_markup(tmp_path: Path, run: Callable[..., Result],
                                                              hook: WebhookDouble, sleeps: Sleeps) -> None:
    root = project(tmp_path)
    (root / "pyproject.toml").write_text(
        '[tool.pmlint]\nselect = ["PM7"]\n[tool.pmlint.share]\n'
        'channel = "#eng-all\\n## Injected <!channel> <!-- pmlint-disable-file -->"\n', encoding="utf-8")
    result = run("share", "--today", "2026-11-25", cwd=root)
    assert result.code == 0, result.out + result.err
    text = (root / A).read_text(encoding="utf-8")
    assert "\n## Injected" not in text and "<!channel>" not in text and "<!--" not in text
    assert "**Shared:** #eng-all ## Injected &lt;!channel&gt; &lt;!-- pmlint-disable-file --&gt; (posted by" in text
    for base in ("https://git.example/ops\\n## x", "https://git.example/<!channel>", "javascript:alert(1)"):
        (root / "pyproject.toml").write_text(f'[tool.pmlint.share]\nlink-base = "{base}"\n', encoding="utf-8")
        refused = run("share", "--dry-run", cwd=root)
        assert refused.code == 2 and "link-base must be an http(s) URL" in refused.err
        assert len(refused.err.splitlines()) == 1


def test_an_unreadable_document_fails_the_run(tmp_path: Path, run: Callable[..., Result],
                                              hook: WebhookDouble, sleeps: Sleeps) -> None:
    root = project(tmp_path)
    (root / "docs/incidents/2026-11-23-e.md").write_bytes(FINAL.format(title="Broken").encode("utf-8") + b"\xff\xfe\n")
    result = run("share", "--today", "2026-11-25", cwd=root)
    assert result.code == 1
    assert re.search(r"unreadable   docs/incidents/2026-11-23-e\.md: .*UTF-8", result.out), result.out
    assert "unreadable 1" in result.out and len(hook.posts) == 2


def test_a_persons_pending_review_is_not_pmlints_mark(tmp_path: Path, run: Callable[..., Result],
                                                      hook: WebhookDouble, sleeps: Sleeps) -> None:
    root = project(tmp_path)
    a = root / A
    a.write_text(a.read_text(encoding="utf-8").replace("**Status:** Final\n",
                                                       "**Status:** Final\n**Shared:** Pending review\n"),
                 encoding="utf-8")
    check = run("check", "--no-git", "--select", "PM403", A, cwd=root)
    assert "pending mark" not in check.out and "PM403" in check.out
    result = run("share", "--today", "2026-11-25", cwd=root)
    assert result.code == 0 and f"posted       {A}" in result.out
    assert "**Shared:** #eng-all (posted by pmlint share on 2026-11-25" in a.read_text(encoding="utf-8")
