"""Reading a timeline's Time cell for PM202's messages: what a near miss (`2:30pm`,
`~14:00`, `1:40pm PST`) stands for, and a time in another zone said in UTC.

Kept apart from the rules in `pmlint.checks.timeline`: these only build messages.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from pmlint.parse.problem import Problem
from pmlint.parse.values import TimeValue, parse_iso_date, parse_time, utc_offset

# The day a row sits on when neither the row, an earlier row nor the Date field gives one:
# rows on it compare by the minutes of the day only.
UNKNOWN_DAY = dt.date(1, 1, 2)
# `parse_time` reads "2:30 PM" as 02:30 in a zone called PM; a 12-hour clock is no zone.
CLOCK_SUFFIXES = frozenset({"AM", "PM"})


@functools.cache
def _near_miss_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """What `_suggest` reads a near-miss time with: a date prefix, "about", a 12-hour clock,
    another separator. Compiled on the first bad Time cell: most runs have none."""
    return (
        re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]+|,\s*)"),
        re.compile(r"^(?:~|≈|<|>|ca\.?\s*|circa\s+|approx\.?\s*|approximately\s+|around\s+|about\s+)", re.I),
        re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\.?$", re.I),
        re.compile(r"^(\d{1,2})(?:[.h]|\s*:\s*)?(\d{2})(?:\s*(Z|UTC|GMT))?$", re.I),
    )


def read_time(text: str) -> TimeValue | None:
    value = parse_time(text)
    return None if value is None or value.zone in CLOCK_SUFFIXES else value


def _in_utc(value: TimeValue, day: dt.date | None, offset: dt.timedelta) -> tuple[str, str] | None:
    """A zoned time said in UTC: (what it is, what to write), e.g. ("04:00 UTC the next
    day", "2026-11-21 04:00 UTC"). None past the calendar's ends."""
    base = value.date or day or UNKNOWN_DAY
    try:
        utc = dt.datetime(base.year, base.month, base.day, value.minutes // 60, value.minutes % 60) - offset
    except OverflowError:
        return None
    if value.date is not None:
        text = f"{utc:%Y-%m-%d %H:%M} UTC"
        return text, text
    clock = f"{utc:%H:%M} UTC"
    shift = (utc.date() - base).days
    if shift == 0:
        return clock, clock
    when = "the next day" if shift > 0 else "the day before"
    known = value.date or day
    return f"{clock} {when}", f"{utc:%Y-%m-%d} {clock}" if known else f"{clock} with the date of {when}"


def written_in_utc(cell: str, day: dt.date | None) -> str | None:
    """What to write instead of `cell`, a time in another zone that names one offset: the
    same instant in UTC as PM202's message gives it (`2026-11-21 04:00 UTC`); None for a
    time in UTC, a zone of several offsets, or a change of day on an unknown date."""
    value = read_time(cell.strip())
    if value is None or value.zone is None or value.is_utc:
        return None
    offset = utc_offset(value.zone)
    converted = _in_utc(value, day, offset) if offset is not None else None
    if converted is None or parse_time(converted[1]) is None:
        return None
    return converted[1]


def zone_problem(line: int, column: int, cell: str, value: TimeValue, day: dt.date | None) -> Problem:
    """PM202 for a time in another zone: under the UTC policy it is no timeline time yet;
    the message converts it when the zone names one offset."""
    offset = utc_offset(value.zone)
    converted = _in_utc(value, day, offset) if offset is not None else None
    if converted is None:
        return Problem(
            line, column,
            f"Time {cell!r} is not in UTC, and {value.zone} does not name one UTC offset; "
            "convert it and write it as HH:MM UTC",
        )
    said, written = converted
    return Problem(line, column, f"Time {cell!r} is not in UTC: {cell} is {said}; write {written}")


def _suggest(text: str) -> str | None:
    """The 24-hour time a near miss (`2:30pm`, `~14:00`, `14.30`, `1430`) stands for."""
    date_prefix, approximate, twelve_hour, other_separator = _near_miss_patterns()
    prefix = ""
    dated = date_prefix.match(text)
    if dated:
        prefix, text = dated.group(1) + " ", text[dated.end() :]
    text = approximate.sub("", text).strip()
    twelve = twelve_hour.match(text)
    if twelve and 1 <= int(twelve.group(1)) <= 12:
        hour = int(twelve.group(1)) % 12 + (12 if twelve.group(3).lower() == "p" else 0)
        return f"{prefix}{hour:02d}:{twelve.group(2) or '00'}"
    other = other_separator.match(text)
    if other and int(other.group(1)) < 24 and int(other.group(2)) < 60:
        zone = f" {other.group(3).upper()}" if other.group(3) else ""
        return f"{prefix}{int(other.group(1)):02d}:{other.group(2)}{zone}"
    if text and read_time(text) is not None:
        return prefix + text
    return None


def _zoned_hint(cell: str, day: dt.date | None) -> str | None:
    """The hint for a near miss followed by a zone (`1:40pm PST`): the time in UTC."""
    head, _, zone = cell.rpartition(" ")
    clock = _suggest(head) if head else None
    value = read_time(f"{clock} {zone.upper()}") if clock else None
    if value is None or value.zone is None:
        return None
    if value.is_utc:
        return f"{clock} UTC"
    offset = utc_offset(value.zone)
    converted = _in_utc(value, day, offset) if offset is not None else None
    if converted is None:
        return f"{clock} {value.zone}, converted to UTC"
    said, written = converted
    return f"{written}? ({cell} is {said})"


def time_problem(line: int, column: int, cell: str, day: dt.date | None = None) -> Problem:
    expected = "HH:MM (24 h) or YYYY-MM-DD HH:MM"
    if not cell:
        return Problem(line, column, f"Time cell is empty; write the time as {expected}")
    if parse_iso_date(cell):
        return Problem(line, column, f"Time {cell!r} has no time of day; write YYYY-MM-DD HH:MM")
    message = f"Time {cell!r} is not {expected}"
    hint = _suggest(cell)
    if hint is not None:
        return Problem(line, column, f"{message}; did you mean {hint}?")
    zoned = _zoned_hint(cell, day)
    if zoned is None:
        return Problem(line, column, message)
    return Problem(line, column, f"{message}; did you mean {zoned}" + ("" if zoned.endswith(")") else "?"))
