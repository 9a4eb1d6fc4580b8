"""The action items of a document: the rows of the Action Items table, by column name."""

from __future__ import annotations

import re
from typing import NamedTuple

from pmlint.config.schema import Template
from pmlint.parse.document import DocTable, Document, Memo, Section
from pmlint.parse.inline import normalise_action
from pmlint.parse.markdown import cell_start

# Header names accepted for each column (compared after section_key normalisation).
COLUMNS = {
    "action": ("action", "action item", "action items", "item", "task", "description"),
    "owner": ("owner", "owners", "assignee", "assignees", "responsible"),
    "priority": ("priority", "prio"),
    "due": ("due", "due date", "deadline", "due by", "target date"),
    "status": ("status", "state", "done", "resolved", "progress"),
}
# What a Status cell or a mark in the action says of a done action.
DONE_WORDS = re.compile(r"^\W*(?:done|closed|completed?|fixed|resolved|merged|shipped|finished|yes)\b|[\u2705\u2714]",
                        re.IGNORECASE)
DONE_MARK = re.compile(r"[(\[](?:done|closed|completed?|fixed)[)\]]|^\s*~~.+~~\W*$", re.IGNORECASE)


class ActionRow(NamedTuple):
    line: int
    action: str
    key: str  # normalised action text
    owner: str | None  # None: the table has no such column
    priority: str | None
    due: str | None
    status: str | None
    # 1-based source columns where each cell starts (for findings), keyed like COLUMNS.
    columns: dict[str, int]


ACTION_ROWS: Memo[list[ActionRow]] = Memo("action_rows")


def action_section(doc: Document, template: Template) -> Section | None:
    return doc.section("Action Items", template.section_aliases)


def action_table(section: Section) -> DocTable | None:
    """The first table of the section that has an Action column."""
    for table in section.tables:
        if table.column(*COLUMNS["action"]) is not None:
            return table
    return None


def action_rows(doc: Document, template: Template) -> list[ActionRow]:
    """Rows of the Action Items table, computed once per document."""
    cached = doc.derived.get(ACTION_ROWS)
    if cached is not None:
        return cached
    rows: list[ActionRow] = []
    section = action_section(doc, template)
    table = action_table(section) if section else None
    if table is not None:
        index = {name: table.column(*aliases) for name, aliases in COLUMNS.items()}
        for row in table.rows:
            source = doc.lines[row.line - 1]
            cells = row.cells

            def cell(name: str, cells: list[str] = cells) -> str | None:
                position = index[name]
                if position is None:
                    return None
                return cells[position] if position < len(cells) else ""

            action = cell("action") or ""
            if not action.strip() and not any(c.strip() for c in cells):
                continue  # a blank row is no action
            columns = {
                name: (cell_start(source, position) if position is not None else 1) for name, position in index.items()
            }
            owner, priority, due = cell("owner"), cell("priority"), cell("due")
            rows.append(ActionRow(row.line, action, normalise_action(action), owner, priority, due, cell("status"),
                                  columns))
    doc.derived[ACTION_ROWS] = rows
    return rows


def done_in_document(action: str, status: str | None = None, checked: bool | None = None) -> bool:
    """The document itself marks the action done: a Status cell (`DONE`, `Closed`, a check
    mark), `(DONE)` in the text, the whole action struck through, or a checked `- [x]` box."""
    return bool(checked) or (status is not None and DONE_WORDS.match(status.strip()) is not None) \
        or DONE_MARK.search(action) is not None


class ListedAction(NamedTuple):
    line: int
    action: str
    key: str
    done: bool


def action_list(doc: Document, template: Template) -> list[ListedAction]:
    """Actions written as a list under Action Items (top-level items, `- [ ]` boxes too),
    when the section has no action table."""
    section = action_section(doc, template)
    if section is None or action_table(section) is not None:
        return []
    top = min((item.indent for item in section.items), default=0)
    return [ListedAction(item.line, item.text, normalise_action(item.text),
                         done_in_document(item.text, checked=item.checked))
            for item in section.items if item.indent == top and item.text.strip()]
