"""The share gate: `pmlint share` posts only documents `pmlint check` finds no error in, says
which finding blocked which document, and never posts one holding a secret, not even with
--force (issue 22, section 1)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CLEAN_DOC, CLEAN_TODO, Result, write
from tests.share.conftest import Sleeps
from tests.webhook_double import WebhookDouble

DUE = CLEAN_DOC.replace("**Shared:** #eng-all, 2026-11-24\n", "")
BLAMING = DUE.replace("# Post-Mortem: Checkout outage from connection pool exhaustion",
                      "# Post-Mortem: Search outage from an index rebuild").replace(
    "## Root Cause\n\n", "## Root Cause\n\nThe outage was caused by human error during the rollout.\n\n")
TOKEN = "ghp_" + "k4R9vX2mQ7pL1sN8bW3cY6hD0uJ5eA2gT9zK"
LEAKING = DUE.replace("# Post-Mortem: Checkout outage from connection pool exhaustion",
                      "# Post-Mortem: Billing outage from a leaked token").replace(
    "## Root Cause\n\n", f"## Root Cause\n\n```\nexport GITHUB_TOKEN={TOKEN}\n```\n\n")


def gated(root: Path) -> Path:
    todo = CLEAN_TODO.replace("2026-11-20-checkout-pool", "{doc}")
    return write(root, {
        "pyproject.toml": "[tool.pmlint]\n[tool.pmlint.share]\nchannel = \"#eng-all\"\n",
        "docs/incidents/2026-11-20-checkout-pool.md": DUE,
        "docs/incidents/2026-11-21-search.md": BLAMING,
        "docs/incidents/2026-11-22-billing.md": LEAKING,
        "TODO.md": "\n".join([todo.format(doc="2026-11-20-checkout-pool"),
                              *todo.format(doc="2026-11-21-search").splitlines()[1:],
                              *todo.format(doc="2026-11-22-billing").splitlines()[1:]]) + "\n",
    })


def test_only_documents_without_errors_are_posted_and_the_blockers_are_named(
        tmp_path: Path, run: Callable[..., Result], hook: WebhookDouble, sleeps: Sleeps) -> None:
    root = gated(tmp_path)
    check = run("check", "--no-git", "--ignore", "PM403", cwd=root)
    assert "PM501" in check.out and "PM701" in check.out and "2026-11-20-checkout-pool" not in check.out
    result = run("share", "--today", "2026-11-25", cwd=root)
    assert result.code == 1  # a blocked document needs a person
    assert [t.splitlines()[0] for t in hook.texts()] == [
        "*Post-mortem: Checkout outage from connection pool exhaustion* (SEV-2, 2026-11-20)"]
    assert ("blocked      docs/incidents/2026-11-21-search.md: not posted: 1 error (PM501 blame-language "
            "(line 29)); fix them (pmlint check docs/incidents/2026-11-21-search.md) or post anyway with --force"
            ) in result.out
    assert "blocked      docs/incidents/2026-11-22-billing.md: not posted: it holds a secret (PM701" in result.out
    assert TOKEN not in result.out + result.err and TOKEN[4:12] not in result.out
    for blocked in ("2026-11-21-search.md", "2026-11-22-billing.md"):
        assert "**Shared:**" not in (root / "docs/incidents" / blocked).read_text(encoding="utf-8")


def test_force_posts_the_errors_but_never_a_secret(tmp_path: Path, run: Callable[..., Result],
                                                   hook: WebhookDouble, sleeps: Sleeps) -> None:
    root = gated(tmp_path)
    before = (root / "docs/incidents/2026-11-22-billing.md").read_bytes()
    result = run("share", "--force", "--format", "json", "--today", "2026-11-25", cwd=root)
    data = json.loads(result.out)
    states = {doc["path"]: doc["state"] for doc in data["documents"]}
    assert states == {"docs/incidents/2026-11-20-checkout-pool.md": "posted",
                      "docs/incidents/2026-11-21-search.md": "posted",
                      "docs/incidents/2026-11-22-billing.md": "blocked"}
    billing = next(doc for doc in data["documents"] if doc["state"] == "blocked")
    assert billing["blocked_by"] == [{"code": "PM701", "name": "secret-in-document", "level": "error",
                                      "line": 30, "column": 21}]
    search = next(doc for doc in data["documents"] if "search" in doc["path"])
    assert search["detail"].startswith("posted with --force despite PM501 blame-language (line 29)")
    assert len(hook.posts) == 2 and result.code == 1
    assert (root / "docs/incidents/2026-11-22-billing.md").read_bytes() == before


def test_a_suppressed_finding_does_not_block_and_a_lowered_secret_still_does(
        tmp_path: Path, run: Callable[..., Result], hook: WebhookDouble, sleeps: Sleeps) -> None:
    root = gated(tmp_path)
    search = root / "docs/incidents/2026-11-21-search.md"
    search.write_text(search.read_text(encoding="utf-8").replace(
        "The outage was caused by human error", "<!-- pmlint-disable-next-line PM501 -- quoting the vendor's RCA -->\n"
        "The outage was caused by human error"), encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.pmlint]\n[tool.pmlint.levels]\nPM701 = "warning"\n', encoding="utf-8")
    result = run("share", "--dry-run", "--today", "2026-11-25", cwd=root)
    assert "would-post   docs/incidents/2026-11-21-search.md" in result.out
    assert "blocked      docs/incidents/2026-11-22-billing.md: not posted: it holds a secret" in result.out
