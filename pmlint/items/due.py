"""Which action items are overdue, and by how many business days.

Pure: the same items, issue states, date and calendar give the same answer. An item is
overdue when its Due is before today and it is not done; done means its TODO.md box is
checked, or its linked issue is closed. Issue states come from GitHub only when a token is
available (the command reads them); without them, TODO.md decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from pmlint.config.calendar import business_days_between
from pmlint.config.schema import Calendar
from pmlint.items.model import ActionItem


class IssueState(NamedTuple):
    """What `overdue` needs to know of one GitHub issue."""

    number: int
    open: bool
    labels: frozenset[str] = frozenset()
    assignees: tuple[str, ...] = ()  # logins, without "@"
    url: str = ""


class IssueStates(NamedTuple):
    """The issues GitHub has: by pmlint item id (the body marker) and by number."""

    # Shared empty defaults: a Mapping is never written through, and a dict pickles (a
    # mappingproxy does not), as the dataclass this was did.
    by_id: Mapping[str, IssueState] = {}
    by_number: Mapping[int, IssueState] = {}

    @classmethod
    def of(cls, by_id: Mapping[str, IssueState], extra: Iterable[IssueState] = ()) -> IssueStates:
        """States from the marker index, plus issues known only by number (TODO.md links)."""
        by_number = {issue.number: issue for issue in extra}
        by_number.update({issue.number: issue for issue in by_id.values()})
        return cls(dict(by_id), by_number)

    def issue_for(self, item: ActionItem) -> IssueState | None:
        """The item's issue: found by its marker, else by the number TODO.md links."""
        found = self.by_id.get(item.id)
        if found is None and item.issue is not None:
            found = self.by_number.get(item.issue)
        return found


NO_ISSUES = IssueStates()


class Overdue(NamedTuple):
    """An open action item past its Due date, by how many business days, and its issue."""

    item: ActionItem
    days: int  # business days from Due (exclusive) to today (inclusive); 0 on a weekend
    issue: IssueState | None  # None when unknown (no token) or the item has none

    @property
    def due_invalid(self) -> bool:
        """Listed because its Due is not a date: it cannot be known to be overdue, and a
        nightly run must not hide it (`days` is 0)."""
        return self.item.due is None

    @property
    def issue_number(self) -> int | None:
        return self.issue.number if self.issue is not None else self.item.issue


def days_overdue(due: dt.date, today: dt.date, calendar: Calendar) -> int:
    """Business days d with due < d <= today: the same count as PM401's lateness.

    An item due on Friday is overdue on Saturday, by 0 business days, and by 1 on Monday.
    """
    return max(0, business_days_between(due, today, calendar))


def is_done(item: ActionItem, issue: IssueState | None) -> bool:
    """Checked in TODO.md, or its issue is closed (when the issue's state is known)."""
    return item.done or (issue is not None and not issue.open)


def is_overdue(item: ActionItem, today: dt.date, issue: IssueState | None = None) -> bool:
    """Due (a valid ISO date) is before today and the item is not done."""
    return item.due is not None and item.due < today and not is_done(item, issue)


def sort_key(entry: Overdue) -> tuple[int, dt.date, str, int]:
    """Most overdue first; then the oldest Due, then by document and line."""
    assert entry.item.due is not None
    return (-entry.days, entry.item.due, entry.item.doc_path, entry.item.line)


def find_overdue(
    items: Iterable[ActionItem], today: dt.date, calendar: Calendar, issues: IssueStates = NO_ISSUES
) -> list[Overdue]:
    """The overdue items, most overdue first.

    Raises ValueError when the calendar names an unknown holiday country.
    """
    found = []
    for item in items:
        issue = issues.issue_for(item)
        if is_overdue(item, today, issue):
            assert item.due is not None
            found.append(Overdue(item, days_overdue(item.due, today, calendar), issue))
    return sorted(found, key=sort_key)


def find_without_due(items: Iterable[ActionItem], issues: IssueStates = NO_ISSUES) -> list[Overdue]:
    """The items not done whose Due is not a date (empty, `next week`), in document order:
    `overdue` lists them as "no valid Due" instead of dropping them."""
    found = []
    for item in items:
        issue = issues.issue_for(item)
        if item.due is None and not is_done(item, issue):
            found.append(Overdue(item, 0, issue))
    return sorted(found, key=lambda entry: (entry.item.doc_path, entry.item.line))
