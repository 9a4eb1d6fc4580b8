"""Header checks: the H1 title (PM101), the header fields (PM102 missing, PM103 malformed) and
the file name (PM107)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterator

from pmlint.checks.context import Context
from pmlint.checks.document.placeholders import placeholders
from pmlint.checks.registry import Problem, check
from pmlint.config.schema import DEFAULT_TITLE_PATTERN, Template
from pmlint.parse.document import Document, Field
from pmlint.parse.inline import EMPHASIS_AND_CODE, handles
from pmlint.parse.people import names_people
from pmlint.parse.values import describe_date_problem, parse_duration, parse_iso_date
from pmlint.project.incident import configured_severity

# "Post-Mortem:", "Postmortem:", "Post-mortem:" in any case, then the title.
TITLE = re.compile(r"^post-?mortem\s*:\s*(.*)$", re.IGNORECASE)
FILENAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")


# Patterns for hints: compiled by the first finding that needs one, not at every start.
@functools.cache
def _title_hints() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The words of the title with another separator ("Post-Mortem - X", "Post Mortem: X"),
    and another prefix ("Retrospective: X")."""
    return (
        re.compile(r"^post[-\s]?mortem\b\s*(?:[:\-–—|]\s*)?(.*)$", re.IGNORECASE),
        re.compile(r"^[^:]{1,30}:\s+(\S.*)$"),
    )


@functools.cache
def _name_hints() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A date inside a file name (with the separators after it), and what a slug is not."""
    return re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)[-_ ]*"), re.compile(r"[^a-z0-9]+")


# ---------------------------------------------------------------------------------------
# PM101


@functools.lru_cache(maxsize=8)
def _title_pattern(pattern: str) -> re.Pattern[str] | None:
    return None if pattern.casefold() == "none" else re.compile(pattern, re.IGNORECASE)


@check("PM101")
def missing_title(doc: Document, ctx: Context) -> Iterator[Problem]:
    """The document must open with an H1 matching `title-pattern` (`# Post-Mortem: <title>`)."""
    configured = ctx.config.template.title_pattern
    if doc.title is None:
        wanted = "'# Post-Mortem: <title>'" if configured == DEFAULT_TITLE_PATTERN else "an H1 title"
        yield Problem(1, 1, f"No H1 title; start the document with {wanted}")
        return
    text = EMPHASIS_AND_CODE.sub("", doc.title.text).strip()
    pattern = _title_pattern(configured)
    if pattern is None:
        return  # any H1 will do
    if configured != DEFAULT_TITLE_PATTERN:
        custom = pattern.search(text)
        if custom is None:
            yield Problem(doc.title.line, 1, f"H1 {doc.title.text!r} does not match title-pattern {configured!r}")
        elif not (custom.group("title") or "").strip():
            yield Problem(doc.title.line, 1, "H1 has no title; name the incident")
        return
    match = TITLE.match(text)
    if match is None:
        # Keep the incident's words, drop another prefix ("Retrospective: X", "Postmortem - X").
        near_miss, other_prefix = _title_hints()
        near = near_miss.match(text) or other_prefix.match(text)
        title = near.group(1).strip() if near else text
        suggestion = f"'# Post-Mortem: {title}'" if title else "'# Post-Mortem: <title>'"
        yield Problem(doc.title.line, 1, f"H1 {doc.title.text!r} is not 'Post-Mortem: <title>'; write {suggestion}")
    elif not match.group(1).strip():
        yield Problem(doc.title.line, 1, "H1 has no title after 'Post-Mortem:'; name the incident")


# ---------------------------------------------------------------------------------------
# PM102


def _example_value(name: str, template: Template) -> str:
    examples = {
        "date": "YYYY-MM-DD",
        "impact": "who was affected, how much and for how long",
        "severity": " | ".join(template.severities),
        "duration": "1 hour 30 minutes",
        "authors": "@handle, @handle",
        "status": " | ".join(template.statuses),
        "meeting": "YYYY-MM-DD",
    }
    return examples.get(name.casefold(), "...")


@check("PM102")
def missing_field(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Every `required-fields` entry must be in the header with a value.

    An empty value (`**Impact:**` and nothing after it) is as good as absent; it is reported
    here, at the field's line, and PM103 leaves empty values alone.
    """
    template = ctx.config.template
    for name in template.required_fields:
        found = doc.field(name)
        example = f"'**{name}:** {_example_value(name, template)}'"
        if found is None:
            yield Problem(doc.header_line, 1, f"Required header field {name!r} is missing; add {example}")
        elif not found.value:
            yield Problem(found.line, found.column, f"Header field {name!r} is empty; write {example}")


# ---------------------------------------------------------------------------------------
# PM103


def _holds_placeholder(doc: Document, ctx: Context, found: Field) -> bool:
    """True when the value is template text: PM105 reports it, PM103 stays quiet."""
    return any(span.line == found.line and span.column >= found.column for span in placeholders(doc, ctx))


def _check_date(name: str, found: Field) -> str | None:
    if parse_iso_date(found.value) is None:
        return f"{name} {describe_date_problem(found.value)}"
    return None


def _check_severity(found: Field, template: Template) -> str | None:
    if found.value in template.severities:
        return None
    # Suggest the configured spelling of a near miss ("sev 1", "Sev-1", "SEV1").
    severity = configured_severity(found.value, template.severities)
    if severity is not None:
        return f"Severity {found.value!r} is not written as configured; write {severity!r}"
    return f"Severity {found.value!r} is not one of {', '.join(template.severities)}"


def _check_duration(found: Field) -> str | None:
    if parse_duration(found.value) is None:
        return (f"Duration {found.value!r} is unreadable; write e.g. '1 hour 30 minutes', "
                "'45 minutes' or '1h 12m'")
    return None


# A GitHub login as front matter writes it: `author: MikeMcQuaid`, `authors: [maria, kenji-t]`.
LOGIN = r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}"
LOGIN_LIST = re.compile(rf"^{LOGIN}(?:,[ \t]*{LOGIN})*$")


def _check_authors(found: Field, template: Template) -> str | None:
    if found.front_matter and LOGIN_LIST.match(found.value):
        return None  # front matter names logins without the "@"
    if not template.author_handles and names_people(found.value):
        return None  # the team names people by name, e-mail or `ldap@`
    if not handles(found.value):
        return f"Authors {found.value!r} holds no @handle; write e.g. '@maria, @kenji'"
    return None


def _check_status(found: Field, template: Template) -> str | None:
    # Case does not matter ("final" is Final); the message gives the configured spelling.
    if found.value.casefold() in {status.casefold() for status in template.statuses}:
        return None
    return f"Status {found.value!r} is not one of {', '.join(template.statuses)}"


def _check_meeting(found: Field, date: Field | None) -> str | None:
    meeting = parse_iso_date(found.value)
    if meeting is None:
        return f"Meeting {describe_date_problem(found.value)}"
    incident = parse_iso_date(date.value) if date is not None else None
    if incident is not None and meeting < incident:
        return f"Meeting {meeting} is before the incident Date {incident}"
    return None


@check("PM103")
def invalid_field(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Header values must be well formed: Date, Severity, Duration, Authors, Status, Meeting."""
    template = ctx.config.template
    date = doc.field("Date")
    judges: dict[str, Callable[[Field], str | None]] = {
        "Date": lambda f: _check_date("Date", f),
        "Severity": lambda f: _check_severity(f, template),
        "Duration": _check_duration,
        "Authors": lambda f: _check_authors(f, template),
        "Status": lambda f: _check_status(f, template),
        "Meeting": lambda f: _check_meeting(f, date),
    }
    for name, judge in judges.items():
        found = doc.field(name)
        # Absent or empty values are PM102's; template text is PM105's.
        if found is None or not found.value or _holds_placeholder(doc, ctx, found):
            continue
        message = judge(found)
        if message is not None:
            yield Problem(found.line, found.column, message)


# ---------------------------------------------------------------------------------------
# PM107


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _name_hints()[1].sub("-", ascii_text.casefold()).strip("-")


def _suggested_name(stem: str, date: str | None, doc: Document) -> str:
    """A conforming name: Date (else a date found in the old name) and the old name's words
    after that date (else the title's)."""
    embedded = _name_hints()[0].search(stem)
    words = stem[embedded.end():] if embedded else stem
    slug = _slug(words) or (_slug(stem[: embedded.start()]) if embedded else "")
    if not slug and doc.title is not None:
        title = TITLE.match(EMPHASIS_AND_CODE.sub("", doc.title.text).strip())
        slug = _slug(title.group(1) if title else doc.title.text)
    found = embedded.group(1) if embedded and parse_iso_date(embedded.group(1)) else None
    return f"{date or found or 'YYYY-MM-DD'}-{slug or 'short-title'}.md"


@check("PM107")
def filename(doc: Document, ctx: Context) -> Iterator[Problem]:
    """The file is named `YYYY-MM-DD-kebab-title.md`, and that date is the incident Date."""
    basename = doc.path.rsplit("/", 1)[-1]
    stem = basename[:-3] if basename.casefold().endswith(".md") else basename.rsplit(".", 1)[0]
    date_field = doc.field("Date")
    incident = parse_iso_date(date_field.value) if date_field is not None else None
    date = incident.isoformat() if incident else None
    match = FILENAME.match(basename)
    if match is None:
        suggestion = _suggested_name(stem, date, doc)
        yield Problem(1, 1, f"File name {basename!r} is not YYYY-MM-DD-kebab-title.md; rename it to {suggestion!r}")
        return
    named = parse_iso_date(match.group(1))
    if named is None:
        suggestion = _suggested_name(stem, date, doc)
        yield Problem(1, 1, f"File name date {match.group(1)!r} is not a calendar date; rename it to {suggestion!r}")
    elif date_field is not None and incident is not None and named != incident:
        yield Problem(date_field.line, date_field.column,
                      f"File name date {named} differs from Date {incident}; rename the file to "
                      f"'{incident}-{match.group(2)}.md' or correct Date")
