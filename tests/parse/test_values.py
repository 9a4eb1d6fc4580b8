"""Values read from header fields and cells: dates, times and durations."""

from __future__ import annotations

import time

import pytest

from pmlint.parse.values import describe_date_problem, parse_duration, parse_iso_date, parse_time

# --- values -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        ("1 hours 33 minutes", 93),
        ("2 hours", 120),
        ("45 minutes", 45),
        ("1h 12m", 72),
        ("1.5h", 90),
        ("1 hour, 30 minutes and 30 seconds", 90),
        ("2 hours (approximately)", 120),
        ("90 min (from alert to resolution)", 90),
        ("about 2 hours", None),
        ("2", None),
        ("", None),
        ("(2 hours)", None),
        ("1" * 5000, None),
        ("(" * 5000 + "2h)", None),
    ],
)
def test_parse_duration(value: str, minutes: int | None) -> None:
    assert parse_duration(value) == minutes


def test_values() -> None:
    assert parse_iso_date(" 2026-11-20 ").isoformat() == "2026-11-20"
    assert parse_iso_date("2026-02-30") is None and parse_iso_date("20/11/2026") is None
    time_value = parse_time("2026-11-20 23:59 UTC")
    assert (time_value.date.isoformat(), time_value.minutes, time_value.is_utc) == ("2026-11-20", 1439, True)
    assert parse_time("14:05").zone is None and parse_time("24:00") is None
    assert parse_time("10:00 PST").has_foreign_zone
    assert "did you mean 2026-11-20" in describe_date_problem("20 November 2026")
    assert "not a valid calendar date" in describe_date_problem("2026-02-30")
    assert "did you mean" not in describe_date_problem("03/04/2026")  # ambiguous: no guess


def test_long_values_are_cut_in_date_messages_and_not_given_to_dateutil() -> None:
    started = time.process_time()
    message = describe_date_problem("1 " * 20_000)
    assert time.process_time() - started < 0.1
    assert len(message) < 120 and "\u2026" in message
