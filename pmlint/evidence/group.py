"""One row per minute, per source, per message shape: repeated events become `×N`.

The shape of a message is the message with its variable parts masked (UUIDs, and every word
holding a digit: counts, durations, hex ids, IP addresses), so "timeout after 30s conn=12"
and "timeout after 29s conn=7" are one row. The row shows the earliest message as written.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from pmlint.evidence.events import Event

# Linear: a UUID is fixed-length; a word holding a digit is found by a bounded lookahead from
# the word's start (the lookbehind allows one start per word) and taken whole, possessively.
VARIABLE = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
    r"|(?<![0-9A-Za-z])(?=[A-Za-z]*+\d)[0-9A-Za-z]++"
)
LONGEST_SHAPE = 200
# Messages that differ only in their digits have one shape: with every digit made 0, the
# mask is looked up instead of computed (a log repeats such messages by the thousand).
ZERO_DIGITS = bytes.maketrans(b"123456789", b"000000000")
REMEMBERED = 4096


def shape(message: str, known: dict[bytes | str, str] | None = None) -> str:
    """What a message looks like with its variable parts masked: the grouping key.

    `known` remembers shapes: of whole messages by their bytes with digits made 0, and of
    their space-separated pieces by the piece itself. VARIABLE never matches or looks across
    a space (its matches hold none; its lookbehind and lookahead stop at one as at either
    end of the text), and casefold maps each character alone, so the shape of a message is
    the shapes of its pieces joined by spaces. A message new as a whole (a fresh hex id in
    it) then costs one search of its new piece, not of the whole message.
    """
    text = message[:LONGEST_SHAPE]
    if known is None:
        return VARIABLE.sub("#", text).casefold()
    key = text.encode("utf-8", "surrogatepass").translate(ZERO_DIGITS)  # bytes.translate: a table, no dict
    found = known.get(key)
    if found is None:
        if len(known) >= REMEMBERED:
            known.clear()  # memory stays bounded however varied the messages are
        pieces = []
        for piece in text.split(" "):
            masked = known.get(piece)
            if masked is None:
                masked = known[piece] = VARIABLE.sub("#", piece).casefold()
            pieces.append(masked)
        found = known[key] = " ".join(pieces)
    return found


class Row(NamedTuple):
    minute: dt.datetime  # UTC, seconds dropped
    source: str
    event: str  # the first message of the group
    count: int  # type: ignore[assignment]  # a field, shadowing tuple.count on purpose
    origin: str  # where the first message came from
    files: int  # how many evidence files the group's events came from
    until: dt.datetime | None = None  # the last minute, for a row standing for a run of minutes (a draft's)


class _Group:
    __slots__ = ("first", "message", "origin", "count", "files", "last")

    def __init__(self, first: dt.datetime, message: str, origin: str) -> None:
        self.first = first
        self.message = message
        self.origin = origin
        self.count = 0
        self.files: set[str] = set()
        self.last = "\0"  # the origin prefix (`file:`) of the last file counted: lines of one file skip the set


def _file_of(origin: str) -> str:
    return origin.rsplit(":", 1)[0] if origin[-1:].isdigit() else origin


class Grouper:
    """Collects events into rows; memory grows with the rows, not with the events."""

    def __init__(self) -> None:
        self.groups: dict[tuple[dt.datetime, str, str], _Group] = {}
        self.shapes: dict[bytes | str, str] = {}
        # The minute of a time, looked up by its fields: `datetime.replace` costs a microsecond.
        self.minutes: dict[tuple[int, int, int, int, int, dt.tzinfo | None], dt.datetime] = {}

    def add(self, event: Event) -> None:
        when = event.when
        fields = (when.year, when.month, when.day, when.hour, when.minute, when.tzinfo)
        minute = self.minutes.get(fields)
        if minute is None:
            if len(self.minutes) >= REMEMBERED:
                self.minutes.clear()
            minute = self.minutes[fields] = when.replace(second=0, microsecond=0)
        key = (minute, event.source, shape(event.message, self.shapes))
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = _Group(event.when, event.message, event.origin)
        elif event.when < group.first or (event.when == group.first and event.origin < group.origin):
            group.first, group.message, group.origin = event.when, event.message, event.origin
        group.count += 1
        if not event.origin.startswith(group.last) and len(group.files) < 100:
            file = _file_of(event.origin)
            group.files.add(file)
            group.last = file + ":"

    def rows(self) -> list[Row]:
        """The rows sorted by time, then source, then the time of their first event."""
        ordered = sorted(self.groups.items(), key=lambda item: (item[0][0], item[0][1], item[1].first, item[1].message))
        return [Row(minute, source, g.message, g.count, g.origin, len(g.files)) for (minute, source, _), g in ordered]
