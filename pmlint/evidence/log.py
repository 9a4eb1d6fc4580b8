"""Log files: the records `--match` keeps (by default the error-level ones), with the time
each record carries.

Logs are big (a 100 MB file is ordinary), so they are streamed and searched as bytes
(`scan`) for the lines that could be kept, and only those are decoded and read. What could
be an error is told from the file's first lines (`linefmt.sniff`): the level words its
lines use, a syslog `<PRI>`, klog's `E`/`F`, JSON `level` members, HTTP status codes.

A line without a time of its own continues the record above it (a Traceback, a Go stack,
a wrapped message): it is not a second event. A Traceback or a panic under a record makes
that record an error. CRI `P` fragments are joined until their `F`; a JSON record broken
over two lines is read as one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from pmlint.evidence import linefmt
from pmlint.evidence.events import Event, Source, Tally, TimelineError
from pmlint.evidence.linefmt import Parsed, is_error_marker, parse_line, table_message
from pmlint.evidence.scan import Matcher, matching_lines_in_context
from pmlint.evidence.times import Clock

__all__ = ["has_timestamp", "read", "read_line", "table_message"]
CONTEXT_LINES = 200  # how far above an untimed line its record's first line is looked for
JOINED_LINES = 8  # a JSON record broken over more lines than this is not put together


def read_line(text: str, clock: Clock, tally: Tally) -> tuple[dt.datetime, str] | None:
    """When a log line happened and what it says; None when it carries no timestamp."""
    found = parse_line(text, clock, tally)
    return (found.moment, found.message) if found is not None else None


def has_timestamp(text: str) -> bool:
    """True when a line carries a timestamp form this reader knows (for sniffing)."""
    return linefmt.has_timestamp(text)


class _Record:
    """The last record with a time of its own: untimed lines below it belong to it."""

    __slots__ = ("number", "parsed", "kept")

    def __init__(self, number: int, parsed: Parsed, kept: bool) -> None:
        self.number = number
        self.parsed = parsed
        self.kept = kept


class _Reader:
    def __init__(self, source: Source, clock: Clock, keep: linefmt.Keep, tally: Tally) -> None:
        self.source = source
        self.clock = clock
        self.keep = keep
        self.tally = tally
        self.head: _Record | None = None
        self.fragments: dict[str, tuple[int, Parsed, list[str]]] = {}  # CRI P lines by stream
        self.consumed = 0  # lines up to here were read as part of a broken JSON record

    def event(self, number: int, parsed: Parsed, message: str | None = None) -> Event:
        text = table_message(message if message is not None else parsed.message)
        return Event(parsed.moment, "log", text or "(empty line)", f"{self.source.shown}:{number}")

    def line(self, number: int, raw: bytes, chunk: bytes, start: int) -> Iterator[Event]:
        tally = self.tally
        if number <= self.consumed:
            tally.continued += 1
            return
        text = raw.decode("utf-8", "replace").rstrip("\r")
        parsed = parse_line(text, self.clock, tally)
        if parsed is None and text.lstrip().startswith("{"):
            parsed = self.broken_json(number, text, chunk, start)
        if parsed is None:
            yield from self.untimed(number, text, chunk, start)
            return
        if parsed.fragment is not None:
            yield from self.fragment(number, parsed)
            return
        kept = self.keep.wanted(parsed, text)
        self.head = _Record(number, parsed, kept)
        if kept:
            yield self.event(number, parsed)

    def fragment(self, number: int, parsed: Parsed) -> Iterator[Event]:
        """CRI `P` lines are parts of one line the runtime cut: joined until the stream's `F`."""
        stream, last = parsed.fragment or ("", True)
        pending = self.fragments.pop(stream, None)
        if pending is None:
            pending = (number, parsed, [])
        else:
            self.tally.continued += 1
        pending[2].append(parsed.message)
        if not last:
            self.fragments[stream] = pending
            return
        first_number, first, parts = pending
        whole = first._replace(message="".join(parts), fragment=None)
        whole_text = whole.message
        kept = self.keep.wanted(whole, whole_text) or self.keep.wanted(parsed, whole_text)
        self.head = _Record(first_number, whole, kept)
        if kept:
            yield self.event(first_number, whole)

    def broken_json(self, number: int, text: str, chunk: bytes, start: int) -> Parsed | None:
        """A JSON record a raw newline broke over lines: read with the lines that complete it."""
        position, parts = start, [text]
        for extra in range(1, JOINED_LINES + 1):
            line_end = chunk.find(b"\n", position)
            if line_end < 0:
                return None
            following = chunk.find(b"\n", line_end + 1)
            piece = chunk[line_end + 1 : following if following >= 0 else len(chunk)]
            parts.append(piece.decode("utf-8", "replace").rstrip("\r"))
            position = line_end + 1
            try:
                json.loads("\n".join(parts))
            except (ValueError, RecursionError):
                continue
            parsed = linefmt.parse_json_text("\\n".join(parts), self.clock, self.tally)
            if parsed is not None:
                self.consumed = number + extra
            return parsed
        return None

    def untimed(self, number: int, text: str, chunk: bytes, start: int) -> Iterator[Event]:
        """A line without a time: part of the record above it, or a record nothing can place."""
        tally = self.tally
        above = self.record_above(number, chunk, start)
        if above is None:
            if text.strip():
                tally.no_time += 1
            else:
                tally.continued += 1
            return
        tally.continued += 1
        head = self.head
        if head is None or head.number != above[0]:  # a record the match passed by
            parsed = parse_line(above[1], self.clock, Tally())
            if parsed is None:
                return
            head = self.head = _Record(above[0], parsed, False)
        if head.kept or not (is_error_marker(text) or self.keep.matches(text)):
            return
        head.kept = True  # a Traceback or a panic makes its record an error; so does a --match word
        yield self.event(head.number, head.parsed, f"{head.parsed.message} \u2014 {text.strip()}")

    def record_above(self, number: int, chunk: bytes, start: int) -> tuple[int, str] | None:
        """The number and text of the nearest line above with a time of its own (in this chunk)."""
        head = self.head
        if self.keep.everything:  # every line is read: the last record read is the one above
            return (head.number, "") if head is not None else None
        end = start - 1
        for back in range(1, CONTEXT_LINES + 1):
            if end < 0:
                return None
            if head is not None and head.number == number - back:
                return head.number, ""
            line_start = chunk.rfind(b"\n", 0, end) + 1
            text = chunk[line_start:end].decode("utf-8", "replace").rstrip("\r")
            if linefmt.has_timestamp(text):
                return number - back, text
            end = line_start - 1
        return None

    def finish(self) -> Iterator[Event]:
        for first_number, first, parts in self.fragments.values():  # a P line never closed
            whole = first._replace(message="".join(parts), fragment=None)
            if self.keep.wanted(whole, whole.message):
                yield self.event(first_number, whole)


def read(source: Source, clock: Clock, user: Matcher | None, tally: Tally, everything: bool = False) -> Iterator[Event]:
    """The records of a log the match keeps: with `everything`, all; else the error-level
    ones and those `user` (`--match`) matches."""
    if source.data is not None:
        yield from _records(source, clock, tally, linefmt.Keep(user, linefmt.ANY_STYLE, everything))
        return
    try:
        handle = source.path.open("rb")
    except OSError as exc:
        raise TimelineError(f"{source.shown}: cannot read: {exc.strerror or exc}") from None
    with handle:
        head = handle.read(linefmt.HEAD)
        handle.seek(0)
        if linefmt.is_journal_export(head):
            yield from _journal_export(source, handle, clock, tally, linefmt.Keep(user, linefmt.ANY_STYLE, everything))
            return
        keep = linefmt.Keep(user, linefmt.sniff(head), everything)
        reader = _Reader(source, clock, keep, tally)
        for number, line, chunk, start in matching_lines_in_context(handle, keep.prefilter, tally):
            yield from reader.line(number, line, chunk, start)
        yield from reader.finish()


def _records(source: Source, clock: Clock, tally: Tally, keep: linefmt.Keep) -> Iterator[Event]:
    """A JSON document of log records (a CloudWatch export, one pretty-printed record)."""
    for number, record in enumerate(linefmt.json_records(source.data), start=1):
        tally.read += 1
        parsed = linefmt.parse_json_record(record, clock, tally)
        if parsed is None:
            tally.no_time += 1
            continue
        text = json.dumps(record, ensure_ascii=False, default=str)[:4096]
        if not keep.wanted(parsed, text):
            continue
        where = source.shown if number == 1 and not isinstance(source.data, list) else f"{source.shown}#{number}"
        yield Event(parsed.moment, "log", table_message(parsed.message) or "(empty record)", where)


def _journal_export(source: Source, handle: Any, clock: Clock, tally: Tally, keep: linefmt.Keep) -> Iterator[Event]:
    """`journalctl -o export`: `KEY=value` lines, one record per blank-line-separated block."""
    fields: dict[str, str] = {}
    first = 0
    for number, raw in enumerate(handle, start=1):
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if line:
            tally.read += 1
            tally.continued += 1
            first = first or number
            key, sep, value = line.partition("=")
            if sep and key in ("__REALTIME_TIMESTAMP", "MESSAGE", "PRIORITY", "SYSLOG_IDENTIFIER"):
                fields[key] = value
            continue
        if fields:
            yield from _journal_record(source, fields, first, clock, tally, keep)
        fields, first = {}, 0
    if fields:
        yield from _journal_record(source, fields, first, clock, tally, keep)


def _journal_record(source: Source, fields: dict[str, str], number: int, clock: Clock, tally: Tally,
                    keep: linefmt.Keep) -> Iterator[Event]:
    tally.continued -= 1  # the record's first line is the record
    parsed = linefmt.parse_json_record(fields, clock, tally)
    if parsed is None:
        tally.no_time += 1
        return
    if not keep.wanted(parsed, fields.get("MESSAGE", "")):
        return
    yield Event(parsed.moment, "log", table_message(parsed.message) or "(empty record)", f"{source.shown}:{number}")
