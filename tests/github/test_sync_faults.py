"""`pmlint sync` under injected faults: every schedule converges to exactly one issue per
action item, with no lost item, whatever fails (5xx, rate limits, dropped connections,
writes applied and then failed, a crash between two writes)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from pmlint.github import client
from pmlint.github.marker import parse_marker
from tests.conftest import Result
from tests.github_double import Fault, GitHubDouble
from tests.sync_project import TOKEN, make_project

N_ITEMS = 6


def random_fault(rng: random.Random) -> Fault:
    kind = rng.choice(["5xx", "5xx-commit", "secondary", "429", "primary", "drop", "drop-commit", "slow"])
    if kind == "5xx":
        return Fault.server_error(rng.choice([500, 502, 503]))
    if kind == "5xx-commit":
        return Fault.server_error(502, commit=True)
    if kind == "secondary":
        return Fault.secondary(rng.choice([1, 30, 60, 400]))
    if kind == "429":
        return Fault.too_many(rng.choice([1, 60]))
    if kind == "primary":
        return Fault.primary(rng.choice([30, 900]))
    if kind == "drop":
        return Fault.dropped()
    if kind == "drop-commit":
        return Fault.dropped(commit=True)
    return Fault.slow(0.01)


class Crash(KeyboardInterrupt):
    """The process dies between two writes."""


@pytest.mark.parametrize("seed", range(50))
def test_random_faults_converge_to_one_issue_per_item(
    seed: int, tmp_path: Path, run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    slept: list[float] = []
    monkeypatch.setattr(client, "TUNING", client.Tuning(spacing=0, sleep=slept.append, timeout=2, backoff=0, max_wait=300))
    done = tuple(i for i in range(N_ITEMS) if rng.random() < 0.3)
    make_project(tmp_path, N_ITEMS)
    with GitHubDouble(token=TOKEN, assignable={"alice"}) as github:
        github.serve_pmlint(monkeypatch)
        for _ in range(rng.randint(2, 8)):
            github.fault(random_fault(rng), at=rng.randint(0, 30))
        crash_at: int | None = rng.randint(1, N_ITEMS + 2) if seed % 2 == 0 else None
        writes = {"n": 0}
        original = client.Guard._after

        def after(self: client.Guard, what: str) -> None:
            writes["n"] += 1
            if writes["n"] == crash_at:
                writes["n"] = -1000  # crash once
                raise Crash()
            original(self, what)

        monkeypatch.setattr(client.Guard, "_after", after)
        def converge() -> None:
            codes = []
            for _ in range(8):
                result = run("sync", "--write-todo", cwd=tmp_path)
                assert TOKEN not in result.out + result.err
                assert "Traceback" not in result.err
                codes.append(result.code)
                quiet = "created 0, updated 0, closed 0, skipped" in result.out and "left for the next run 0" in result.out
                if result.code == 0 and quiet:
                    return
            pytest.fail(f"no convergence: exit codes {codes}")

        converge()
        todo = tmp_path / "TODO.md"
        text = todo.read_text()
        for i in done:  # boxes checked by people between runs
            text = text.replace(f"- [ ] Add alert number {i} ", f"- [x] Add alert number {i} ")
        todo.write_text(text)
        for _ in range(rng.randint(1, 4)):
            github.fault(random_fault(rng), at=len(github.requests) + rng.randint(0, 12))
        if crash_at is not None:
            writes["n"], crash_at = 0, rng.randint(1, 3)
        converge()
        ids = [parse_marker(issue["body"]) for issue in github.issues.values()]
        assert len(ids) == N_ITEMS and len(set(ids)) == N_ITEMS, "exactly one issue per action item"
        for number, issue in github.issues.items():
            index = int(issue["title"].split()[3])
            assert issue["state"] == ("closed" if index in done else "open"), number
            closing = [c for c in github.comments[number] if "pmlint:closed" in c["body"]]
            assert len(closing) == (1 if index in done else 0)
        todo = (tmp_path / "TODO.md").read_text()
        assert todo.count(" #") == N_ITEMS, "every issue number was written back"
        assert all(wait <= 300 for wait in slept)


def test_timed_out_create_is_reread_not_repeated(tmp_path: Path, run: Callable[..., Result],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(client, "TUNING", client.Tuning(spacing=0, sleep=lambda s: None, timeout=1, backoff=0))
    make_project(tmp_path, 2)
    with GitHubDouble(token=TOKEN, assignable={"alice"}) as github:
        github.serve_pmlint(monkeypatch)
        github.fault(Fault.slow(1.5), method="POST", route=r"/issues$")
        result = run("sync", cwd=tmp_path)
        assert result.code == 0, result.err
        assert len(github.issues) == 2
        assert github.count("POST", r"/issues$") == 2, "the timed-out create was found by marker, not resent"


def test_long_rate_limit_stops_cleanly_and_reports_what_is_left(tmp_path: Path, run: Callable[..., Result],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(client, "TUNING", client.Tuning(spacing=0, sleep=slept.append, backoff=0, max_wait=120))
    make_project(tmp_path, 3)
    with GitHubDouble(token=TOKEN, assignable={"alice"}) as github:
        github.serve_pmlint(monkeypatch)
        github.fault(Fault.secondary(60), method="POST")
        github.fault(Fault.too_many(3600), method="POST", times=5)
        result = run("sync", cwd=tmp_path)
        assert result.code == 1
        assert "left for the next run 3" in result.out and "over the wait cap" in result.out
        assert slept == [60], "waited the Retry-After once, then refused to wait an hour"
        github.clear_faults()
        assert run("sync", cwd=tmp_path).code == 0 and len(github.issues) == 3
