"""Business days: weekends, public holidays, extra holidays."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pmlint.config.calendar import (
    add_business_days,
    business_days_between,
    is_business_day,
)
from pmlint.config.schema import Calendar

D = dt.date.fromisoformat
PLAIN = Calendar()
US_CA = Calendar(country="US", subdivision="CA")


def brute_force(start: dt.date, end: dt.date, calendar: Calendar) -> int:
    day, count = start, 0
    while day < end:
        day += dt.timedelta(days=1)
        count += is_business_day(day, calendar)
    return count


def test_counts_days_after_start_up_to_end() -> None:
    # Fri 2026-11-20 -> Mon 2026-11-23: Sat and Sun do not count, Monday does.
    assert business_days_between(D("2026-11-20"), D("2026-11-23"), PLAIN) == 1
    assert business_days_between(D("2026-11-20"), D("2026-11-20"), PLAIN) == 0
    assert business_days_between(D("2026-11-23"), D("2026-12-07"), PLAIN) == 10


def test_end_before_start_is_negative() -> None:
    assert business_days_between(D("2026-11-23"), D("2026-11-20"), PLAIN) == -1


def test_country_holidays_are_skipped() -> None:
    # Thanksgiving (Thu 26) and the day after (Fri 27) are holidays in California.
    assert business_days_between(D("2026-11-23"), D("2026-11-30"), PLAIN) == 5
    assert business_days_between(D("2026-11-23"), D("2026-11-30"), US_CA) == 3


def test_lower_case_country_code_is_accepted() -> None:
    # Federal holidays only: Thanksgiving, not the day after.
    assert business_days_between(D("2026-11-23"), D("2026-11-30"), Calendar(country="us")) == 4


def test_extra_holidays_without_country() -> None:
    calendar = Calendar(extra_holidays=[D("2026-12-24"), D("2026-12-26")])  # the 26th is a Saturday
    assert business_days_between(D("2026-12-21"), D("2026-12-28"), calendar) == 4
    assert not is_business_day(D("2026-12-24"), calendar)


def test_custom_weekend() -> None:
    calendar = Calendar(weekend=["Fri", "Sat"])
    # Sun 2026-11-22 is a working day, Fri 2026-11-27 is not.
    assert business_days_between(D("2026-11-21"), D("2026-11-28"), calendar) == 5
    assert is_business_day(D("2026-11-22"), calendar)


def test_add_business_days() -> None:
    assert add_business_days(D("2026-11-23"), 0, PLAIN) == D("2026-11-23")
    assert add_business_days(D("2026-11-20"), 1, PLAIN) == D("2026-11-23")
    assert add_business_days(D("2026-11-23"), 10, PLAIN) == D("2026-12-07")
    assert add_business_days(D("2026-11-23"), 10, US_CA) == D("2026-12-09")
    with pytest.raises(ValueError):
        add_business_days(D("2026-11-23"), -1, PLAIN)


def test_unknown_country_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="XX"):
        business_days_between(D("2026-11-20"), D("2026-11-30"), Calendar(country="XX"))
    with pytest.raises(ValueError, match="ZZ"):
        business_days_between(D("2026-11-20"), D("2026-11-30"), Calendar(country="US", subdivision="ZZ"))


def test_all_week_weekend_is_a_value_error() -> None:
    calendar = Calendar(weekend=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
    with pytest.raises(ValueError, match="weekend"):
        add_business_days(D("2026-11-20"), 3, calendar)


def test_holidays_not_imported_without_country() -> None:
    code = (
        "import datetime as dt, sys\n"
        "from pmlint.config.calendar import business_days_between\n"
        "from pmlint.config.schema import Calendar\n"
        "business_days_between(dt.date(2026, 1, 1), dt.date(2026, 3, 1), Calendar())\n"
        "assert 'holidays' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))
calendars = st.sampled_from([PLAIN, US_CA, Calendar(weekend=["Sun"], extra_holidays=[D("2026-12-24")])])


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(min_value=0, max_value=120), calendars)
def test_count_matches_day_by_day(start: dt.date, span: int, calendar: Calendar) -> None:
    end = start + dt.timedelta(days=span)
    assert business_days_between(start, end, calendar) == brute_force(start, end, calendar)


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(min_value=1, max_value=200), calendars)
def test_add_is_the_inverse_of_count(start: dt.date, count: int, calendar: Calendar) -> None:
    day = add_business_days(start, count, calendar)
    assert is_business_day(day, calendar)
    assert business_days_between(start, day, calendar) == count
    assert business_days_between(start, day - dt.timedelta(days=1), calendar) == count - 1


def test_check_calendar() -> None:
    from pmlint.config.calendar import check_calendar

    check_calendar(US_CA)
    check_calendar(PLAIN)
    with pytest.raises(ValueError, match="calendar.country"):
        check_calendar(Calendar(country="XX"))


US = Calendar(country="US")


def test_us_thanksgiving_and_christmas_weeks() -> None:
    # Thanksgiving Thu 2026-11-26 is federal, the Friday after is not.
    assert business_days_between(D("2026-11-25"), D("2026-11-30"), US) == 2
    assert add_business_days(D("2026-11-25"), 2, US) == D("2026-11-30")
    # Christmas Fri 2026-12-25 and New Year's Day Fri 2027-01-01 are off.
    assert business_days_between(D("2026-12-23"), D("2027-01-04"), US) == 6
    assert add_business_days(D("2026-12-23"), 5, US) == D("2026-12-31")
    assert add_business_days(D("2026-12-24"), 1, US) == D("2026-12-28")
    assert not is_business_day(D("2026-12-25"), US)


def test_without_country_only_weekends_count_over_the_holidays() -> None:
    assert business_days_between(D("2026-11-25"), D("2026-11-30"), PLAIN) == 3
    assert business_days_between(D("2026-12-23"), D("2027-01-04"), PLAIN) == 8
    assert is_business_day(D("2026-12-25"), PLAIN)


def test_observed_holiday_on_a_weekend_moves_to_a_workday() -> None:
    # Independence Day 2026 is a Saturday; the federal holiday is observed on Friday July 3.
    assert not is_business_day(D("2026-07-03"), US)
    assert business_days_between(D("2026-07-02"), D("2026-07-06"), US) == 1


def test_holiday_calendars_work_offline() -> None:
    # The holidays package computes its calendars locally: no network is needed. Run it
    # in a child process whose sockets all fail.
    code = (
        "import socket, datetime as dt\n"
        "def refuse(*a, **k): raise OSError('network is off')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "socket.getaddrinfo = refuse\n"
        "from pmlint.config.calendar import business_days_between\n"
        "from pmlint.config.schema import Calendar\n"
        "n = business_days_between(dt.date(2026, 12, 23), dt.date(2027, 1, 4), Calendar(country='DE', subdivision='BY'))\n"
        "assert n == 6, n\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
