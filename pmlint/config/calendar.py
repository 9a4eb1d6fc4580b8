"""Business days: the days d with start < d <= end that are neither weekend
days (`calendar.weekend`) nor holidays (`holidays` for `calendar.country`/`subdivision`, plus
`calendar.extra-holidays`). With no country, only weekends and the extra holidays count.

The functions are pure: the same dates and configuration give the same answer. Holiday sets
are cached per configuration and year, and `holidays` (a slow import) is imported only
when a country is configured.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from typing import NamedTuple

from pmlint.config.schema import Calendar

WEEKDAY_INDEX = {"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4, "Sat": 5, "Sun": 6}
ONE_DAY = dt.timedelta(days=1)


class _Rules(NamedTuple):
    """One calendar configuration, with the holidays it has looked up so far."""

    country: str | None
    subdivision: str | None
    workdays: tuple[bool, ...]  # indexed by date.weekday()
    extra: frozenset[dt.date]
    # year -> sorted holidays of that year that fall on a workday, filled in as asked
    years: dict[int, list[dt.date]]

    @property
    def per_week(self) -> int:
        return sum(self.workdays)

    def holidays_of(self, year: int) -> list[dt.date]:
        found = self.years.get(year)
        if found is None:
            days = {day for day in self.extra if day.year == year}
            if self.country:
                days.update(_country_holidays(self.country, self.subdivision, year))
            found = sorted(day for day in days if self.workdays[day.weekday()])
            self.years[year] = found
        return found

    def holidays_between(self, start: dt.date, end: dt.date) -> int:
        """Workday holidays d with start < d <= end."""
        total = 0
        for year in range(start.year, end.year + 1):
            days = self.holidays_of(year)
            total += bisect.bisect_right(days, end) - bisect.bisect_right(days, start)
        return total

    def is_business_day(self, day: dt.date) -> bool:
        if not self.workdays[day.weekday()]:
            return False
        days = self.holidays_of(day.year)
        index = bisect.bisect_left(days, day)
        return not (index < len(days) and days[index] == day)


def _country_holidays(country: str, subdivision: str | None, year: int) -> list[dt.date]:
    import holidays  # lazy: a slow import that matters only when a country is set

    return list(holidays.country_holidays(country, subdiv=subdivision, years=year))


def _validate(country: str, subdivision: str | None) -> None:
    """Raise ValueError naming the configuration key when `holidays` does not know a code."""
    import holidays

    try:
        holidays.country_holidays(country)
    except NotImplementedError:
        raise ValueError(f"calendar.country: {country!r} is not a country code of the holidays package") from None
    if subdivision:
        try:
            holidays.country_holidays(country, subdiv=subdivision)
        except NotImplementedError:
            raise ValueError(f"calendar.subdivision: {subdivision!r} is not a subdivision of {country}") from None


@functools.lru_cache(maxsize=32)
def _rules(
    country: str | None, subdivision: str | None, weekend: tuple[str, ...], extra: frozenset[dt.date]
) -> _Rules:
    workdays = tuple(name not in weekend for name in WEEKDAY_INDEX)
    if not any(workdays):
        raise ValueError("calendar.weekend: every day of the week is a weekend day; no business days")
    if country:
        # Fail early, with the configuration's words, when a code is unknown.
        _validate(country.upper(), subdivision)
    return _Rules(country.upper() if country else None, subdivision, workdays, extra, {})


def _rules_for(calendar: Calendar) -> _Rules:
    return _rules(calendar.country, calendar.subdivision, tuple(calendar.weekend), frozenset(calendar.extra_holidays))


def check_calendar(calendar: Calendar) -> None:
    """Raise ValueError when the calendar cannot work: an unknown holidays country or
    subdivision, or a weekend covering the whole week. Cached: cheap to call per document."""
    _rules_for(calendar)


def is_business_day(day: dt.date, calendar: Calendar) -> bool:
    """Whether `day` is neither a weekend day nor a holiday."""
    return _rules_for(calendar).is_business_day(day)


def business_days_between(start: dt.date, end: dt.date, calendar: Calendar) -> int:
    """The number of business days d with start < d <= end; negative when end < start.

    Raises ValueError when the calendar names an unknown country or subdivision.
    """
    if end < start:
        return -business_days_between(end, start, calendar)
    rules = _rules_for(calendar)
    weeks, rest = divmod((end - start).days, 7)
    count = weeks * rules.per_week
    # The `rest` days after the full weeks: start's weekday + 1 ... + rest.
    first = start.weekday()
    count += sum(rules.workdays[(first + offset) % 7] for offset in range(1, rest + 1))
    return count - rules.holidays_between(start, end)


def add_business_days(start: dt.date, count: int, calendar: Calendar) -> dt.date:
    """The `count`-th business day after `start` (`start` itself for 0).

    business_days_between(start, result) == count, and the result is a business day.
    Raises ValueError for a negative count or an unknown country; OverflowError past year 9999.
    """
    if count < 0:
        raise ValueError(f"count must not be negative, got {count}")
    if count == 0:
        return start
    rules = _rules_for(calendar)
    # Jump whole weeks that cannot overshoot, then walk the few days left (holidays, rest).
    day = start + dt.timedelta(weeks=(count - 1) // rules.per_week)
    left = count - business_days_between(start, day, calendar)
    while left > 0:
        day += ONE_DAY
        if rules.is_business_day(day):
            left -= 1
    return day
