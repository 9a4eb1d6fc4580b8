"""Running one function over many items on every core, in forked workers.

Documents are independent once TODO.md is parsed, so a large run splits them across forked
workers that inherit the caller's state (the parsed TODO.md, the configuration, the checks):
only the items and the results cross between processes. Small runs (the pre-commit case)
stay in one process: forking costs more than it saves there.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

PARALLEL_MIN_ITEMS = 400
# Items per chunk at most: results come back (and can be written out) chunk by chunk, so
# the parent never holds much more than a few chunks' results at once.
CHUNK_MAX = 250

# Set in the parent just before forking; the workers inherit it instead of unpickling it.
_work: Callable[[list[Any]], Any] | None = None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _run_chunk(chunk: list[Any]) -> Any:
    assert _work is not None
    return _work(chunk)


def map_in_workers(work: Callable[[list[Item]], Result], items: list[Item]) -> Iterator[Result] | None:
    """`work` over chunks of `items` in forked workers, results in the order of the chunks,
    each as soon as it and those before it are done; None when the run is too small to pay
    for forking or the platform cannot fork (the caller runs it in-process)."""
    workers = min(_cores(), 8)
    if len(items) < PARALLEL_MIN_ITEMS or workers <= 1:
        return None
    import multiprocessing  # only large runs pay for it

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    size = min(CHUNK_MAX, -(-len(items) // workers))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    return _results(work, chunks, workers, multiprocessing.get_context("fork"))


def _results(
    work: Callable[[list[Item]], Result], chunks: list[list[Item]], workers: int, context: Any
) -> Iterator[Result]:
    global _work
    _work = work
    try:
        # concurrent.futures rather than multiprocessing.Pool: a worker that dies is an error
        # here (BrokenProcessPool), where a Pool would wait for it forever. The workers fork
        # when the pool starts them, after `_work` is set.
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            yield from pool.map(_run_chunk, chunks)
    finally:
        _work = None
