"""The rows as Markdown (a Timeline table that `pmlint check` accepts), JSON or CSV, and
the summary of what each source gave."""

from __future__ import annotations

from pmlint.timeline.group import Row
from pmlint.timeline.model import Tally, Window

FORMATS = ("markdown", "json", "csv")


def cell(text: str) -> str:
    """Text safe inside a table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def event_text(row: Row) -> str:
    """The event as the table shows it: the first message, `×N` when it repeated."""
    if row.count == 1:
        return row.event
    files = f", {row.files} files" if row.files > 1 else ""
    return f"{row.event} (\u00d7{row.count}{files})"


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


def markdown(rows: list[Row], window: Window, tallies: dict[str, Tally]) -> str:
    lines = [f"<!-- pmlint timeline: {window.label()}; {counts(tallies, rows) or 'no evidence'} -->",
             "All times in UTC.", "", "| Time | Event | Source |", "| --- | --- | --- |"]
    for time, row in zip(time_cells(rows), rows, strict=False):
        lines.append(f"| {time} | {cell(event_text(row))} | {cell(source_text(row))} |")
    return "\n".join(lines) + "\n"


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
    json encodes in pure Python (~4 us a row); the strings still go through json's own
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
    writer.writerows(records(rows))
    return out.getvalue()


def render(kind: str, rows: list[Row], window: Window, tallies: dict[str, Tally]) -> str:
    if kind == "json":
        return as_json(rows)
    if kind == "csv":
        return as_csv(rows)
    return markdown(rows, window, tallies)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


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
        if tally.outside:
            parts.append(f"{tally.outside:,} outside the window")
        if tally.no_time:
            parts.append(f"{tally.no_time:,} without a timestamp")
        if tally.duplicates:
            parts.append(f"{tally.duplicates:,} duplicates")
        lines.append(f"{kind}: " + ", ".join(parts))
    for kind, tally in tallies.items():
        if tally.assumed:
            lines.append(f"warning: {kind}: {_plural(tally.assumed, 'timestamp')} had no zone (or no year); "
                         f"read as {zone} (--assume-tz)")
    return lines
