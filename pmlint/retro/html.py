"""`pmlint report --format html`: one self-contained page to publish (GitHub Pages).

Inline CSS and inline SVG charts only; a Content-Security-Policy forbids loading anything
(no script, font, image or style from the network). Readable on a phone (tables scroll
sideways in their own box, charts scale) and printable (`@media print`).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from pmlint.retro import incident_html
from pmlint.retro.figures import Figures, OpenGroup, OpenItem
from pmlint.retro.links import NO_LINKS, Links
from pmlint.retro.numbers import NONE, days, minutes, percent
from pmlint.retro.periods import AGE_BUCKETS
from pmlint.retro.svg import Series, bar_chart

CSS = """
:root{--fg:#1d232b;--muted:#5b6470;--line:#d9dee5;--bg:#fff;--band:#f4f6f9;--accent:#3867b0;--bad:#b9443f}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header,main,nav{max-width:1100px;margin:0 auto;padding:0 16px}
header{padding-top:20px}
h1{font-size:1.5rem;margin:0 0 4px}
h2{font-size:1.2rem;margin:28px 0 8px;padding-top:8px;border-top:2px solid var(--line)}
h3{font-size:1rem;margin:18px 0 6px}
.meta,.note{color:var(--muted);font-size:.9rem;margin:4px 0 10px}
nav ul{list-style:none;padding:0;margin:10px 0;display:flex;flex-wrap:wrap;gap:6px 14px;font-size:.9rem}
a{color:var(--accent)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin:10px 0}
.card{background:var(--band);border-radius:8px;padding:10px 12px}
.card b{display:block;font-size:1.5rem}
.card span{color:var(--muted);font-size:.85rem}
.card.bad b{color:var(--bad)}
.table-wrap{overflow-x:auto;margin:6px 0 12px;border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--band);white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td.w{white-space:nowrap}
.items td:first-child{min-width:12em}
.incidents td:first-child{min-width:9em}.incidents td:last-child{min-width:16em}
.incidents th,.matrix th{white-space:normal}
.fails{margin:0;padding-left:1.1em;overflow-wrap:anywhere}.fails summary{cursor:pointer}
.fails li{margin:0 0 3px}.more{color:var(--muted)}
.ok{color:#2f6b38}.fail,.bad{color:var(--bad);font-weight:600}.matrix td{text-align:center}
.matrix td:first-child{text-align:left;min-width:10em}
code{font-size:.85em}
tbody tr:nth-child(even){background:#fafbfc}
.chart{margin:8px 0 18px}
.chart-scroll{overflow-x:auto}
.plot{display:flex;align-items:flex-start}.chart-axis{flex:none}
.chart-svg{display:block;flex:1 1 auto;min-width:0;overflow:visible}
.chart-svg text{font-size:11px;fill:var(--muted)}
.chart-svg .grid{stroke:var(--line);stroke-width:1}
.chart-svg .axis{stroke:var(--muted);stroke-width:1}
.chart-svg .mark{stroke:var(--bad);stroke-width:2;stroke-dasharray:4 3}
figcaption{font-size:.85rem;color:var(--muted)}
.legend{list-style:none;padding:0;margin:4px 0;display:flex;flex-wrap:wrap;gap:4px 12px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:5px}
.mark-swatch{border-top:2px dashed var(--bad);border-radius:0;height:0;vertical-align:middle}
@media (max-width:600px){body{font-size:14px}h1{font-size:1.25rem}.card b{font-size:1.25rem}th,td{padding:4px 6px}}
@media print{nav{display:none}body{font-size:10pt}.table-wrap,.chart-scroll{overflow:visible;border:0}
a{color:inherit;text-decoration:none}h2{break-after:avoid}tr,.chart,.card{break-inside:avoid}
.chart-scroll .plot{min-width:0!important}tbody tr:nth-child(even){background:none}}
"""
POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
SECTIONS = (("incidents", "Incidents"), ("criteria", "Exit criteria"), ("headline", "Headline"),
            ("open", "Open actions"), ("overdue", "Overdue"), ("completion", "Completion"),
            ("timing", "Time to post-mortem"), ("trends", "Trends"), ("process", "Process"))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numbers: Sequence[int] = (),
           nowrap: Sequence[int] = (), css: str = "") -> str:
    """Cells are HTML already (escaped by the caller); `numbers` columns align right,
    `nowrap` ones (dates) keep to one line."""
    kinds = {**{i: ' class="w"' for i in nowrap}, **{i: ' class="n"' for i in numbers}}
    head = "".join(f"<th{kinds.get(i, '')}>{h}</th>" for i, h in enumerate(header))
    # HTML leaves </td> and </tr> optional: without them a long list is a fifth smaller.
    body = "".join("<tr>" + "".join(f"<td{kinds.get(i, '')}>{c}" for i, c in enumerate(row)) for row in rows)
    kind = f' class="{css}"' if css else ""
    return (f'<div class="table-wrap" tabindex="0"><table{kind}><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


class Page:
    def __init__(self, figures: Figures, links: Links, todo: str) -> None:
        self.f, self.links, self.todo = figures, links, todo

    def where(self, path: str, line: int, repository: str = "") -> str:
        """The file name and line, linked; the folder is in the link (or the tooltip), so
        a phone's narrow column is not spent on it."""
        url = self.links.document(path, line, repository)
        text = escape(f"{path.rsplit('/', 1)[-1]}:{line}")
        if url:
            return f'<a href="{escape(url)}">{text}</a>'
        return f'<span title="{escape(path)}">{text}</span>' if "/" in path else text

    def issue(self, number: int | None, repository: str = "") -> str:
        if number is None:
            return NONE
        url = self.links.issue(number, repository)
        return f'<a href="{escape(url)}">#{number}</a>' if url else f"#{number}"

    def todo_line(self, line: int | None) -> str:
        # The line as text, not a link: thousands of rows of links would double the page.
        return "untracked" if line is None else f"line {line}"

    def render(self) -> str:
        f = self.f
        title = f"Post-mortem review: {f.since} to {f.until}"
        done = (
            "closed issues count as done" if f.issues_known else "done means checked in TODO.md (issue states not read)"
        )
        nav = "".join(f'<li><a href="#{key}">{name}</a></li>' for key, name in SECTIONS)
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
            f"<title>{escape(title)}</title>\n<style>{CSS}{incident_html.CARDS_CSS}</style>\n</head>\n<body>\n"
            f'<header><h1>{escape(title)}</h1><p class="meta">As of {f.today}. Incidents are picked by their Date; '
            f"open action items are listed whatever their incident's Date; {done}.</p></header>\n"
            f"<nav><ul>{nav}</ul></nav>\n<main>\n"
            + incident_html.incident_list(self) + incident_html.repeats(self)
            + self.headline() + self.open_actions() + self.overdue() + self.completion() + self.timing() + self.trends()
            + incident_html.factors(self) + incident_html.process(self)
            + "</main>\n</body>\n</html>\n"
        )

    def headline(self) -> str:
        head, f = self.f.headline, self.f
        cards = [
            ("", str(head.incidents), "incidents"),
            ("", f"{head.final} / {head.draft}",
             "Final / Draft" + (f" ({head.other_status} other)" if head.other_status else "")),
            ("", percent(head.clean_share), f"meet every exit criterion ({head.clean} of {head.incidents})"),
            ("", str(len(f.open_items)), "open action items"),
            ("bad" if f.overdue else "", str(len(f.overdue)), "overdue"),
            ("bad" if f.breaches else "", str(len(f.breaches)), "late post-mortems"),
        ]
        html = "".join(
            f'<div class="card {cls}"><b>{value}</b><span>{escape(text)}</span></div>' for cls, value, text in cards
        )
        notes = ""
        if head.undated:
            notes += f'<p class="note">{len(head.undated)} documents have no readable Date and are in no window.</p>'
        if head.unreadable:
            notes += f'<p class="note">Could not be read: {escape(", ".join(head.unreadable))}.</p>'
        present = [c for c in head.by_severity if c.count]  # no row of zeros
        rows = [[escape(c.name), str(c.count)] for c in present]
        chart = bar_chart("chart-severity", "Incidents by severity", [c.name for c in present],
                          [Series("incidents", tuple(float(c.count) for c in present))], "incidents")
        return (f'<section id="headline"><h2>Headline</h2><div class="cards">{html}</div>{notes}'
                + _table(["Severity", "Incidents"], rows, [1]) + chart + "</section>\n")

    def _groups(self, title: str, groups: Sequence[OpenGroup]) -> str:
        header = [title, "Open", *(f"{b} d" if b != "unknown" else "age unknown" for b in AGE_BUCKETS), "Overdue"]
        rows = [[escape(g.name), str(g.open), *(str(n) for n in g.buckets), str(g.overdue)] for g in groups]
        return _table(header, rows, range(1, len(header)))

    def open_actions(self) -> str:
        f = self.f
        buckets = [b for i, b in enumerate(AGE_BUCKETS) if b != "unknown" or any(g.buckets[i] for g in f.by_priority)]
        series = [Series(g.name, tuple(float(g.buckets[AGE_BUCKETS.index(b)]) for b in buckets)) for g in f.by_priority]
        chart = bar_chart("chart-age", "Open action items by age (calendar days), stacked by priority", buckets, series,
                          "items", stacked=True)
        not_due = [o for o in f.open_items if o.days_overdue is None]
        return (f'<section id="open"><h2>Open action items ({len(f.open_items)})</h2>'
                '<p class="note">Age: calendar days since the post-mortem meeting (else the incident Date).</p>'
                + chart + "<h3>By priority</h3>" + self._groups("Priority", f.by_priority)
                + "<h3>By owner</h3>" + self._groups("Owner", f.by_owner)
                + f"<h3>Open, not overdue ({len(not_due)})</h3>" + self._items(not_due, overdue=False) + "</section>\n")

    def _items(self, items: Sequence[OpenItem], overdue: bool) -> str:
        if not items:
            return '<p class="note">None.</p>'
        last = "Business days overdue" if overdue else "Age (days)"
        # Action and Due first: what a phone shows before the table scrolls in its box.
        repo = ["Repository"] if self.f.repositories else []
        rows = [[escape(o.action), o.due.isoformat() if o.due else NONE, escape(o.owner or NONE), escape(o.priority),
                 str(o.days_overdue if overdue else (o.age_days if o.age_days is not None else NONE)),
                 *([escape(o.repository or NONE)] if repo else []),
                 self.where(o.path, o.line, o.repository), self.todo_line(o.todo_line),
                 self.issue(o.issue, o.repository)] for o in items]
        headers = ["Action", "Due", "Owner", "Priority", last, *repo, "Document", escape(self.todo), "Issue"]
        return _table(headers, rows, [4], [1], css="items")

    def overdue(self) -> str:
        return (f'<section id="overdue"><h2>Overdue action items ({len(self.f.overdue)})</h2>'
                '<p class="note">Most overdue first; business days past Due.</p>'
                + self._items(self.f.overdue, overdue=True) + "</section>\n")

    def completion(self) -> str:
        f = self.f
        if not f.completion:
            return ('<section id="completion"><h2>Completion per quarter</h2>'
                    '<p class="note">No action item of the window was due before today.</p></section>\n')
        rows = [[c.quarter, str(c.due), str(c.done), percent(c.share)] for c in f.completion]
        chart = bar_chart("chart-completion", "Action items done of those due, per quarter (%)",
                          [c.quarter for c in f.completion],
                          [Series("done %", tuple(round(100 * (c.share or 0), 1) for c in f.completion))], "%", top=100)
        return ('<section id="completion"><h2>Completion per quarter</h2>'
                '<p class="note">Items whose Due (in the window) '
                "fell in the quarter and is past; done = checked in TODO.md or issue closed.</p>"
                + _table(["Quarter", "Due", "Done", "Completion"], rows, [1, 2, 3]) + chart + "</section>\n")

    def timing(self) -> str:
        f = self.f
        rows = [[escape(t.severity), NONE if t.deadline is None else str(t.deadline), str(t.held), days(t.median),
                 days(t.worst), str(t.breaches), str(t.not_held)] for t in f.timing]
        charted = [t for t in f.timing if t.held]
        chart = bar_chart(
            "chart-timing", "Business days from incident to meeting, per severity", [t.severity for t in charted],
            [Series("median", tuple(float(t.median or 0) for t in charted)),
             Series("worst", tuple(float(t.worst or 0) for t in charted))],
            "business days", marks=[float(t.deadline) if t.deadline is not None else None for t in charted],
        ) if charted else ""
        breaches = _table(
            ["Document", "Severity", "Date", "Held", "Business days", "Deadline"],
            [[self.where(b.path, b.line, b.repository), escape(b.severity), b.date.isoformat(),
              f"{b.held} ({b.source})" if b.held else "not held yet", str(b.days), str(b.deadline)]
             for b in f.breaches],
            [4, 5], [2, 3],
        ) if f.breaches else '<p class="note">No breach.</p>'
        return ('<section id="timing"><h2>Time to post-mortem</h2><p class="note">Business days from the incident Date '
                "to the meeting (the Meeting field, else the file's first commit), "
                "against the deadline per severity.</p>"
                + _table(["Severity", "Deadline", "Held", "Median", "Worst", "Breaches", "Not held yet"], rows,
                         [1, 2, 3, 4, 5, 6])
                + chart + f"<h3>Breaches ({len(f.breaches)})</h3>" + breaches + "</section>\n")

    def trends(self) -> str:
        f = self.f
        if not f.months:
            return '<section id="trends"><h2>Trends</h2><p class="note">No incident in the window.</p></section>\n'
        used = [i for i in range(len(f.severities)) if any(m.counts[i] for m in f.months)]  # no column of zeros
        months = _table(["Month", *(escape(f.severities[i]) for i in used), "All"],
                        [[m.month, *(str(m.counts[i]) for i in used), str(m.total)] for m in f.months],
                        range(1, len(used) + 2), [0])
        month_chart = bar_chart("chart-months", "Incidents per month, stacked by severity", [m.month for m in f.months],
                                [Series(f.severities[i], tuple(float(m.counts[i]) for m in f.months)) for i in used],
                                "incidents", stacked=True)
        durations = _table(["Quarter", "Incidents", "Median", "p90"],
                           [[d.quarter, str(d.incidents), minutes(d.median), minutes(d.p90)] for d in f.durations],
                           [1, 2, 3])
        duration_chart = bar_chart("chart-duration", "Duration per quarter (minutes): median and p90",
                                   [d.quarter for d in f.durations],
                                   [Series("median", tuple(float(d.median or 0) for d in f.durations)),
                                    Series("p90", tuple(float(d.p90 or 0) for d in f.durations))], "min",
                                   counts=False)
        return ('<section id="trends"><h2>Trends</h2><h3>Incidents per month</h3>' + months + month_chart
                + "<h3>Duration per quarter</h3>" + durations + duration_chart + "</section>\n")


def render(figures: Figures, links: Links = NO_LINKS, todo: str = "TODO.md") -> str:
    return Page(figures, links, todo).render()
