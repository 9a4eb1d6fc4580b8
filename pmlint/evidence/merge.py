"""`--into DOC`: the drafted rows merged into the document's Timeline table.

Only new lines are inserted; every byte already in the file stays as it was (line endings,
a BOM, trailing spaces, the human rows). A row already there (same minute, an event that
starts the same) is not added again, so a second run changes nothing. New rows go in time
order; a row that needs its own date goes in only where it cannot change the day of the
undated rows below it. The file is replaced atomically.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import NamedTuple

from pmlint.evidence.doctable import DocRow, TimelineTable, read_table
from pmlint.evidence.events import TimelineError
from pmlint.evidence.group import Row
from pmlint.evidence.render import cell, event_text, source_text, uncell
from pmlint.parse.document import parse_document
from pmlint.read.files import BOM, Unreadable, read_text, write_atomic

BOM_BYTES = BOM.encode("utf-8")
LARGEST_DOCUMENT = 5_000_000


class Merged(NamedTuple):
    added: int
    present: int  # rows already in the table
    notes: list[str]  # rows left out, and why
    changed: bool


def _comparable(text: str) -> str:
    return " ".join(text.split()).casefold()


def _present(row: Row, rows: list[DocRow]) -> bool:
    """True when the table has a row of the same minute whose event starts as this one."""
    event = _comparable(row.event)
    return any(r.moment is not None and r.moment.replace(second=0) == row.minute
               and _comparable(uncell(r.event)).startswith(event) for r in rows)


def _position(row: Row, rows: list[DocRow]) -> int:
    """Index of the first table row later than `row` (len(rows) when none is): the new row
    goes before it. A row without a readable time sits where the row above it sits."""
    last: dt.datetime | None = None
    for index, existing in enumerate(rows):
        last = existing.moment or last
        if last is not None and last > row.minute:
            return index
    return len(rows)


def relative_origin(origin: str, cwd: Path, folder: Path) -> str:
    """An origin (`logs/app.log:12`, `/abs/k8s.json revision 3`) with its file written relative
    to the document's folder: the committed document names evidence as its readers find it,
    never by a path of the machine that drafted it."""
    end = len(origin)
    for stop in (":", " ", "#"):
        at = origin.find(stop, 1)
        if at > 0:
            end = min(end, at)
    name = origin[:end]
    path = Path(name) if Path(name).is_absolute() else cwd / name
    try:
        if not path.is_file():
            return origin
    except OSError:
        return origin
    return Path(os.path.relpath(path, folder)).as_posix() + origin[end:]


def _cells(found: TimelineTable, width: int, time: str, row: Row) -> str:
    cells = [""] * width
    if found.day is not None and found.day < width:
        cells[found.day], time = row.minute.strftime("%Y-%m-%d"), row.minute.strftime("%H:%M")
    cells[found.time] = time
    event = event_text(row)
    if found.source is not None and found.source < width:
        cells[found.source] = source_text(row)
    else:  # no Source column: the source after the event, in one pair of parentheses
        event = f"{event} ({row.source}: {row.origin})"
    cells[found.event] = event
    return "| " + " | ".join(cell(text) for text in cells) + " |"


def _new_lines(found: TimelineTable, rows: list[Row]) -> tuple[dict[int, list[str]], int, int, list[str]]:
    """The lines to insert, by index of the table row they go before; added, present, notes."""
    table_rows = found.rows
    width = len(found.table.columns) if found.table is not None else 3
    inserts: dict[int, list[str]] = {}
    day_at: dict[int, dt.date | None] = {}
    added = present = 0
    notes = []
    for row in rows:
        if _present(row, table_rows):
            present += 1
            continue
        index = _position(row, table_rows)
        before = table_rows[index - 1].day if index else found.date
        day = day_at.get(index, before)
        following = table_rows[index] if index < len(table_rows) else None
        same_day = row.minute.date() == day
        if not same_day and following is not None and not following.dated:
            notes.append(f"{row.minute:%Y-%m-%d %H:%M} {row.event[:60]!r}: not added; it would change the day "
                         f"of the undated row on line {following.line} (write the date on that row)")
            continue
        # A Date column takes the day of every new row; else the day is written where it changes.
        time = row.minute.strftime("%H:%M" if same_day or found.day is not None else "%Y-%m-%d %H:%M")
        if not same_day:
            day_at[index] = row.minute.date()
        inserts.setdefault(index, []).append(_cells(found, width, time, row))
        added += 1
    return inserts, added, present, notes


def target(path: Path, shown: str, aliases: dict[str, list[str]]) -> tuple[str, TimelineTable]:
    """The document's text and Timeline, or a one-line error: checked before any evidence
    is read, and again when merging."""
    text = read_text(path, LARGEST_DOCUMENT)
    if isinstance(text, Unreadable):
        message = "no such file" if "No such file" in text.message else text.message
        raise TimelineError(f"{shown}: {message}")
    found = read_table(parse_document(text, shown), aliases)
    if found is None:
        raise TimelineError(f"{shown}: has no Timeline section to merge into; add `## Timeline` first")
    return text, found


def merge(path: Path, shown: str, rows: list[Row], aliases: dict[str, list[str]], cwd: Path | None = None) -> Merged:
    text, found = target(path, shown, aliases)
    if cwd is not None:
        folder = path.parent
        rows = [row._replace(origin=relative_origin(row.origin, cwd, folder)) for row in rows]
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TimelineError(f"{shown}: cannot read: {exc.strerror or exc}") from None
    bom = raw.startswith(BOM_BYTES)
    parts = (raw[len(BOM_BYTES):] if bom else raw).split(b"\n")
    inserts, added, present, notes = _new_lines(found, rows)
    if not inserts:
        return Merged(0, present, notes, False)
    if found.table is None:
        parts = _with_new_table(parts, found, inserts.get(0, []))
    else:
        crlf = parts[found.table.line - 1].endswith(b"\r")
        for index in sorted(inserts, reverse=True):  # from the bottom: line numbers above stay put
            after = found.table.line + 1 if index == 0 else found.rows[index - 1].line
            lines = [line.encode("utf-8") + (b"\r" if crlf else b"") for line in inserts[index]]
            parts = _insert(parts, after, lines, crlf)
    data = (BOM_BYTES if bom else b"") + b"\n".join(parts)
    _check_read_back(data, shown, aliases, len(found.rows) + added)
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise TimelineError(f"{shown}: cannot write: {exc.strerror or exc}") from None
    return Merged(added, present, notes, True)


def _check_read_back(data: bytes, shown: str, aliases: dict[str, list[str]], rows: int) -> None:
    """A one-line TimelineError unless the Timeline as it would be written holds every row:
    rows that land in an unclosed ``` fence or `<!--` comment are not read, so each run would
    add them again (as `--fix` refuses for TODO.md)."""
    text = data.decode("utf-8", "replace").removeprefix(BOM)
    found = read_table(parse_document(text, shown), aliases)
    if found is None or found.table is None or len(found.rows) < rows:
        raise TimelineError(f"{shown}: the rows added would not be read back (an unclosed ``` fence or <!-- comment "
                            "in the Timeline section?); close it, then run --into again; not changed")


def _insert(parts: list[bytes], after: int, lines: list[bytes], crlf: bool) -> list[bytes]:
    """`lines` (each ending in CR where the file uses CRLF) inserted after 1-based line `after`."""
    if after >= len(parts):  # after the last line, which has no line end of its own
        last = parts[-1] + (b"\r" if crlf and not parts[-1].endswith(b"\r") else b"")
        lines[-1] = lines[-1].removesuffix(b"\r")
        return parts[:-1] + [last] + lines
    return parts[:after] + lines + parts[after:]


def _with_new_table(parts: list[bytes], found: TimelineTable, rows: list[str]) -> list[bytes]:
    """A Timeline section without a table gets one after its last non-blank line."""
    section = found.section
    crlf = parts[section.line - 1].endswith(b"\r")
    last = section.line
    for number in range(section.line, min(section.end, len(parts)) + 1):
        if parts[number - 1].strip():
            last = number
    said_utc = any(b"UTC" in parts[n - 1] for n in range(section.line, last + 1))
    block = [""] + ([] if said_utc else ["All times in UTC.", ""])
    block += ["| Time | Event | Source |", "| --- | --- | --- |", *rows]
    if last < len(parts) and parts[last].strip():
        block.append("")
    lines = [line.encode("utf-8") + (b"\r" if crlf else b"") for line in block]
    return _insert(parts, last, lines, crlf)
