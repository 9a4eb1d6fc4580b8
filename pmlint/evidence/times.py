"""Reading timestamps exactly, with the standard library only.

Every reader turns its timestamps into aware UTC datetimes here. Nothing is guessed from
free text: each format is an explicit pattern or `datetime.fromisoformat`. A timestamp
without a zone is read in the zone the user assumed (`--assume-tz`, default UTC) and
counted, so the summary can say how many times were assumed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pmlint.evidence.events import UTC, Tally, TimelineError, Window

MONTHS = {name: number for number, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}
# Go's zero time: Alertmanager's and Kubernetes' "not set".
GO_ZERO_YEAR = 1
# `2026-11-27 14:02:11 +0100` (git's %ai), `...,123` (Python logging), `...UTC`: forms
# fromisoformat does not take as written; normalised before it reads them.
ISO_SHAPE = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d{1,9}))?\s?(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$"
)


def zone_named(name: str) -> dt.tzinfo:
    """The zone `--assume-tz` names: UTC, an IANA name (Europe/Berlin) or an offset (+02:00)."""
    if name.upper() in ("UTC", "Z", "GMT"):
        return UTC
    offset = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", name)
    if offset and int(offset.group(2)) < 24 and int(offset.group(3)) < 60:
        delta = dt.timedelta(hours=int(offset.group(2)), minutes=int(offset.group(3)))
        return dt.timezone(-delta if offset.group(1) == "-" else delta)
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # the default, UTC, needs no zone data

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise TimelineError(f"--assume-tz: {name!r} is not a time zone (use UTC, an IANA name such as "
                            "Europe/Berlin, or an offset such as +02:00)") from None


class Clock:
    """Turns read timestamps into UTC, counting the ones whose zone was assumed."""

    __slots__ = ("zone", "window")

    def __init__(self, zone: dt.tzinfo, window: Window) -> None:
        self.zone = zone
        self.window = window

    def utc(self, moment: dt.datetime, tally: Tally) -> dt.datetime:
        if moment.tzinfo is None:
            tally.assumed += 1
            if self.zone is UTC:
                return moment.replace(tzinfo=UTC)
            moment = moment.replace(tzinfo=self.zone)
        return moment.astimezone(UTC)

    def from_iso(self, text: str, tally: Tally) -> dt.datetime:
        """`utc(datetime.fromisoformat(text))`; raises what they raise. A time without a zone
        read in UTC is parsed again with `+00:00`: cheaper than `datetime.replace`, whose
        keyword arguments cost five parses, on every line of a big log."""
        moment = dt.datetime.fromisoformat(text)
        if moment.tzinfo is None and self.zone is UTC:
            tally.assumed += 1
            return dt.datetime.fromisoformat(text + "+00:00")
        return self.utc(moment, tally)

    def iso(self, text: object, tally: Tally) -> dt.datetime | None:
        """An ISO 8601 / RFC 3339 timestamp in UTC; None when unset, empty or unreadable."""
        moment = parse_iso(text)
        if moment is None or moment.year == GO_ZERO_YEAR:
            return None
        try:
            return self.utc(moment, tally)
        except (OverflowError, ValueError):
            return None

    def entries(
        self, entries: Iterable[object], key: str, tally: Tally,
        read: Callable[[object, Tally], dt.datetime | None] | None = None,
    ) -> Iterator[tuple[dict[str, Any], dt.datetime]]:
        """The JSON objects of `entries` with their time under `key` (ISO, or as `read` reads
        it); each object counts as read, and one without a readable time as dropped for it."""
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            tally.read += 1
            moment = (read or self.iso)(entry.get(key), tally)
            if moment is None:
                tally.no_time += 1
                continue
            yield entry, moment

    def syslog(self, month: str, day: int, clock: str, tally: Tally) -> dt.datetime | None:
        """`Nov 27 14:02:11`: no year and no zone. The year is the one that puts the moment in
        (or nearest to) the window, so a window across New Year reads Dec 31 and Jan 1 right."""
        number = MONTHS.get(month)
        if number is None:
            return None
        try:
            hours, minutes, seconds = (int(part) for part in clock.split(":"))
        except ValueError:
            return None
        # The year comes from the window's middle: a candidate inside the window is within
        # half the window of it, and every other candidate at least a year from that one, so
        # the nearest lies within a year of the middle (four for 29 February), however wide
        # the window (`--since 0001 --until 9999` tries nine years, not ten thousand).
        middle = self.window.since + (self.window.until - self.window.since) / 2
        candidates = []
        for year in range(middle.year - 4, middle.year + 5):
            try:
                local = dt.datetime(year, number, day, hours, minutes, seconds, tzinfo=self.zone)
                candidates.append(local.astimezone(UTC))
            except (ValueError, OverflowError):  # Feb 29 in a common year, or out of range
                continue
        if not candidates:
            return None
        tally.assumed += 1
        inside = [c for c in candidates if self.window.holds(c)]
        return min(inside or candidates, key=lambda c: abs(c - middle))


def parse_iso(text: object) -> dt.datetime | None:
    """`datetime.fromisoformat`, after normalising the spellings logs and tools use."""
    if not isinstance(text, str) or not text or len(text) > 64:
        return None
    value = text.strip()
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00") if value.endswith("Z") else value)
    except ValueError:
        pass
    match = ISO_SHAPE.match(value)
    if not match:
        return None
    day, clock, fraction, zone = match.groups()
    normal = f"{day}T{clock}" + (f".{fraction[:6].ljust(6, '0')}" if fraction else "")
    if zone:
        normal += "+00:00" if zone.upper() in ("Z", "UTC", "GMT") else zone
    try:
        return dt.datetime.fromisoformat(normal)
    except ValueError:
        return None


def from_epoch(value: object) -> dt.datetime | None:
    """Epoch time in UTC, its unit told by its size: s (pino/zap floats), ms (pino, Opsgenie
    webhooks), µs (journald), ns."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if number <= 0 or number != number:
        return None
    for limit, divisor in ((1e11, 1), (1e14, 1e3), (1e17, 1e6), (1e20, 1e9)):
        if number < limit:
            try:
                return dt.datetime.fromtimestamp(number / divisor, UTC)
            except (OverflowError, OSError, ValueError):
                return None
    return None


def parse_moment(text: str, zone: dt.tzinfo, option: str) -> dt.datetime:
    """--since/--until: `YYYY-MM-DD HH:MM[:SS][zone]` or an ISO date-time; no zone means
    --assume-tz."""
    moment = parse_iso(text.strip())
    if moment is None:
        raise TimelineError(f"{option}: {text!r} is not a date and time (write e.g. 2026-11-27T13:45Z)")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)
