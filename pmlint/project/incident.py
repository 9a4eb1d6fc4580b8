"""The incident's dates, in one place: its Date, the severity's deadline, and when its
post-mortem was held. PM401 and PM306 (checks) and `pmlint report` (retro) read them here,
so the report can never disagree with the rule.

Held is the Meeting field; else the day git first saw the file (unless --no-git); else not
held yet. A late post-mortem is one held more than the deadline's business days after Date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
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
    return Dates(date, found, horizon_start(date, meeting), "Meeting" if meeting >= date else "incident Date")


def horizon_start(date: dt.date, meeting: dt.date | None) -> dt.date:
    """Where an action item's horizon and age start: the Meeting, else the Date (a Meeting
    before the Date is PM103's finding, not a start)."""
    return meeting if meeting is not None and meeting >= date else date


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


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
         r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
# The ways a day is written in prose and titles: ISO, `March 15, 2018`, `15th of March 2018`,
# `Saturday, December 17th, 2022`. A day without a year is no date here.
WRITTEN_DATE = re.compile(
    r"(?<![\d-])(?P<iso>\d{4}-\d{2}-\d{2})(?![\d])"
    rf"|\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-\u2013]\s*\d{{1,2}}(?:st|nd|rd|th)?)?,?\s+"
    r"(?P<year>\d{4})\b"
    rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH.replace('month', 'month2')}"
    r"\s*,?\s+(?P<year2>\d{4})\b",
    re.IGNORECASE,
)
OPENING = re.compile(r"^[\s>*+|#`_\-\[(]*(?:\d+\.\s*)?[*_`]*$"
                     r"|\b(?:on|of)\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?[*_`]*$", re.IGNORECASE)
NAME_DATE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
DATE_FIELD_WORDS = re.compile(r"\bdate|\bwhen\b|\bday\b", re.IGNORECASE)
PUBLICATION_KEYS = ("date", "published", "publishdate", "pubdate", "created")
# A date in the text stands for the incident only near the publication date: an earlier
# incident written up weeks later, never one in another season.
BODY_WINDOW = (dt.timedelta(days=120), dt.timedelta(days=3))
BODY_LINES = 80  # the opening and the timeline's first rows, not the history at the end


class IncidentDay(NamedTuple):
    """The incident's day as the report reads it, and where it is written."""

    day: dt.date | None
    source: str  # "Date field", "title", "text", "front matter", "file name", "first commit", "none"
    line: int


def _month(name: str) -> int:
    folded = name.casefold().rstrip(".")
    return next(i + 1 for i, month in enumerate(MONTHS) if month.startswith(folded[:3]))


def written_dates(text: str, anchored: bool = False) -> list[dt.date]:
    """The days written in `text`, in order; `anchored`: only those that open the line (a
    timeline row, a list item) or follow "On" ("On Saturday, December 17th, 2022"), not a
    day mentioned in passing or inside a link."""
    found = []
    for match in WRITTEN_DATE.finditer(text):
        if anchored and not OPENING.search(text[: match.start()]):
            continue
        try:
            if match.group("iso"):
                found.append(dt.date.fromisoformat(match.group("iso")))
            elif match.group("year"):
                found.append(dt.date(int(match.group("year")), _month(match.group("month")), int(match.group("day"))))
            else:
                found.append(dt.date(int(match.group("year2")), _month(match.group("month2")),
                                     int(match.group("day2"))))
        except ValueError:
            continue
    return found


def _from_name(path: str) -> dt.date | None:
    """`2017-02-24-slug.md`, `20260702-outage/README.md`: the day the file or its folder is named for."""
    for part in reversed(path.split("/")[-2:]):
        match = NAME_DATE.match(part)
        if match:
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def _date_field(doc: Document) -> tuple[dt.date, int] | None:
    """A header field or section about the date (`Date`, `Date of incident`, `## Incident
    date(s)` then `2019-02-18 - 2019-04-05`), front matter aside: its first day."""
    for found in doc.fields.values():
        if not found.front_matter and DATE_FIELD_WORDS.search(found.name) and (days := written_dates(found.value)):
            return days[0], found.line
    for section in doc.sections:
        if DATE_FIELD_WORDS.search(section.title) and section.prose:
            for prose in section.prose[:3]:
                if days := written_dates(doc.lines[prose.line - 1]):
                    return days[0], prose.line
    return None


def _publication(doc: Document) -> tuple[dt.date, str, int] | None:
    for key in PUBLICATION_KEYS:
        found = doc.fields.get(key)
        if found is not None and found.front_matter and (days := written_dates(found.value)):
            return days[0], "front matter", found.line
    named = _from_name(doc.path)
    return (named, "file name", 1) if named is not None else None


def _in_body(doc: Document, published: dt.date | None) -> tuple[dt.date, int] | None:
    """The first day written in the text's opening, near the publication date when there is one."""
    start = doc.header_line
    if doc.lines and doc.lines[0].strip() in ("---", "+++"):  # front matter: the site's, not the text
        fence = doc.lines[0].strip()
        start = next((i + 2 for i in range(1, len(doc.lines)) if doc.lines[i].strip() == fence), start)
    for number in range(start, min(len(doc.lines), BODY_LINES + start) + 1):
        for day in written_dates(doc.lines[number - 1], anchored=True):
            if published is None or published - BODY_WINDOW[0] <= day <= published + BODY_WINDOW[1]:
                return day, number
    return None


YESTERDAY = re.compile(r"^\W*yesterday\b", re.IGNORECASE)


def _opening_says_yesterday(doc: Document, after: int) -> bool:
    """The first text line after line `after` opens with "Yesterday": a report dated the day
    after the incident ("## February 11, 2016 incident report / Yesterday the service ...")."""
    for number in range(after + 1, min(len(doc.lines), after + 4) + 1):
        text = doc.lines[number - 1].strip()
        if text and not text.startswith("#"):
            return YESTERDAY.match(text) is not None
    return False


def incident_day(doc: Document, first_commit: Callable[[], dt.date | None]) -> IncidentDay:
    """The incident's day, as `_incident_day` finds it, a day earlier when the report that
    gives it opens with "Yesterday"."""
    found = _incident_day(doc, first_commit)
    if found.day is not None and found.source not in ("Date field", "first commit") \
            and _opening_says_yesterday(doc, found.line if found.source != "file name" else doc.header_line):
        return IncidentDay(found.day - dt.timedelta(days=1), f"{found.source}, the day before", found.line)
    return found


def _incident_day(doc: Document, first_commit: Callable[[], dt.date | None]) -> IncidentDay:
    """The incident's day: a date field (any name the team uses), the title, the opening of the
    text, the publication date (front matter, file or folder name), else the first commit. A
    date the text gives for the incident wins over the day the post was published."""
    written = doc.field("Date")
    if written is not None and written.value and not written.front_matter and not written_dates(written.value):
        # PM103 reports a Date it cannot read; a day guessed from elsewhere would hide it.
        return IncidentDay(None, "Date field (unreadable)", written.line)
    found = _date_field(doc)
    if found is not None:
        return IncidentDay(found[0], "Date field", found[1])
    titles = [(doc.title.text, doc.title.line)] if doc.title is not None else []
    if (title := doc.fields.get("title")) is not None and title.front_matter:
        titles.append((title.value, title.line))
    for text, line in titles:
        if days := written_dates(text):
            return IncidentDay(days[0], "title", line)
    published = _publication(doc)
    body = _in_body(doc, published[0] if published else None)
    if body is not None:
        return IncidentDay(body[0], "text", body[1])
    if published is not None:
        return IncidentDay(*published)
    committed = first_commit()
    if committed is not None:
        return IncidentDay(committed, "first commit", 1)
    return IncidentDay(None, "none", 1)
