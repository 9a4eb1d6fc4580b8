"""The Timeline section read once per document into a `Timeline` (cached on `doc.derived`):
a table with Time and Event (and optionally Date) columns, or `HH:MM`-led items, each row's
time read once, the day carried across rows and over midnight, and, under
`timeline.zone = "stated"`, converted to UTC. The rules in `pmlint.checks.timeline` read it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from pmlint.config.schema import Template
from pmlint.parse.document import DocTable, Document, Memo, Section, section_key
from pmlint.parse.inline import mask_prose, unwrap_cell
from pmlint.parse.markdown import TableRow, cell_start
from pmlint.parse.problem import Problem
from pmlint.parse.time_cells import UNKNOWN_DAY, read_time, time_problem, zone_problem
from pmlint.parse.timeline_source import Zone, known_zone, list_entries, stated_zone, to_utc
from pmlint.parse.values import (
    UTC_ZONES,
    TimeValue,
    describe_date_problem,
    parse_iso_date,
    utc_offset,
)

CACHE_KEY: Memo[Timeline | None] = Memo("timeline")
Z_SUFFIX = re.compile(r"\d:\d{2}(?::\d{2})?Z\b")
# Emphasis or code wrapped around a whole cell (`**14:00**`, `` `14:00` ``); a lone `~` is
# not strikethrough but "about": an approximate time, which counts as no time.
MARKERS = "*_`~"


class TimelineRow(NamedTuple):
    line: int
    column: int  # 1-based column where the time cell starts
    cell: str  # the time cell without emphasis or code markers
    event: str  # the event cell as written
    words: str  # the event as prose, lower case: code spans and link URLs blanked
    time: TimeValue | None  # None: the cell is not a time (PM202)
    moment: dt.datetime | None  # when it happened (numeric offsets applied), if the time parsed
    dated: bool  # the moment's date is known; else it sits on UNKNOWN_DAY
    problem: Problem | None  # what PM202 reports for this row


class Timeline(NamedTuple):
    section: Section
    table: DocTable | None  # the first table with a Time and an Event column
    rows: tuple[TimelineRow, ...]  # its non-blank rows
    found_headers: tuple[str, ...]  # headers of the section's tables, for PM201's message
    # Every row's event as prose, one block per row: a milestone is one search, not one a row.
    events: str
    listed: bool = False  # the rows are `HH:MM`-led list items, not table rows
    zone: Zone | None = None  # the zone the section states (timeline.zone = "stated")

    @property
    def timed(self) -> list[TimelineRow]:
        """The rows whose time parsed, in document order."""
        return [row for row in self.rows if row.moment is not None]


# --- reading the section ---------------------------------------------------------------


def _header_matches(header: str, name: str) -> bool:
    # "Time (UTC)" and "Date and time in CET" are still time columns: a qualifier may follow.
    return header == name or header.startswith(name + " ") or header.startswith(name + "(")


def _find_column(columns: list[str], names: Iterable[str], skip: int | None = None) -> int | None:
    """Index of the column named like the first of `names` that any column matches."""
    for name in names:
        key = section_key(name)
        for index, header in enumerate(columns):
            if index != skip and _header_matches(header, key):
                return index
    return None


def _unwrap(cell: str) -> str:
    """The cell without paired emphasis or code markers around it, whitespace collapsed
    (linear: a cell of thousands of markers costs one pass)."""
    return unwrap_cell(cell, MARKERS)


def _offset(zone: str | None) -> dt.timedelta:
    """The UTC offset a zone states; a zone without one offset (`CST`) is not guessed."""
    return utc_offset(zone) or dt.timedelta()


Columns = tuple[int, int, int | None]  # indexes of the Time, Event and (optional) Date columns


class ColumnNames(NamedTuple):
    """The header names that make a column the Time, the Event or the Date column (PM201's
    options)."""

    time: Sequence[str]
    event: Sequence[str]
    date: Sequence[str]


def _find_table(section: Section, names: ColumnNames) -> tuple[DocTable, Columns] | None:
    """The first table with a Time and an Event column, and where its columns are."""
    for table in section.tables:
        time = _find_column(table.columns, names.time)
        if time is None:
            continue
        event = _find_column(table.columns, names.event, skip=time)
        if event is None:
            continue
        date = _find_column(table.columns, names.date, skip=time)
        return table, (time, event, date if date != event else None)
    return None


def _cell(cells: list[str], index: int | None) -> str:
    # Rows may be shorter than the header: a missing cell is an empty one.
    return cells[index] if index is not None and index < len(cells) else ""


def _date_cell(row: TableRow, source: str, index: int | None) -> tuple[dt.date | None, Problem | None]:
    """The day a Date column gives the row, and PM202's finding when it is no ISO date."""
    text = _unwrap(_cell(row.cells, index)) if index is not None else ""
    if not text or index is None:
        return None, None
    day = parse_iso_date(text)
    if day is not None:
        return day, None
    return None, Problem(row.line, cell_start(source, index), f"Date {describe_date_problem(text)}")


def _moment(day: dt.date | None, value: TimeValue) -> dt.datetime:
    """When a row happened: its day and time, moved to UTC when the zone is a numeric offset."""
    day = day or UNKNOWN_DAY
    moment = dt.datetime(day.year, day.month, day.day, value.minutes // 60, value.minutes % 60)
    if not value.zone or value.zone in UTC_ZONES:
        return moment
    try:
        return moment - _offset(value.zone)
    except OverflowError:  # 9999-12-31 23:00-05:00 is past the calendar's end
        return moment


class RawRow(NamedTuple):
    """A row before its time is read: from a table or from an `HH:MM`-led item."""

    line: int
    column: int
    text: str  # the time cell, unwrapped
    event: str
    day: dt.date | None  # what a Date column says
    problem: Problem | None  # a bad Date cell


def _table_rows(doc: Document, table: DocTable, indexes: Columns) -> list[RawRow]:
    time_index, event_index, date_index = indexes
    rows = []
    for row in table.rows:
        if not any(cell.strip() for cell in row.cells):
            continue  # a blank row is no event
        source = doc.lines[row.line - 1]
        day, problem = _date_cell(row, source, date_index)
        rows.append(RawRow(row.line, cell_start(source, time_index), _unwrap(_cell(row.cells, time_index)),
                           _cell(row.cells, event_index), day, problem))
    return rows


def _list_rows(doc: Document, section: Section) -> list[RawRow]:
    return [RawRow(e.line, e.column, _unwrap(e.time), e.event, None, None) for e in list_entries(doc, section)]


class _Zones(NamedTuple):
    stated: Zone | None
    abbreviations: dict[str, str]


def _stated_to_utc(moment: dt.datetime, value: TimeValue, zones: _Zones | None) -> dt.datetime:
    """Under `timeline.zone = "stated"`, the row's own zone or the stated one, as UTC."""
    if zones is None or value.is_utc:
        return moment
    if value.zone and utc_offset(value.zone) is not None:
        return moment  # a zone with one offset is applied already (`_moment`)
    zone = known_zone(value.zone, zones.abbreviations) if value.zone else zones.stated
    return to_utc(moment, zone) if zone is not None else moment  # an unknown zone is PM203's


def _read_rows(doc: Document, raws: list[RawRow], zones: _Zones | None = None) -> list[TimelineRow]:
    field = doc.field("Date")
    carried = parse_iso_date(field.value) if field else None  # the incident Date, then the last dated row
    undated = UNKNOWN_DAY  # the day of rows no date reaches (advanced past midnight)
    previous: TimeValue | None = None
    rows: list[TimelineRow] = []
    for raw in raws:
        words = mask_prose(raw.event).lower()
        value = read_time(raw.text)
        if value is None:
            # A date-only cell (PM202 all the same) still dates the rows below it.
            carried = parse_iso_date(raw.text) or raw.day or carried
            problem = raw.problem or time_problem(raw.line, raw.column, raw.text, carried)
            rows.append(TimelineRow(raw.line, raw.column, raw.text, raw.event, words, None, None, False, problem))
            continue
        explicit = value.date or raw.day
        if explicit is not None:
            carried = explicit
        elif previous is not None and previous.minutes - value.minutes > 12 * 60:
            # 23:50 then 00:10 with no date written: the day rolled over at midnight.
            if carried is not None:
                carried += dt.timedelta(days=1)
            else:
                undated += dt.timedelta(days=1)
        previous = value
        found = raw.problem
        if value.has_foreign_zone and zones is None:  # under the UTC policy, an unconverted zone is no timeline time
            found = found or zone_problem(raw.line, raw.column, raw.text, value, carried)
        moment = _stated_to_utc(_moment(carried or undated, value), value, zones)
        rows.append(TimelineRow(raw.line, raw.column, raw.text, raw.event, words, value, moment,
                                carried is not None, found))
    return rows


def _zones(doc: Document, zones: Mapping[str, str] | None, section: Section, table: DocTable | None) -> _Zones | None:
    if zones is None:
        return None
    abbreviations = {k.upper(): v for k, v in zones.items()}
    texts = [section.title] + ([doc.lines[table.line - 1]] if table is not None else [])
    texts += [doc.lines[p.line - 1] for p in section.prose]
    return _Zones(stated_zone(texts, abbreviations), abbreviations)


def read_timeline(
    doc: Document, template: Template, names: ColumnNames, stated_zones: Mapping[str, str] | None
) -> Timeline | None:
    """The Timeline section read once per document; None when there is no such section.

    `stated_zones` (zone abbreviation -> IANA name) is None under the UTC policy: the times
    are then not converted. The first reading is kept on `doc.derived` for every later rule.
    """
    if CACHE_KEY in doc.derived:
        return doc.derived[CACHE_KEY]
    result = None
    section = doc.section("Timeline", template.section_aliases)
    if section is not None:
        form = template.timeline.form
        found = _find_table(section, names) if form != "list" else None
        table = found[0] if found else None
        listed = found is None and form != "table"
        zones = _zones(doc, stated_zones, section, table)
        raws = _table_rows(doc, *found) if found else _list_rows(doc, section) if listed else []
        rows = _read_rows(doc, raws, zones)
        headers = tuple(" | ".join(t.columns) for t in section.tables)
        events = "\n|\n".join(row.words for row in rows)  # "|" keeps phrases inside one row
        result = Timeline(section, table, tuple(rows), headers, events, listed, zones.stated if zones else None)
    doc.derived[CACHE_KEY] = result
    return result
