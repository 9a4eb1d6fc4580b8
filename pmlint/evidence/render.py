"""The rows as Markdown (a Timeline table that `pmlint check` accepts), JSON or CSV, and
the summary of what each source gave."""

from __future__ import annotations

import re

from pmlint.evidence.draft import DEFAULT_MAX_ROWS, Draft, draft
from pmlint.evidence.events import Tally, Window
from pmlint.evidence.group import Row

FORMATS = ("markdown", "json", "csv")
# What evidence text must not become in Markdown: a pipe (a new cell), emphasis, a link or
# image, a code span, and an entity. Each is escaped with a backslash; `_` only where it
# could open or close emphasis (not inside a word: `user_id` stays as it is), and a bracket
# only where it would make a link (`](` or `][`: `app[812]:` stays as syslog wrote it).
MARKDOWN_SPECIAL = re.compile(r"[\\`*|~]|(?<=\])[(\[]|(?<!\w)_|_(?!\w)|&(?=#?\w+;)")
ESCAPED = re.compile(r"\\([\\`*|~_&(\[])|&lt;")
# A spreadsheet runs a cell that opens with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(text: str) -> str:
    """Evidence as text inside a table cell: one line, Markdown's punctuation escaped, and
    `<` written `&lt;`, so a log line holding `<!-- pmlint-disable-file -->` or `<script>`
    is shown, never obeyed."""
    return MARKDOWN_SPECIAL.sub(r"\\\g<0>", " ".join(text.split())).replace("<", "&lt;")


def uncell(text: str) -> str:
    """The text a cell shows: `cell`'s escapes undone (also on cells a person wrote)."""
    return ESCAPED.sub(lambda found: found.group(1) or "<", text)


def event_text(row: Row) -> str:
    """The event as the table shows it: the first message, `×N` when it repeated."""
    if row.count == 1:
        return row.event
    files = f", {row.files} files" if row.files > 1 else ""
    if row.until is not None:
        minutes = int((row.until - row.minute).total_seconds() // 60) + 1
        return f"{row.event} (\u00d7{row.count:,} over {minutes} min, until {row.until:%H:%M}{files})"
    return f"{row.event} (\u00d7{row.count:,}{files})"


def source_text(row: Row) -> str:
    return f"{row.source} ({row.origin})"


def time_cells(rows: list[Row]) -> list[str]:
    """`YYYY-MM-DD HH:MM` on the first row and wherever the day changes, `HH:MM` otherwise."""
    cells, day = [], None
    for row in rows:
        if row.minute.date() != day:
            day = row.minute.date()
            cells.append(row.minute.strftime("%Y-%m-%d %H:%M"))
        else:
            cells.append(row.minute.strftime("%H:%M"))
    return cells


def counts(tallies: dict[str, Tally], rows: list[Row]) -> str:
    per_source = {kind: sum(1 for row in rows if row.source == kind) for kind in tallies}
    return ", ".join(f"{kind} {tally.kept}\u2192{per_source[kind]} rows" for kind, tally in tallies.items())


def markdown(found: Draft, window: Window, tallies: dict[str, Tally]) -> str:
    lines = [f"<!-- pmlint timeline: {window.label()}; {counts(tallies, found.rows) or 'no evidence'} -->",
             "All times in UTC.", "", "| Time | Event | Source |", "|---|---|---|"]
    for time, row in zip(time_cells(found.rows), found.rows, strict=False):
        lines.append(f"| {time} | {cell(event_text(row))} | {cell(source_text(row))} |")
    if found.hidden_rows:
        lines += ["", f"<!-- pmlint timeline: {hidden(found)} -->"]
    return "\n".join(lines) + "\n"


def hidden(found: Draft) -> str:
    return (f"{_plural(found.hidden_rows, 'more row')} ({_plural(found.hidden_events, 'event')}) left out "
            "(--max-rows 0 shows every row)")


def _minute_texts(rows: list[Row]) -> list[str]:
    """Each row's minute as JSON and CSV write it; rows come in time order, so a minute is
    formatted once, not once per row."""
    texts, last, text = [], None, ""
    for row in rows:
        if row.minute != last:
            last, text = row.minute, row.minute.strftime("%Y-%m-%dT%H:%MZ")
        texts.append(text)
    return texts


def records(rows: list[Row]) -> list[dict[str, object]]:
    return [{"time": time, "source": row.source, "event": row.event, "count": row.count, "origin": row.origin}
            for time, row in zip(_minute_texts(rows), rows, strict=True)]


def as_json(rows: list[Row]) -> str:
    """`json.dumps(records(rows), ensure_ascii=False, indent=2)`, written out: with an indent
    json encodes in pure Python, row by row much slower; the strings still go through json's own
    escaping, so the text is the same."""
    if not rows:
        return "[]\n"
    from json.encoder import encode_basestring as quote  # what ensure_ascii=False escapes with

    objects = [f'  {{\n    "time": {quote(time)},\n    "source": {quote(row.source)},\n    "event": {quote(row.event)},'
               f'\n    "count": {int.__repr__(row.count)},\n    "origin": {quote(row.origin)}\n  }}'
               for time, row in zip(_minute_texts(rows), rows, strict=True)]
    return "[\n" + ",\n".join(objects) + "\n]\n"


def as_csv(rows: list[Row]) -> str:
    import csv  # only for CSV: JSON and Markdown runs do without it
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, ["time", "source", "event", "count", "origin"], lineterminator="\n")
    writer.writeheader()
    for record in records(rows):
        writer.writerow({key: _not_a_formula(value) for key, value in record.items()})
    return out.getvalue()


def _not_a_formula(value: object) -> object:
    """A text cell that opens like a formula gets a leading `'` (OWASP's advice for CSV
    injection): a log line `=HYPERLINK(...)` stays text in a spreadsheet."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def render(kind: str, rows: list[Row], window: Window, tallies: dict[str, Tally], drafted: Draft | None = None) -> str:
    """JSON and CSV: every row (the data); Markdown: the draft (`drafted`, else drafted here)."""
    if kind == "json":
        return as_json(rows)
    if kind == "csv":
        return as_csv(rows)
    return markdown(drafted or draft(rows, DEFAULT_MAX_ROWS), window, tallies)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"  # "more row" -> "more rows"


def summary(tallies: dict[str, Tally], rows: list[Row], window: Window, zone: str) -> list[str]:
    """One line per source (read, kept, dropped, assumed), then the loud warnings."""
    lines = [f"window {window.label()} (UTC)"]
    per_source = {kind: sum(1 for row in rows if row.source == kind) for kind in tallies}
    for kind, tally in tallies.items():
        parts = [
            f"{_plural(tally.files, 'file')}",
            f"{tally.read:,} read",
            f"{tally.kept:,} kept \u2192 {_plural(per_source[kind], 'row')}",
        ]
        if tally.unmatched:
            parts.append(f"{tally.unmatched:,} not matched")
        if tally.continued:
            parts.append(f"{tally.continued:,} continuing the record above")
        if tally.outside:
            parts.append(f"{tally.outside:,} outside the window")
        if tally.no_time:
            parts.append(f"{tally.no_time:,} without a timestamp")
        if tally.duplicates:
            parts.append(f"{tally.duplicates:,} duplicates")
        lines.append(f"{kind}: " + ", ".join(parts))
    for kind, tally in tallies.items():
        if tally.relative:
            lines.append(f"warning: {kind}: {_plural(tally.relative, 'event')} of a `kubectl describe` Events table "
                         "have only an age relative to when it ran: not placed (save `kubectl get events -o yaml` "
                         "for their times)")
        if tally.assumed:
            lines.append(f"warning: {kind}: {_plural(tally.assumed, 'timestamp')} had no zone (or no year); "
                         f"read as {zone} (--assume-tz)")
    return lines
