from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import jsonschema
import pytest

from pmlint.catalog.rules import load_catalog
from pmlint.cli import main
from pmlint.github import client
from tests.github_double import GitHubDouble
from tests.sync_project import TOKEN

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


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A copy of the sample repository, as the workspace the action runs in."""
    return Path(shutil.copytree(REPO / "examples", tmp_path / "workspace"))


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Rate-limit waits and spacing recorded instead of slept."""
    slept: list[float] = []
    monkeypatch.setattr(client, "TUNING", client.Tuning(spacing=0, sleep=slept.append, timeout=2, backoff=0))
    return slept


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch, sleeps: list[float]) -> Iterator[GitHubDouble]:
    with GitHubDouble(token=TOKEN, assignable={"alice", "kenji-gh"}) as double:
        double.serve_pmlint(monkeypatch)
        yield double
        assert not double.unauthorized, "every request carries the token"


def make_many(root: Path, count: int) -> None:
    files: dict[str, str] = {}
    todo = [CLEAN_TODO]
    for n in range(count):
        path = f"docs/incidents/2026-11-20-checkout-pool-{n}.md"
        doc = CLEAN_DOC
        if n % 7 == 0:
            doc = doc.replace("| 14:40 |", "| 2:40pm |")  # PM202
        if n % 5 != 0:  # every fifth document's actions are untracked (PM307)
            todo.append(
                f"- [ ] Add an alert for connection pool saturation above 80% _(ref: {path})_\n"
                f"- [ ] Add a pool size field to the service configuration template _(ref: {path})_\n"
            )
        files[path] = doc
    if count:
        todo.append("- [ ] Not in any document _(ref: docs/incidents/2026-11-20-checkout-pool-1.md)_\n")  # PM603
    files["TODO.md"] = "".join(todo)
    files[".pmlint.toml"] = ""
    write(root, files)


def git(repo: Path, *args: str, when: str | None = None, committed: str | None = None) -> str:
    """Run git in `repo`; `when` sets the author date, `committed` the committer date (default `when`)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    if when:
        env["GIT_AUTHOR_DATE"] = when
        env["GIT_COMMITTER_DATE"] = committed or when
    done = subprocess.run(
        ["git", "-c", "user.name=x", "-c", "user.email=x@y", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def commit(repo: Path, files: dict[str, str | None], when: str, committed: str | None = None) -> None:
    """Write (or, for None, delete) `files`, then commit everything at `when`."""
    for name, text in files.items():
        path = repo / name
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"change at {when}", when=when, committed=committed)


SCHEMA = json.loads((REPO / "tests" / "schemas" / "sarif-2.1.0.json").read_text(encoding="utf-8"))


def validate_sarif(text: str) -> dict:
    log = json.loads(text)
    validator = jsonschema.validators.validator_for(SCHEMA)
    validator.check_schema(SCHEMA)
    validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)
    return log


def pmlint_importtime(cwd: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PMLINT_CACHE_DIR": str(cache), "PMLINT_TODAY": "2026-11-27"}
    env.pop("PMLINT_NO_CACHE", None)
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "pmlint", "check", "--no-git", *args],
                          cwd=cwd, env=env, capture_output=True, text=True)


def imported_modules(stderr: str) -> set[str]:
    return {line.split("|")[-1].strip() for line in stderr.splitlines() if line.startswith("import time:")}


TODAY = "2026-11-27"


def all_codes() -> str:
    """Every rule by exact code, so opt-in rules (PM308) run too."""
    return ",".join(sorted(load_catalog()))
