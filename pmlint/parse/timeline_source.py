"""Where timeline rows come from besides a table, and the zone a timeline states.

A timeline may be a list of `HH:MM`-led items (`- **16:58 UTC** - Writer database ...`,
`12:11 PM: Impersonator ...`): each such item or paragraph line is a row, its leading time
the Time cell and the rest the Event. Under `timeline.zone = "stated"` the section names its
zone once ("All times in PST", "Timeline (times in BST)", "Time (Europe/Berlin)") and rows are
converted to UTC before they are compared.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import NamedTuple

from pmlint.parse.document import Document, Section
from pmlint.parse.time_cells import Reading, is_zone

# A date as a timeline writes it before its times: ISO, DD-MM-YYYY / MM/DD/YYYY, "Jan 14",
# "March 1, 2024", "Dec 17th".
_DATE = (r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}"
         r"|[A-Z][a-z]{2,8}\.?[ \t]{1,4}\d{1,2}(?:st|nd|rd|th)?(?:,?[ \t]{1,4}\d{4})?")
_HALF = r"(?:[ \t]{0,2}[AaPp]\.?[Mm]\.?(?![A-Za-z])|[AaPp](?![A-Za-z]))"
_WRAP = r"[*_`\[\]]{1,3}"
# A leading time: an optional date, HH:MM[:SS] (`HH:XX` for unknown minutes), an optional
# 12-hour suffix, range end and zone, in optional emphasis, code or brackets, then a
# separator. The zone is checked afterwards (`is_zone`): `11:24 CVE summary` is a time and
# an event. Every part is a bounded run of one class: linear.
LEADING_TIME = re.compile(
    rf"^[ \t]*+(?:{_WRAP})?(?P<time>(?:(?P<date>{_DATE})(?:[ \t]{{1,4}}|T|,[ \t]{{0,4}})(?:{_WRAP})?)?"
    rf"\d{{1,2}}:(?:\d{{2}}|XX|xx)(?::\d{{2}})?{_HALF}?"
    rf"(?:(?:{_WRAP})?[ \t]{{0,2}}(?:-|\u2013|\u2014|to)[ \t]{{0,2}}(?:{_WRAP})?\d{{1,2}}:\d{{2}}{_HALF}?)?"
    r"(?:[ \t]{0,2}\(?(?P<zone>Z|[A-Za-z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})\)?)?)"
    rf"(?P<rest>.*)$"
)
# The end of a leading time: closing emphasis, then a separator before the event.
AFTER_TIME = re.compile(r"^(?:[*_`\]]{1,3})?[ \t]*+(?:[-\u2013\u2014:|][ \t]*+)?")
# A line that only dates the rows below it: `2019-03-28:`, `### 2024-03-01`, `**Day 2**`.
DATE_LINE = re.compile(
    rf"^(?:[*_]{{1,2}})?(?:(?P<date>{_DATE})|Day[ \t]{{1,3}}(?P<day>\d{{1,3}}))"
    r"(?:[*_]{1,2})?[ \t]*:?[ \t]*(?:[*_]{1,2})?$"
)
WRAPPERS = re.compile(r"[*_`\[\]]")
BREAK = re.compile(r"<br[ \t]*/?>", re.IGNORECASE)
ABBREVIATION = re.compile(r"(?<![A-Za-z])([A-Z]{2,5})(?![A-Za-z])")
IANA_NAME = re.compile(r"(?<![\w/])([A-Z][A-Za-z_]{1,20}/[A-Z][A-Za-z_]{1,20}(?:/[A-Z][A-Za-z_]{1,20})?)(?![\w/])")
ORDERED_MARKER = re.compile(r"\d{1,9}[.)][ \t]")
STATED_OFFSET = re.compile(r"(?:UTC|GMT)[ \t]?([+-]\d{1,2}(?::?\d{2})?)(?![\d:])")
OFFSET = re.compile(r"^([+-])(\d{1,2}):?(\d{2})?$")


class Entry(NamedTuple):
    """One timeline row read from a list item, a paragraph line or a sub-heading; or, with
    `mark`, a line that only dates the rows below it."""

    line: int
    column: int  # where the time starts, 1-based
    time: str  # the time as written, without emphasis; "" for a dated row without a time
    event: str
    day: str = ""  # the date a date line gives (`2019-03-28`, `Day 2`)
    mark: bool = False  # a date line, not a row


def _text_under(section: Section, heading_line: int, next_heading: int) -> str:
    """The paragraphs between a heading and the next one: the event a time heading heads."""
    return " ".join(text.strip() for paragraph in section.paragraphs for number, text in paragraph.lines
                    if heading_line < number < next_heading)


def _candidates(doc: Document, section: Section) -> tuple[list[tuple[int, int, str]], dict[int, str], set[int]]:
    """(line, offset, text) of every item, paragraph line and sub-heading, split at `<br>`;
    the text under each heading; the lines that open a list item."""
    items = {item.line for item in section.items}
    lines = [(line, doc.lines[line - 1]) for line in sorted(items)]
    lines += [pair for paragraph in section.paragraphs for pair in paragraph.lines]
    starts = [heading.line for heading in section.headings] + [section.end + 1]
    under = {heading.line: _text_under(section, heading.line, following)
             for heading, following in zip(section.headings, starts[1:], strict=True)}
    lines += [(heading.line, doc.lines[heading.line - 1]) for heading in section.headings]
    found = []
    for number, raw in sorted(lines):
        offset = 0
        for part in BREAK.split(raw) if "<" in raw else [raw]:
            found.append((number, offset, part))
            offset += len(part) + 4
    return found, under, items


def _body(raw: str, heading: bool) -> str:
    body = raw.lstrip()
    if body.startswith(">"):
        body = body.lstrip("> \t")
    if heading:
        return body.lstrip("#").lstrip()  # a heading's marker
    if body[:1] in "-*+" and body[1:2] in (" ", "\t"):
        return body[2:].lstrip()  # a list marker
    if body[:1].isdigit() and (marker := ORDERED_MARKER.match(body)):
        return body[marker.end():]  # an ordered list marker: "1. 14:02 ..."
    return body


def _leading(body: str, zones: frozenset[str]) -> tuple[int, str, str] | None:
    """(where the time starts, the time, the event) of a line led by a time; a word after
    the time that is no zone is the event's first word."""
    match = LEADING_TIME.match(body)
    if match is None:
        return None
    time_end = match.end("time")
    zone = match.group("zone")
    if zone is not None and not is_zone(zone, Reading(zones=zones)):
        time_end = match.start("zone")
    time = body[match.start("time"):time_end].rstrip(" \t(")
    rest = body[time_end:]
    after = AFTER_TIME.match(rest)
    event = rest[after.end() if after else 0:].strip()
    return match.start("time"), WRAPPERS.sub("", time).strip(), event


def list_entries(doc: Document, section: Section, zones: frozenset[str] = frozenset()) -> list[Entry]:
    """The time-led list items, paragraph lines and sub-headings of `section` (`### 14:02`
    followed by what happened), in line order; date lines (`2019-03-28:`) as marks, and the
    list items under a date line that carry no time as rows of that day (below a timed
    heading they are its details)."""
    candidates, under, items = _candidates(doc, section)
    entries: list[Entry] = []
    dated = False  # a date line came before: untimed items are that day's rows
    waiting: int | None = None  # an entry whose event is on the next line
    for number, offset, raw in candidates:
        body = _body(raw, number in under)
        indent = len(raw) - len(body)
        plain = body.strip()
        day = DATE_LINE.match(plain) if plain and len(plain) < 40 else None
        if day is not None:
            entries.append(Entry(number, offset + indent + 1, "", "", day.group("date") or f"Day {day.group('day')}",
                                 mark=True))
            dated, waiting = True, None
            continue
        found = _leading(body, zones)
        if found is None:
            if waiting is not None and plain:
                entry = entries[waiting]
                entries[waiting] = entry._replace(event=plain)
                waiting = None
            elif dated and number in items and plain and raw.lstrip()[:1] in "-*+":
                entries.append(Entry(number, offset + indent + 1, "", plain))
            continue
        start, time, event = found
        if number in under:
            dated = False  # items below a timed heading are its details, not rows of the day
            event = f"{event} {under[number]}".strip()
        entries.append(Entry(number, offset + indent + start + 1, time, event))
        waiting = len(entries) - 1 if not event else None
    return entries


class Zone(NamedTuple):
    name: str  # as the document writes it
    offset: dt.timedelta | None  # a fixed offset, else use `tz`
    tz: dt.tzinfo | None


@functools.lru_cache(maxsize=64)
def _iana(name: str) -> dt.tzinfo | None:
    # Imported here: only a `timeline.zone = "stated"` project names IANA zones.
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        # No system time zone database (Windows, slim images): dateutil ships its own.
        from dateutil import tz

        return tz.gettz(name)


def known_zone(name: str, abbreviations: dict[str, str]) -> Zone | None:
    """The zone `name` (an abbreviation from `abbreviations`, an IANA name, an offset)."""
    spec = abbreviations.get(name.upper(), name)
    offset = OFFSET.match(spec)
    if offset:
        hours, minutes = int(offset.group(2)), int(offset.group(3) or 0)
        delta = dt.timedelta(hours=hours, minutes=minutes)
        return Zone(name, -delta if offset.group(1) == "-" else delta, None)
    if "/" in spec:
        found = _iana(spec)
        return Zone(name, None, found) if found is not None else None
    return None


def stated_zone(texts: list[str], abbreviations: dict[str, str]) -> Zone | None:
    """The first zone that `texts` (the heading, the section's lines) name: an offset from
    UTC ("Time (UTC+2)", "IST (UTC+05:30)") before a name, which it makes exact."""
    for text in texts:
        stated = STATED_OFFSET.search(text) if "UTC" in text or "GMT" in text else None
        if stated is not None:
            return known_zone(stated.group(1), {})
        for match in IANA_NAME.finditer(text):
            zone = known_zone(match.group(1), abbreviations)
            if zone is not None:
                return zone
        for match in ABBREVIATION.finditer(text):
            if match.group(1) in abbreviations:
                return known_zone(match.group(1), abbreviations)
    return None


def to_utc(moment: dt.datetime, zone: Zone) -> dt.datetime:
    """`moment` (a wall-clock time in `zone`) in UTC, naive."""
    try:
        if zone.offset is not None:
            return moment - zone.offset
        aware = moment.replace(tzinfo=zone.tz)
        return aware.astimezone(dt.UTC).replace(tzinfo=None)
    except (OverflowError, ValueError):
        return moment  # at the calendar's edge: compare as written
