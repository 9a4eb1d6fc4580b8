"""Time in the report: the window, its months and quarters, age buckets, and the median
and p90 of a list (nearest-rank p90: the smallest value with at least 90% of the values at
or below it; the median averages the two middle values of an even count)."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Sequence

AGE_BUCKETS = ("0-7", "8-30", "31-90", ">90", "unknown")


class Window:
    """The inclusive date range the report covers."""

    __slots__ = ("since", "until")

    def __init__(self, since: dt.date, until: dt.date) -> None:
        if since > until:
            raise ValueError(f"--since {since} is after --until {until}")
        self.since, self.until = since, until

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.since <= day <= self.until

    def months(self) -> list[str]:
        out, year, month = [], self.since.year, self.since.month
        while (year, month) <= (self.until.year, self.until.month):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        return out

    def quarters(self) -> list[str]:
        out, year, q = [], self.since.year, quarter_index(self.since)
        while (year, q) <= (self.until.year, quarter_index(self.until)):
            out.append(f"{year:04d}-Q{q}")
            year, q = (year, q + 1) if q < 4 else (year + 1, 1)
        return out


def default_window(today: dt.date, since: dt.date | None, until: dt.date | None) -> Window:
    """`--until` defaults to today; `--since` to the first day of the 12th month back, so
    the default covers twelve whole calendar months including the current one."""
    end = until or today
    if since is None:
        year, month = (end.year, end.month - 11) if end.month == 12 else (end.year - 1, end.month + 1)
        since = dt.date(year, month, 1)
    return Window(since, end)


def quarter_index(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def quarter_of(day: dt.date) -> str:
    return f"{day.year:04d}-Q{quarter_index(day)}"


def age_bucket(days: int | None) -> str:
    if days is None:
        return "unknown"
    if days <= 7:
        return "0-7"
    if days <= 30:
        return "8-30"
    return "31-90" if days <= 90 else ">90"


def median(values: Sequence[float]) -> float | None:
    return float(statistics.median(values)) if values else None


def p90(values: Sequence[int]) -> int | None:
    """Nearest rank: the value at rank ceil(0.9 n) of the sorted values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]
