"""A small post-mortem project in a real Git repository, for the language server's tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

TODAY = "2026-12-08"
DOC = "docs/incidents/2026-12-03-checkout-db-pool.md"
CONFIG = """\
[tool.pmlint]
paths = ["docs/incidents/*.md"]
todo = "TODO.md"
"""
# Thursday 3 December 2026, SEV-1: due two business days later, Monday 7 December.
DOCUMENT = """\
# Post-Mortem: Checkout database pool exhausted

**Date:** 2026-12-03
**Severity:** SEV-2
**Duration:** 1 hour 10 minutes
**Impact:** Checkout failed for 12% of customers for 70 minutes
**Authors:** @maria, @kenji
**Status:** Draft

## Executive Summary

Checkout failed for one customer in eight for seventy minutes. A configuration change removed the pool size limit. We now validate pool sizes before deploying.

## Timeline

All times in UTC.

| Time | Event |
|---|---|
| 14:02 | Deploy of checkout v2.4.0 removed the pool size limit |
| 14:09 | Alert fired: CheckoutErrorRateHigh |
| 06:15 PST | Incident declared by @kenji |
| 14:31 | Mitigation applied: rollback of checkout to v2.3.0 |
| 14:52 | Service restored |
| 15:12 | Incident resolved |

## Root Cause

A configuration change removed the connection pool size limit from the checkout service, so every pod opened the driver default of one hundred connections. The database accepts four hundred connections in total, and the sixth pod to start exhausted it, so new checkout requests waited for a connection until they timed out.

## Contributing Factors

- The configuration template has no field for the pool size

## What Went Well

- The alert fired seven minutes after the deploy

## Action Items

| Action | Owner | Priority | Due |
|---|---|---|---|
| Add an alert for connection pool saturation above 80% | @maria | P1 | 2026-12-10 |
| Add a pool size field to the service configuration template | @kenji | P2 | next Friday |

## Acknowledgement

This document was reviewed and approved by: @maria, @kenji
"""
TODO = f"""\
# TODO

- [ ] Add an alert for connection pool saturation above 80% _(ref: {DOC})_ #41
"""
CODEOWNERS = "docs/incidents/ @acme/sre @grace\n"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args], cwd=root, check=True,
                   capture_output=True)


def make_project(root: Path) -> Path:
    """The project at `root`, committed; returns the post-mortem's path."""
    (root / "docs/incidents").mkdir(parents=True)
    (root / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    (root / DOC).write_text(DOCUMENT, encoding="utf-8")
    (root / "TODO.md").write_text(TODO, encoding="utf-8")
    (root / ".github").mkdir()
    (root / ".github/CODEOWNERS").write_text(CODEOWNERS, encoding="utf-8")
    (root / "docs/incidents/2026-11-02-search.md").write_text(
        "# Post-Mortem: Search\n\n**Authors:** @amara\n", encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "start", "--date", "2026-12-04T10:00:00Z")
    return root / DOC
