"""Process rules: the post-mortem was held in time (PM401), everyone involved approved it
(PM402), it was shared beyond the responders (PM403), a 5 Whys analysis goes five levels
deep (PM404), and the runbooks it affects were updated (PM405)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, NamedTuple

from pmlint.catalog.option_types import PM402Options, PM403Options, PM404Options, PM405Options, PM502Options
from pmlint.checks.context import Context
from pmlint.checks.registry import Problem, RaisedProblem, check
from pmlint.parse.action_table import action_rows
from pmlint.parse.document import Document, Field, Section
from pmlint.parse.inline import handles
from pmlint.parse.markdown import Heading
from pmlint.parse.people import handle_name, listed_names
from pmlint.parse.shared_field import find_shared, read_shared
from pmlint.parse.values import parse_iso_date
from pmlint.project.incident import Held, deadline_for, incident_dates, late, span, when_held
from pmlint.read.files import resolve_inside

if TYPE_CHECKING:
    from pmlint.project.runbooks import RunbookLink

MEETING_EXAMPLE = "'**Meeting:** YYYY-MM-DD'"


# ---------------------------------------------------------------------------------------
# PM401


def _span(date: dt.date, held: dt.date, ctx: Context) -> str:
    days, unit = span(date, held, ctx.config.calendar)
    return f"{days} {unit} days"


@check("PM401")
def postmortem_late(doc: Document, ctx: Context) -> Iterator[Problem]:
    """The post-mortem was held more than `deadlines[Severity]` business days after Date.

    Held is the Meeting field, else the author date of the commit that first added the file
    (unless --no-git), else today. Unlisted severities and unreadable Dates are not checked.
    """
    (date, date_field, _, _), severity = incident_dates(doc), doc.field("Severity")
    if date_field is None or severity is None:
        return
    deadline = deadline_for(severity.value, ctx.config.deadlines)
    if date is None or deadline is None or deadline < 0:
        return
    held = when_held(doc, ctx.project, ctx.use_git)
    if isinstance(held, str):  # UNKNOWN: a Meeting that is no date, or a first commit cut off
        return
    where: Field | Held
    if held is None:
        day, source, where = ctx.today, f"not yet held as of today {ctx.today}", date_field
        fix = f"hold the review, then add {MEETING_EXAMPLE}"
    elif held.source == "meeting":
        day, source, where = held.day, f"meeting {held.day}", held
        fix = "hold reviews sooner, or raise [tool.pmlint.deadlines]"
    else:
        day, source, where = held.day, f"first committed {held.day}, no Meeting field", held
        fix = f"if the meeting was earlier, add {MEETING_EXAMPLE}"
    if not late(date, day, deadline, ctx.config.calendar):
        return
    yield Problem(
        where.line,
        where.column,
        f"Post-mortem {_span(date, day, ctx)} after the incident on {date} ({source}); "
        f"the {severity.value} deadline is {deadline}; {fix}",
    )


# ---------------------------------------------------------------------------------------
# PM402


def _section(doc: Document, ctx: Context, name: str) -> Section | None:
    return doc.section(name, ctx.config.template.section_aliases)


def _not_names(ctx: Context) -> frozenset[str]:
    return frozenset(w.casefold() for w in ctx.options(PM502Options).not_names)


def _participants(doc: Document, ctx: Context, ignored: set[str]) -> dict[str, str]:
    """Every author (by handle or plain name) and every handle in the Timeline, case folded,
    with where it was seen. Handles inside code spans and link URLs do not count (the prose
    is masked). A plain name's key starts with a space, which no login holds."""
    found: dict[str, str] = {}
    authors = doc.field("Authors")
    for handle in handles(authors.value) if authors is not None else ():
        found.setdefault(handle.casefold(), "author")
    for name in listed_names(authors.value, _not_names(ctx)) if authors is not None else ():
        found.setdefault(" " + name, "author")
    timeline = _section(doc, ctx, "Timeline")
    for prose in timeline.prose if timeline is not None else ():
        if "@" in prose.text:
            for handle in handles(prose.text):
                found.setdefault(handle.casefold(), f"in the Timeline, line {prose.line}")
    for name in ignored:
        found.pop(name, None)
    return found


def _written(doc: Document, handle_key: str) -> str:
    """The handle as the document first writes it (its case), for the message."""
    for line in doc.lines:
        if "@" in line:
            for handle in handles(line):
                if handle.casefold() == handle_key:
                    return handle
    return handle_key


@check("PM402")
def review_incomplete(doc: Document, ctx: Context) -> Iterator[Problem]:
    """A Final post-mortem's Acknowledgement names every author and every handle in the
    Timeline. One finding per person missing, at the Acknowledgement heading."""
    options = ctx.options(PM402Options)
    status = doc.field("Status")
    finals = {name.casefold() for name in options.final_statuses}
    if status is None or status.value.casefold() not in finals:
        return
    ignored = {name.casefold().lstrip("@") for name in options.ignore_handles}
    participants = _participants(doc, ctx, ignored)
    if not participants:
        return
    acknowledgement = _section(doc, ctx, "Acknowledgement")
    named: set[str] = set()  # logins, and first names case folded (from handles or plain names)
    not_names = _not_names(ctx)
    for prose in acknowledgement.prose if acknowledgement is not None else ():
        for handle in handles(prose.text):
            named.add(handle.casefold())
            first = handle_name(handle)
            named.update([" " + first.casefold()] if first else [])
        text = prose.text.strip(" \t|-*+")
        # "Reviewed and approved by: Maria Lopez, Kenji": names follow the last colon or "by".
        cut = max(text.rfind(":"), text.lower().rfind(" by "))
        named.update(" " + name.split()[0].casefold() for name in listed_names(text[cut + 1:], not_names))
    line = acknowledgement.line if acknowledgement is not None else status.line
    for key, seen in participants.items():
        if key.startswith(" "):  # a plain name: its first name may be written or be a handle's
            if " " + key.split()[0].casefold() not in named and key.split()[0].casefold() not in named:
                yield Problem(line, 1, f"{key.strip()} ({seen}) is not named in Acknowledgement; add them "
                                       "once they have approved it")
            continue
        first = handle_name(key)
        if key not in named and (first is None or " " + first.casefold() not in named):
            handle = "@" + _written(doc, key)
            yield Problem(
                line,
                1,
                f"{handle} ({seen}) is not named in Acknowledgement; add them once they have approved it",
            )


# ---------------------------------------------------------------------------------------
# PM404


class WhyRegion(NamedTuple):
    heading: Heading | None  # None: the H2 section itself
    title: str
    line: int
    first: int  # first line after the heading
    last: int  # last line of the region
    section: Section


def _titled(title: str, titles: list[str]) -> bool:
    words = " ".join(re.sub(r"[\W_]+", " ", title.casefold()).split())
    return any(f" {name} " in f" {words} " for name in titles)


def _why_regions(doc: Document, titles: list[str]) -> Iterator[WhyRegion]:
    """Every H2 section or sub-heading titled like "5 Whys", with the lines it covers."""
    for section in doc.sections:
        if _titled(section.title, titles):
            yield WhyRegion(None, section.title, section.line, section.line + 1, section.end, section)
            continue  # its sub-headings belong to it
        for index, heading in enumerate(section.headings):
            if not _titled(heading.text, titles):
                continue
            last = section.end
            for later in section.headings[index + 1 :]:
                if later.level <= heading.level:
                    last = later.line - 1
                    break
            yield WhyRegion(heading, heading.text, heading.line, heading.line + 1, last, section)


def _count_steps(region: WhyRegion, step: re.Pattern[str]) -> int:
    """Why-steps: lines (list items, paragraph lines, table rows) that start with a step
    word, or else top-level list items or table rows, whichever is more."""
    section, first, last = region.section, region.first, region.last
    headers = {table.line for table in section.tables}
    why_lines = sum(
        1
        for prose in section.prose
        if first <= prose.line <= last and prose.line not in headers and step.match(prose.text)
    )
    items = [item for item in section.items if first <= item.line <= last]
    top = min((item.indent for item in items), default=0)
    top_items = sum(1 for item in items if item.indent == top)
    rows = sum(
        sum(1 for row in table.rows if any(cell.strip() for cell in row.cells))
        for table in section.tables
        if first <= table.line <= last
    )
    return max(why_lines, top_items, rows)


def _step_pattern(words: Sequence[str]) -> re.Pattern[str]:
    # Optional quote, list marker, table pipe, emphasis and numbering ("1.", "#2", "Q3:")
    # before the step word: "- **Why 1:** ...", "| Why did ... |", "2) Why ...".
    alternatives = "|".join(re.escape(word) for word in words)
    # Possessive: each run of blanks or markers is read one way only, so a line of spaces
    # costs one pass instead of one per way to split it between the `\s*`.
    return re.compile(
        r"^\s*+(?:>\s*+)*+(?:[-*+]\s++|\d++[.)]\s++)?+(?:\|\s*+)?+[*_]*+\s*+(?:(?:#|q)?\d++[.):]?+\s*+)?+[*_]*+\s*+"
        rf"(?:{alternatives})\b",
        re.IGNORECASE,
    )


@check("PM404")
def five_whys(doc: Document, ctx: Context) -> Iterator[Problem]:
    """A section (or sub-heading) titled like "5 Whys" holds at least five why-steps."""
    options = ctx.options(PM404Options)
    titles = [" ".join(title.casefold().split()) for title in options.titles]
    minimum = options.min_steps
    step = _step_pattern(options.step_words)
    for region in _why_regions(doc, titles):
        steps = _count_steps(region, step)
        if steps < minimum:
            plural = "step" if steps == 1 else "steps"
            yield Problem(
                region.line,
                1,
                f"{region.title!r} has {steps} why-{plural}; ask 'why' at least {minimum} times, "
                "one list item per step, until the answer is a systemic cause",
            )


# ---------------------------------------------------------------------------------------
# PM403


def is_final(doc: Document, ctx: Context, kind: type[PM403Options] | type[PM405Options]) -> Field | None:
    """The Status field when it says Final (the rule's `final-statuses`), else None."""
    status = doc.field("Status")
    finals = {name.casefold() for name in ctx.options(kind).final_statuses}
    return status if status is not None and status.value.casefold() in finals else None


@check("PM403")
def not_shared(doc: Document, ctx: Context) -> Iterator[Problem]:
    """A Final document's Shared field (or an alias) names a link, a #channel, a mailing
    list or a dated note; a `pending` mark from `pmlint share` does not count."""
    status = is_final(doc, ctx, PM403Options)
    if status is None:
        return
    share = ctx.config.share
    shared = find_shared(doc, [share.field_name, *share.field_aliases])
    if shared is None:
        yield Problem(status.line, 1, f"Status is Final but no '{share.field_name}' field says where it was shared; "
                      f"add '**{share.field_name}:**' with a link, #channel, mailing list or dated note, "
                      "or run `pmlint share`")
        return
    from pmlint.checks.document.placeholders import placeholder_at

    if placeholder_at(doc, ctx, shared.line, shared.column):
        return  # the template's placeholder: PM105 reports it, once
    record = read_shared(shared.value)
    if record.kind == "pending":
        yield Problem(shared.line, shared.column, "pmlint share started a post and did not record its outcome; "
                      "search the channel for the id, then write where it was shared, or delete the line to post again")
    elif not record.kind:
        yield Problem(shared.line, shared.column,
                      f"'{shared.name}' names no link, #channel, mailing list or dated note "
                      "(e.g. '#eng-all, 2026-11-25')")


# ---------------------------------------------------------------------------------------
# PM405


def _stale(link: RunbookLink, date: dt.date, ctx: Context) -> str | None:
    """Why a linked runbook that exists shows no update since the incident, or None."""
    assert link.path is not None
    runbooks = ctx.project.runbooks
    change = runbooks.last_change(link.path)
    # Unknown (no git, not committed yet) or changed on or after the Date: a commit on the
    # incident's day may well follow it, and the day is all the Date says.
    if change is None or change.day >= date:
        return None
    if runbooks.uncommitted(link.path):
        return None  # updated in the working tree, to be committed with the post-mortem
    when = f"on {change.day}" if change.exact else f"on {change.day} or earlier (shallow clone)"
    return (f"runbook '{link.path}' last changed {when}, before the incident on {date}; "
            "update it with what this incident taught, or remove the link if it was not affected")


def _item_line(doc: Document, ctx: Context, key: str) -> int:
    for row in action_rows(doc, ctx.config.template):
        if row.key == key:
            return row.line
    return doc.header_line


@check("PM405")
def runbook_stale(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Linked runbooks exist inside the root; for a Final document each has a commit on or
    after the incident's Date; a done `Write runbook: X` item names a runbook file."""
    # Imported here: a run without PM405 (or a pre-commit run on one file) does not pay for it.
    from pmlint.project.runbooks import runbook_item, runbook_links

    final = is_final(doc, ctx, PM405Options) is not None
    make = RaisedProblem if final else Problem
    date_field = doc.field("Date")
    date = parse_iso_date(date_field.value) if date_field is not None else None
    project = ctx.project
    for link in runbook_links(doc, ctx.config.runbooks):
        if link.path is None:
            message = f"runbook link '{link.target}' leads outside the project root; not followed"
            yield make(link.line, link.column, message)
            continue
        where = resolve_inside(ctx.root, link.path)
        if isinstance(where, str):
            yield make(link.line, link.column, f"runbook link '{link.target}': {where}; not followed")
        elif not where.is_file():
            yield make(link.line, link.column, f"linked runbook '{link.path}' does not exist; "
                       f"fix the link or write the runbook (runbooks: {', '.join(ctx.config.runbooks)})")
        elif final and date is not None and ctx.use_git:
            stale = _stale(link, date, ctx)
            if stale:
                yield make(link.line, link.column, stale)
    for item in project.todo_items_for(doc.path):
        name = runbook_item(item.text) if item.done else None
        if name is not None and project.runbooks.find(name, doc.path) is None:
            yield make(_item_line(doc, ctx, item.key), 1,
                       f"TODO.md line {item.line} marks '{item.text}' done, but no runbook file is named "
                       f"'{name}' or titled so (runbooks: {', '.join(ctx.config.runbooks)}); "
                       "link the runbook or write it")
