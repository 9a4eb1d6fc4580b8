"""A server that answers slowly enough never to trip the per-read timeout cannot hold a
sync or overdue run: each run has an overall deadline for its GitHub calls."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pmlint.github import client
from tests.conftest import Result
from tests.github_double import Fault, GitHubDouble
from tests.sync_project import TOKEN, make_project


@pytest.fixture
def short_deadline(monkeypatch: pytest.MonkeyPatch, sleeps: list[float]) -> None:  # noqa: F811
    monkeypatch.setattr(client, "TUNING", client.Tuning(spacing=0, sleep=sleeps.append, timeout=120, backoff=0,
                                                        deadline=0.5))


@pytest.mark.parametrize("command", [["sync"], ["overdue", "--today", "2027-06-01"]])
def test_a_slow_listing_is_stopped_at_the_deadline(
    command: list[str], tmp_path: Path, github: GitHubDouble, short_deadline: None,  # noqa: F811
    run: Callable[..., Result],
) -> None:
    make_project(tmp_path, 2)
    github.fault(Fault(delay=60), method="GET", route=r"/issues$", times=1)  # under the 120 s read timeout
    start = time.monotonic()
    result = run(*command, cwd=tmp_path)
    took = time.monotonic() - start
    # A run that waited for the answer takes 60 s or more; one stopped at its 0.5 s deadline
    # takes a second or two, and a machine slowed tenfold by other work still stays far
    # below the 30 s bound: the verdict does not depend on how busy the machine is.
    assert took < 30, took
    assert result.code == 2 and "deadline" in result.err and len(result.err.strip().splitlines()) == 1
    assert TOKEN not in result.out + result.err
    assert not github.issues  # nothing written


def test_a_run_within_its_deadline_is_untouched(tmp_path: Path, github: GitHubDouble, short_deadline: None,  # noqa: F811
                                               run: Callable[..., Result]) -> None:
    make_project(tmp_path, 2)
    assert run("sync", cwd=tmp_path).code == 0
    assert len(github.issues) == 2
