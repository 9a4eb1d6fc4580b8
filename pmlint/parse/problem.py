"""What a reading or a check found: where (1-based line and column) and what.

Defined here, below the checks, because readers of a section (the Timeline's cells) already
say what is wrong with a cell; the checks report those problems as they are.
"""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """What a check found: where (1-based line and column) and what."""

    line: int
    column: int
    message: str
