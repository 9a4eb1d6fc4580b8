"""`pmlint report --format markdown`: the review for a step summary or the dashboard issue.

Every chart is a Mermaid block (`pie`, `xychart-beta`: GitHub renders both; older Mermaid
knows only the `-beta` name) with its data table above it, so the page reads where Mermaid
does not render. `limit` caps the size (UTF-8 bytes, which is never less than GitHub's
character count): past it, the long lists (overdue items, breaches) keep their most
pressing rows as whole tables and say how many more there are; no table is cut mid-row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from pmlint.output.actions_runner import no_references
from pmlint.retro import incident_markdown
from pmlint.retro.figures import Figures, OpenGroup
from pmlint.retro.links import NO_LINKS, Links
from pmlint.retro.numbers import days, minutes, percent
from pmlint.retro.periods import AGE_BUCKETS

STEP_SUMMARY_LIMIT = 1_000_000  # GitHub's job summary takes 1024 KiB; leave room for others
ISSUE_BODY_LIMIT = 65_536
DEFUSED_AT = "@&#8203;"  # GitHub shows "@name" but mentions no one: an edit pings nobody
T = TypeVar("T")


def cell(text: str) -> str:
    """Document text safe in a table cell: one line, no pipe, no HTML, no @-mention, no
    `#123` cross-reference (the dashboard issue would show up on issue 123)."""
    text = " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")
    return no_references(text).replace("<", "&lt;").replace("@", DEFUSED_AT) or "-"  # the defusals' own `#` stay


def label(text: str) -> str:
    """A Mermaid string: no double quote or line break can end it early, and no `%%` can
    open a comment or an `%%{init: …}%%` directive (Mermaid reads those anywhere)."""
    return " ".join("% ".join(text.replace('"', "'").split("%")).split()) or "-"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], numbers: Sequence[int] | None = None) -> str:
    """A GitHub table; the `numbers` columns (default: all but the first) are right-aligned."""
    right = set(range(1, len(header)) if numbers is None else numbers)
    align = ["--:" if i in right else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def pie(title: str, slices: Sequence[tuple[str, int]]) -> str:
    shown = [(name, value) for name, value in slices if value > 0]
    if not shown:
        return ""  # Mermaid draws nothing for an empty pie; the table says it
    body = "\n".join(f'    "{label(name)}" : {value}' for name, value in shown)
    return f"```mermaid\npie title {label(title)}\n{body}\n```\n"


def xychart(title: str, x: Sequence[str], y_title: str, bars: Sequence[float], lines: Sequence[Sequence[float]] = (),
            top: float | None = None) -> str:
    if not x:
        return ""  # no period to chart: the table says so
    peak = max([*bars, *(v for line in lines for v in line), 1])
    axis = ", ".join(f'"{label(name)}"' for name in x)
    out = ["```mermaid", "xychart-beta", f'    title "{label(title)}"', f"    x-axis [{axis}]",
           f'    y-axis "{label(y_title)}" 0 --> {_number(top if top is not None else peak)}',
           f"    bar [{', '.join(_number(v) for v in bars)}]"]
    out += [f"    line [{', '.join(_number(v) for v in line)}]" for line in lines]
    return "\n".join(out + ["```"]) + "\n"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


class Renderer:
    """Markdown for one set of figures; `cap` limits the rows of the long lists."""

    def __init__(self, figures: Figures, links: Links, todo: str, cap: int | None) -> None:
        self.f, self.links, self.todo, self.cap = figures, links, todo, cap

    def where(self, path: str, line: int, repository: str = "") -> str:
        url = self.links.document(path, line, repository)
        text = cell(f"{path}:{line}")
        return f"[{text}]({url})" if url else text

    def issue(self, number: int | None) -> str:
        if number is None:
            return "-"
        url = self.links.issue(number)
        return f"[#{number}]({url})" if url else f"#{number}"

    def todo_line(self, line: int | None) -> str:
        return "untracked" if line is None else self.where(self.todo, line)

    def capped(self, rows: Sequence[T]) -> tuple[Sequence[T], str]:
        """The first `cap` rows, and a line saying how many more there are."""
        if self.cap is None or len(rows) <= self.cap:
            return rows, ""
        more = len(rows) - self.cap
        return rows[: self.cap], f"\n_{more} more not shown here (the JSON and HTML reports list every one)._\n"

    def recent(self, rows: Sequence[T]) -> tuple[Sequence[T], str]:
        """The last `cap` rows of a time series (the latest periods), and a line for the rest."""
        if self.cap is None or len(rows) <= self.cap:
            return rows, ""
        earlier = len(rows) - self.cap
        return rows[earlier:], f"\n_{earlier} earlier periods not shown here (the JSON and HTML reports list them)._\n"

    def render(self) -> str:
        f = self.f
        done = (
            "Closed issues count as done." if f.issues_known
            else "Done means checked in TODO.md (issue states not read)."
        )
        parts = [
            f"# Post-mortem review: {f.since} to {f.until}\n\n",
            (f"_As of {f.today}. Incidents are picked by their Date; open action items are listed whatever their "
             f"incident's Date. {done}_\n\n"),
            incident_markdown.sections(self, cell, table),
            self.headline(), self.open_actions(), self.overdue(), self.completion(), self.timing(), self.trends(),
        ]
        return "".join(parts)

    def headline(self) -> str:
        head = self.f.headline
        severities, more = self.capped([c for c in head.by_severity if c.count])
        rows = [[cell(c.name), str(c.count)] for c in severities] + [["**All**", str(head.incidents)]]
        facts = [
            f"- **{head.incidents}** incidents; post-mortems **{head.final}** Final, **{head.draft}** Draft"
            + (f", {head.other_status} other" if head.other_status else ""),
            f"- **{percent(head.clean_share)}** meet every exit criterion "
            + f"({head.clean} of {head.incidents} with no error finding)",
        ]
        if head.undated:
            facts.append(f"- {len(head.undated)} documents have no readable Date and are in no window")
        if head.unreadable:
            unreadable = ", ".join(cell(p) for p in head.unreadable[:10])
            facts.append(f"- {len(head.unreadable)} documents could not be read: " + unreadable)
        return ("## Headline\n\n" + "\n".join(facts) + "\n\n" + table(["Severity", "Incidents"], rows) + more + "\n"
                + pie("Incidents by severity", [(c.name, c.count) for c in severities]) + "\n")

    def _group_table(self, title: str, groups: Sequence[OpenGroup]) -> str:
        header = [title, "Open", *(f"{b} days" if b != "unknown" else "age unknown" for b in AGE_BUCKETS), "Overdue"]
        rows = [[cell(g.name), str(g.open), *(str(n) for n in g.buckets), str(g.overdue)] for g in groups]
        return table(header, rows)

    def open_actions(self) -> str:
        f = self.f
        totals = [sum(g.buckets[i] for g in f.by_priority) for i in range(len(AGE_BUCKETS))]
        age_rows = [[b, str(n)] for b, n in zip(AGE_BUCKETS, totals, strict=False)]
        owners, more = self.capped(f.by_owner)  # the owners with the most open items first
        priorities, more_priorities = self.capped(f.by_priority)
        return (
            f"## Open action items ({len(f.open_items)}, {len(f.overdue)} overdue)\n\n"
            "Age: calendar days since the post-mortem meeting (else the incident Date).\n\n"
            + table(["Age (days)", "Open items"], age_rows) + "\n"
            + pie("Open action items by age (days)", [(b, n) for b, n in zip(AGE_BUCKETS, totals, strict=False)]) + "\n"
            + "### By priority\n\n" + self._group_table("Priority", priorities) + more_priorities + "\n"
            + "### By owner\n\n" + self._group_table("Owner", owners) + more + "\n"
        )

    def overdue(self) -> str:
        rows, more = self.capped(self.f.overdue)
        body = table(
            ["Document", "Action", "Owner", "Priority", "Due", "Business days overdue", "TODO.md", "Issue"],
            [[self.where(o.path, o.line), cell(o.action), cell(o.owner), cell(o.priority),
              o.due.isoformat() if o.due else "-", str(o.days_overdue), self.todo_line(o.todo_line),
              self.issue(o.issue)]
             for o in rows],
            numbers=[5],
        ) if rows else "No overdue action items.\n"
        return f"### Overdue ({len(self.f.overdue)}), most overdue first\n\n{body}{more}\n"

    def completion(self) -> str:
        quarters, more = self.recent(self.f.completion)
        rows = [[c.quarter, str(c.due), str(c.done), percent(c.share)] for c in quarters]
        chart = xychart("Action items done of those due (%)", [c.quarter for c in quarters], "%",
                        [round(100 * (c.share or 0), 1) for c in quarters], top=100)
        return ("## Completion per quarter\n\nItems whose Due (in the window) fell in the quarter and is past; "
                "done = checked in TODO.md or issue closed.\n\n"
                + table(["Quarter", "Due", "Done", "Completion"], rows) + more + "\n" + chart + "\n")

    def timing(self) -> str:
        f = self.f
        timing, more_timing = self.capped(f.timing)
        rows = [[cell(t.severity), "-" if t.deadline is None else str(t.deadline), str(t.held), days(t.median),
                 days(t.worst), str(t.breaches), str(t.not_held)] for t in timing]
        charted = [t for t in timing if t.held]
        chart = ""
        if charted:
            deadlines = [t.deadline for t in charted]
            lines = [[float(d) for d in deadlines if d is not None]] if all(d is not None for d in deadlines) else []
            chart = xychart("Median business days from incident to meeting", [t.severity for t in charted],
                            "business days", [t.median or 0 for t in charted], lines) + "\n"
        breaches, more = self.capped(f.breaches)
        listing = table(
            ["Document", "Severity", "Date", "Held", "Business days", "Deadline"],
            [[self.where(b.path, b.line), cell(b.severity), b.date.isoformat(),
              f"{b.held} ({b.source})" if b.held else "not held yet", str(b.days), str(b.deadline)]
             for b in breaches],
            numbers=[4, 5],
        ) if breaches else "No breach.\n"
        return ("## Time to post-mortem\n\nBusiness days from the incident Date to the meeting (the Meeting field, "
                "else the file's first commit), against the deadline per severity.\n\n"
                + table(["Severity", "Deadline", "Held", "Median", "Worst", "Breaches", "Not held yet"], rows)
                + more_timing + "\n"
                + chart + f"### Breaches ({len(f.breaches)})\n\n" + listing + more + "\n")

    def trends(self) -> str:
        f = self.f
        months, more_months = self.recent(f.months)
        severities, more_severities = self.capped(f.severities)  # columns: "All" still counts every one
        shown = range(len(severities))
        month_rows = [[m.month, *(str(m.counts[i]) for i in shown), str(m.total)] for m in months]
        per_severity = [[float(m.counts[i]) for m in months] for i in shown]
        months_chart = xychart("Incidents per month (bars: all; lines: each severity in table order)",
                               [m.month for m in months], "incidents", [m.total for m in months], per_severity)
        quarters, more_quarters = self.recent(f.durations)
        duration_rows = [[d.quarter, str(d.incidents), minutes(d.median), minutes(d.p90)] for d in quarters]
        duration_chart = xychart("Duration per quarter, minutes (bars: median; line: p90)",
                                 [d.quarter for d in quarters], "minutes", [d.median or 0 for d in quarters],
                                 [[float(d.p90 or 0) for d in quarters]])
        columns_note = more_severities.replace("more not shown", "more severities not shown as columns")
        return ("## Trends\n\n### Incidents per month\n\n"
                + table(["Month", *(cell(s) for s in severities), "All"], month_rows) + more_months + columns_note
                + "\n" + months_chart + "\n"
                + "### Duration per quarter\n\n"
                + table(["Quarter", "Incidents", "Median", "p90"], duration_rows) + more_quarters + "\n"
                + duration_chart)


def render(figures: Figures, links: Links = NO_LINKS, todo: str = "TODO.md", limit: int | None = STEP_SUMMARY_LIMIT,
           measure: Callable[[str], int] = lambda text: len(text.encode("utf-8")), defuse: bool = True) -> str:
    """The Markdown report, at most `limit` (by `measure`) when the summary tables allow.
    `defuse=False` (a terminal): handles print as written, not defused for GitHub."""
    text = _fitted(figures, links, todo, limit, measure)
    return text if defuse else text.replace(DEFUSED_AT, "@")


def _fitted(figures: Figures, links: Links, todo: str, limit: int | None, measure: Callable[[str], int]) -> str:
    text = Renderer(figures, links, todo, None).render()
    if limit is None or measure(text) <= limit:
        return text
    f = figures
    low, high = 0, max(len(f.overdue), len(f.breaches), len(f.incidents), len(f.changes), len(f.by_owner),
                       len(f.by_priority), len(f.timing), len(f.severities), len(f.months), len(f.durations),
                       len(f.completion), len(f.headline.by_severity), len(f.repeats))
    best = Renderer(figures, links, todo, 0).render()
    while low <= high:  # the most rows of the long lists that still fit
        middle = (low + high) // 2
        candidate = Renderer(figures, links, todo, middle).render()
        if measure(candidate) <= limit:
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    return best
