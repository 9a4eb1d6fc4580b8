"""`command: share` in action.yml: the webhook secret reaches pmlint through `env:` only, the
post goes out once, its counts are outputs, and the URL appears nowhere."""

from __future__ import annotations

from pathlib import Path

from tests.action_runner import CLEAN_DOC, run_action
from tests.webhook_double import WebhookDouble


def test_share_posts_once_and_counts(workdir: Path, tmp_path: Path) -> None:  # noqa: F811
    doc = workdir / CLEAN_DOC
    doc.write_text("".join(line for line in doc.read_text(encoding="utf-8").splitlines(keepends=True)
                           if not line.startswith("**Shared:**")), encoding="utf-8")
    env = {"GITHUB_REPOSITORY": "acme/incidents", "GITHUB_SERVER_URL": "https://github.com"}
    with WebhookDouble() as hook:
        first = run_action(workdir, tmp_path, command="share", share_webhook=hook.url, runner_env=env)
        again = run_action(workdir, tmp_path, command="share", share_webhook=hook.url, runner_env=env)
        missing = run_action(workdir, tmp_path, command="share", runner_env=env)
    assert first.code == 0, first.stdout + first.stderr
    assert first.outputs["posted"] == "1" and first.outputs["failed"] == "0"
    assert len(hook.posts) == 1 and "Checkout outage from connection pool exhaustion" in hook.texts()[0]
    assert f"https://github.com/acme/incidents/blob/HEAD/{CLEAN_DOC}" in hook.texts()[0]
    assert "**Shared:** the team channel (posted by pmlint share on 2026-11-27" in doc.read_text(encoding="utf-8")
    assert again.code == 0 and again.outputs["posted"] == "0"
    assert missing.code == 2 and "no webhook" in missing.stderr
    for run in (first, again, missing):
        for text in (run.stdout, run.stderr, run.summary):
            assert hook.secret_path not in text
