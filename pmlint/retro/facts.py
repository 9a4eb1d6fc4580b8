"""What `pmlint report` needs of one post-mortem, read while the linter has it parsed.

`document_facts` is the engine's `observe` hook: it runs once per document, in the lint
workers, so the report reads and parses every file once. The facts are plain picklable
data; everything after them (`figures`) is pure.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pmlint.checks.context import Context
from pmlint.items.model import ActionItem, incident_title, items_of
from pmlint.parse.document import Document, Field
from pmlint.parse.values import parse_duration, parse_iso_date
from pmlint.project.incident import (
    UNKNOWN,
    Held,
    configured_severity,
    deadline_for,
    incident_dates,
    incident_day,
    when_held,
)
from pmlint.retro.history import DocHistory

NO_SEVERITY = "(none)"


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """One post-mortem as the report counts it."""

    path: str  # relative to the project root, "/" separators
    title: str
    date: dt.date | None  # the incident's day (see incident_day); None when nothing gives one
    date_line: int  # where that day is written, else 1
    severity: str  # the configured spelling when it matches one, else as written, else "(none)"
    deadline: int | None  # business days allowed from Date to the meeting for this severity
    status: str  # as written ("Final", "Draft", ...), "" when missing
    duration: int | None  # minutes
    duration_line: int
    start: dt.date | None  # the Meeting, else the Date (as PM306 counts): the start of an action's age
    held: Held | None  # Meeting, else the first commit; None: not held yet, as far as known
    held_known: bool  # False: a Meeting that is no date, or a commit cut off by a shallow clone
    items: tuple[ActionItem, ...]
    services: tuple[str, ...] = ()  # the services/components field, as written (report.services-field)
    factors: tuple[str, ...] = ()  # contributing-factor tags, lower case (report.factors-field)
    repository: str = ""  # OWNER/NAME when the report merges several repositories' JSON
    history: DocHistory | None = None  # what git says (retro.history); None: not read
    meeting: dt.date | None = None  # the Meeting field, when it is an ISO date
    date_source: str = "Date field"  # where `date` came from: "title", "text", "file name", "first commit", ...


def severity_name(written: str, known: list[str]) -> str:
    """`written` in the configured spelling when it names one (`sev 1` is `SEV-1`)."""
    if not written:
        return NO_SEVERITY
    return configured_severity(written, known) or written


def _value(field: Field | None) -> str:
    return field.value.strip() if field is not None else ""


def listed(text: str) -> tuple[str, ...]:
    """The entries of a comma- or semicolon-separated field, Markdown emphasis removed."""
    return tuple(dict.fromkeys(
        part.strip(" *_`").strip() for part in re.split(r"[,;]", text) if part.strip(" *_`").strip()
    ))


def document_facts(doc: Document, ctx: Context) -> DocumentFacts:
    """The facts of one parsed document (the engine's `observe` hook)."""
    dates, duration_field = incident_dates(doc), doc.field("Duration")
    from_field = dates.date is not None and dates.field is not None and not dates.field.front_matter
    day = None if from_field else incident_day(doc, lambda: ctx.project.added_date(doc.path) if ctx.use_git else None)
    date_line = dates.field.line if dates.field is not None and day is None else day.line if day else 1
    severity = severity_name(_value(doc.field("Severity")), ctx.config.template.severities)
    held = when_held(doc, ctx.project, ctx.use_git)
    return DocumentFacts(
        path=doc.path,
        title=incident_title(doc),
        date=dates.date if day is None else day.day,
        date_line=date_line,
        severity=severity,
        # A day read from the title, text or file name dates the document, but PM401 times
        # post-mortems from the Date field only: the report does not time what the rule does not.
        deadline=deadline_for(severity, ctx.config.deadlines) if day is None else None,
        status=_value(doc.field("Status")),
        duration=parse_duration(_value(duration_field)) if duration_field is not None else None,
        duration_line=duration_field.line if duration_field is not None else date_line,
        start=dates.start,
        held=held if isinstance(held, Held) else None,
        held_known=held != UNKNOWN,
        items=tuple(items_of(doc, ctx.project, lists=True)),
        services=listed(_value(doc.field(ctx.config.report.services_field))),
        factors=tuple(tag.casefold() for tag in listed(_value(doc.field(ctx.config.report.factors_field)))),
        meeting=parse_iso_date(_value(doc.field("Meeting"))),
        date_source="Date field" if day is None else day.source,
    )
