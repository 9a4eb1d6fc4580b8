"""`pmlint share` against a real HTTP webhook double: one post per Final document across
reruns and faults, the record written byte for byte, and the URL in no output."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result, write
from tests.share.conftest import Sleeps
from tests.webhook_double import Fault, WebhookDouble

FINAL = """\
# Post-Mortem: {title}

**Date:** 2026-11-20
**Severity:** SEV-2
**Status:** Final

## Executive Summary

Checkout failed 30% of requests for 70 minutes. A pool limit went missing.
We rolled back & are adding a limit <for real>.

## Timeline
"""
DRAFT = FINAL.replace("Final", "Draft")
GATE_PUBLISH_ONLY = '[tool.pmlint]\nselect = ["PM7"]\n'
SHARED = FINAL.replace("**Status:** Final\n", "**Status:** Final\n**Shared:** #eng-all on 2026-11-22\n")


def project(root: Path) -> Path:
    return write(root, {
        # Only the publish rules: these documents are short on purpose, and the gate (tested
        # with whole documents below) would hold them back for their missing sections.
        "pyproject.toml": GATE_PUBLISH_ONLY + "[tool.pmlint.share]\nchannel = \"#eng-all\"\n",
        "docs/incidents/2026-11-20-a.md": FINAL.format(title="Checkout outage"),
        # CRLF, a BOM and trailing spaces: every byte but the new line must survive.
        "docs/incidents/2026-11-20-b.md": ("\ufeff" + FINAL.format(title="Search latency").replace(
            "**Severity:** SEV-2\n", "**Severity:** SEV-2   \n")).replace("\n", "\r\n").encode("utf-8"),
        "docs/incidents/2026-11-21-c.md": DRAFT.format(title="Draft one"),
        "docs/incidents/2026-11-22-d.md": SHARED.format(title="Already shared"),
    })


def assert_secret_kept(result: Result, hook: WebhookDouble) -> None:
    for text in (result.out, result.err):
        assert hook.secret_path not in text and hook.url not in text


def test_each_final_document_is_posted_once_and_recorded(tmp_path: Path, run: Callable[..., Result],
                                                           hook: WebhookDouble, sleeps: Sleeps) -> None:
    root = project(tmp_path)
    before_b = (root / "docs/incidents/2026-11-20-b.md").read_bytes()
    first = run("share", "--today", "2026-11-25", cwd=root)
    assert first.code == 0, first.err
    assert sorted(t.splitlines()[0] for t in hook.texts()) == [
        "*Post-mortem: Checkout outage* (SEV-2, 2026-11-20)", "*Post-mortem: Search latency* (SEV-2, 2026-11-20)"]
    text = next(t for t in hook.texts() if "Checkout" in t)
    assert "rolled back &amp; are adding a limit &lt;for real&gt;" in text
    assert "https://github.example/acme/ops/blob/HEAD/docs/incidents/2026-11-20-a.md" in text
    after_b = (root / "docs/incidents/2026-11-20-b.md").read_bytes()
    added = after_b.replace(before_b.split(b"**Status:** Final\r\n")[0], b"", 1)
    assert added.startswith(b"**Status:** Final\r\n**Shared:** #eng-all (posted by pmlint share on 2026-11-25, id ")
    assert after_b.replace(added.split(b"\r\n")[1] + b"\r\n", b"", 1) == before_b  # one line more, nothing else
    assert "**Shared:**" not in (root / "docs/incidents/2026-11-21-c.md").read_text(encoding="utf-8")
    second = run("share", "--today", "2026-11-26", cwd=root)
    assert second.code == 0 and len(hook.posts) == 2
    assert "already shared 3, not Final 1" in second.out
    check = run("check", "--select", "PM403", cwd=root)
    assert check.code == 0, check.out
    assert_secret_kept(first, hook)
    assert_secret_kept(second, hook)


def test_faults_never_lose_or_repeat_a_post(tmp_path: Path, run: Callable[..., Result],
                                            hook: WebhookDouble, sleeps: Sleeps) -> None:
    root = project(tmp_path)
    # a: 503, then 429 Retry-After 7, then accepted. b: accepted, but the answer is lost.
    hook.fail(Fault.server_error(503), Fault.too_many(retry_after=7), Fault(), Fault.answer_lost())
    first = run("share", "--today", "2026-11-25", cwd=root)
    assert first.code == 0, first.out + first.err
    assert [r.answered for r in hook.log] == [503, 429, 200, None]
    assert 7.0 in sleeps
    assert "unconfirmed  docs/incidents/2026-11-20-b.md" in first.out
    assert "delivery unconfirmed" in (root / "docs/incidents/2026-11-20-b.md").read_text(encoding="utf-8-sig")
    for _ in range(2):
        again = run("share", "--today", "2026-11-26", cwd=root)
        assert again.code == 0
        assert_secret_kept(again, hook)
    assert len(hook.posts) == 2 and len(hook.log) == 4
    assert_secret_kept(first, hook)


def test_a_refused_post_leaves_the_file_as_it_was_and_is_posted_by_the_next_run(
        tmp_path: Path, run: Callable[..., Result], hook: WebhookDouble, sleeps: Sleeps) -> None:
    root = project(tmp_path)
    files = sorted((root / "docs/incidents").glob("*.md"))
    before = {p: p.read_bytes() for p in files}
    hook.fail(*[Fault.server_error(502)] * 3, Fault.refused(400, "invalid_payload"))
    failed = run("share", "--today", "2026-11-25", cwd=root)
    assert failed.code == 1
    assert "the webhook answered 502 3 times: internal_error" in failed.out
    assert "the webhook refused the post: 400: invalid_payload" in failed.out
    assert {p: p.read_bytes() for p in files} == before
    assert hook.posts == []
    retried = run("share", "--today", "2026-11-25", cwd=root)
    assert retried.code == 0 and len(hook.posts) == 2
    assert_secret_kept(failed, hook)


def test_a_rate_limit_over_the_cap_stops_the_run(tmp_path: Path, run: Callable[..., Result],
                                                 hook: WebhookDouble, sleeps: Sleeps) -> None:
    root = project(tmp_path)
    hook.fail(Fault.too_many(retry_after=3600))
    stopped = run("share", "--today", "2026-11-25", "--format", "json", cwd=root)
    data = json.loads(stopped.out)
    assert stopped.code == 1
    assert [d["state"] for d in data["documents"]] == ["stopped", "left"]
    assert sleeps == [] and len(hook.log) == 1
    assert "pending" not in (root / "docs/incidents/2026-11-20-a.md").read_text(encoding="utf-8")
    assert run("share", "--today", "2026-11-25", cwd=root).code == 0
    assert len(hook.posts) == 2


def test_a_pending_mark_from_a_crashed_run_is_never_posted_again(tmp_path: Path, run: Callable[..., Result],
                                                                hook: WebhookDouble, sleeps: Sleeps) -> None:
    root = project(tmp_path)
    doc = root / "docs/incidents/2026-11-20-a.md"
    # What a run killed after writing its mark (before or after posting) leaves behind.
    doc.write_text(doc.read_text(encoding="utf-8").replace(
        "**Status:** Final\n", "**Status:** Final\n**Shared:** pending: pmlint share started a post on 2026-11-24 (id x)\n"),
        encoding="utf-8")
    result = run("share", "--today", "2026-11-25", cwd=root)
    assert result.code == 1
    assert "pending      docs/incidents/2026-11-20-a.md: an earlier run started a post" in result.out
    assert [t.splitlines()[0] for t in hook.texts()] == ["*Post-mortem: Search latency* (SEV-2, 2026-11-20)"]
    check = run("check", "--select", "PM403", cwd=root)
    assert "2026-11-20-a.md:6:13: error PM403 pmlint share started a post" in check.out


def test_dry_run_posts_and_writes_nothing_and_needs_no_webhook(tmp_path: Path, run: Callable[..., Result],
                                                              hook: WebhookDouble, monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path)
    before = {p: p.read_bytes() for p in root.rglob("*.md")}
    monkeypatch.delenv("PMLINT_SHARE_WEBHOOK")
    result = run("share", "--dry-run", cwd=root)
    assert result.code == 0
    assert "would-post   docs/incidents/2026-11-20-a.md" in result.out
    assert "      | *Post-mortem: Checkout outage* (SEV-2, 2026-11-20)" in result.out
    assert "would post 2" in result.out
    assert hook.log == [] and {p: p.read_bytes() for p in root.rglob("*.md")} == before
    missing = run("share", cwd=root)
    assert missing.code == 2 and "no webhook: set PMLINT_SHARE_WEBHOOK" in missing.err


def test_the_url_stays_secret_in_every_error(tmp_path: Path, run: Callable[..., Result],
                                             hook: WebhookDouble, sleeps: Sleeps) -> None:
    root = project(tmp_path)
    secret = "https://hooks.example/services/T0/B0/sEcReT"
    for url in ("http://hooks.example/services/T0/B0/sEcReT", "ftp://x/sEcReT", "sEcReT"):
        result = run("share", "--webhook", url, cwd=root)
        assert result.code == 2 and "https://" in result.err and "sEcReT" not in result.err + result.out
    wrong_path = hook.url.replace(hook.secret_path, hook.secret_path + "x")
    refused = run("share", "--webhook", wrong_path, cwd=root)
    assert refused.code == 1 and "404: no_service" in refused.out
    assert hook.secret_path not in refused.out + refused.err
    unreachable = run("share", "--webhook", "http://127.0.0.1:9/services/sEcReT", "--verbose", cwd=root)
    assert unreachable.code == 1 and "cannot reach the webhook" in unreachable.out
    assert "sEcReT" not in unreachable.out + unreachable.err
    assert secret not in unreachable.err


def test_link_base_and_max_posts_from_the_configuration(tmp_path: Path, run: Callable[..., Result],
                                                        hook: WebhookDouble, sleeps: Sleeps,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    root = project(tmp_path)
    (root / "pyproject.toml").write_text(
        GATE_PUBLISH_ONLY + '[tool.pmlint.share]\nlink-base = "https://git.example/ops/-/blob/trunk/"\nmax-posts = 1\n', encoding="utf-8")
    monkeypatch.delenv("GITHUB_REPOSITORY")
    result = run("share", "--today", "2026-11-25", cwd=root)
    assert result.code == 0
    assert "left         docs/incidents/2026-11-20-b.md: max-posts (1) reached" in result.out
    assert hook.texts()[0].splitlines()[-2] == "https://git.example/ops/-/blob/trunk/docs/incidents/2026-11-20-a.md"
    assert "the team channel (posted by pmlint share on 2026-11-25" in (
        root / "docs/incidents/2026-11-20-a.md").read_text(encoding="utf-8")
    (root / "pyproject.toml").write_text("[tool.pmlint]\n", encoding="utf-8")
    unlinked = run("share", "--today", "2026-11-25", cwd=root)
    assert unlinked.code == 2 and "no link for the posts" in unlinked.err


def test_a_symlink_is_written_through_and_one_out_of_the_root_is_not_read(
        tmp_path: Path, run: Callable[..., Result], hook: WebhookDouble, sleeps: Sleeps) -> None:
    root = project(tmp_path / "project")
    outside = tmp_path / "outside.md"
    outside.write_text(FINAL.format(title="Not ours"), encoding="utf-8")
    (root / "docs/incidents/2026-11-23-out.md").symlink_to(outside)
    real = root / "docs/incidents/2026-11-20-a.md"
    real.rename(root / "a.md")
    real.symlink_to(root / "a.md")
    result = run("share", "--today", "2026-11-25", cwd=root)
    assert result.code == 1, result.out  # a document not read needs a person, as in `check`
    assert "unreadable   docs/incidents/2026-11-23-out.md: leads outside the project root" in result.out
    assert "Not ours" not in "".join(hook.texts()) and "**Shared:**" not in outside.read_text(encoding="utf-8")
    assert real.is_symlink() and "**Shared:** #eng-all" in (root / "a.md").read_text(encoding="utf-8")


def test_an_internal_error_is_redacted_even_with_verbose(tmp_path: Path, run: Callable[..., Result],
                                                        hook: WebhookDouble, monkeypatch: pytest.MonkeyPatch) -> None:
    from pmlint.share import run as share_run

    def broken(self: object, paths: object) -> None:
        raise RuntimeError(f"bug while posting to {hook.url}")

    monkeypatch.setattr(share_run.Sharer, "run", broken)
    for extra in ([], ["--verbose"]):
        result = run("share", *extra, cwd=project(tmp_path))
        assert result.code == 2 and "internal error: RuntimeError: bug while posting to <webhook URL>" in result.err
        assert_secret_kept(result, hook)
    assert "Traceback" in result.err  # --verbose still shows where, without the secret
