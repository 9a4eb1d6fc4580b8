"""The incident sections of the HTML report: the incident list (first on the page), the
exit-criteria matrix, repeat incidents, contributing factors and the process as Git
history tells it. Rendered with `html.Page`'s helpers; document text is always escaped.
"""

from __future__ import annotations

from html import escape, unescape
from typing import Protocol

from pmlint.retro.figures import Figures
from pmlint.retro.incidents import Incident, Repeat, repeat_groups
from pmlint.retro.links import Links
from pmlint.retro.numbers import NONE, minutes
from pmlint.retro.svg import Series, bar_chart


class Page(Protocol):
    """What these sections need of `html.Page` (the page they are part of)."""

    f: Figures
    links: Links

    def where(self, path: str, line: int, repository: str = "") -> str: ...

PASS, FAIL = "✓", '<b class="fail">✗</b>'
# On a phone the incident list and the matrix become one card per incident: each cell on
# its own line after its column's name (the `data-label`), so nothing scrolls sideways.
CARDS_CSS = """
@media (max-width:600px){.cards-table thead{position:absolute;left:-9999px}
.cards-table tr{display:block;padding:6px 8px;border-bottom:1px solid var(--line)}
.cards-table td{display:block;border:0;padding:2px 0;text-align:left!important;min-width:0!important}
.cards-table td::before{color:var(--muted);font-size:.85em}
.cards-table td:first-child{font-weight:600}.cards-table td{display:inline-block;margin-right:10px}
.cards-table td:first-child,.incidents td:last-child{display:block}
}
"""


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def card_table(header: list[str], rows: list[list[str]], numbers: set[int], css: str,
               nowrap: frozenset[int] = frozenset(), cards: bool = True) -> str:
    """A table that a phone shows as cards (CARDS_CSS) unless `cards` is False (a narrow
    table of numbers); cells are HTML already. The cards' labels come from one style rule
    per column (`nth-child`), not an attribute on every cell: a long list stays small."""
    kinds = [' class="n"' if i in numbers else ' class="w"' if i in nowrap else "" for i in range(len(header))]
    head = "".join(f"<th{kinds[i]}>{h}</th>" for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(f"<td{kinds[i]}>{c}" for i, c in enumerate(row)) for row in rows)
    labels = ""
    if cards:
        rules = "".join(f".{css} td:nth-child({i + 1})::before{{content:{_css_string(unescape(h) + ': ')}}}"
                        for i, h in enumerate(header) if i)
        labels = f"<style>@media (max-width:600px){{{rules}}}</style>"
    kind = f"{css} cards-table" if cards else css
    return (f'{labels}<div class="table-wrap" tabindex="0"><table class="{kind}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def _repo(page: Page, repository: str) -> list[str]:
    return [escape(repository or NONE)] if page.f.repositories else []


def _title(page: Page, row: Incident) -> str:
    url = page.links.document(row.path, row.line, row.repository)
    title = escape(row.title)
    return f'<a href="{escape(url)}">{title}</a>' if url else f'<span title="{escape(row.path)}">{title}</span>'


def _failed(page: Page, row: Incident) -> str:
    if not row.failed:
        return '<span class="ok">meets every criterion</span>'
    names = {c.key: c.name for c in page.f.criteria}
    items = []
    for key, found in row.failed.items():
        first = found[0]
        more = f" <span class=\"more\">+{len(found) - 1} more</span>" if len(found) > 1 else ""
        # The criterion on one line; the finding that says why one click away (no script).
        # No link per finding (the title links the document): a long list stays small.
        items.append(f"<li><details><summary>{escape(names.get(key, key))}{more}</summary>{escape(first.message)} "
                     f"(line {first.line}, {escape(first.code)})</details></li>")
    return f'<ul class="fails">{"".join(items)}</ul>'


def incident_list(page: Page) -> str:
    f = page.f
    if not f.incidents:
        return '<section id="incidents"><h2>Incidents</h2><p class="note">No incident in the window.</p></section>\n'
    repo = ["Repository"] if f.repositories else []
    shift = len(repo)
    rows = [[_title(page, i), *_repo(page, i.repository), escape(i.severity), escape(i.status or NONE),
             i.date.isoformat(), minutes(i.duration), NONE if i.to_postmortem is None else str(i.to_postmortem),
             str(i.open_actions), f'<span class="bad">{i.overdue_actions}</span>' if i.overdue_actions else "0",
             _failed(page, i)] for i in f.incidents]
    body = card_table(["Incident", *repo, "Severity", "Status", "Date", "Duration", "To post-mortem (business days)",
                       "Open actions", "Overdue", "Failed exit criteria"], rows,
                      {shift + 5, shift + 6, shift + 7}, css="incidents", nowrap=frozenset({shift + 3, shift + 4}))
    return (f'<section id="incidents"><h2>Incidents ({len(f.incidents)})</h2>'
            '<p class="note">Newest first. Failed exit criteria: open one for the first error finding that fails '
            "it (<code>pmlint check</code> lists them all).</p>" + body + matrix(page) + "</section>\n")


def matrix(page: Page) -> str:
    """One row per incident, one column per criterion; a phone scrolls it in its own box.
    Cells are one character (the incident list above says why one fails)."""
    f = page.f
    repo = ["Repository"] if f.repositories else []
    header = ["Incident", *repo, *(escape(c.name) for c in f.criteria)]
    rows = [[escape(i.title), *_repo(page, i.repository),
             *(FAIL if c.key in i.failed else PASS for c in f.criteria)] for i in f.incidents]
    failing = [sum(1 for i in f.incidents if c.key in i.failed) for c in f.criteria]
    rows.append(["<b>Failing</b>", *([""] * len(repo)), *(f"<b>{n}</b>" for n in failing)])
    return ('<h3 id="criteria">Exit criteria</h3><p class="note">One row per incident, one column per exit '
            f"criterion: {FAIL} fails it, {PASS} meets it (the incident list says why).</p>"
            + card_table(header, rows, set(), "matrix", cards=False))


def repeats(page: Page) -> str:
    f = page.f
    if not f.repeats:
        return ""
    def earlier(group: list[Repeat]) -> str:
        first, late = group[0], sum(1 for e in group if e.overdue_then)
        actions = f"{len(group)} open action{'s' if len(group) > 1 else ''}"
        actions += f", {late} overdue then" if late else ""
        return (f"<li>{escape(first.earlier_title)} ({first.earlier_date}): {actions}, e.g. {escape(first.action)} "
                f"({page.where(first.earlier_path, first.action_line, first.earlier_repository)})</li>")

    rows = [[f"{escape(g[0][0].title)} ({g[0][0].date})",
             escape(", ".join(dict.fromkeys(e.service for group in g for e in group))),
             f'<ul class="fails">{"".join(earlier(group) for group in g)}</ul>',
             str(sum(len(group) for group in g))]
            for g in repeat_groups(f.repeats)]
    count = len(rows)
    return (f'<section id="repeats"><h2>Repeat incidents ({count})</h2><p class="note">Incidents that '
            "happened while an action item from an earlier incident on the same service was still open.</p>"
            + card_table(["Incident", "Service", "Earlier incidents and their actions still open",
                          "Open actions"], rows, {3}, css="repeats")
            + "</section>\n")


def factors(page: Page) -> str:
    f = page.f
    if not f.factor_tags:
        return ""
    per_quarter = card_table(["Quarter", *(escape(c) for c in f.factor_categories)],
                             [[r.quarter, *(str(n) for n in r.counts)] for r in f.factor_rows],
                             set(range(1, len(f.factor_categories) + 1)), "factors", cards=False)
    chart = bar_chart("chart-factors", "Incidents per quarter by contributing factor",
                      [r.quarter for r in f.factor_rows],
                      [Series(c, tuple(float(r.counts[i]) for r in f.factor_rows))
                       for i, c in enumerate(f.factor_categories)], "incidents")
    tags = card_table(["Tag", "Incidents"], [[escape(t), str(n)] for t, n in f.factor_tags], {1}, "tags", cards=False)
    return ('<section id="factors"><h2>Contributing factors</h2>' + per_quarter + chart + "<h3>By tag</h3>" + tags
            + "</section>\n")


def _after(row: Incident, which: str) -> str:
    if row.history is None:
        return NONE
    day = row.history.first_commit if which == "first" else row.history.final_commit
    return NONE if day is None else f"{day} ({(day - row.date).days} d)"


def process(page: Page) -> str:
    f = page.f
    note = {"shallow": "This is a shallow clone: commits before its boundary are not known (check out with "
                       "<code>fetch-depth: 0</code>).",
            "not read": "Git history was not read (no repository, or <code>--no-git</code>)."}.get(f.history, "")
    out = ('<section id="process"><h2>Process (from Git history)</h2><p class="note">Days from the incident to '
           "the first commit of its post-mortem and to the commit that made it Final. " + note + "</p>")
    timed = [i for i in f.incidents if i.history is not None]
    if timed:
        out += card_table(["Incident", "Date", "First commit", "Final"],
                          # The title as text: the incident list links it (a long archive stays small).
                          [[escape(i.title), i.date.isoformat(), _after(i, "first"), _after(i, "final")]
                           for i in timed], set(), css="process", nowrap=frozenset({1, 2, 3}))
    out += f"<h3>Changed after the review ({len(f.changes)})</h3>"
    if f.changes:
        out += card_table(["Action", "Change", "Now", "Days moved", "Incident", "On"],
                          [[escape(c.action), c.kind, escape(c.after or NONE),
                            NONE if c.days is None else f"{c.days:+d}", escape(c.title), c.on.isoformat()]
                           for c in f.changes], {3}, css="changes", nowrap=frozenset({5}))
    else:
        out += '<p class="note">No Due date moved and no action reworded or dropped after the review.</p>'
    return out + "</section>\n"
