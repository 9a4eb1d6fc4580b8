"""The Timeline table of a post-mortem as `--doc` and `--into` need it: where its rows are,
and when each row happened (in UTC, on the day the document's own dating rule gives it)."""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from pmlint.evidence.events import UTC
from pmlint.parse.document import DocTable, Document, Section
from pmlint.parse.inline import unwrap_cell
from pmlint.parse.values import UTC_ZONES, parse_iso_date, parse_time

OFFSET = re.compile(r"^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$")
KIND_NAMES = ("git", "k8s", "helm", "alertmanager", "pagerduty", "opsgenie", "slack", "log")
# What `--into` writes: a Source cell `log (app.log:12)`, or (no Source column) an event
# ending `(log: app.log:12)` (or, before, `(log (app.log:12))`).
DRAFTED_SOURCE = tuple(f"{kind} (" for kind in KIND_NAMES)
DRAFTED_SUFFIX = tuple(f"({kind}: " for kind in KIND_NAMES) + tuple(f"({kind} (" for kind in KIND_NAMES)


class DocRow(NamedTuple):
    line: int  # 1-based line of the row in the document
    moment: dt.datetime | None  # UTC; None when the time cannot be read or has no day
    dated: bool  # the Time cell writes its own date
    day: dt.date | None  # the day the row is on (its own, the last dated row's, or Date)
    event: str  # the Event cell as written
    drafted: bool = False  # written by `pmlint timeline --into` (its Source cell or suffix says so)


class TimelineTable(NamedTuple):
    section: Section
    table: DocTable | None
    time: int  # column indexes in the table
    event: int
    source: int | None
    day: int | None  # a Date column, where the table keeps the day apart from the time
    rows: list[DocRow]
    date: dt.date | None  # the incident Date field


def unwrap(cell: str) -> str:
    """A cell without paired emphasis or code markers around it, whitespace collapsed."""
    return unwrap_cell(cell, "*_`")


def _zone_offset(zone: str | None) -> dt.timedelta:
    """A numeric zone's offset (`+02:00`, `UTC-5`); UTC and named zones count as UTC here
    (PM203 reports a named zone other than UTC)."""
    if not zone or zone in UTC_ZONES:
        return dt.timedelta()
    match = OFFSET.match(zone)
    if not match:
        return dt.timedelta()
    offset = dt.timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
    return -offset if match.group(1) == "-" else offset


def _column(table: DocTable, name: str) -> int | None:
    return table.columns.index(name) if name in table.columns else None


def read_table(doc: Document, aliases: dict[str, list[str]]) -> TimelineTable | None:
    """The document's Timeline section and its first table with Time and Event columns; None
    when the document has no Timeline section."""
    section = doc.section("Timeline", aliases)
    if section is None:
        return None
    field = doc.field("Date")
    date = parse_iso_date(field.value) if field else None
    for table in section.tables:
        time, event = _column(table, "time"), _column(table, "event")
        if time is None or event is None:
            continue
        day = _column(table, "date")
        return TimelineTable(section, table, time, event, _column(table, "source"), day,
                             _rows(table, time, event, day, date, _column(table, "source")), date)
    return TimelineTable(section, None, 0, 1, 2, None, [], date)


def _drafted(cells: list[str], event: int, source: int | None) -> bool:
    if source is not None and source < len(cells):
        return cells[source].strip().startswith(DRAFTED_SOURCE)
    text = cells[event].rstrip() if event < len(cells) else ""
    opener = text.rfind("(", 0, text.rfind("(") if text.endswith("))") else len(text))
    return text.endswith(")") and opener >= 0 and text[opener:].startswith(DRAFTED_SUFFIX)


def _rows(table: DocTable, time: int, event: int, day: int | None, date: dt.date | None,
          source: int | None = None) -> list[DocRow]:
    rows, carried = [], date
    for row in table.rows:
        cells = row.cells
        drafted = _drafted(cells, event, source)
        text = unwrap(cells[time]) if time < len(cells) else ""
        value = parse_time(text)
        written = cells[event] if event < len(cells) else ""
        own_day = parse_iso_date(unwrap(cells[day])) if day is not None and day < len(cells) else None
        if own_day is not None and value is not None and value.date is None:
            value = value._replace(date=own_day)  # the Date column dates the row
        if value is None:
            carried = parse_iso_date(text) or carried
            rows.append(DocRow(row.line, None, False, carried, written, drafted))
            continue
        carried = value.date or carried
        moment = None
        if carried is not None:
            hour, minute = divmod(value.minutes, 60)
            local = dt.datetime(carried.year, carried.month, carried.day, hour, minute, tzinfo=UTC)
            moment = local - _zone_offset(value.zone)
        rows.append(DocRow(row.line, moment, value.date is not None, carried, written, drafted))
    return rows
