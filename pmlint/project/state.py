"""The project beyond the file at hand, read lazily and at most once: TODO.md, the action
items of other documents, and when each document was first committed.

A document passed alone is still cross-checked against TODO.md, and TODO.md against the
documents it refs; this is where those reads happen.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmlint.config.schema import Config
from pmlint.errors import ReadError
from pmlint.parse.action_table import action_rows
from pmlint.parse.document import parse_document
from pmlint.parse.todo_file import TodoFile, TodoItem, parse_todo
from pmlint.read.files import Unreadable, decode_text, outside_reason, read_text, real_path

if TYPE_CHECKING:
    from pmlint.project.runbooks import Runbooks

_UNREAD = object()


class Project:
    """The project being linted: root, configuration, and TODO.md and other documents read at most once."""

    def __init__(self, root: Path, config: Config, texts: Mapping[Path, str] | None = None) -> None:
        self.root = root  # resolved
        self.config = config
        # Texts that stand for files on disk, by real path: what an editor holds unsaved
        # (`pmlint server`). Every read of the project goes through `read`.
        self.texts: Mapping[Path, str] = texts or {}
        self._todo: TodoFile | None | object = _UNREAD  # _UNREAD until read
        self._actions: dict[str, frozenset[str] | Unreadable] = {}
        self._by_ref: dict[str, list[TodoItem]] | None = None
        # When set, TODO.md read from disk keeps only task lines containing one of these
        # (the file names of the few documents being linted).
        self.todo_needles: frozenset[str] | None = None
        # First-commit dates of documents (PM401), filled before workers fork
        # (start/finish_added_dates); the paths git was asked about (None: everything below the root).
        self._added: dict[str, dt.date | None] | None = None
        self._asked: set[str] | None = None
        self._pending: Any = None  # a gitdates.PendingDates
        self._runbooks: Any = None  # a runbooks.Runbooks (PM405)

    def __repr__(self) -> str:
        return f"Project({str(self.root)!r})"

    @property
    def runbooks(self) -> Runbooks:
        """The project's runbooks, their titles and last commits, read at most once."""
        if self._runbooks is None:
            from pmlint.project.runbooks import Runbooks

            self._runbooks = Runbooks(self.root, self.config)
        runbooks: Runbooks = self._runbooks
        return runbooks

    def read(self, path: Path) -> str | Unreadable:
        """The text of the file at `path`: the one given in `texts`, else the file's."""
        if self.texts:
            given = self.texts.get(real_path(path))
            if given is not None:
                return decode_text(given.encode("utf-8", "surrogatepass"), self.config.max_file_size)
        return read_text(path, self.config.max_file_size)

    @property
    def todo_path(self) -> Path:
        return real_path(self.root / self.config.todo)

    def todo(self) -> TodoFile | None:
        """TODO.md, parsed once; None when it is missing, unreadable, or a link out of the root."""
        if self._todo is _UNREAD:
            named = self.root / self.config.todo
            text = None
            if outside_reason(named, self.root) is None and (self.todo_path in self.texts or self.todo_path.is_file()):
                text = self.read(self.todo_path)
            self._todo = parse_todo(text, self.config.todo, self.todo_needles) if isinstance(text, str) else None
        assert self._todo is None or isinstance(self._todo, TodoFile)
        return self._todo

    def require_todo(self) -> None:
        """Raise a ReadError when TODO.md is there but may not or cannot be read: its boxes
        decide which issues are closed, so a run must not go on as if it had none."""
        named = self.root / self.config.todo
        if not (named.is_symlink() or named.exists()):
            return
        reason = outside_reason(named, self.root)
        if reason is not None:
            raise ReadError(f"{self.config.todo}: {reason}")
        text = read_text(self.todo_path, self.config.max_file_size)
        if isinstance(text, Unreadable) and text.refused:
            raise ReadError(f"{self.config.todo}: {text.message}")

    def use_todo(self, todo: TodoFile) -> None:
        self._todo = todo
        self._by_ref = None

    def todo_items_for(self, doc_path: str) -> list[TodoItem]:
        """The TODO task lines whose ref names `doc_path` (relative to the root)."""
        if self._by_ref is None:
            todo = self.todo()
            self._by_ref = {}
            for item in todo.items if todo else ():
                # Lexical normalisation is enough to match; PM602 judges where a ref leads.
                self._by_ref.setdefault(posixpath.normpath(item.ref), []).append(item)
        return self._by_ref.get(doc_path, [])

    def actions_count(self) -> int:
        """How many documents' action texts are known: a mark for `actions_after`."""
        return len(self._actions)

    def actions_after(self, mark: int) -> dict[str, frozenset[str] | Unreadable]:
        """The action texts learnt since `actions_count()` gave `mark` (entries are only ever
        added, in order), by document path: what a worker hands back for its chunk."""
        import itertools

        return dict(itertools.islice(self._actions.items(), mark, None))

    def record_actions(self, doc_path: str, keys: frozenset[str]) -> None:
        self._actions[doc_path] = keys

    def forget_actions(self, doc_path: str) -> None:
        """Read the document's action texts again when next asked: it changed."""
        self._actions.pop(doc_path, None)

    def actions_of(self, doc_path: str) -> frozenset[str] | Unreadable:
        """Normalised action texts of the document at `doc_path`, read from disk if needed,
        or why it cannot be read (kept, so many TODO lines cost one read)."""
        if doc_path not in self._actions:
            text = self.read(self.root / doc_path)
            if isinstance(text, Unreadable):
                self._actions[doc_path] = text
            else:
                doc = parse_document(text, doc_path, self.config.template.field_aliases)
                self._actions[doc_path] = frozenset(row.key for row in action_rows(doc, self.config.template))
        return self._actions[doc_path]

    def start_added_dates(self, doc_paths: list[str]) -> None:
        """Start asking git, in the background, for the first-commit dates of the documents
        whose header names no Meeting (the others never need one)."""
        from pmlint.project.gitdates import PendingDates, states_meeting

        known = self._added or {}  # a project linted again (`pmlint server`) asks once
        needed = [p for p in doc_paths if p not in known and not states_meeting(self.root / p)]
        self._asked = set(needed) | set(known)
        self._pending = PendingDates(self.root, needed) if needed else None
        if not needed and self._added is None:
            self._added = {}  # every document names its Meeting: no git at all

    def finish_added_dates(self) -> None:
        """Wait for the dates `start_added_dates` asked for; call before workers fork."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._added = {**(self._added or {}), **pending.dates()}

    def added_date(self, doc_path: str) -> dt.date | None:
        """When the document was first committed (UTC), if git knows. Asks git if the
        engine did not already ask about this document."""
        from pmlint.project.gitdates import first_added_dates

        self.finish_added_dates()
        if self._added is None:
            self._added = first_added_dates(self.root)  # not started by the engine: ask once for all
        elif self._asked is not None and doc_path not in self._asked:
            self._asked.add(doc_path)  # the header scan was wrong about this one
            self._added.update(first_added_dates(self.root, [doc_path]))
        return self._added.get(doc_path)

    def predates_history(self, doc_path: str) -> bool:
        """True when git has the document but a shallow clone cut off the commit that
        added it: its day is unknown, which is not the same as "not committed yet"."""
        self.added_date(doc_path)
        return self._added is not None and doc_path in self._added and self._added[doc_path] is None
