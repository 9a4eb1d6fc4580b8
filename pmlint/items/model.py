"""The project's action items as `sync` and `overdue` see them: every row of every
document's Action Items table, joined with its TODO.md line.

An item's id is stable for a given document path and normalised action text, so the same
item is found again on GitHub after any edit that does not change its text.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from pmlint.config.schema import Config
from pmlint.errors import InternalError, ReadError
from pmlint.parse.action_table import action_list, action_rows, done_in_document
from pmlint.parse.document import Document, parse_document
from pmlint.parse.inline import handles, plain, plain_text, unwrap
from pmlint.parse.todo_file import TodoItem
from pmlint.parse.values import parse_iso_date
from pmlint.project.state import Project
from pmlint.read.files import Unreadable, outside_reason, read_text, relative_posix


def item_id(doc_path: str, key: str) -> str:
    """Stable id of the action `key` (normalised text) of the document at `doc_path`."""
    digest: str = _sha256()(f"{doc_path}\n{key}".encode()).hexdigest()
    return digest[:16]


@functools.cache
def _sha256() -> Callable[[bytes], Any]:
    """SHA-256 without hashlib where CPython has its own (`_sha256` up to 3.11, `_sha2` from
    3.12): hashlib loads OpenSSL first, which a commit-time check run would pay for a few ids.
    The digests are the same."""
    for module in ("_sha256", "_sha2", "hashlib"):
        try:
            found: Callable[[bytes], Any] = importlib.import_module(module).sha256
        except (ImportError, AttributeError):
            continue
        return found
    raise InternalError("no SHA-256 in this Python")


class ActionItem(NamedTuple):
    """One action item of a post-mortem's Action Items table, with the TODO.md line tracking it."""

    id: str
    doc_path: str  # relative to the project root, "/" separators
    line: int  # of the row in the document
    action: str  # the text a reader sees: Markdown removed (the id comes from `key`)
    key: str  # normalised action text
    owner: str  # the Owner cell as written, Markdown removed
    owners: tuple[str, ...]  # handles in the Owner cell, without "@" ("org/team" for teams)
    priority: str
    due: dt.date | None
    due_text: str
    incident_title: str
    severity: str
    todo: TodoItem | None  # the TODO.md line tracking it, if any
    markdown: str = ""  # the action as written (Markdown kept), for the issue body; "" = `action`
    done_in_document: bool = False  # marked done in the document (Status column, `(DONE)`, ~~struck~~, `[x]`)

    @property
    def done(self) -> bool:
        """Checked in TODO.md; without a TODO.md line, marked done in the document itself (a
        closed issue also means done; only the GitHub side knows)."""
        return self.todo.done if self.todo is not None else self.done_in_document

    @property
    def issue(self) -> int | None:
        return self.todo.issue if self.todo else None


class UnreadDocument(NamedTuple):
    """A document that could not be read: reported, never a traceback."""

    path: str
    message: str


def incident_title(doc: Document) -> str:
    if doc.title is None:
        return Path(doc.path).stem
    text = unwrap(doc.title.text)
    for prefix in ("post-mortem:", "postmortem:"):
        if text.casefold().startswith(prefix):
            return text[len(prefix) :].strip()
    return text


def items_of(doc: Document, project: Project, lists: bool = False) -> list[ActionItem]:
    """The action items of one parsed document, joined with their TODO.md lines; `lists`:
    also actions written as a list when there is no action table (the report counts them;
    sync and the rules read tables only)."""
    config = project.config
    tracked = {item.key: item for item in project.todo_items_for(doc.path)}
    severity = doc.field("Severity")
    items = []
    for row in action_rows(doc, config.template):
        if not row.key:
            continue
        due_text = plain(row.due or "").strip()
        items.append(
            ActionItem(
                id=item_id(doc.path, row.key),
                doc_path=doc.path,
                line=row.line,
                action=plain_text(row.action),
                key=row.key,
                owner=plain(row.owner or "").strip(),
                owners=tuple(handles(row.owner or "")),
                priority=plain(row.priority or "").strip(),
                due=parse_iso_date(due_text),
                due_text=due_text,
                incident_title=incident_title(doc),
                severity=severity.value.strip() if severity else "",
                todo=tracked.get(row.key),
                markdown=unwrap(row.action),
                done_in_document=done_in_document(row.action, row.status),
            )
        )
    if lists and not items:
        for listed in action_list(doc, config.template):
            items.append(ActionItem(
                id=item_id(doc.path, listed.key), doc_path=doc.path, line=listed.line,
                action=plain_text(listed.action), key=listed.key, owner="", owners=tuple(handles(listed.action)),
                priority="", due=None, due_text="", incident_title=incident_title(doc),
                severity=severity.value.strip() if severity else "", todo=tracked.get(listed.key),
                markdown=unwrap(listed.action), done_in_document=listed.done))
    return items


def collect_items(project: Project, documents: list[Path]) -> tuple[list[ActionItem], list[UnreadDocument]]:
    """Every action item of `documents` (absolute paths), in document and row order."""
    project.require_todo()
    items: list[ActionItem] = []
    problems: list[UnreadDocument] = []
    for path in documents:
        relative = relative_posix(path, project.root)
        reason = outside_reason(path, project.root)
        if reason is not None:  # its action items would be read from outside the project
            raise ReadError(f"{relative}: {reason}")
        text = read_text(path, project.config.max_file_size)
        if isinstance(text, Unreadable):
            if text.refused:  # a document the run cannot see would silently have no items
                raise ReadError(f"{relative}: {text.message}")
            problems.append(UnreadDocument(relative, text.message))
            continue
        items.extend(items_of(parse_document(text, relative, project.config.template.field_aliases), project))
    return items, problems


def configured_documents(config: Config, root: Path) -> list[Path]:
    """The documents `pmlint check` would pick under `root` with no path named, sorted, each
    once; a link leading out of the root is kept, for `collect_items` to refuse."""
    from pmlint.project.inputs import collect_inputs

    documents = collect_inputs([], config, root, root, force_exclude=False).documents
    return [path for path in documents if path.is_file() or outside_reason(path, root) is not None]
