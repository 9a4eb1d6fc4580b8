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

# A leading time: an optional ISO date, HH:MM[:SS], an optional 12-hour suffix and zone, in
# optional emphasis, then a separator. Every part is a bounded run of one class: linear.
LEADING_TIME = re.compile(
    r"^[ \t]*+(?:[*_]{1,2})?((?:\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2}(?::\d{2})?"
    r"(?:[ \t]?[AaPp]\.?[Mm]\.?)?(?:[ \t]?(?:Z|[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2}))?)"
    r"(?:[*_]{1,2})?[ \t]*+(?:[-\u2013\u2014:|][ \t]*+)?(.*)$"
)
ABBREVIATION = re.compile(r"(?<![A-Za-z])([A-Z]{2,5})(?![A-Za-z])")
IANA_NAME = re.compile(r"(?<![\w/])([A-Z][A-Za-z_]{1,20}/[A-Z][A-Za-z_]{1,20}(?:/[A-Z][A-Za-z_]{1,20})?)(?![\w/])")
ORDERED_MARKER = re.compile(r"\d{1,9}[.)][ \t]")
OFFSET = re.compile(r"^([+-])(\d{1,2}):?(\d{2})?$")


class Entry(NamedTuple):
    """One timeline row read from a list item or a paragraph line."""

    line: int
    column: int  # where the time starts, 1-based
    time: str  # the time as written, without emphasis
    event: str


def _text_under(section: Section, heading_line: int, next_heading: int) -> str:
    """The paragraphs between a heading and the next one: the event a time heading heads."""
    return " ".join(text.strip() for paragraph in section.paragraphs for number, text in paragraph.lines
                    if heading_line < number < next_heading)


def list_entries(doc: Document, section: Section) -> list[Entry]:
    """The `HH:MM`-led list items, paragraph lines and sub-headings of `section` (`### 14:02`
    followed by what happened), in line order."""
    candidates = [(item.line, doc.lines[item.line - 1]) for item in section.items]
    candidates += [pair for paragraph in section.paragraphs for pair in paragraph.lines]
    starts = [heading.line for heading in section.headings] + [section.end + 1]
    under = {heading.line: _text_under(section, heading.line, following)
             for heading, following in zip(section.headings, starts[1:], strict=True)}
    candidates += [(heading.line, doc.lines[heading.line - 1]) for heading in section.headings]
    entries = []
    for number, raw in sorted(candidates):
        body = raw.lstrip()
        if number in under:
            body = body.lstrip("#").lstrip()  # a heading's marker
        elif body[:1] in "-*+" and body[1:2] in (" ", "\t"):
            body = body[2:]  # a list marker
        elif body[:1].isdigit() and (marker := ORDERED_MARKER.match(body)):
            body = body[marker.end():]  # an ordered list marker: "1. 14:02 ..."
        match = LEADING_TIME.match(body)
        if match is None:
            continue
        column = len(raw) - len(body) + match.start(1) + 1
        event = match.group(2).strip()
        if number in under:
            event = f"{event} {under[number]}".strip()
        entries.append(Entry(number, column, match.group(1), event))
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
    """The first zone that `texts` (the heading, the section's lines) name."""
    for text in texts:
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
