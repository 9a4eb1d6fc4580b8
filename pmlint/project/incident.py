"""The incident's dates, in one place: its Date, the severity's deadline, and when its
post-mortem was held. PM401 and PM306 (checks) and `pmlint report` (retro) read them here,
so the report can never disagree with the rule.

Held is the Meeting field; else the day git first saw the file (unless --no-git); else not
held yet. A late post-mortem is one held more than the deadline's business days after Date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Final, Literal, NamedTuple

from pmlint.config.calendar import add_business_days, business_days_between
from pmlint.config.schema import Calendar
from pmlint.parse.document import Document, Field
from pmlint.parse.values import parse_iso_date

if TYPE_CHECKING:
    from pmlint.project.state import Project

SEVERITY_NOISE = re.compile(r"[\s_-]+")
# Past this span, counting business days one holiday year at a time is slow (a Date of year
# 1 and a Meeting in 9999): calendar days stand in (more than any deadline either way).
LONGEST_COUNTED_SPAN = dt.timedelta(days=3660)
UNKNOWN: Final = "unknown"


class Held(NamedTuple):
    """When the post-mortem was held, what says so, and where (the Meeting field when it
    gave the day, else the Date field; line 1 without one)."""

    day: dt.date
    source: Literal["meeting", "first commit"]
    line: int
    column: int


class Dates(NamedTuple):
    """The incident's Date and the day its action items count from."""

    date: dt.date | None  # the Date field; None when missing or not ISO
    field: Field | None  # the Date field as written
    start: dt.date | None  # the Meeting, else the Date; None when either is unreadable
    since: str  # what `start` is called: "Meeting" or "incident Date" ("" without a start)


def incident_dates(doc: Document) -> Dates:
    """The Date, and the start of an action item's horizon (PM306) and age (the report)."""
    found = doc.field("Date")
    date = parse_iso_date(found.value) if found is not None else None
    if date is None:
        return Dates(None, found, None, "")
    meeting_field = doc.field("Meeting")
    if meeting_field is None:
        return Dates(date, found, date, "incident Date")
    meeting = parse_iso_date(meeting_field.value)
    if meeting is None:
        return Dates(date, found, None, "")  # PM103 reports the Meeting; do not guess a start
    if meeting < date:
        return Dates(date, found, date, "incident Date")  # a Meeting before Date is PM103's finding
    return Dates(date, found, meeting, "Meeting")


def configured_severity(written: str, known: list[str] | dict[str, int]) -> str | None:
    """The configured spelling `written` names: `SEV-1`, `sev 1` and `SEV1` are one
    severity (PM103 asks for the configured spelling; a near miss is still the same)."""
    if written in known:
        return written
    wanted = SEVERITY_NOISE.sub("", written).casefold()
    for name in known:
        if SEVERITY_NOISE.sub("", name).casefold() == wanted:
            return name
    return None


def deadline_for(severity: str, deadlines: dict[str, int]) -> int | None:
    """Business days allowed from Date to the post-mortem for `severity`; None when unlisted."""
    name = configured_severity(severity, deadlines)
    return deadlines[name] if name is not None else None


def when_held(doc: Document, project: Project, use_git: bool) -> Held | Literal["unknown"] | None:
    """The Meeting field, else the day git first saw the file; None when not held yet.

    UNKNOWN when the day cannot be known: a Meeting written but no ISO date (PM103 reports
    it, and guessing another day would add a second, misleading finding), or a first commit
    that a shallow clone cut off (today would be wrong).
    """
    meeting = doc.field("Meeting")
    if meeting is not None and meeting.value:
        day = parse_iso_date(meeting.value)
        return Held(day, "meeting", meeting.line, meeting.column) if day is not None else UNKNOWN
    if use_git:
        committed = project.added_date(doc.path)
        if committed is not None:
            date = doc.field("Date")
            return Held(committed, "first commit", date.line if date else 1, date.column if date else 1)
        if project.predates_history(doc.path):
            return UNKNOWN
    return None


def span(date: dt.date, end: dt.date, calendar: Calendar) -> tuple[int, str]:
    """Days from `date` to `end` and their unit: business days, or calendar days past
    LONGEST_COUNTED_SPAN."""
    if end - date > LONGEST_COUNTED_SPAN:
        return (end - date).days, "calendar"
    return business_days_between(date, end, calendar), "business"


def past_business_days(start: dt.date, day: dt.date, limit: int, calendar: Calendar) -> bool:
    """`day` is more than `limit` business days after `start`: on or after the first
    business day past it. A post-mortem held so is late (PM401, the report's breaches); a
    Due so is past its priority's horizon (PM306)."""
    if (day - start).days <= limit:
        return False  # business days never outnumber calendar days: no holiday lookup
    try:
        return day >= add_business_days(start, limit + 1, calendar)
    except OverflowError:  # past year 9999: that day never comes
        return False


def review_due(date: dt.date, deadline: int, calendar: Calendar) -> dt.date:
    """The last business day a review of an incident on `date` is on time (PM401 calls it
    late from the next one); `pmlint server`'s code lens shows it. OverflowError past 9999."""
    return add_business_days(date, deadline, calendar)


def late(date: dt.date, held: dt.date, deadline: int, calendar: Calendar) -> bool:
    """A post-mortem held on `held` missed its deadline; a negative deadline is none."""
    return deadline >= 0 and past_business_days(date, held, deadline, calendar)
