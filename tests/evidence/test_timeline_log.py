"""The log reader: chunk edges, line numbers, line ends and the timestamp forms; and the
message shapes rows are grouped by."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest

from pmlint.evidence import log, scan
from pmlint.evidence.events import UTC, Tally, Window
from pmlint.evidence.group import shape
from pmlint.evidence.times import Clock

WINDOW = Window(dt.datetime(2026, 11, 20, tzinfo=UTC), dt.datetime(2026, 11, 21, tzinfo=UTC))


def kept(data: bytes, expression: str = scan.DEFAULT_MATCH) -> tuple[list[tuple[int, bytes]], Tally]:
    tally = Tally()
    return list(scan.matching_lines(io.BytesIO(data), scan.matcher(expression), tally)), tally


@pytest.mark.parametrize("chunk", [7, 16, 64, 1 << 18])
@pytest.mark.parametrize("expression", [scan.DEFAULT_MATCH, r"ERR[O]R|CRIT\w+"])
def test_line_numbers_and_counts_do_not_depend_on_where_chunks_end(monkeypatch, chunk: int, expression: str) -> None:
    monkeypatch.setattr(scan, "CHUNK", chunk)
    lines = [f"2026-11-20 14:{n % 60:02d}:00 {'ERROR' if n % 7 == 0 else 'INFO'} event {n}" for n in range(1, 200)]
    lines[40] += " CRITICAL too"  # two words on one line: still one line
    data = ("\r\n".join(lines) + "\r\n").encode()
    found, tally = kept(data, expression)
    want = [n for n in range(1, 200) if n % 7 == 0 or n == 41]
    assert [number for number, _ in found] == want
    assert found[0][1] == lines[6].encode() + b"\r"
    assert tally.read == 199


def test_the_last_line_without_a_newline_is_read_and_counted() -> None:
    found, tally = kept(b"2026-11-20 14:00:00 INFO a\n2026-11-20 14:01:00 ERROR b")
    assert found == [(2, b"2026-11-20 14:01:00 ERROR b")] and tally.read == 2


@pytest.mark.parametrize(
    ("line", "minute", "message"),
    [
        ("2026-11-20T15:03:09.572463+01:00 web01 app[1]: ERROR x", "14:03", "web01 app[1]: ERROR x"),
        ("2026-11-20 14:02:11,123 ERROR x", "14:02", "ERROR x"),
        ("[2026-11-20 14:02:11.123Z] ERROR x", "14:02", "ERROR x"),
        ("2026-11-20T14:02:11Z | ERROR | x", "14:02", "ERROR | x"),
        ("Nov 20 14:02:11 web01 app[1]: ERROR x", "14:02", "web01 app[1]: ERROR x"),
        ("Nov  2 14:02:11 web01 app[1]: ERROR x", "2026-11-02 14:02", None),  # the window's year, though outside it
        ('10.0.0.1 - - [20/Nov/2026:15:02:11 +0100] "GET / HTTP/1.1" 500 1 ERROR', "14:02", None),
        ('{"time":"2026-11-20T14:02:11.5+00:00","level":"ERROR","msg":"x"}', "14:02", "ERROR x"),
        ('{"ts":1795183331.5,"level":"error","msg":"ERROR x"}', "14:02", "ERROR ERROR x"),
        ('{"__REALTIME_TIMESTAMP":"1795183331000000","MESSAGE":"ERROR x"}', "14:02", "ERROR x"),
        ("1795183331 ERROR x", "14:02", "ERROR x"),
        # forms no permissive real sample was found for (tests/fixtures/evidence_real/README.md)
        ('{"level":"error","ts":1.7951833315e+09,"msg":"x"}', "14:02", "ERROR x"),
        ("1.7951833315e+09 ERROR x", "14:02", "ERROR x"),
        ("11/20/2026 2:02:11 PM ERROR x", "14:02", "ERROR x"),
        ("2026-11-20 02:02:11 PM ERROR x", "14:02", "ERROR x"),
        ("2026-11-20 12:02:11 AM ERROR x", "2026-11-20 00:02", "ERROR x"),
        ("1795183331123 ERROR x", "14:02", "ERROR x"),
        ("logs/app.log:2026-11-20 14:02:11,123 ERROR x", "14:02", "ERROR x"),
        ("logs/app.log:12:2026-11-20 14:02:11,123 ERROR x", "14:02", "ERROR x"),
        ("ERROR retry 5 of 10 after 30s", "none", None),
        ("9999-12-31 23:59:59-05:00 ERROR x", "none", None),  # past the calendar's end in UTC  # no fuzzy reading of numbers as a date
        ("Traceback (most recent call last):", "none", None),
    ],
)
def test_timestamp_forms(line: str, minute: str | None, message: str | None) -> None:
    tally = Tally()
    found = log.read_line(line, Clock(UTC, WINDOW), tally)
    if minute == "none":
        assert found is None
        return
    assert found is not None
    moment, text = found
    assert moment.tzinfo is not None and moment.utcoffset() == dt.timedelta(0)
    if minute is not None:
        assert moment.strftime("%Y-%m-%d %H:%M") == (minute if len(minute) > 5 else f"2026-11-20 {minute}")
    if message is not None:
        assert text == message


@pytest.mark.parametrize(
    ("line", "minute", "error"),
    [
        ("E1120 14:02:11.123456    1 main.go:10] lost lease", "14:02", True),
        ("W1120 14:02:11.123456    1 main.go:10] error budget", "14:02", False),
        ("2026/11/20 14:02:11 [error] 1#0: *3 open() failed", "14:02", True),
        ("2026/11/20 14:02:11 [warn] 1#0: error page missing", "14:02", False),
        ("[Fri Nov 20 14:02:11 2026] [error] [client 1.2.3.4] File does not exist", "14:02", True),
        ("[Fri Nov 20 14:02:11.123456 2026] [proxy_fcgi:error] [pid 1] AH01071", "14:02", True),
        ("[Fri Nov 20 14:02:11.123456 2026] [core:notice] [pid 1] error-free start", "14:02", False),
        ("<11>Nov 20 14:02:11 web app: disk gone", "14:02", True),
        ("<14>Nov 20 14:02:11 web app: ERROR only in the message", "14:02", False),
        ("<34>1 2026-11-20T14:02:11.003Z host su - ID47 - 'su root' failed", "14:02", True),
        ("2026-11-20 07:02:11.123 PDT [12] ERROR:  relation does not exist", "14:02", True),
        ("2026-11-20 14:02:11,123 WARN health: status: ERROR from upstream", "14:02", False),
        ('time="2026-11-20T14:02:11Z" level=error msg="pod gone"', "14:02", True),
        ("logger=x t=2026-11-20T14:02:11Z level=info msg=ok", "14:02", False),
        ("MainThread::ERROR::2026-11-20 14:02:11,300::vdsm::74::vds::(run) Traceback", "14:02", True),
        ("\x1b[2Kweb-1  | 2026-11-20T14:02:11.5Z ERROR x", "14:02", True),
        ("redis-1  | 1:M 20 Nov 2026 14:02:11.019 # Warning: no config", "14:02", False),
        ("2026-11-20T14:02:11.1Z stdout F 2026-11-20 14:02:11 ERROR x", "14:02", True),
        ('{"level":50,"time":1795183331000,"msg":"x"}', "14:02", True),
        ('{"PRIORITY":"3","__REALTIME_TIMESTAMP":"1795183331000000","MESSAGE":"x"}', "14:02", True),
        ('h2 2026-11-20T14:02:11.1Z app/lb/1 1.2.3.4:1 5.6.7.8:80 0.1 0.1 0.1 503 503 0 57 "GET / HTTP/1.1"', "14:02", True),
        ('1.2.3.4 - - [20/Nov/2026:14:02:11 +0000] "GET / HTTP/1.1" 200 5 "-" "error-bot"', "14:02", False),
    ],
)
def test_each_form_reads_its_time_and_its_own_level(line: str, minute: str, error: bool) -> None:
    from pmlint.evidence import linefmt

    found = linefmt.parse_line(line, Clock(UTC, WINDOW), Tally())
    assert found is not None
    assert found.moment.strftime("%H:%M") == minute
    assert bool(found.error) is error


def test_a_bad_match_regex_and_a_plain_word_list() -> None:
    assert scan.matcher("ERROR|CRITICAL").words == (b"ERROR", b"CRITICAL")
    assert scan.matcher(r"5\d\d").words is None  # a real regex is searched as one
    found, _ = kept(b"a 200\nb 503\nc 404\n", r" 5\d\d")
    assert [n for n, _ in found] == [2]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("timeout after 30s (req 9f1c2e7a, pool=100)", "timeout after 2s (req 77ab01ff, pool=99)"),
        ("conn from 10.0.0.12 refused", "conn from 192.168.1.7 refused"),
        ("job 123e4567-e89b-12d3-a456-426614174000 failed", "job 00000000-aaaa-bbbb-cccc-000000000000 failed"),
    ],
)
def test_messages_that_differ_in_numbers_and_ids_share_a_shape(one: str, other: str) -> None:
    known: dict[str, str] = {}
    assert shape(one) == shape(other) == shape(one, known) == shape(other, known)


@pytest.mark.parametrize(("one", "other"), [("disk full", "disk empty"), ("v2 api down", "v api down"), ("http2 reset", "http reset")])
def test_messages_that_differ_in_words_do_not(one: str, other: str) -> None:
    known: dict[str, str] = {}
    assert shape(one, known) != shape(other, known) and shape(one) != shape(other)


@pytest.mark.parametrize("seed", range(8))
def test_a_remembered_shape_is_the_shape_computed_afresh(seed: int) -> None:
    # Shapes are remembered by message and by space-separated piece: pieces that VARIABLE
    # could read differently joined than apart (ids across a hyphen, digits of other scripts
    # after letters, cased letters casefold changes) must not tell the two ways apart.
    rng = random.Random(seed)
    tokens = ["ERROR", "timeout", "12s", "0a3f", "deadbeef", "-", "123e4567", "e89b-12d3-a456-426614174000",
              "x9", "ab\u0663", "\u0663", "STRASSE", "\u00df", "\u03a3", "=", "(", ")", ":", "req=77ab01ff,", "\t", ""]
    known: dict[bytes | str, str] = {}
    for _ in range(300):
        message = "".join(rng.choice(tokens) + rng.choice(["", " ", "  ", "-", "="]) for _ in range(rng.randint(1, 14)))
        assert shape(message, known) == shape(message), message


def test_a_time_without_a_zone_is_read_as_the_clock_reads_it() -> None:
    def outcome(clock: Clock, stamp: str, fast: bool) -> tuple[object, ...]:
        tally = Tally()
        try:
            moment = clock.from_iso(stamp, tally) if fast else clock.utc(dt.datetime.fromisoformat(stamp), tally)
        except (ValueError, OverflowError) as exc:
            return type(exc), tally.assumed
        return moment, moment.tzinfo, tally.assumed

    stamps = ["2026-11-20 14:02:11,123", "2026-11-20T14:02", "2026-11-20 14:02:11.123456789", "2024-02-29 00:00:00",
              "2026-11-20T14:02:11+01:00", "2026-11-20 14:02:11.5-0330", "0001-01-01 00:00:00", "2026-02-29 00:00"]
    for zone in (UTC, dt.timezone(dt.timedelta(hours=2))):
        for stamp in stamps:
            clock = Clock(zone, WINDOW)
            assert outcome(clock, stamp, fast=True) == outcome(clock, stamp, fast=False), (zone, stamp)


# --- hostile evidence: linear time -----------------------------------------------------------

N = 20_000
HOSTILE = {
    "digits": "1" * N,
    "prefix colons": "a:" * N + " ERROR",
    "grep prefix without a timestamp": "x" * 250 + ":" + "1" * N + " ERROR",
    "brackets": "[" * N + " ERROR",
    "dates without times": "2026-11-20 " * N + "ERROR",
    "clf openers": "[20/Nov/2026:" * N + " ERROR",
    "words with digits": "a1" * N + " ERROR",
    "letters then a digit": "a" * N + "1 ERROR",
    "uuid-ish": "0123abcd-" * N + " ERROR",
    "blanks": " " * N + "ERROR",
    "json openers": "{" * N + " ERROR",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_reading_and_grouping_a_hostile_line_stays_linear(name: str) -> None:
    import time

    from pmlint.evidence import git, sniff

    line = HOSTILE[name]
    started = time.perf_counter()
    log.read_line(line, Clock(UTC, WINDOW), Tally())
    log.has_timestamp(line)
    shape(line, {})
    shape(line)
    git.looks_like([line])
    sniff._text_kind(line.encode())
    # Backtracking patterns take minutes on these; linear ones take milliseconds (the bound
    # leaves room for a busy machine).
    assert time.perf_counter() - started < 5.0
