"""Reading the values a post-mortem holds: ISO dates, timeline times, durations."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# HH:MM or YYYY-MM-DD HH:MM (also with T), optional seconds, optional Z / UTC / other zone.
TIME = re.compile(
    r"^(?:(?P<date>\d{4}-\d{2}-\d{2})[ T])?(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?::[0-5]\d)?"
    r"(?:\s*(?P<zone>Z|UTC|GMT|[A-Z]{2,5}|[+-]\d{2}:?\d{2}|UTC[+-]\d{1,2}(?::?\d{2})?))?$"
)
# A number starts where no digit precedes it: otherwise every digit of a long run would start
# a new (failing) match, which is quadratic.
DURATION_PART = re.compile(
    r"(?<![\d.])(\d++(?:\.\d++)?)\s*+(d|days?|h|hrs?|hours?|m|mins?|minutes?|s|secs?|seconds?)\b", re.IGNORECASE
)
DURATION_FILLER = re.compile(r"^(?:\s|,|and|\+)*$", re.IGNORECASE)
LONGEST_DATE = 64  # "Wednesday, 20 November 2026 (the day of the incident)" fits
SHOWN = 60  # a longer value is cut in messages: a finding is one readable line
UTC_ZONES = {"Z", "UTC", "GMT", "UTC+0", "UTC+00:00", "+00:00", "+0000", "UTC-0"}
# Zone abbreviations that name one UTC offset, in hours. Left out on purpose: those that
# name several (CST: US Central or China; IST: India, Israel or Ireland; AST), and the
# generic ones that do not say standard or daylight time (PT, ET, CT, MT).
ZONE_HOURS: dict[str, float] = {
    "HST": -10, "AKST": -9, "AKDT": -8, "PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "CDT": -5,
    "EST": -5, "EDT": -4, "NST": -3.5, "NDT": -2.5, "BRT": -3, "ART": -3,
    "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "MSK": 3,
    "PKT": 5, "ICT": 7, "WIB": 7, "SGT": 8, "HKT": 8, "AWST": 8, "JST": 9, "KST": 9,
    "ACST": 9.5, "ACDT": 10.5, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
}
NUMERIC_OFFSET = re.compile(r"^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$")


def parse_iso_date(value: str) -> dt.date | None:
    value = value.strip()
    if not ISO_DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def suggest_iso(value: str) -> str | None:
    """The ISO form of a date written another way, when dateutil reads it one way only."""
    from dateutil import parser  # lazy: only messages need it

    if len(value) > LONGEST_DATE:
        return None  # no date is written that long, and dateutil is slow on long text
    readings = set()
    for dayfirst in (False, True):
        for default in (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2)):
            try:
                readings.add(parser.parse(value, dayfirst=dayfirst, default=default, fuzzy=False).date())
            except (ValueError, OverflowError, TypeError):
                continue
    # Different defaults giving different dates means a part (year, day) was missing; a
    # year not written in full ("January 14-19, 2026" read as 2019) is a guess, not a reading.
    if len(readings) != 1:
        return None
    reading = readings.pop()
    return reading.isoformat() if str(reading.year) in value else None


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "next Friday", "Friday", "this Friday"; "in 2 weeks", "2 weeks", "a week later"; "next
# week", "tomorrow". Anchored, one word per part: linear on any input.
RELATIVE_WEEKDAY = re.compile(r"^(?:next |this |on )?(?P<day>[a-z]{3,9})$")
RELATIVE_SPAN = re.compile(
    r"^(?:in |within )?(?P<count>\d{1,3}|an?|one|two|three|four|six) (?P<unit>day|week|month)s?"
    r"(?: later| from now| after)?$"
)
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "six": 6}


def suggest_relative(value: str, start: dt.date) -> tuple[dt.date, str] | None:
    """The date a relative Due (`next Friday`, `in 2 weeks`, `next week`) means, counted
    from `start` (the document's Date), and how it was counted; None if it is no such phrase."""
    from dateutil.relativedelta import relativedelta, weekday  # lazy: only messages need it

    text = " ".join(value.casefold().split()).rstrip(".")
    if len(text) > 32:
        return None
    if text in ("tomorrow", "next day"):
        return start + dt.timedelta(days=1), "the day after"
    if text == "next week":
        return start + dt.timedelta(weeks=1), "a week after"
    if text == "next month":
        return start + relativedelta(months=1), "a month after"
    day = RELATIVE_WEEKDAY.match(text)
    if day:
        names = [name for name in WEEKDAYS if name.startswith(day.group("day"))]
        if len(names) == 1 and len(day.group("day")) >= 3:
            found = start + relativedelta(days=1, weekday=weekday(WEEKDAYS.index(names[0]))(+1))
            return found, f"the first {names[0].capitalize()} after"
        return None
    span = RELATIVE_SPAN.match(text)
    if span is None:
        return None
    count = NUMBERS.get(span.group("count")) or int(span.group("count"))
    unit = span.group("unit")
    step = {"day": relativedelta(days=1), "week": relativedelta(weeks=1), "month": relativedelta(months=1)}[unit]
    found = start + step * count
    return found, f"{'a' if count == 1 else count} {unit}{'' if count == 1 else 's'} after"


def describe_date_problem(value: str, relative_to: dt.date | None = None) -> str:
    """`'20/11/2026' is not an ISO date (YYYY-MM-DD); did you mean 2026-11-20?`; with
    `relative_to` (the document's Date), `'next Friday'` gets the date it means."""
    if not value.strip():
        return "is empty; expected an ISO date (YYYY-MM-DD)"
    shown = repr(value if len(value) <= SHOWN else value[: SHOWN - 1] + "\u2026")
    if ISO_DATE.match(value.strip()):
        return f"{shown} is not a valid calendar date"
    message = f"{shown} is not an ISO date (YYYY-MM-DD)"
    relative = suggest_relative(value, relative_to) if relative_to is not None else None
    if relative is not None:
        found, counted = relative
        return f"{message}; did you mean {found.isoformat()}, {counted} the Date ({relative_to})?"
    hint = suggest_iso(value)
    return f"{message}; did you mean {hint}?" if hint else message


def _without_remark(text: str) -> str:
    """`text` without a trailing remark in parentheses ("2 hours (approx.)").

    The same as deleting the match of the regex `\\s*\\([^)]*\\)\\s*$`, found with string
    searches instead: that regex is quadratic on a value full of "(".
    """
    if not text.endswith(")"):
        return text
    previous = text.rfind(")", 0, len(text) - 1)
    opening = text.find("(", previous + 1, len(text) - 1)
    return text[:opening].rstrip() if opening >= 0 else text


def parse_duration(value: str) -> int | None:
    """Minutes in "X hours Y minutes", "45 minutes", "1h 12m"; a trailing remark in
    parentheses is allowed. None when unreadable."""
    text = _without_remark(value.strip())
    if not text:
        return None
    minutes = 0.0
    position = 0
    found = False
    for match in DURATION_PART.finditer(text):
        if not DURATION_FILLER.match(text[position : match.start()]):
            return None
        number, unit = float(match.group(1)), match.group(2).lower()
        factor = {"d": 1440, "h": 60, "m": 1, "s": 1 / 60}[unit[0]]
        minutes += number * factor
        position = match.end()
        found = True
    if not found or not DURATION_FILLER.match(text[position:]):
        return None
    return round(minutes)


class TimeValue(NamedTuple):
    date: dt.date | None
    minutes: int  # minutes after midnight
    zone: str | None  # as written, upper case

    @property
    def is_utc(self) -> bool:
        return self.zone is not None and self.zone in UTC_ZONES

    @property
    def has_foreign_zone(self) -> bool:
        return self.zone is not None and self.zone not in UTC_ZONES


def utc_offset(zone: str | None) -> dt.timedelta | None:
    """The UTC offset a zone states: 0 for UTC and no zone, a numeric offset (`+02:00`,
    `UTC-5`), or an abbreviation that names one offset (`PST`). None when the zone names
    no single offset (`CST`, `XYZ`) or an offset no place has (beyond 18 hours)."""
    if not zone or zone in UTC_ZONES:
        return dt.timedelta()
    if zone in ZONE_HOURS:
        return dt.timedelta(hours=ZONE_HOURS[zone])
    match = NUMERIC_OFFSET.match(zone)
    if not match:
        return None
    offset = dt.timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
    if offset > dt.timedelta(hours=18):
        return None
    return -offset if match.group(1) == "-" else offset


def parse_time(cell: str) -> TimeValue | None:
    match = TIME.match(cell.strip())
    if not match:
        return None
    day = None
    if match.group("date"):
        day = parse_iso_date(match.group("date"))
        if day is None:
            return None
    zone = match.group("zone")
    return TimeValue(day, int(match.group("hour")) * 60 + int(match.group("minute")), zone.upper() if zone else None)
