from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import pytest

from pmlint.cli import main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """pmlint's validated-configuration cache in a folder of the test session, never the
    user's (commands run in subprocesses inherit it)."""
    import os

    os.environ["PMLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("pmlint-cache"))
    # `check` is stricter in CI (configured paths matching nothing exit 2): the tests that
    # need CI say so themselves, whether or not the suite runs in one.
    os.environ.pop("CI", None)


class Result(NamedTuple):  # a tuple too: `code, out, err = run(...)`
    code: int
    out: str
    err: str


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """Run `pmlint ARGS` in-process in folder `cwd`; return exit code and output."""

    def runner(*args: str, cwd: Path) -> Result:
        monkeypatch.chdir(cwd)
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return runner


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests (fresh virtualenvs, the real pre-commit) first: under xdist their files
    then go out first and run beside the many fast ones, instead of last with a core idle."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def write(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


def git_init(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True)


CLEAN_DOC = """\
# Post-Mortem: Checkout outage from connection pool exhaustion

**Date:** 2026-11-20
**Severity:** SEV-2
**Duration:** 1 hours 10 minutes
**Impact:** 30% of checkout requests failed for 70 minutes
**Authors:** @maria, @kenji
**Status:** Final
**Meeting:** 2026-11-23
**Shared:** #eng-all, 2026-11-24
## Executive Summary

On 2026-11-20 the checkout service failed 30% of requests for 70 minutes. A configuration change removed the connection pool limit, so every pod opened 100 connections and exhausted the database. We rolled back and are adding a limit, an alert and a runbook.

## Timeline

All times in UTC.

| Time | Event |
|---|---|
| 14:00 | Deploy of checkout v2.14.0 starts |
| 14:12 | Alert fired: CheckoutErrorRateHigh above 5% for 5 minutes |
| 14:15 | Incident declared by @lee (on-call) |
| 14:40 | Mitigation applied: rollback of checkout to v2.13.2 |
| 14:55 | Service restored: error rate back under 0.1% |
| 15:10 | Incident resolved |

## Root Cause

The checkout service depends on the PostgreSQL primary, which accepts 500 connections. Release v2.14.0 dropped the pool size setting from the service configuration, so the driver default of 100 connections per pod applied. With twelve pods the service asked for 1200 connections, the primary refused new ones, and requests waited for the 30 second client timeout before returning HTTP 500.

## Contributing Factors

- No alert existed for database connection saturation
- The configuration template had no field for the pool size

## What Went Well

- Rollback completed in four minutes once decided
- The on-call engineer responded within two minutes of the page

## What Went Poorly

- The alert fired twelve minutes after the error rate started climbing
- Finding the root cause took 25 minutes

## Action Items

| Action | Owner | Priority | Due |
|---|---|---|---|
| Add an alert for connection pool saturation above 80% | @maria | P1 | 2026-11-27 |
| Add a pool size field to the service configuration template | @kenji | P2 | 2026-12-11 |

## Acknowledgement

This document was reviewed and approved by: @kenji, @lee, @maria
"""

CLEAN_TODO = """\
# TODO

- [ ] Add an alert for connection pool saturation above 80% _(ref: docs/incidents/2026-11-20-checkout-pool.md)_
- [x] Add a pool size field to the service configuration template _(ref: docs/incidents/2026-11-20-checkout-pool.md)_ #12
"""

DOC_PATH = "docs/incidents/2026-11-20-checkout-pool.md"


@pytest.fixture
def clean_project(tmp_path: Path) -> Path:
    """A project with one clean post-mortem and its TODO.md."""
    return write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": CLEAN_TODO})
