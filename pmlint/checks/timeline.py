"""Timeline rules PM201-PM206: the table, its times, their zone and order, the milestones,
and the Duration field against the span the rows cover.

Every rule works from the `Timeline` that `pmlint.parse.timeline_read` reads once per
document, so a cell is parsed once however many rules look at it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import NamedTuple

from pmlint.catalog.option_types import PM201Options, PM202Options, PM203Options, PM205Options, PM206Options
from pmlint.checks.context import Context
from pmlint.checks.document.placeholders import placeholder_at
from pmlint.checks.registry import Problem, check
from pmlint.parse.document import Document
from pmlint.parse.phrases import keywords
from pmlint.parse.time_cells import Reading
from pmlint.parse.timeline_read import (
    CACHE_KEY,
    Z_SUFFIX,
    ColumnNames,
    Milestones,
    Timeline,
    TimelineRow,
    marked_milestones,
    read_timeline,
)
from pmlint.parse.timeline_source import known_zone
from pmlint.parse.values import parse_duration, utc_offset

__all__ = ["keywords", "timeline"]  # keywords: kept importable here for rules that extend PM205


def timeline(doc: Document, ctx: Context) -> Timeline | None:
    """The document's Timeline as the project's template and PM201/PM203 options read it."""
    if CACHE_KEY in doc.derived:
        return doc.derived[CACHE_KEY]  # read once: the options below are for the first reading
    columns = ctx.options(PM201Options)
    names = ColumnNames(columns.time_columns, columns.event_columns, columns.date_columns)
    zones = ctx.options(PM203Options).zones
    stated = zones if ctx.config.template.timeline.zone == "stated" else None
    clock = ctx.options(PM202Options)
    reading = Reading(clock.clock, clock.date_order, frozenset(k.upper() for k in zones))
    return read_timeline(doc, ctx.config.template, names, stated, reading)


# --- milestones --------------------------------------------------------------------------


def _milestones(ctx: Context) -> dict[str, tuple[str, ...]]:
    return ctx.options(PM205Options).milestones


def _before(row: TimelineRow, previous: TimelineRow) -> bool:
    """`row` happened before `previous`; an undated row only compares with undated rows."""
    if row.moment is None or previous.moment is None or row.dated != previous.dated:
        return False
    if row.day_only or previous.day_only:
        return row.moment.date() < previous.moment.date()  # a day compares by its date
    return row.moment < previous.moment


# --- the checks --------------------------------------------------------------------------


@check("PM201")
def timeline_table(doc: Document, ctx: Context) -> Iterator[Problem]:
    """The Timeline cannot be read: no table with Time and Event columns (or no row in it),
    or no time-led line. One finding, naming what the section holds and the option that
    reads it.

    A missing Timeline section is PM104's finding, not this one's."""
    found = timeline(doc, ctx)
    if found is None:
        return
    seen = f"; it is {found.seen}" if found.seen else ""
    if found.listed:
        if not found.rows:
            yield Problem(found.section.line, 1, f"Timeline has no line pmlint reads as a time{seen}; write one item "
                                                 "per event, '- HH:MM event', or set [tool.pmlint.rules.PM202] clock "
                                                 "and date-order to the team's form")
        return
    if found.table is None:
        headers = f" (found: {'; '.join(found.found_headers)})" if found.found_headers else ""
        teach = ('; add | Time | Event |, or set [tool.pmlint.template.timeline] form = "either"'
                 if found.seen.startswith("a list") else "; add | Time | Event | (PM201's time-columns and "
                 "event-columns name other headers)")
        yield Problem(found.section.line, 1, f"Timeline has no table with Time and Event columns{headers}{seen}{teach}")
    elif not found.rows:
        yield Problem(found.table.line, 1, "Timeline table has no row; add one row per event: | HH:MM | event |")


@check("PM202")
def timeline_time(doc: Document, ctx: Context) -> Iterator[Problem]:
    """A Time cell is not `HH:MM` (24 h) or `YYYY-MM-DD HH:MM`, optionally with Z or UTC.

    A time in another zone (`13:40 PST`, `14:00+02:00`) is reported here, as an error: the
    timeline is in UTC, and a local time left in it misorders rows and the duration. The
    message gives the time in UTC when the zone names one offset."""
    found = timeline(doc, ctx)
    for row in found.rows if found else ():
        if row.problem is not None and not placeholder_at(doc, ctx, row.line, row.column):
            yield row.problem


@check("PM203")
def timeline_timezone(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Nothing in the Timeline says the times are UTC (a time in another zone is PM202's)."""
    found = timeline(doc, ctx)
    if found is None or (found.table is None and not found.rows):
        return
    if found.rows and all(row.day_only for row in found.rows):
        return  # a timeline told day by day has no time of day to place in a zone
    if ctx.config.template.timeline.zone == "stated":
        yield from _stated_zone_problems(found, ctx)
        return
    utc = keywords(ctx.options(PM203Options).utc_words)
    # Raw source lines: "All times in `UTC`" says UTC too, though code spans are not prose.
    texts = itertools.chain([found.section.title], (doc.lines[p.line - 1] for p in found.section.prose))
    said = any(utc.found_in(text.lower()) or Z_SUFFIX.search(text) for text in texts)
    if not said and not any(row.time is not None and row.time.is_utc for row in found.rows):
        message = 'Timeline does not say its times are UTC; add "All times in UTC." or a UTC suffix'
        yield Problem(found.section.line, 1, message)


def _stated_zone_problems(found: Timeline, ctx: Context) -> Iterator[Problem]:
    """Under `timeline.zone = "stated"`: every zone must be known, and one must be said."""
    abbreviations = {k.upper(): v for k, v in ctx.options(PM203Options).zones.items()}
    zoned = False
    reported: set[str] = set()  # one finding per unknown zone, at its first row
    for row in found.rows:
        if row.time is None or not row.time.zone or row.time.is_utc:
            zoned = zoned or (row.time is not None and row.time.is_utc)
            continue
        zoned = True
        if row.time.zone in reported:
            continue
        if utc_offset(row.time.zone) is None and known_zone(row.time.zone, abbreviations) is None:
            reported.add(row.time.zone)
            yield Problem(row.line, row.column, f"Time zone {row.time.zone!r} is not known; write an IANA name "
                                                "(America/Los_Angeles) or a listed abbreviation (PST)")
    if found.zone is None and not zoned:
        yield Problem(found.section.line, 1, 'Timeline does not state its time zone; add e.g. "All times in PST." '
                                             'or "All times in UTC."')


def _midnight(previous: TimelineRow, row: TimelineRow) -> bool:
    """True when `row` looks like the next day written without its date (23:50, then 00:10)."""
    if previous.time is None or row.time is None or row.time.date is not None:
        return False
    return previous.time.minutes - row.time.minutes > 12 * 60


@check("PM204")
def timeline_order(doc: Document, ctx: Context) -> Iterator[Problem]:
    """A row is earlier than the row before it (rows whose time is unreadable are skipped)."""
    found = timeline(doc, ctx)
    previous: TimelineRow | None = None
    for row in found.timed if found else ():
        if previous is not None and _before(row, previous):
            hint = ", or write the date on the first row after midnight" if _midnight(previous, row) else ""
            message = f"{row.cell} is earlier than the row before it ({previous.cell}, line {previous.line})"
            yield Problem(row.line, row.column, f"{message}; keep rows in time order{hint}")
        previous = row


def milestone_options(ctx: Context) -> Milestones:
    options = ctx.options(PM205Options)
    return Milestones(options.milestones, options.sections, options.outage_milestones, options.outage_words)


@check("PM205")
def timeline_milestones(doc: Document, ctx: Context) -> Iterator[Problem]:
    """The timeline marks no detection, declaration, mitigation, restoration or resolution
    (in a row, or in a section such as Resolution when no row does). One finding naming the
    milestones missed."""
    found = timeline(doc, ctx)
    if found is None or not found.rows:
        return  # no table, or an empty one: PM201 says so
    marked = marked_milestones(doc, found, milestone_options(ctx), ctx.config.template.section_aliases)
    missed = [name for name, hit in marked.items() if not hit]
    if missed:
        listed = missed[0] if len(missed) == 1 else ", ".join(missed[:-1]) + f" or {missed[-1]}"
        yield Problem(found.section.line, 1, f"Timeline marks no {listed}; add a row for each saying when it happened "
                                             "(the words that count are PM205's milestones option)")


def _describe_minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


class Span(NamedTuple):
    """A stretch of the timeline that Duration may measure, and how its ends were chosen."""

    first: TimelineRow
    last: TimelineRow
    start: str  # "the first detection or impact row" | "the first row"
    end: str  # "the last resolution row" | "the last row"

    @property
    def minutes(self) -> int | None:
        """Minutes from `first` to `last`; None when they cannot be compared."""
        first, last = self.first.moment, self.last.moment
        if self.first is self.last or first is None or last is None or self.first.dated != self.last.dated:
            return None  # one row spans nothing; a known and an unknown day span nothing known
        return round((last - first).total_seconds() / 60)

    def describe(self) -> str:
        first, last = self.first, self.last
        return f"{first.cell} on line {first.line}, {self.start}, to {last.cell} on line {last.line}, {self.end}"


def _spans(timed: list[TimelineRow], ctx: Context) -> list[Span]:
    """The spans a Duration may measure, the preferred one first: from the first detection
    or impact row (the cause, often a deploy, comes before the incident), then from the
    first row; each to the last resolution row, else the last row."""
    resolution = keywords(tuple(_milestones(ctx).get("resolution", ())))
    # The last resolution row: searched from the bottom, where it usually is.
    found = next((row for row in reversed(timed) if resolution.found_in(row.words)), None)
    last, end = (found, "the last resolution row") if found else (timed[-1], "the last row")
    start = keywords((*_milestones(ctx).get("detection", ()), *ctx.options(PM206Options).impact_words))
    impact = next((row for row in timed if start.found_in(row.words)), None)
    spans = [Span(timed[0], last, "the first row", end)]
    if impact is not None and impact is not timed[0] and impact.line < last.line:
        spans.insert(0, Span(impact, last, "the first detection or impact row", end))
    return spans


@check("PM206")
def duration_mismatch(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Duration differs from the timeline span by more than max(15 minutes, 10%).

    The span runs from the first detection or impact row (else the first row) to the last
    resolution row (else the last row); a Duration that matches the span from the first
    row is accepted too."""
    found = timeline(doc, ctx)
    field = doc.field("Duration")
    stated = parse_duration(field.value) if field else None
    timed = [row for row in found.timed if not row.day_only] if found else []  # a day spans no minutes
    if field is None or stated is None or not timed:
        return  # unreadable Duration is PM103's; no times, no span
    spans = [(span, minutes) for span in _spans(timed, ctx) if (minutes := span.minutes) is not None and minutes >= 0]
    if not spans:
        return  # nothing measurable; out of order is PM204's finding
    options = ctx.options(PM206Options)
    tolerance = max(options.tolerance_minutes, stated * options.tolerance_percent / 100)
    if any(abs(stated - minutes) <= tolerance for _, minutes in spans):
        return
    span, minutes = spans[0]
    yield Problem(
        field.line,
        field.column,
        f"Duration {field.value!r} differs from the timeline span of {_describe_minutes(minutes)} "
        f"({span.describe()}); write Duration: {_describe_minutes(minutes)} or correct the timeline",
    )
