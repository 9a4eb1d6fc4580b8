"""The incidents of `pmlint report`: one row per post-mortem in the window, the exit
criteria each fails (and the finding that says why), repeat incidents, contributing
factors and what Git history says about the process.

Pure: computed from the documents' facts, their error findings, the open action items and
the history `history.read_history` read.

- A **repeat incident** happened while an action item from an earlier incident on one of
  the same services (the `report.services-field` header, default `Services`) was still
  open: not done today and its incident dated before. It counts as overdue at the time
  when its Due was before the later incident's Date. (Only today's state is known: an item
  done since is not counted, however late it was done.)
- **Contributing factors** are the tags of the `report.factors-field` header (default
  `Factors`): `category` or `category/sub-tag` of the configured taxonomy; any other tag
  is counted under "other".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pmlint.config.schema import Config
from pmlint.items.due import IssueStates, is_done
from pmlint.retro.criteria import Criterion, Failure, failures_by_criterion
from pmlint.retro.facts import DocumentFacts
from pmlint.retro.history import DocHistory, Rewording, Slip
from pmlint.retro.periods import quarter_of

OTHER_FACTOR = "other"


@dataclass(frozen=True, slots=True)
class Incident:
    """One post-mortem in the window, as the incident list shows it."""

    repository: str
    path: str
    line: int  # the Date line
    title: str
    severity: str
    status: str
    date: dt.date
    duration: int | None  # minutes
    held: dt.date | None  # the meeting (Meeting field, else first commit)
    to_postmortem: int | None  # business days from Date to the meeting; None: not held or unknown
    open_actions: int
    overdue_actions: int
    failed: Mapping[str, tuple[Failure, ...]]  # criterion key -> the error findings that fail it
    services: tuple[str, ...]
    factors: tuple[str, ...]
    history: DocHistory | None


@dataclass(frozen=True, slots=True)
class Repeat:
    """An incident that happened while an earlier incident's action on the same service was open."""

    repository: str
    path: str
    line: int
    title: str
    date: dt.date
    service: str
    earlier_repository: str
    earlier_path: str
    earlier_title: str
    earlier_date: dt.date
    action: str
    action_line: int
    due: dt.date | None
    overdue_then: bool  # Due was before the later incident's Date


@dataclass(frozen=True, slots=True)
class FactorRow:
    quarter: str
    counts: tuple[int, ...]  # per category, in Figures.factor_categories order


@dataclass(frozen=True, slots=True)
class Change:
    """A Due date moved or an action reworded or dropped after the review."""

    repository: str
    path: str
    title: str
    kind: str  # "slipped", "reworded", "dropped"
    action: str
    after: str | None  # the new text (reworded) or Due (slipped)
    before_due: dt.date | None
    after_due: dt.date | None
    days: int | None  # how far Due moved (slipped)
    on: dt.date


def incident_rows(inside: Sequence[DocumentFacts], errors: Mapping[tuple[str, str], Sequence[Failure]],
                  criteria: tuple[Criterion, ...], days_to_meeting: Mapping[tuple[str, str], int],
                  open_counts: Mapping[tuple[str, str], tuple[int, int]]) -> tuple[Incident, ...]:
    """The incident list, newest first. Keys are (repository, path)."""
    rows = []
    for doc in inside:
        assert doc.date is not None
        key = (doc.repository, doc.path)
        failed = failures_by_criterion(errors.get(key, ()), criteria)
        opened, overdue = open_counts.get(key, (0, 0))
        rows.append(Incident(
            repository=doc.repository, path=doc.path, line=doc.date_line, title=doc.title, severity=doc.severity,
            status=doc.status, date=doc.date, duration=doc.duration, held=doc.held.day if doc.held else None,
            to_postmortem=days_to_meeting.get(key), open_actions=opened, overdue_actions=overdue,
            failed={k: tuple(v) for k, v in failed.items()}, services=doc.services, factors=doc.factors,
            history=doc.history,
        ))
    rows.sort(key=lambda r: (r.date, r.repository, r.path), reverse=True)
    return tuple(rows)


def repeats(inside: Sequence[DocumentFacts], facts: Sequence[DocumentFacts], issues: IssueStates) -> tuple[Repeat, ...]:
    """Incidents in the window that happened while an action item of an earlier incident on
    one of their services was open (not done today). Services match case-insensitively."""
    by_service: dict[str, list[DocumentFacts]] = {}
    for doc in facts:
        if doc.date is None:
            continue
        for service in doc.services:
            by_service.setdefault(service.casefold(), []).append(doc)
    found = []
    for later in inside:
        assert later.date is not None
        for service in later.services:
            for earlier in by_service.get(service.casefold(), ()):
                assert earlier.date is not None
                if earlier.date >= later.date or (earlier.repository, earlier.path) == (later.repository, later.path):
                    continue
                for item in earlier.items:
                    if is_done(item, issues.issue_for(item)):
                        continue
                    found.append(Repeat(
                        later.repository, later.path, later.date_line, later.title, later.date, service,
                        earlier.repository, earlier.path, earlier.title, earlier.date, item.action, item.line, item.due,
                        item.due is not None and item.due < later.date,
                    ))
    found.sort(key=lambda r: (r.date, r.repository, r.path, r.earlier_date, r.action_line), reverse=True)
    return tuple(found)


def repeat_groups(found: Sequence[Repeat]) -> list[list[list[Repeat]]]:
    """The repeats of each later incident (newest first), by earlier incident: what a page
    lists, one row per repeat incident."""
    later: dict[tuple[str, str], dict[tuple[str, str], list[Repeat]]] = {}
    for entry in found:
        earlier = later.setdefault((entry.repository, entry.path), {})
        earlier.setdefault((entry.earlier_repository, entry.earlier_path), []).append(entry)
    return [list(by_earlier.values()) for by_earlier in later.values()]


def factor_category(tag: str, taxonomy: Mapping[str, Sequence[str]]) -> str:
    """The category of a tag (`technical/deploy` -> `technical`); `other` when unknown."""
    category, _, sub = tag.partition("/")
    known = {name.casefold(): name for name in taxonomy}
    name = known.get(category.strip())
    if name is None:
        return OTHER_FACTOR
    if sub and sub.strip() not in {s.casefold() for s in taxonomy[name]}:
        return name  # an unconfigured sub-tag still counts for its category
    return name


def factor_categories(inside: Sequence[DocumentFacts], config: Config) -> tuple[str, ...]:
    taxonomy = config.report.factors
    used = {factor_category(t, taxonomy) for d in inside for t in d.factors}
    return tuple(name for name in taxonomy if name in used) + ((OTHER_FACTOR,) if OTHER_FACTOR in used else ())


def factor_tags(inside: Sequence[DocumentFacts]) -> tuple[tuple[str, int], ...]:
    """Each tag and how many incidents carry it, most first."""
    counts: dict[str, int] = {}
    for doc in inside:
        for tag in doc.factors:
            counts[tag] = counts.get(tag, 0) + 1
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def factor_rows(inside: Sequence[DocumentFacts], categories: Sequence[str], quarters: Sequence[str],
                config: Config) -> tuple[FactorRow, ...]:
    """Incidents per quarter carrying each category (an incident counts once per category)."""
    rows = []
    for quarter in quarters:
        docs = [d for d in inside if d.date is not None and quarter_of(d.date) == quarter]
        counts = tuple(
            sum(1 for d in docs if name in {factor_category(t, config.report.factors) for t in d.factors})
            for name in categories
        )
        rows.append(FactorRow(quarter, counts))
    return tuple(rows)


def changes(inside: Sequence[DocumentFacts]) -> tuple[Change, ...]:
    """Due dates moved and actions reworded or dropped after the review, latest first."""
    out = []
    for doc in inside:
        if doc.history is None:
            continue
        for slip in doc.history.slips:
            out.append(_slipped(doc, slip))
        for change in doc.history.rewordings:
            out.append(_reworded(doc, change))
    out.sort(key=lambda c: (c.on, c.repository, c.path, c.action), reverse=True)
    return tuple(out)


def _slipped(doc: DocumentFacts, slip: Slip) -> Change:
    return Change(doc.repository, doc.path, doc.title, "slipped", slip.action, slip.after.isoformat(),
                  slip.before, slip.after, slip.days, slip.on)


def _reworded(doc: DocumentFacts, change: Rewording) -> Change:
    kind = "dropped" if change.after is None else "reworded"
    return Change(doc.repository, doc.path, doc.title, kind, change.before, change.after, None, None, None, change.on)
