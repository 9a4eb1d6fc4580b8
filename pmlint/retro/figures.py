"""The numbers of `pmlint report`, computed from the documents' facts.

Pure: the same facts, error counts, issue states, today and window give the same figures.
Every detail row carries where it comes from (document path and line, TODO.md line,
issue), and every aggregate row the references of what it counts, so a reader can check
any number.

Definitions (docs/guides/report.md repeats them for users):
- The window (`--since`..`--until`, inclusive) picks incidents by their Date. Open and
  overdue action items are listed whatever their incident's Date: an action left open from
  an old incident is still open.
- An item is done when its TODO.md box is checked or its issue is closed; open otherwise.
- Age: calendar days from the Meeting (else the incident Date) to today.
- Completion of a quarter: of the items whose Due falls in it (inside the window) and is
  before today, how many are done.
- Time to post-mortem: business days from Date to the meeting (Meeting field, else the
  first commit of the file, as PM401 decides); a breach is more than the deadline, or not
  held yet with the deadline past.
- Duration p90 is the nearest-rank percentile (the smallest value with at least 90% of the
  values at or below it); the median averages the two middle values of an even count.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from pmlint.config.schema import Config
from pmlint.items.due import NO_ISSUES, IssueStates, days_overdue, is_done
from pmlint.items.model import ActionItem
from pmlint.project.incident import deadline_for, late, span
from pmlint.retro.criteria import Criterion, Failure, display_order, load_criteria
from pmlint.retro.facts import NO_SEVERITY, DocumentFacts
from pmlint.retro.incidents import (
    Change,
    FactorRow,
    Incident,
    Repeat,
    changes,
    factor_categories,
    factor_rows,
    factor_tags,
    incident_rows,
    repeats,
)
from pmlint.retro.periods import (
    AGE_BUCKETS,
    Window,
    age_bucket,
    median,
    p90,
    quarter_of,
)

NO_OWNER, NO_PRIORITY = "(no owner)", "(none)"


# -- the figures -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Count:
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class Headline:
    incidents: int  # documents with a Date in the window
    by_severity: tuple[Count, ...]
    final: int
    draft: int
    other_status: int  # neither Final nor Draft (missing or another word)
    clean: int  # of the incidents, those with no error finding (every exit criterion met)
    undated: tuple[str, ...]  # documents without a readable Date: in no window
    unreadable: tuple[str, ...]  # documents that could not be read (PM001)
    date_sources: tuple[Count, ...] = ()  # where the dated documents' days came from ("title": 6, ...)

    @property
    def clean_share(self) -> float | None:
        return self.clean / self.incidents if self.incidents else None


@dataclass(frozen=True, slots=True)
class OpenItem:
    """One open action item, where it is written and tracked."""

    path: str
    line: int
    action: str
    owner: str
    owners: tuple[str, ...]  # the groups it counts under: "@login", else the cell, else "(no owner)"
    priority: str
    due: dt.date | None
    age_days: int | None
    bucket: str
    days_overdue: int | None  # business days past Due; None when not overdue
    todo_line: int | None  # its TODO.md line; None when untracked
    issue: int | None
    severity: str
    incident: str  # the incident title
    repository: str = ""


@dataclass(frozen=True, slots=True)
class OpenGroup:
    """Open items of one owner or one priority, by age bucket."""

    name: str
    open: int
    buckets: tuple[int, ...]  # counts in AGE_BUCKETS order
    overdue: int
    refs: tuple[str, ...]  # "path:line" of each item


@dataclass(frozen=True, slots=True)
class Completion:
    quarter: str
    due: int  # items whose Due (in the window) fell in the quarter, before today
    done: int
    refs: tuple[str, ...]  # "path:line" of the items due and not done

    @property
    def share(self) -> float | None:
        return self.done / self.due if self.due else None


@dataclass(frozen=True, slots=True)
class Timing:
    """Time to post-mortem for one severity."""

    severity: str
    deadline: int | None
    held: int  # incidents whose meeting day is known
    median: float | None  # business days
    worst: int | None
    breaches: int
    not_held: int  # incidents with no meeting day known yet
    refs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Breach:
    path: str
    line: int  # the Meeting field, else the Date field
    severity: str
    date: dt.date
    held: dt.date | None  # None: not held yet
    source: str  # "meeting", "first commit", "not held"
    days: int  # business days from Date to held (or to today when not held)
    deadline: int
    repository: str = ""


@dataclass(frozen=True, slots=True)
class Month:
    month: str  # YYYY-MM
    counts: tuple[int, ...]  # per severity, in Figures.severities order
    refs: tuple[str, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class DurationRow:
    quarter: str
    incidents: int  # with a readable Duration
    median: float | None  # minutes
    p90: int | None
    refs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Figures:
    today: dt.date
    since: dt.date
    until: dt.date
    severities: tuple[str, ...]
    priorities: tuple[str, ...]
    headline: Headline
    open_items: tuple[OpenItem, ...]  # oldest first
    by_owner: tuple[OpenGroup, ...]
    by_priority: tuple[OpenGroup, ...]
    overdue: tuple[OpenItem, ...]  # most overdue first
    completion: tuple[Completion, ...]
    timing: tuple[Timing, ...]
    breaches: tuple[Breach, ...]  # most late first
    months: tuple[Month, ...]
    durations: tuple[DurationRow, ...]
    issues_known: bool  # issue states were read from GitHub (closed issues count as done)
    incidents: tuple[Incident, ...] = ()  # the incident list, newest first
    criteria: tuple[Criterion, ...] = ()  # the matrix's columns
    repeats: tuple[Repeat, ...] = ()
    factor_categories: tuple[str, ...] = ()
    factor_rows: tuple[FactorRow, ...] = ()
    factor_tags: tuple[tuple[str, int], ...] = ()
    changes: tuple[Change, ...] = ()  # Due dates moved, actions reworded or dropped after the review
    history: str = "not read"  # "read", "shallow" (a shallow clone: older commits unknown), "not read"
    repositories: tuple[str, ...] = ()  # merged reports: the repositories, in order


def _ordered(names: Iterable[str], known: Sequence[str], last: str) -> tuple[str, ...]:
    """The configured names first, in their order, then the others sorted, `last` at the end."""
    present = set(names)
    extra = sorted(present - set(known) - {last})
    return tuple(known) + tuple(extra) + ((last,) if last in present else ())


def _ref(path: str, line: int) -> str:
    return f"{path}:{line}"


def _fails(doc: DocumentFacts, failing: Collection[object]) -> bool:
    """`failing` holds paths (one repository) or (repository, path) keys (merged reports)."""
    return (doc.repository, doc.path) in failing or (not doc.repository and doc.path in failing)


def _headline(inside: list[DocumentFacts], facts: Sequence[DocumentFacts], failing: Collection[object],
              severities: Sequence[str], unreadable: Sequence[str]) -> Headline:
    statuses = [f.status.casefold() for f in inside]
    return Headline(
        incidents=len(inside),
        by_severity=tuple(Count(name, sum(1 for f in inside if f.severity == name)) for name in severities),
        final=statuses.count("final"),
        draft=statuses.count("draft"),
        other_status=sum(1 for s in statuses if s not in ("final", "draft")),
        clean=sum(1 for f in inside if not _fails(f, failing)),
        undated=tuple(f.path for f in facts if f.date is None),
        unreadable=tuple(unreadable),
        date_sources=tuple(Count(name, n) for name, n in
                           Counter(f.date_source for f in facts if f.date is not None).most_common()),
    )


def _open_items(facts: Sequence[DocumentFacts], today: dt.date, config: Config, issues: IssueStates) -> list[OpenItem]:
    found = []
    for doc in facts:
        start = doc.start
        for item in doc.items:
            issue = issues.issue_for(item)
            if is_done(item, issue):
                continue
            age = (today - start).days if start is not None and start <= today else None
            overdue = item.due is not None and item.due < today
            found.append(OpenItem(
                path=item.doc_path, line=item.line, action=item.action, owner=item.owner,
                owners=_owners(item), priority=item.priority or NO_PRIORITY, due=item.due,
                age_days=age, bucket=age_bucket(age),
                days_overdue=days_overdue(item.due, today, config.calendar) if overdue and item.due else None,
                todo_line=item.todo.line if item.todo is not None else None,
                issue=issue.number if issue is not None else item.issue,
                severity=doc.severity, incident=doc.title, repository=doc.repository,
            ))
    found.sort(key=lambda o: (-(o.age_days if o.age_days is not None else -1), o.repository, o.path, o.line))
    return found


def _owners(item: ActionItem) -> tuple[str, ...]:
    if item.owners:
        return tuple(dict.fromkeys(f"@{login}" for login in item.owners))
    return (item.owner or NO_OWNER,)


def _groups(items: Sequence[OpenItem], names: Sequence[str], key: str) -> tuple[OpenGroup, ...]:
    rows = []
    for name in names:
        members = [o for o in items if (name in o.owners if key == "owner" else o.priority == name)]
        rows.append(OpenGroup(
            name=name, open=len(members),
            buckets=tuple(sum(1 for o in members if o.bucket == b) for b in AGE_BUCKETS),
            overdue=sum(1 for o in members if o.days_overdue is not None),
            refs=tuple(_ref(o.path, o.line) for o in members),
        ))
    return tuple(rows)


def _completion(
    facts: Sequence[DocumentFacts], window: Window, today: dt.date, issues: IssueStates
) -> tuple[Completion, ...]:
    due: dict[str, list[tuple[ActionItem, bool]]] = {q: [] for q in window.quarters()}
    for doc in facts:
        for item in doc.items:
            if item.due is not None and item.due in window and item.due < today:
                due[quarter_of(item.due)].append((item, is_done(item, issues.issue_for(item))))
    rows = [
        Completion(q, len(entries), sum(1 for _, done in entries if done),
                   tuple(_ref(i.doc_path, i.line) for i, done in entries if not done))
        for q, entries in due.items()
    ]
    return tuple(_trimmed(rows, lambda c: c.due > 0))


def _timing(inside: list[DocumentFacts], severities: Sequence[str], today: dt.date,
            config: Config) -> tuple[tuple[Timing, ...], tuple[Breach, ...]]:
    rows, breaches = [], []
    for name in severities:
        days, refs, not_held, breaches_of_name = [], [], 0, 0
        for doc in (f for f in inside if f.severity == name and f.held_known):
            assert doc.date is not None
            if doc.held is None:
                not_held += 1
                days_so_far = span(doc.date, today, config.calendar)[0] if today > doc.date else 0
                if doc.deadline is not None and late(doc.date, today, doc.deadline, config.calendar):
                    breaches_of_name += 1
                    breach = Breach(doc.path, doc.date_line, name, doc.date, None, "not held", days_so_far,
                                    doc.deadline, doc.repository)
                    breaches.append(breach)
                refs.append(_ref(doc.path, doc.date_line))
                continue
            if doc.held.day < doc.date:
                continue  # a Meeting before the Date: PM103 reports it; no span to count
            taken = span(doc.date, doc.held.day, config.calendar)[0]
            days.append(taken)
            refs.append(_ref(doc.path, doc.held.line))
            if doc.deadline is not None and late(doc.date, doc.held.day, doc.deadline, config.calendar):
                breaches_of_name += 1
                breaches.append(Breach(doc.path, doc.held.line, name, doc.date, doc.held.day, doc.held.source,
                                       taken, doc.deadline, doc.repository))
        rows.append(Timing(name, deadline_for(name, config.deadlines), len(days), median(days),
                           max(days) if days else None, breaches_of_name, not_held, tuple(refs)))
    breaches.sort(key=lambda b: (-(b.days - b.deadline), b.repository, b.path))
    return tuple(rows), tuple(breaches)


T = TypeVar("T")


def _trimmed(rows: Sequence[T], counts: Callable[[T], bool]) -> list[T]:
    """The rows from the first that counts something to the last: no leading or trailing empty period."""
    kept = [i for i, row in enumerate(rows) if counts(row)]
    return list(rows[kept[0]: kept[-1] + 1]) if kept else []


def _incident_span(inside: list[DocumentFacts]) -> Window | None:
    """From the first incident in the window to the last (the periods the trends show)."""
    dates = [d.date for d in inside if d.date is not None]
    return Window(min(dates), max(dates)) if dates else None


def _months(inside: list[DocumentFacts], window: Window | None, severities: Sequence[str]) -> tuple[Month, ...]:
    by_month: dict[str, list[DocumentFacts]] = {m: [] for m in window.months()} if window else {}
    for doc in inside:
        assert doc.date is not None
        by_month[f"{doc.date.year:04d}-{doc.date.month:02d}"].append(doc)
    return tuple(
        Month(m, tuple(sum(1 for d in docs if d.severity == s) for s in severities),
              tuple(_ref(d.path, d.date_line) for d in docs))
        for m, docs in by_month.items()
    )


def _durations(inside: list[DocumentFacts], window: Window | None) -> tuple[DurationRow, ...]:
    by_quarter: dict[str, list[DocumentFacts]] = {q: [] for q in window.quarters()} if window else {}
    for doc in inside:
        if doc.duration is not None and doc.date is not None:
            by_quarter[quarter_of(doc.date)].append(doc)
    rows = []
    for quarter, docs in by_quarter.items():
        minutes = [d.duration for d in docs if d.duration is not None]
        rows.append(DurationRow(quarter, len(minutes), median(minutes), p90(minutes),
                                tuple(_ref(d.path, d.duration_line) for d in docs)))
    return tuple(_trimmed(rows, lambda r: r.incidents > 0))


def _spans(inside: list[DocumentFacts], config: Config) -> dict[tuple[str, str], int]:
    """Business days from each incident's Date to its meeting, when both are known."""
    return {(d.repository, d.path): span(d.date, d.held.day, config.calendar)[0]
            for d in inside if d.date is not None and d.held is not None and d.held_known and d.held.day >= d.date}


def compute(
    facts: Sequence[DocumentFacts],
    failing: Collection[object],
    config: Config,
    today: dt.date,
    window: Window,
    issues: IssueStates = NO_ISSUES,
    unreadable: Sequence[str] = (),
    issues_known: bool = False,
    errors: Mapping[tuple[str, str], Sequence[Failure]] | None = None,
    history: str = "not read",
) -> Figures:
    """The report's figures. `failing`: paths (relative to the root) of the documents with
    at least one error finding; `unreadable`: documents that could not be read."""
    inside = sorted((f for f in facts if f.date in window), key=lambda f: (f.date, f.path))
    severities = _ordered((f.severity for f in inside), config.template.severities, NO_SEVERITY)
    open_items = _open_items(facts, today, config, issues)
    owners = sorted({name for o in open_items for name in o.owners},
                    key=lambda n: (-sum(1 for o in open_items if n in o.owners), n.casefold()))
    priorities = _ordered((o.priority for o in open_items), config.template.priorities, NO_PRIORITY)
    overdue = sorted((o for o in open_items if o.days_overdue is not None),
                     key=lambda o: (-(o.days_overdue or 0), o.due or today, o.path, o.line))
    timing, breaches = _timing(inside, severities, today, config)
    span = _incident_span(inside)
    criteria = display_order(load_criteria())
    open_counts: dict[tuple[str, str], tuple[int, int]] = {}
    for o in open_items:
        opened, late = open_counts.get((o.repository, o.path), (0, 0))
        open_counts[(o.repository, o.path)] = (opened + 1, late + (o.days_overdue is not None))
    categories = factor_categories(inside, config)
    return Figures(
        today=today, since=window.since, until=window.until,
        severities=severities, priorities=priorities,
        headline=_headline(inside, facts, failing, severities, unreadable),
        open_items=tuple(open_items),
        by_owner=_groups(open_items, owners, "owner"),
        by_priority=_groups(open_items, priorities, "priority"),
        overdue=tuple(overdue),
        completion=_completion(facts, window, today, issues),
        timing=timing, breaches=breaches,
        months=_months(inside, span, severities),
        durations=_durations(inside, span),
        issues_known=issues_known,
        incidents=incident_rows(inside, errors or {}, criteria, _spans(inside, config), open_counts),
        criteria=criteria,
        repeats=repeats(inside, facts, issues),
        factor_categories=categories,
        factor_rows=factor_rows(inside, categories, span.quarters() if span else [], config),
        factor_tags=factor_tags(inside),
        changes=changes(inside),
        history=history,
        repositories=tuple(dict.fromkeys(f.repository for f in facts if f.repository)),
    )
