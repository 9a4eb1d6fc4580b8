"""The draft a person reads: a message shape repeating minute after minute is one row with
its span and count, its first occurrence and every jump in its rate rows of their own, and
at most `--max-rows` rows, the rest counted in one line.

JSON and CSV keep one record per minute, source and shape (the data); the Markdown draft and
`--into` take these rows.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from pmlint.evidence.group import Row, shape

# A pause longer than this ends a run: the shape's return is a row of its own.
GAP = dt.timedelta(minutes=10)
# A minute with more than JUMP times the run's mean per minute (and at least JUMP_LEAST
# events) is a jump in the rate: a row of its own, and the start of a new run.
JUMP = 3
JUMP_LEAST = 10
DEFAULT_MAX_ROWS = 100


class Draft(NamedTuple):
    rows: list[Row]
    hidden_rows: int  # rows left out by --max-rows
    hidden_events: int  # the events they stood for


class _Run:
    """Rows of one shape after its first row (or a jump), until a pause or a jump."""

    __slots__ = ("rows", "events", "minutes")

    def __init__(self, first: Row) -> None:
        self.rows = [first]
        self.events = first.count
        self.minutes = 1

    def mean(self) -> float:
        return self.events / self.minutes

    def add(self, row: Row) -> None:
        self.rows.append(row)
        self.events += row.count
        self.minutes += 1

    def as_row(self) -> Row:
        first, last = self.rows[0], self.rows[-1]
        if len(self.rows) == 1:
            return first
        files = max(row.files for row in self.rows)
        return first._replace(count=self.events, files=files, until=last.minute)


def _series(rows: list[Row]) -> list[tuple[Row, int]]:
    """(row, rank) of one shape's rows condensed; rank orders what --max-rows keeps first."""
    out: list[tuple[Row, int]] = [(rows[0], 1)]
    run: _Run | None = None
    last, mean_events, mean_minutes = rows[0].minute, rows[0].count, 1
    for row in rows[1:]:
        paused = row.minute - last > GAP
        jumped = row.count >= JUMP_LEAST and row.count > JUMP * (mean_events / mean_minutes)
        if paused or jumped:
            if run is not None:
                out.append((run.as_row(), 2))
            run = None
            out.append((row, 1 if jumped else 2))
            mean_events, mean_minutes = row.count, 1
        elif run is None:
            run = _Run(row)
            mean_events, mean_minutes = mean_events + row.count, mean_minutes + 1
        else:
            run.add(row)
            mean_events, mean_minutes = mean_events + row.count, mean_minutes + 1
        last = row.minute
    if run is not None:
        out.append((run.as_row(), 2))
    return out


def draft(rows: list[Row], max_rows: int = DEFAULT_MAX_ROWS) -> Draft:
    """The rows condensed, at most `max_rows` of them (0: every one), in time order."""
    series: dict[tuple[str, str], list[Row]] = {}
    known: dict[bytes | str, str] = {}
    for row in rows:
        series.setdefault((row.source, shape(row.event, known)), []).append(row)
    ranked: list[tuple[Row, int]] = []
    for (source, _), found in series.items():
        for row, rank in _series(found):
            ranked.append((row, 0 if source != "log" else rank))
    if max_rows and len(ranked) > max_rows:
        ranked.sort(key=lambda item: (item[1], -item[0].count, item[0].minute))
        kept, left = ranked[:max_rows], ranked[max_rows:]
    else:
        kept, left = ranked, []
    ordered = sorted((row for row, _ in kept), key=lambda row: (row.minute, row.source, row.event))
    return Draft(ordered, len(left), sum(row.count for row, _ in left))
