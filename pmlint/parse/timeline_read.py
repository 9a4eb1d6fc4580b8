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
from pmlint.parse.document import DocTable, Document, Memo, Section, find_section, qualifies, section_key
from pmlint.parse.inline import mask_prose, unwrap_cell
from pmlint.parse.markdown import Heading, ListItem, Paragraph, Table, TableRow, cell_start, scan
from pmlint.parse.phrases import keywords
from pmlint.parse.problem import Problem
from pmlint.parse.time_cells import (
    DEFAULT_READING,
    UNKNOWN_DAY,
    Reading,
    read_cell,
    read_date,
    read_time,
    time_problem,
    unknown_time_date,
    zone_problem,
)
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
    day_only: bool = False  # a date without a time of day: ordered by its date only


class Timeline(NamedTuple):
    section: Section
    table: DocTable | None  # the first table with a Time and an Event column
    rows: tuple[TimelineRow, ...]  # its non-blank rows
    found_headers: tuple[str, ...]  # headers of the section's tables, for PM201's message
    # Every row's event as prose, one block per row: a milestone is one search, not one a row.
    events: str
    listed: bool = False  # the rows are `HH:MM`-led list items, not table rows
    zone: Zone | None = None  # the zone the section states (timeline.zone = "stated")
    seen: str = ""  # what the section holds when it has no readable table, for PM201

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


def _date_cell(row: TableRow, source: str, index: int | None, reading: Reading,
               year: int | None) -> tuple[dt.date | None, Problem | None]:
    """The day a Date column gives the row, and PM202's finding when it is no date."""
    text = _unwrap(_cell(row.cells, index)) if index is not None else ""
    if not text or index is None:
        return None, None
    day = read_date(text, reading, year)
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
    mark: str = ""  # a date line (`2019-03-28:`, `Day 2`): dates the rows below, is no row
    untimed: bool = False  # a list item under a date line: a row of that day


def _incident_year(doc: Document) -> int | None:
    field = doc.field("Date")
    day = parse_iso_date(field.value) if field else None
    return day.year if day else None


def _table_rows(doc: Document, table: DocTable, indexes: Columns, reading: Reading) -> list[RawRow]:
    time_index, event_index, date_index = indexes
    rows = []
    year = _incident_year(doc)
    for row in table.rows:
        if not any(cell.strip() for cell in row.cells):
            continue  # a blank row is no event
        source = doc.lines[row.line - 1]
        day, problem = _date_cell(row, source, date_index, reading, year)
        rows.append(RawRow(row.line, cell_start(source, time_index), _unwrap(_cell(row.cells, time_index)),
                           _cell(row.cells, event_index), day, problem))
    return rows


def _list_rows(doc: Document, section: Section, reading: Reading) -> list[RawRow]:
    return [RawRow(e.line, e.column, _unwrap(e.time), e.event, None, None, e.day if e.mark else "", not e.time)
            for e in list_entries(doc, section, reading.zones)]


def _mark_day(mark: str, reading: Reading, year: int | None) -> tuple[dt.date | None, bool]:
    """The day a date line gives, and whether it is a calendar date (`Day 2` is not)."""
    if mark.startswith("Day "):
        return UNKNOWN_DAY + dt.timedelta(days=max(int(mark[4:]) - 1, 0)), False
    return read_date(mark, reading, year), True


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


def _read_rows(doc: Document, raws: list[RawRow], zones: _Zones | None = None,
               reading: Reading = DEFAULT_READING) -> list[TimelineRow]:
    field = doc.field("Date")
    carried = parse_iso_date(field.value) if field else None  # the incident Date, then the last dated row
    undated = UNKNOWN_DAY  # the day of rows no date reaches (advanced past midnight)
    previous: TimeValue | None = None
    rows: list[TimelineRow] = []
    for raw in raws:
        year = carried.year if carried else None
        if raw.mark:
            day, calendar = _mark_day(raw.mark, reading, year)
            if day is not None and calendar:
                carried = day
            elif day is not None:
                undated = day
            previous = None
            continue
        words = mask_prose(raw.event).lower()
        value = read_time(raw.text, reading, year) if raw.text else None
        if value is None:
            # A date without a time of day: a row of that day (day-granularity timelines).
            unknown = unknown_time_date(raw.text) if raw.text else False
            day = (read_date(raw.text, reading, year) if raw.text else None) or raw.day
            if isinstance(unknown, dt.date):
                day = unknown
            if day is not None or raw.untimed or unknown is True:
                day = day or carried
                if day is not None:
                    carried = day
                moment = dt.datetime(day.year, day.month, day.day) if day else None
                rows.append(TimelineRow(raw.line, raw.column, raw.text or (f"{day}" if day else ""), raw.event, words,
                                        None, moment, day is not None and day != UNKNOWN_DAY, raw.problem,
                                        day_only=True))
                continue
            problem = raw.problem or _cell_problem(raw, reading, carried)
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


def _cell_problem(raw: RawRow, reading: Reading, day: dt.date | None) -> Problem:
    """PM202's finding for a cell that is no time; an hour past 23 says so."""
    if read_cell(raw.text, reading).hour_out_of_range:
        return Problem(raw.line, raw.column, f"Time {raw.text!r} has an hour past 23; write the next day's time "
                                             "with its date")
    return time_problem(raw.line, raw.column, raw.text, day)


def _zones(doc: Document, zones: Mapping[str, str] | None, section: Section, table: DocTable | None) -> _Zones | None:
    if zones is None:
        return None
    abbreviations = {k.upper(): v for k, v in zones.items()}
    texts = [section.title] + ([doc.lines[table.line - 1]] if table is not None else [])
    texts += [doc.lines[p.line - 1] for p in section.prose]
    return _Zones(stated_zone(texts, abbreviations), abbreviations)


def _h1_section(doc: Document, template: Template) -> Section | None:
    """A Timeline written as an H1 section (`# Timeline` in a document of H1 sections),
    read from its blocks; None when the document has none."""
    wanted = {section_key(name) for name in ["Timeline", *template.section_aliases.get("Timeline", [])]}
    headings = [doc.title, *doc.headings] if doc.title else doc.headings  # the first H1 may be the Timeline
    wanted_h1 = [h for h in headings if h.level == 1 and find_section(
        [Section(h.text, section_key(h.text), h.line, h.line)], frozenset(wanted)) is not None]
    if not wanted_h1:
        return None  # most documents: no H1 Timeline, and no second scan
    blocks = list(scan(doc.lines))
    h1s = [b for b in blocks if isinstance(b, Heading) and b.level <= 2]
    found = [Section(h.text, section_key(h.text), h.line, len(doc.lines)) for h in h1s]
    section = find_section(found, frozenset(wanted))
    if section is None:
        return None
    later = [h.line for h in h1s if h.line > section.line]
    section.end = later[0] - 1 if later else len(doc.lines)
    for block in blocks:
        if not section.line < block.line <= section.end:
            continue
        if isinstance(block, Table):
            section.tables.append(DocTable(block.line, [section_key(c) for c in block.header], block.rows))
        elif isinstance(block, ListItem):
            section.items.append(block)
        elif isinstance(block, Paragraph):
            section.paragraphs.append(block)
        elif isinstance(block, Heading):
            section.headings.append(block)
    section.prose = [p for p in doc.prose if section.line <= p.line <= section.end]
    return section


def _seen(section: Section, raws: list[RawRow]) -> str:
    """What a timeline the template's form cannot read is written as, for PM201's message."""
    timed = sum(1 for raw in raws if raw.text)
    if timed:
        return f"a list of {timed} time-led lines"
    if section.tables:
        return "a table without a time column"
    if section.items:
        return f"a list of {len(section.items)} items without times"
    return "prose without times" if section.paragraphs else ""


def read_timeline(
    doc: Document, template: Template, names: ColumnNames, stated_zones: Mapping[str, str] | None,
    reading: Reading = DEFAULT_READING,
) -> Timeline | None:
    """The Timeline section read once per document; None when there is no such section.

    `stated_zones` (zone abbreviation -> IANA name) is None under the UTC policy: the times
    are then not converted. `reading` is how the team writes times (clock, date order). The
    first reading is kept on `doc.derived` for every later rule.
    """
    if CACHE_KEY in doc.derived:
        return doc.derived[CACHE_KEY]
    result = doc.derived[CACHE_KEY] = _read(doc, template, names, stated_zones, reading)
    return result


def _read(doc: Document, template: Template, names: ColumnNames, stated_zones: Mapping[str, str] | None,
          reading: Reading) -> Timeline | None:
    result = None
    section = doc.section("Timeline", template.section_aliases) or _h1_section(doc, template)
    if section is not None:
        form = template.timeline.form
        found = _find_table(section, names) if form != "list" else None
        table = found[0] if found else None
        listed = found is None and form != "table"
        zones = _zones(doc, stated_zones, section, table)
        if found:
            raws = _table_rows(doc, *found, reading)
        else:
            raws = _list_rows(doc, section, reading)
        seen = _seen(section, raws) if found is None else ""
        rows = _read_rows(doc, raws if found or listed else [], zones, reading)
        headers = tuple(" | ".join(t.columns) for t in section.tables)
        events = "\n|\n".join(row.words for row in rows)  # "|" keeps phrases inside one row
        result = Timeline(section, table, tuple(rows), headers, events, listed, zones.stated if zones else None,
                          seen)
    return result


# --- milestones ----------------------------------------------------------------------------


class Milestones(NamedTuple):
    """What marks each milestone (PM205's options): its words, the sections whose prose
    also marks one when no row does (Resolution, Recovery...), and the milestones that apply
    only to an outage (restoration: a vulnerability fixed under embargo restored nothing)."""

    words: Mapping[str, Sequence[str]]
    sections: Sequence[str] = ()
    outage_only: Sequence[str] = ()
    outage_words: Sequence[str] = ()


def marked_milestones(doc: Document, found: Timeline, milestones: Milestones,
                      aliases: Mapping[str, Sequence[str]] | None = None) -> dict[str, bool]:
    """Each milestone: True when the document marks it (a row, or the prose of a section such
    as Resolution), False when it does not, and left out when it does not apply (restoration
    in a document that tells of no outage). `pmlint init` asks this of every document to
    learn the milestones a team never marks."""
    marked = {name: keywords(tuple(words)).found_in(found.events) for name, words in milestones.words.items() if words}
    missing = [name for name, hit in marked.items() if not hit]
    if missing and milestones.sections:
        wanted = frozenset(section_key(name) for name in milestones.sections)
        texts = [f"{s.title} {s.text()}".lower() for s in doc.sections if s is not found.section
                 and (s.key in wanted or any(qualifies(s.key, w) for w in wanted))]
        for name in missing:
            words = keywords(tuple(milestones.words[name]))
            marked[name] = any(words.found_in(text) for text in texts)
    if "restoration" in marked and "resolution" in marked:
        # Service back is the end of an outage, and a resolved incident has its service back:
        # teams write one row for both, in either words.
        marked["restoration"] = marked["resolution"] = marked["restoration"] or marked["resolution"]
    if milestones.outage_only and any(not marked.get(name, True) for name in milestones.outage_only):
        prose = "\n".join(line.text for line in doc.prose).lower()
        if not keywords(tuple(milestones.outage_words)).found_in(prose):
            for name in milestones.outage_only:
                marked.pop(name, None)
    return marked


# --- what `pmlint init` learns of a team's timelines ----------------------------------------


class TimelineHabits(NamedTuple):
    """What one document's timeline shows of how its team writes timelines."""

    twelve_hour: int  # rows written on the 12-hour clock (`8:47am`, `11:20 PM`)
    day_first: int  # numeric dates that can only be day-first (`20/06/2023`)
    month_first: int  # numeric dates that can only be month-first (`06/20/2023`)
    marked: dict[str, bool]  # each milestone that applies: marked or not
    listed: bool = False  # the rows are time-led lines, not a table (an H1 `# Timeline` too)


NUMERIC_DATE = re.compile(r"(?<![\d-])(\d{1,2})[-/.](\d{1,2})[-/.]\d{4}(?![\d-])")


def timeline_habits(doc: Document, template: Template, names: ColumnNames,
                    milestones: Milestones) -> TimelineHabits | None:
    """How `doc`'s timeline is written, read with every clock and date order accepted; None
    without a timeline. Leaves no reading cached on the document."""
    any_form = template._replace(timeline=template.timeline._replace(form="either"))
    found = _read(doc, any_form, names, None, Reading(clock="any"))
    if found is None or not found.rows:
        return None
    reading = Reading(clock="any")
    twelve = sum(1 for row in found.rows if row.time is not None and read_cell(row.cell, reading).twelve_hour)
    orders = [(int(m.group(1)), int(m.group(2))) for row in found.rows for m in NUMERIC_DATE.finditer(row.cell)]
    return TimelineHabits(twelve, sum(1 for a, b in orders if a > 12 >= b), sum(1 for a, b in orders if b > 12 >= a),
                          marked_milestones(doc, found, milestones, template.section_aliases), found.table is None)


def team_timeline_options(habits: Sequence[TimelineHabits], milestones: Mapping[str, Sequence[str]]
                          ) -> tuple[dict[str, dict[str, object]], list[str]]:
    """The PM202 and PM205 options a team's timelines call for, and a line saying each
    (for `pmlint init`): the clock and date order it writes, and the milestones it never
    marks (in fewer than a quarter of the timelines where they apply), which PM205 then
    stops asking for."""
    options: dict[str, dict[str, object]] = {}
    said: list[str] = []
    if any(h.twelve_hour for h in habits):
        options.setdefault("PM202", {})["clock"] = "any"
        said.append('times on the 12-hour clock: PM202 clock = "any"')
    if sum(h.month_first for h in habits) > sum(h.day_first for h in habits):
        options.setdefault("PM202", {})["date-order"] = "mdy"
        said.append('numeric dates month first: PM202 date-order = "mdy"')
    dropped = []
    for name in milestones:
        applies = [h.marked[name] for h in habits if name in h.marked]
        if applies and sum(applies) * 4 < len(applies):
            dropped.append(name)
    if dropped:
        options["PM205"] = {"milestones": {k: list(v) for k, v in milestones.items() if k not in dropped}}
        said.append(f"timelines never mark {', '.join(dropped)}: PM205 no longer asks for "
                    f"{'it' if len(dropped) == 1 else 'them'} (restore it under [tool.pmlint.rules.PM205] milestones)")
    return options, said
