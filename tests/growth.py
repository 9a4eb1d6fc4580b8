"""How the linearity guards measure work so that a busy machine cannot fail them.

Work is the CPU time this thread spends (`time.thread_time`), not wall time: another process
keeping every core busy delays the thread but does not add to its CPU time. And the guards
compare an input with one FACTOR times its size, not two: linear work grows FACTOR times,
quadratic FACTOR² times, and MAX_RATIO sits halfway between (in orders of growth), so a
measurement would have to be off by about 2× to flip a verdict; the best of several runs
takes out the rest.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

FACTOR = 4  # the larger input is FACTOR times the smaller: linear 4x the work, quadratic 16x
MAX_RATIO = 8.0  # n^1.5: above it, the work grows faster than linear


def cpu_seconds(run: Callable[[Any], object], argument: Any, times: int = 1) -> float:
    """The least CPU time of `times` calls `run(argument)`, without the garbage collector's pauses."""
    best = float("inf")
    gc.disable()
    try:
        for _ in range(times):
            start = time.thread_time()
            run(argument)
            best = min(best, time.thread_time() - start)
    finally:
        gc.enable()
    return best
