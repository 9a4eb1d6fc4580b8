"""The window the timeline covers: `--since`/`--until`, or around the document's own
Timeline (`--doc`): from `--before` ahead of its first row (else its Date) to `--after`
past its last row."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pmlint.evidence.events import UTC, TimelineError, Window
from pmlint.evidence.times import parse_moment

if TYPE_CHECKING:  # reading a document is needed with --doc only
    from pmlint.evidence.doctable import TimelineTable


def between(since: str, until: str, zone: dt.tzinfo) -> Window:
    start, end = parse_moment(since, zone, "--since"), parse_moment(until, zone, "--until")
    if end < start:
        raise TimelineError(f"--until {until!r} is before --since {since!r}")
    return Window(start, end)


def around(found: TimelineTable | None, shown: str, before: dt.timedelta, after: dt.timedelta) -> Window:
    """The window around a document's timeline."""
    # The rows a person wrote: rows `--into` added do not move the window (it would widen by
    # --before on every run).
    rows = found.rows if found else []
    people = [row for row in rows if not row.drafted] or rows
    moments = [row.moment for row in people if row.moment is not None]
    if moments:
        return Window(min(moments) - before, max(moments) + after)
    date = found.date if found else None
    if date is None:
        raise TimelineError(f"{shown}: no timeline row with a readable time and no Date field; "
                            "give the window with --since and --until")
    start = dt.datetime(date.year, date.month, date.day, tzinfo=UTC)
    return Window(start - before, start + dt.timedelta(days=1) + after)
