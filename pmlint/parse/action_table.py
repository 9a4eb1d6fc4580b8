"""The action items of a document: the rows of the Action Items table, by column name."""

from __future__ import annotations

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
}


class ActionRow(NamedTuple):
    line: int
    action: str
    key: str  # normalised action text
    owner: str | None  # None: the table has no such column
    priority: str | None
    due: str | None
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
            rows.append(ActionRow(row.line, action, normalise_action(action), owner, priority, due, columns))
    doc.derived[ACTION_ROWS] = rows
    return rows
