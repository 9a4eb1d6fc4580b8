"""One log line read: its time, its message and whether it is an error-level line.

The forms read, each at the start of the line after the prefixes tools put there (ANSI
colour codes, `docker compose`'s `service  | `, a CRI runtime's `TIME stdout F `, syslog's
`<PRI>`, `grep -H`'s `file:`), else as the first time in its first 100 characters (logfmt
`t=`, vdsm's `Thread::LEVEL::time`, ALB's `h2 time`, Redis' `1:M 25 Apr 2024 ...`):
ISO 8601 / RFC 3339 (any fraction, `Z`, `+hh:mm`, `+hhmm`, a zone abbreviation such as
`PDT`, a 12-hour `PM`), nginx's `2020/05/07 03:15:12`, ctime/Apache/Go's `Sun Dec 04
04:47:44 2005`, RFC 1123 and Redis' `25 Apr 2024 05:54:43`, US `12/04/2025 3:04:05 PM`,
syslog's `Nov 27 14:02:11` (no year), klog's `E1208 13:45:01.123456`, epochs (s, ms, µs,
ns, `1.68e+09`) at the start or in brackets, CLF's `[27/Nov/2026:14:02:11 +0000]`, and
JSON lines' time members.

The level is the line's own level field, never a word of its message: the first level
word among the line's first fields (`ERROR`, `[error]`, `[core:error]`, `level=error`,
`::ERROR::`), klog's letter, syslog's severity (`<PRI>` % 8), a JSON `level` member, an
access log's status code. A `WARN` line whose message says "status: ERROR" is a warning.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, NamedTuple

from pmlint.evidence.events import UTC, Tally, Window
from pmlint.evidence.scan import Matcher, matcher
from pmlint.evidence.times import MONTHS, Clock, from_epoch

# Sniffing reads a syslog day in a window of any year: only whether it is a time matters.
_ANY_TIME = Window(dt.datetime(1, 1, 2, tzinfo=UTC), dt.datetime(9999, 12, 30, tzinfo=UTC))
HEAD = 1 << 16  # what is looked at to tell a log's shape
SHOWN = 160  # characters of a message kept for the row
SEARCHED = 100  # a time not at the start of a line is looked for this far into it
ERROR_LEVELS = frozenset({"error", "err", "fatal", "critical", "crit", "panic", "dpanic", "alert", "emerg",
                          "emergency", "severe"})
ANSI = re.compile(r"\x1b\[[0-9;?]{0,32}[A-Za-z]")
COMPOSE = re.compile(r"([A-Za-z0-9][\w.-]{0,80}) +\| ?")
CRI = re.compile(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) (stdout|stderr) ([FP]) ?")
PRI = re.compile(r"<(\d{1,3})>(?:1 )?")
KLOG = re.compile(r"([IWEF])(\d{2})(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})? +\d+ ")
# Only where a run of name characters starts: a search does not rescan the run from each one.
GREP_PREFIX = re.compile(r"(?<![^\s:\[{])[^\s:\[{]{1,255}:(?:\d{1,12}:)?")
_MONTH = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_WEEKDAY = "Mon|Tue|Wed|Thu|Fri|Sat|Sun"
_ABBREVIATION = "PDT|PST|EDT|EST|CDT|CST|MDT|MST|CEST|CET|EEST|EET|BST|JST|KST|AEST|AEDT|NZST|NZDT|MSK|UTC|GMT"
ZONE_HOURS = {"PDT": -7, "PST": -8, "EDT": -4, "EST": -5, "CDT": -5, "CST": -6, "MDT": -6, "MST": -7, "CEST": 2,
              "CET": 1, "EEST": 3, "EET": 2, "BST": 1, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11, "NZST": 12,
              "NZDT": 13, "MSK": 3, "UTC": 0, "GMT": 0}
STAMP = re.compile(
    r"\[?(?:"
    r"(?P<iso>\d{4}-\d{2}-\d{2}[T \t]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?"
    r"(?:\s?(?:Z|z|UTC|GMT|[+-]\d{2}:?\d{2})(?![\w:]))?)"
    rf"(?: (?P<abbr>{_ABBREVIATION})(?![\w:]))?(?: ?(?P<ampm>[AP]M)(?!\w))?"
    r"|(?P<slash>\d{4}/\d{2}/\d{2}) (?P<sclock>\d{2}:\d{2}:\d{2})(?:\.\d{1,9})?"
    rf"|(?:{_WEEKDAY}) (?P<cmonth>{_MONTH}) {{1,2}}(?P<cday>\d{{1,2}}) "
    r"(?P<cclock>\d{2}:\d{2}:\d{2})(?:\.\d{1,9})?"
    r" (?P<cyear>\d{4})(?: (?P<czone>[+-]\d{4}))?"
    rf"|(?:(?:{_WEEKDAY}), )?(?P<dday>\d{{1,2}})[ -](?P<dmonth>{_MONTH})[ -](?P<dyear>\d{{4}})[ :]"
    r"(?P<dclock>\d{2}:\d{2}:\d{2})(?:[.,]\d{1,9})?(?: (?P<dzone>[+-]\d{4}|GMT|UTC)(?!\w))?"
    r"|(?P<us>\d{1,2}/\d{1,2}/\d{4}),? (?P<uclock>\d{1,2}:\d{2}(?::\d{2})?)(?:[.,]\d{1,9})?"
    r"(?: ?(?P<uampm>[AP]M)(?!\w))?"
    rf"|(?P<month>{_MONTH}) {{1,2}}(?P<day>\d{{1,2}}) (?P<clock>\d{{2}}:\d{{2}}:\d{{2}})(?:\.\d{{1,9}})?"
    r"|(?P<epoch>\d\.\d{1,17}[eE]\+?\d{2}|\d{10}(?:\.\d{1,9})?|\d{13}|\d{16}|\d{19})(?![\d:.])"
    r")\]?[\s:|-]*"
)
# A time inside the line's first characters: the full forms only (a bare epoch or a syslog
# day would be read out of any number), and an epoch in brackets, as Redis writes it.
INNER = re.compile(
    r"(?<![\w.])(?:\d{4}-\d{2}-\d{2}[T \t]\d{2}:\d{2}:\d{2}|\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}"
    rf"|(?:{_WEEKDAY}) (?:{_MONTH}) |\d{{1,2}} (?:{_MONTH}) \d{{4}} \d{{2}}:)"
    r"|[(\[](?=\d{10}(?:\.\d{1,9})?[)\]])"
)
CLF = re.compile(r"\[(\d{2})/([A-Z][a-z]{2})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\]")
# A level word among a line's first fields, bracketed, keyed or bare; other words of the
# message are never read as a level.
LEVEL = re.compile(
    r"(?<![^\s\[(<:\"'=|])(?:(?:level|lvl|severity|loglevel)=\"?)?"
    r"((?i:trace|debug|info|information|notice|warn|warning|error|err|fatal|crit|critical|alert|emerg|emergency"
    r"|panic|dpanic|severe|verbose)|LOG|STATEMENT|DETAIL|HINT|CONTEXT|FINE|FINER|FINEST)"
    r"(?=[\s\]):>\"',|]|$)"
)
# An access log's status: after the quoted request (CLF), or ELB's `elb_status target_status bytes bytes "`.
STATUS = re.compile(r"\" ([1-5]\d\d) |\s([1-5]\d\d) (?:[1-5]\d\d|-) \d+ \d+ \"")
# RFC 5424 after its time: HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG.
RFC5424 = re.compile(r"(\S{1,255}) (\S{1,48}) (\S{1,128}) (\S{1,32}) (?:-|(?:\[[^\]]{0,2048}\])+) ?")
ERROR_MARKER = re.compile(r"\s{0,8}(?:Traceback \(most recent call last\)|panic: |fatal error: |Exception in thread )")
JSON_TIME_KEYS = ("time", "ts", "timestamp", "@timestamp", "__REALTIME_TIMESTAMP", "t", "Timestamp", "@t",
                  "datetime", "date", "eventTime", "asctime")
JSON_MESSAGE_KEYS = ("msg", "message", "MESSAGE", "log", "event", "Message", "@m", "@mt", "text")
JSON_LEVEL_KEYS = ("level", "severity", "log.level", "lvl", "levelname", "@l", "loglevel", "level_name")


class Parsed(NamedTuple):
    moment: dt.datetime
    message: str
    error: bool | None  # True: an error-level line; False: another level; None: no level given
    fragment: tuple[str, bool] | None = None  # a CRI line: (stream, the last part)


def table_message(text: str) -> str:
    """A message as one table-safe line, cut to SHOWN characters."""
    if "  " in text or "\t" in text or "\n" in text or "\r" in text:
        text = " ".join(text.split())
    else:
        text = text.strip()
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "\u2026"


def is_error_marker(text: str) -> bool:
    """A Python traceback, a Go panic or fatal error, a Java uncaught exception."""
    return ERROR_MARKER.match(text) is not None


FIRST_WORD_LEVELS = {word: word.lower() in ERROR_LEVELS for word in (
    "TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "ERR", "FATAL", "CRIT", "CRITICAL", "ALERT",
    "EMERG", "PANIC", "SEVERE", "trace", "debug", "info", "warn", "warning", "error", "fatal", "critical")}


def _level_of(text: str) -> bool | None:
    """Whether the first level word among the first fields of `text` is an error level."""
    first = text[:12].split(" ", 1)[0].strip("[]:")
    if first in FIRST_WORD_LEVELS:  # the common `TIME LEVEL message`, without a search
        return FIRST_WORD_LEVELS[first]
    found = LEVEL.search(text, 0, SEARCHED)
    if found is None or found.start() > 0 and text.count(" ", 0, found.start()) > 6:
        return None
    return found.group(1).lower() in ERROR_LEVELS


def _status_level(text: str) -> bool | None:
    found = STATUS.search(text)
    if found is None:
        return None
    return int(found.group(1) or found.group(2)) >= 500


def _zone(text: str | None) -> dt.tzinfo | None:
    if not text:
        return None
    if text in ZONE_HOURS:
        return dt.timezone(dt.timedelta(hours=ZONE_HOURS[text]))
    sign = -1 if text[0] == "-" else 1
    return dt.timezone(sign * dt.timedelta(hours=int(text[1:3]), minutes=int(text[-2:])))


def _clock_parts(clock: str, ampm: str | None) -> tuple[int, int, int]:
    parts = [int(part) for part in clock.split(":")]
    hours, minutes, seconds = parts[0], parts[1], parts[2] if len(parts) > 2 else 0
    if ampm:
        hours = hours % 12 + (12 if ampm.upper() == "PM" else 0)
    return hours, minutes, seconds


def _local(clock: Clock, tally: Tally, year: int, month: int, day: int, hms: tuple[int, int, int],
           zone: dt.tzinfo | None) -> dt.datetime | None:
    try:
        moment = dt.datetime(year, month, day, *hms, tzinfo=zone)
        return clock.utc(moment, tally)
    except (ValueError, OverflowError):
        return None


def _moment(found: re.Match[str], clock: Clock, tally: Tally) -> dt.datetime | None:  # noqa: PLR0911
    group = found.group
    if iso := group("iso"):
        abbreviation, ampm = group("abbr"), group("ampm")
        if abbreviation or ampm:
            day, _, rest = iso.replace("T", " ").replace("\t", " ").partition(" ")
            clock_text = rest.replace(",", ".").split(".")[0]
            year, month, date = (int(part) for part in day.split("-"))
            return _local(clock, tally, year, month, date, _clock_parts(clock_text, ampm), _zone(abbreviation))
        if "\t" in iso:
            iso = iso.replace("\t", " ")
        try:  # the common forms, without the normalising fallbacks of clock.iso
            return clock.from_iso(iso, tally)
        except (ValueError, OverflowError):  # OverflowError: year 1 moved across a zone
            if ":60" in iso:  # a leap second (RFC 5424 allows one): kept in its minute
                return clock.iso(iso.replace(":60", ":59", 1), tally)
            return clock.iso(iso, tally)
    if slash := group("slash"):
        year, month, day = (int(part) for part in slash.split("/"))
        return _local(clock, tally, year, month, day, _clock_parts(group("sclock"), None), None)
    if cmonth := group("cmonth"):
        return _local(clock, tally, int(group("cyear")), MONTHS[cmonth], int(group("cday")),
                      _clock_parts(group("cclock"), None), _zone(group("czone")))
    if dmonth := group("dmonth"):
        return _local(clock, tally, int(group("dyear")), MONTHS[dmonth], int(group("dday")),
                      _clock_parts(group("dclock"), None), _zone(group("dzone")))
    if us := group("us"):
        month_number, day, year = (int(part) for part in us.split("/"))
        return _local(clock, tally, year, month_number, day, _clock_parts(group("uclock"), group("uampm")), None)
    if smonth := group("month"):
        return clock.syslog(smonth, int(group("day")), group("clock"), tally)
    return from_epoch(group("epoch"))


def _clf(text: str) -> dt.datetime | None:
    found = CLF.search(text)
    if found is None:
        return None
    day, month, year, hours, minutes, seconds, zone = found.groups()
    number = MONTHS.get(month)
    if number is None:
        return None
    try:
        local = dt.datetime(int(year), number, int(day), int(hours), int(minutes), int(seconds), tzinfo=_zone(zone))
        return local.astimezone(UTC)
    except (ValueError, OverflowError):  # no such day, or an offset pushing it off the calendar
        return None


def _json_moment(value: Any, clock: Clock, tally: Tally) -> dt.datetime | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return from_epoch(value)
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return clock.iso(value, tally)
        return from_epoch(value)
    return None


def parse_json_record(record: dict[str, Any], clock: Clock, tally: Tally) -> Parsed | None:
    moment = None
    for key in JSON_TIME_KEYS:
        moment = _json_moment(record.get(key), clock, tally)
        if moment is not None:
            break
    if moment is None:
        return None
    message = next((str(record[k]) for k in JSON_MESSAGE_KEYS if isinstance(record.get(k), (str, int, float))), "")
    error: bool | None = None
    level = next((record[k] for k in JSON_LEVEL_KEYS if isinstance(record.get(k), (str, int))), None)
    nested = record.get("log")
    if level is None and isinstance(nested, dict) and isinstance(nested.get("level"), str):
        level = nested["level"]
    priority = record.get("PRIORITY")
    if isinstance(level, str):
        error = level.strip().lower() in ERROR_LEVELS
    elif isinstance(level, int) and not isinstance(level, bool):
        error = level >= 50  # bunyan and pino: 50 error, 60 fatal
    elif isinstance(priority, (str, int)) and str(priority).isdigit():
        error = int(priority) <= 3
    elif message:
        error = _level_of(message)
    shown = f"{level.upper()} {message}" if isinstance(level, str) and level else message
    return Parsed(moment, shown.strip(), error)


def parse_json_text(text: str, clock: Clock, tally: Tally) -> Parsed | None:
    try:
        record = json.loads(text)
    except (ValueError, RecursionError):  # nested past what json reads
        return None
    return parse_json_record(record, clock, tally) if isinstance(record, dict) else None


def _stamped(text: str, clock: Clock, tally: Tally) -> tuple[dt.datetime, str, str] | None:
    """The time of `text`, the text before it and the text after it."""
    found = STAMP.match(text)
    if found is not None:
        moment = _moment(found, clock, tally)
        return (moment, "", text[found.end() :]) if moment is not None else None
    inner = INNER.search(text, 0, SEARCHED)
    if inner is None:
        return None
    start = inner.start() + (1 if text[inner.start()] in "([" else 0)
    found = STAMP.match(text, start)
    if found is None:
        return None
    moment = _moment(found, clock, tally)
    if moment is None:
        return None
    return moment, text[: inner.start()], text[found.end() :].lstrip(")] ")


def parse_line(text: str, clock: Clock, tally: Tally, prefixed: bool = True) -> Parsed | None:  # noqa: PLR0911, PLR0912
    """When a log line happened, what it says and its level; None when it has no time.
    `prefixed`: the line may start with `grep -H`'s `file:` (tried once, not again within)."""
    if "\x1b" in text:
        text = ANSI.sub("", text)
    error: bool | None = None
    fragment = None
    moment: dt.datetime | None = None
    if text[10:11] == "T" and " std" in text[19:46] and (cri := CRI.match(text)) is not None:
        moment = clock.iso(cri.group(1), tally)
        fragment = (cri.group(2), cri.group(3) == "F")
        text = text[cri.end() :]
    elif text[:1].isalpha() and (compose := COMPOSE.match(text)) is not None:
        text = text[compose.end() :]
    structured = False  # RFC 5424's header fields follow the time
    if text.startswith("<") and (pri := PRI.match(text)) is not None:
        error = int(pri.group(1)) % 8 <= 3
        structured = pri.group(0).endswith("1 ")
        text = text[pri.end() :]
    if text.startswith("{"):
        parsed = parse_json_text(text, clock, tally)
        if parsed is not None:
            return parsed._replace(moment=moment or parsed.moment, fragment=fragment)
        if moment is None:
            return None
    if moment is not None:  # a CRI line: the runtime's time, the application's level
        inner = _stamped(text, clock, Tally())
        message = inner[2] if inner else text
        return Parsed(moment, message, _level_of(inner[1] + " " + inner[2] if inner else text), fragment)
    if text[:1] in "IWEF" and (klog := KLOG.match(text)) is not None:
        letter, month, day, hours, minutes, seconds = klog.groups()
        moment = clock.syslog(list(MONTHS)[int(month) - 1], int(day), f"{hours}:{minutes}:{seconds}", tally) \
            if 1 <= int(month) <= 12 else None
        if moment is None:
            return None
        rest = text[klog.end() :]
        return Parsed(moment, rest.split("] ", 1)[-1], letter in "EF")
    stamped = _stamped(text, clock, tally)
    if stamped is None:
        prefix = GREP_PREFIX.match(text) if prefixed else None  # `grep -H` output: only now, most lines have none
        if prefix is not None:
            found = parse_line(text[prefix.end() :], clock, tally, prefixed=False)
            if found is not None:
                return found
        moment = _clf(text)
        return Parsed(moment, text, _status_level(text)) if moment is not None else None
    moment, before, rest = stamped
    if before and prefixed and GREP_PREFIX.fullmatch(before.rstrip()):  # `grep -H` output: the file is not the message
        before = ""
    if error is None:
        error = _level_of(before + " " + rest if before else rest)
    if error is None:
        error = _status_level(rest)
    if error is None and is_error_marker(rest):
        error = True
    # RFC 5424's fields, looked for only where a version-1 PRI or a nil field (` - `) says so
    header = RFC5424.match(rest) if (structured or " - " in rest[:256]) and rest[:1] != "[" else None
    if header is not None and header.end() < len(rest):
        rest = f"{header.group(2)}: {rest[header.end():]}" if header.group(2) != "-" else rest[header.end() :]
    message = f"{before.strip()} {rest}" if before.strip() else rest
    return Parsed(moment, message, error)


def has_timestamp(text: str) -> bool:
    """True when a line carries a timestamp form this reader knows (for sniffing)."""
    if "\x1b" in text:
        text = ANSI.sub("", text)
    return parse_line(text, Clock(UTC, _ANY_TIME), Tally()) is not None


def has_own_time(text: str) -> bool:
    return has_timestamp(text)


def is_journal_export(head: bytes) -> bool:
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    return first.startswith((b"__CURSOR=", b"__REALTIME_TIMESTAMP="))


def json_records(data: Any) -> list[dict[str, Any]]:
    """The log records of a JSON document: one record, a list of them, or a CloudWatch
    export (`events`, `logEvents`)."""
    if isinstance(data, dict):
        for key in ("events", "logEvents", "records"):
            if isinstance(data.get(key), list):
                return [item for item in data[key] if isinstance(item, dict)]
        return [data]
    if isinstance(data, list):
        return [item for item in data if isinstance(item, dict)]
    return []


def looks_like_records(data: Any) -> bool:
    records = json_records(data)
    return bool(records) and all(any(key in record for key in JSON_TIME_KEYS) for record in records[:5])


# --- what the default match keeps, and how the scan finds it fast ----------------------------

# The words an error line of each spelling holds (`ERR` finds ERROR too). Every word costs a
# pass over the file: syslog's ALERT and EMERG are looked for only where levels are lowercase.
WORDS_BY_CASE = {
    "upper": ("ERR", "FATAL", "CRIT", "PANIC", "SEVERE"),
    "lower": ("err", "fatal", "crit", "panic", "emerg", "alert"),
    "title": ("Err", "Fatal", "Crit", "Panic", "Severe"),
}
MARKER_WORDS = ("Traceback", "panic: ", "Exception in thread")


class Style(NamedTuple):
    """What the first lines of a log say about where its error lines can be."""

    cases: frozenset[str]  # how its level words are written: upper, lower, title
    every_line: bool  # levels that no word search finds (a <PRI>, klog's letter, numbers)
    statuses: bool  # an access log: errors are 5xx statuses


def sniff(head: bytes) -> Style:
    cases: set[str] = set()
    every_line = statuses = False
    text = head.decode("utf-8", "replace").lstrip("\ufeff")
    lines = [line for line in text.splitlines()[:-1 if len(head) >= HEAD else None] if line.strip()][:40]
    for line in lines:
        line = ANSI.sub("", line) if "\x1b" in line else line
        body = line
        if (compose := COMPOSE.match(body)) is not None:
            body = body[compose.end() :]
        if PRI.match(body) or KLOG.match(body):
            every_line = True
            continue
        if body.startswith("{"):
            if re.search(r'"(?:level|severity|PRIORITY)"\s*:\s*"?\d', body):
                every_line = True
            for word in re.findall(r'"(?:level|severity|log\.level|lvl|levelname|@l)"\s*:\s*"(\w+)"', body):
                cases.add(_case(word))
            continue
        level = LEVEL.search(body, 0, SEARCHED)
        if level is not None:
            cases.add(_case(level.group(1)))
        elif STATUS.search(body):
            statuses = True
    if not cases and not statuses:
        every_line = every_line or not lines
        cases = set(WORDS_BY_CASE)  # no level seen: any spelling
    return Style(frozenset(cases), every_line, statuses)


ANY_STYLE = Style(frozenset(WORDS_BY_CASE), True, False)  # records read whole: every one is looked at


def _case(word: str) -> str:
    return "upper" if word.isupper() else "title" if word[:1].isupper() else "lower"


class Keep:
    """Which records a log gives: every one (`--all`), or the error-level ones and those
    `--match` names; `prefilter` finds the lines that could be either."""

    def __init__(self, user: Matcher | None, style: Style | None, everything: bool = False) -> None:
        self.user = user
        self.everything = everything
        self.user_text = re.compile(user.pattern.pattern.decode("utf-8"), re.MULTILINE) if user else None
        self.levels = style is not None
        if everything or style is None or style.every_line:
            self.prefilter = matcher("")
            return
        words = [word for case in sorted(style.cases) for word in WORDS_BY_CASE[case]] + list(MARKER_WORDS)
        if not style.statuses and (user is None or user.words is not None):  # words: the fast search
            words += [word.decode("utf-8") for word in user.words] if user is not None and user.words else []
            self.prefilter = matcher("|".join(dict.fromkeys(words)))
            return
        parts = [re.escape(word) for word in words] + ([r" 5\d\d "] if style.statuses else [])
        if user is not None:
            parts.append(f"(?:{user.pattern.pattern.decode('utf-8')})")
        self.prefilter = matcher("|".join(parts))

    def matches(self, text: str) -> bool:
        return self.user_text is not None and self.user_text.search(text) is not None

    def wanted(self, parsed: Parsed, text: str) -> bool:
        if self.everything:
            return True
        if self.levels and (parsed.error or (parsed.error is None and is_error_marker(parsed.message))):
            return True
        return self.matches(text)


