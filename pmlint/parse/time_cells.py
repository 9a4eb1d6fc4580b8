"""Reading a timeline's Time cell for PM202's messages: what a near miss (`2:30pm`,
`~14:00`, `1:40pm PST`) stands for, and a time in another zone said in UTC.

Kept apart from the rules in `pmlint.checks.timeline`: these only build messages.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import NamedTuple

from pmlint.parse.problem import Problem
from pmlint.parse.values import UTC_ZONES, ZONE_HOURS, TimeValue, parse_iso_date, parse_time, utc_offset

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
        re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*(?:m\.?)?$", re.I),
        re.compile(r"^(\d{1,2})(?:[.h]|\s*:\s*)?(\d{2})(?:\s*(Z|UTC|GMT))?$", re.I),
    )


# Zones a time may carry besides those naming one offset: the ambiguous and generic ones a
# team still writes (`IST`, `PT`). Anything else after a time is the event's first word
# (`11:24 CVE summary`, `13:27 MR opened`), never a zone.
NAMED_ZONES = frozenset({"CST", "IST", "AST", "PT", "ET", "CT", "MT", "CEST", "AEST", "SAST", "WAT", "EAT"})
CLOCKS = ("24h", "12h", "any")
DATE_ORDERS = ("dmy", "mdy")
MONTHS = {name: index for index, names in enumerate(
    ("jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
     "sep sept september", "oct october", "nov november", "dec december"), start=1) for name in names.split()}
# A time cell as teams write it: an optional date (ISO, DD-MM-YYYY or MM/DD/YYYY by the
# learned order, or "Jan 14,"), HH:MM[:SS] or HHMM, an optional 12-hour suffix, an optional
# range end (`08:47-09:10`, the start is the row's time) and an optional zone. Every part is
# a bounded run of one class: linear.
@functools.cache
def _cell() -> re.Pattern[str]:
    """CELL, compiled on the first time cell that `parse_time` cannot read: most runs have none."""
    return re.compile(CELL)


CELL = (
    r"^(?:(?P<date>\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}"
    r"|(?P<month>[A-Za-z]{3,9})\.?[ \t]{1,4}(?P<mday>\d{1,2})(?:st|nd|rd|th)?(?:,?[ \t]{1,4}(?P<year>\d{4}))?)"
    r"(?:[ \t]{1,4}|T|,[ \t]{0,4}))?"
    r"(?P<hour>\d{1,2})(?::(?P<minute>\d{2}|XX|xx)(?::\d{2}(?:\.\d{1,9})?)?|(?P<hhmm>\d{2})(?=[ \t]|[A-Za-z]|$))"
    r"(?:[ \t]{0,2}(?P<half>[AaPp])\.?(?:[Mm]\.?)?(?![A-Za-z]))?"
    r"(?:[ \t]{0,2}(?:-|\u2013|\u2014|to)[ \t]{0,2}\d{1,2}(?::\d{2})?(?:[ \t]{0,2}[AaPp]\.?[Mm]?\.?)?)?"
    r"(?:[ \t]{0,2}\(?(?P<zone>Z|[A-Za-z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\)?)?$"
)


class Reading(NamedTuple):
    """How a team writes its timeline's times ([tool.pmlint.rules.PM202]): `clock` "24h"
    (a 12-hour time is a near miss), "12h" or "any"; `date_order` of a numeric date that is
    not ISO ("dmy": 01-03-2024 is 1 March; "mdy"); `zones`: abbreviations the team states."""

    clock: str = "24h"
    date_order: str = "dmy"
    zones: frozenset[str] = frozenset()


DEFAULT_READING = Reading()


def is_zone(word: str, reading: Reading = DEFAULT_READING) -> bool:
    """True when `word` (as written after a time) is a zone, not the event's first word."""
    upper = word.upper()
    if upper in UTC_ZONES or upper in ZONE_HOURS or upper in NAMED_ZONES or upper in reading.zones:
        return word.isupper() or upper in UTC_ZONES
    return utc_offset(upper) is not None and any(ch.isdigit() for ch in word)


def read_date(text: str, reading: Reading = DEFAULT_READING, year: int | None = None) -> dt.date | None:
    """A date as teams write it: ISO, DD-MM-YYYY (or MM/DD/YYYY under "mdy"), "Jan 14",
    "March 1, 2024", "Dec 17th" (a date without its year takes `year`, else year 4)."""
    text = text.strip()
    iso = parse_iso_date(text)
    if iso is not None:
        return iso
    parts = re.split(r"[-/.]", text) if text[:1].isdigit() else []
    try:
        if len(parts) == 3 and len(parts[0]) == 4:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        if len(parts) == 3 and len(parts[2]) == 4 and all(p.isdigit() for p in parts):
            first, second = int(parts[0]), int(parts[1])
            day, month = (second, first) if reading.date_order == "mdy" else (first, second)
            if month > 12 >= day:
                day, month = month, day  # 25/12/2024 says its order itself
            return dt.date(int(parts[2]), month, day)
    except ValueError:
        return None
    named = re.match(r"^([A-Za-z]{3,9})\.?\s{1,4}(\d{1,2})(?:st|nd|rd|th)?(?:,?\s{1,4}(\d{4}))?$", text)
    if named is None or named.group(1).lower() not in MONTHS:
        return None
    try:
        return dt.date(int(named.group(3) or year or 4), MONTHS[named.group(1).lower()], int(named.group(2)))
    except ValueError:
        return None


class Cell(NamedTuple):
    value: TimeValue | None  # None: not a time this team writes
    twelve_hour: bool  # written with AM/PM, or as HHMM: not the 24-hour HH:MM
    hour_out_of_range: bool  # `24:XX`, `25:10`


def read_cell(text: str, reading: Reading = DEFAULT_READING, year: int | None = None) -> Cell:
    """A time cell as the team writes it (see CELL); the zone must be one (`is_zone`)."""
    match = _cell().match(text.strip().strip("[]`*_ "))
    if match is None:
        return Cell(None, False, False)
    zone = match.group("zone")
    if zone is not None and not is_zone(zone, reading):
        return Cell(None, False, False)
    day = None
    if match.group("date"):
        day = read_date(match.group("date"), reading, year)
        if day is None:
            return Cell(None, False, False)
    hour = int(match.group("hour"))
    minute = match.group("minute") or match.group("hhmm") or "00"
    minutes = 0 if not minute.isdigit() else int(minute)
    half = match.group("half")
    if match.group("hhmm") and (len(match.group("hour")) != 2 or half):
        return Cell(None, False, False)  # `735`: HHMM is four digits
    if half and 13 <= hour <= 23 and half.lower() == "p":
        half = None  # `17:14pm`: a 24-hour time with a stray suffix, unambiguous
    if half:
        if not 1 <= hour <= 12:
            return Cell(None, True, False)
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    if hour > 23 or minutes > 59:
        return Cell(None, bool(half), hour > 23)
    value = TimeValue(day, hour * 60 + minutes, zone.upper() if zone else None)
    return Cell(value, bool(half) or bool(match.group("hhmm")), False)


# A time written as unknown (`--:--`, `??:??`, `XX:XX`): the row has its date only.
@functools.cache
def _unknown_time() -> re.Pattern[str]:
    return re.compile(r"^(?:(?P<date>\d{4}-\d{1,2}-\d{1,2})[ \t]{1,4})?(?:--|\?\?|[Xx]{2}):(?:--|\?\?|[Xx]{2})$")


def unknown_time_date(text: str) -> dt.date | None | bool:
    """For a cell whose time is written as unknown: its date, or True when it has none;
    False for any other cell."""
    match = _unknown_time().match(text.strip())
    if match is None:
        return False
    return parse_iso_date(match.group("date")) if match.group("date") else True


def read_time(text: str, reading: Reading = DEFAULT_READING, year: int | None = None) -> TimeValue | None:
    """The time a cell holds, or None: under the 24-hour clock a 12-hour or HHMM time is a
    near miss (PM202 says what it stands for)."""
    value = parse_time(text)
    if value is not None and value.zone not in CLOCK_SUFFIXES:
        return value
    cell = read_cell(text, reading, year)
    if cell.value is None or (cell.twelve_hour and reading.clock == "24h"):
        return None
    return cell.value


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
