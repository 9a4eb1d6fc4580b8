"""Log files: the lines matching `--match`, with the timestamp each line carries.

Logs are big (a 100 MB file is ordinary), so they are streamed and searched as bytes
(`scan`), and only the lines that match are decoded and have their timestamps read.

Timestamp forms, at the start of the line (after an optional `grep -H` file prefix and an
optional `[`): RFC 3339 / ISO 8601 (`2026-11-27T14:02:11.572+01:00`, `2026-11-27
14:02:11,123`), RFC 3164 syslog (`Nov 27 14:02:11`, no year, no zone), epoch seconds / ms /
µs; anywhere in the line: CLF (`[27/Nov/2026:14:02:11 +0000]`); JSON lines: the `time`,
`ts`, `timestamp`, `@timestamp` or `__REALTIME_TIMESTAMP` member.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

from pmlint.evidence.events import UTC, Event, Source, Tally, TimelineError
from pmlint.evidence.scan import Matcher, matching_lines
from pmlint.evidence.times import MONTHS, Clock, from_epoch

SHOWN = 160  # characters of a message kept for the row
# Only where a run of name characters starts: a search does not rescan the run from each one.
GREP_PREFIX = re.compile(r"(?<![^\s:\[{])[^\s:\[{]{1,255}:(?:\d{1,12}:)?")
STAMP = re.compile(
    r"\[?(?:"
    r"(?P<iso>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?"
    r"(?:\s?(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})(?![\w:]))?)"
    r"|(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) {1,2}(?P<day>\d{1,2}) (?P<clock>\d{2}:\d{2}:\d{2})"
    r"|(?P<epoch>\d{10}(?:\.\d{1,9})?|\d{13}|\d{16}|\d{19})(?![\d:])"
    r")\]?[\s:|-]*"
)
CLF = re.compile(r"\[(\d{2})/([A-Z][a-z]{2})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\]")
JSON_TIME_KEYS = ("time", "ts", "timestamp", "@timestamp", "__REALTIME_TIMESTAMP", "t")
JSON_MESSAGE_KEYS = ("msg", "message", "MESSAGE", "log", "event")
JSON_LEVEL_KEYS = ("level", "severity", "log.level", "lvl")


def _json_line(text: str, clock: Clock, tally: Tally) -> tuple[dt.datetime, str] | None:
    try:
        record = json.loads(text)
    except (ValueError, RecursionError):  # nested past what json reads
        return None
    if not isinstance(record, dict):
        return None
    moment = None
    for key in JSON_TIME_KEYS:
        value = record.get(key)
        if value is None or isinstance(value, bool):
            continue
        if isinstance(value, (int, float)) or (isinstance(value, str) and value.replace(".", "", 1).isdigit()):
            moment = from_epoch(value)
        else:
            moment = clock.iso(value, tally)
        if moment is not None:
            break
    if moment is None:
        return None
    message = next((str(record[k]) for k in JSON_MESSAGE_KEYS if isinstance(record.get(k), (str, int, float))), "")
    level = next((str(record[k]) for k in JSON_LEVEL_KEYS if isinstance(record.get(k), str)), "")
    return moment, f"{level.upper()} {message}".strip() or text


def _stamp(text: str, clock: Clock, tally: Tally) -> tuple[dt.datetime, str] | None:
    """The timestamp at the start of `text` and the message after it."""
    found = STAMP.match(text)
    if found is None:
        return None
    rest = text[found.end() :]
    moment: dt.datetime | None
    if iso := found.group("iso"):
        try:  # the common forms, without the normalising fallbacks of clock.iso
            moment = clock.from_iso(iso, tally)
        except (ValueError, OverflowError):  # OverflowError: year 1 moved across a zone
            moment = clock.iso(iso, tally)
    elif found.group("month"):
        moment = clock.syslog(found.group("month"), int(found.group("day")), found.group("clock"), tally)
    else:
        moment = from_epoch(found.group("epoch"))
    return (moment, rest) if moment is not None else None


def _clf(text: str) -> dt.datetime | None:
    found = CLF.search(text)
    if found is None:
        return None
    day, month, year, hours, minutes, seconds, zone = found.groups()
    number = MONTHS.get(month)
    if number is None:
        return None
    try:
        offset = dt.timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
        local = dt.datetime(int(year), number, int(day), int(hours), int(minutes), int(seconds),
                            tzinfo=dt.timezone(-offset if zone[0] == "-" else offset))
        return local.astimezone(UTC)
    except (ValueError, OverflowError):  # no such day, or an offset pushing it off the calendar
        return None


def read_line(text: str, clock: Clock, tally: Tally) -> tuple[dt.datetime, str] | None:
    """When a log line happened and what it says; None when it carries no timestamp."""
    found = _at_start(text, clock, tally)
    if found is None:
        rest = _without_prefix(text)  # only now: most lines start with their timestamp
        found = _at_start(rest, clock, tally) if rest is not None else None
    if found is not None:
        return found
    moment = _clf(text)
    return (moment, text) if moment is not None else None


def _at_start(text: str, clock: Clock, tally: Tally) -> tuple[dt.datetime, str] | None:
    return _json_line(text, clock, tally) if text.startswith("{") else _stamp(text, clock, tally)


def _without_prefix(text: str) -> str | None:
    """The line without the `file:` (or `file:line:`) that `grep -H` / `grep -Hn` put before it."""
    prefix = GREP_PREFIX.match(text)
    return text[prefix.end() :] if prefix else None


def has_timestamp(text: str) -> bool:
    """True when a line carries a timestamp form this reader knows (for sniffing)."""
    for candidate in (text, _without_prefix(text)):
        if not candidate:
            continue
        if candidate.startswith("{"):
            try:
                record = json.loads(candidate)
            except (ValueError, RecursionError):  # nested past what json reads
                continue
            if isinstance(record, dict) and any(key in record for key in JSON_TIME_KEYS):
                return True
        elif STAMP.match(candidate):
            return True
    return CLF.search(text) is not None


def table_message(text: str) -> str:
    """A message as one table-safe line, cut to SHOWN characters."""
    if "  " in text or "\t" in text or "\n" in text or "\r" in text:
        text = " ".join(text.split())
    else:
        text = text.strip()
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "\u2026"


def read(source: Source, clock: Clock, match: Matcher, tally: Tally) -> Iterator[Event]:
    for number, raw in _serial(source, match, tally):
        text = raw.decode("utf-8", "replace").rstrip("\r")
        found = read_line(text, clock, tally)
        if found is None:
            tally.no_time += 1
            continue
        moment, message = found
        yield Event(moment, "log", table_message(message) or table_message(text), f"{source.shown}:{number}")


def _serial(source: Source, match: Matcher, tally: Tally) -> Iterator[tuple[int, bytes]]:
    try:
        handle = source.path.open("rb")
    except OSError as exc:
        raise TimelineError(f"{source.shown}: cannot read: {exc.strerror or exc}") from None
    with handle:
        yield from matching_lines(handle, match, tally)
