"""Sending a plan's write operations, the same way for `sync` and `overdue --notify`.

Operations go out in order. The write budget or a rate limit past its wait cap stops the
run cleanly: the rest is `left`, and the next run continues it. A failed operation is
reported and the run goes on. A bad token ends the run (every later write would fail too).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pmlint.errors import GitHubError
from pmlint.github.client import AuthError, BudgetExhausted, StopRun

T = TypeVar("T")


@dataclass
class Progress(Generic[T]):
    """Which operations of a write loop were done, failed or left, and why it stopped early."""

    done: list[T] = field(default_factory=list)
    failed: list[tuple[T, str]] = field(default_factory=list)
    left: list[T] = field(default_factory=list)  # not attempted or cut short: the next run continues
    stopped: str | None = None  # why the run stopped early
    stopped_by: str | None = None  # "budget" (max-writes: expected) or "rate-limit"


def send_all(operations: Sequence[T], send: Callable[[T], None], progress: Progress[T]) -> None:
    """Send each operation with `send`, recording what was done, failed and left."""
    for position, operation in enumerate(operations):
        try:
            send(operation)
        except AuthError:
            raise
        except StopRun as stop:
            progress.stopped = str(stop)
            progress.stopped_by = "budget" if isinstance(stop, BudgetExhausted) else "rate-limit"
            progress.left.extend(operations[position:])
            return
        except GitHubError as failed:  # WriteFailed, and a read that failed on the way
            progress.failed.append((operation, str(failed)))
            continue
        progress.done.append(operation)
