"""The server's one way into the engine: every call `pmlint server` makes into the layers
below goes through this module, through the entry points `pmlint check` uses (configuration,
selection, `lint`, the PM307 fix, the catalog, the template, PM401's deadline).

The rest of pmlint/server/ speaks LSP and never imports the engine's modules itself, so a
change to the engine's entry points is absorbed here.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pmlint.catalog.rules import Rule, load_catalog
from pmlint.config.load import LoadedConfig
from pmlint.config.schema import Config
from pmlint.engine.findings import FIXABLE_CODES, Finding
from pmlint.engine.selection import Selection
from pmlint.errors import PmlintError
from pmlint.parse.document import Document
from pmlint.read.files import Unreadable, real_path, relative_posix

if TYPE_CHECKING:
    from pmlint.project.state import Project as EngineProject

CONFIG_NAMES = (".pmlint.toml", "pyproject.toml")
CODEOWNERS_PLACES = ("CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
FIX_CODE = "PM307"
SECTION_MISSING = "PM104"
TIME_CODE = "PM202"
DUE_CODE = "PM303"
# A suppression's reason as the action writes it: the words the user replaces.
REASON_PLACEHOLDER = "reason"
CODEOWNERS_HANDLE = re.compile(r"(?<!\S)@[A-Za-z0-9][\w.-]*(?:/[\w.-]+)?")


def _load(root: Path) -> LoadedConfig:
    """The configuration `pmlint check` run in `root` would use, with the rules' options."""
    from pmlint.catalog.options import load_resolved

    return load_resolved(None, root)


def _selection(config: Config) -> Selection:
    """The rules and levels `pmlint check` runs with no --select or --ignore."""
    from pmlint.engine.selection import build_selection, known_selectors

    rules = load_catalog()
    known = known_selectors(config.select, config.ignore, config.levels, config.per_file_ignores, rules)
    return build_selection(rules, known.select, known.ignore, known.levels, known.per_file_ignores)


class Deadline(NamedTuple):
    """When the review of a post-mortem is due (PM401's deadline), for the code lens."""

    line: int  # where the lens goes: the H1, else the Date field
    due: dt.date
    business_days_left: int  # from today; negative once past
    held: dt.date | None  # the Meeting field's day, when it is written


class Cell(NamedTuple):
    """A table cell's text and where it is: 1-based line, 0-based columns (end exclusive)."""

    line: int
    start: int
    end: int
    text: str


class TodoEdit(NamedTuple):
    """TODO.md as the PM307 fix would leave it."""

    path: Path
    original: str | None  # None: TODO.md does not exist yet
    new: str
    summary: str


class Project:
    """One project as the server sees it: its configuration, reloaded on demand, and the
    files it lints. Thread-safe to lint from one worker thread while the loop reads it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.loaded: LoadedConfig | None = None
        self.selection: Selection | None = None
        self.error: str | None = None
        self._owners: list[str] | None = None
        self._lock = threading.Lock()
        # What the last lints parsed, kept for the next (the lint thread only): TODO.md by
        # its text, and the action texts of documents on disk by their size and time.
        self._engine: EngineProject | None = None
        self._engine_todo: str | Unreadable | None = None  # the TODO.md text it was made for
        self._stamps: dict[str, tuple[int, int]] = {}  # documents read from disk: (time, size)
        self._root = folder.resolve()
        self.reload()

    # -- configuration --------------------------------------------------------------------

    def reload(self) -> str | None:
        """Read the configuration again; the one-line error when it is bad (then nothing is
        linted until it is fixed, as `pmlint check` exits 2)."""
        try:
            loaded = _load(self.folder)
            selection = _selection(loaded.config)
        except PmlintError as exc:
            self.loaded, self.selection, self.error = None, None, str(exc)
            return self.error
        with self._lock:
            self.loaded, self.selection, self.error = loaded, selection, None
            self._owners = None
            self._engine, self._root = None, loaded.root.resolve()
        return None

    @property
    def root(self) -> Path:
        return self._root

    @property
    def config(self) -> Config:
        return self.loaded.config if self.loaded else Config()

    def is_config_file(self, path: Path) -> bool:
        """A file whose change may change the configuration."""
        if self.loaded is not None and self.loaded.path is not None and real_path(path) == real_path(self.loaded.path):
            return True
        return path.name in CONFIG_NAMES

    def todo_path(self) -> Path:
        return real_path(self.root / self.config.todo)

    def kind(self, path: Path) -> str | None:
        """"todo" for TODO.md, "document" for a file the configured paths pick, else None:
        what `pmlint check --force-exclude PATH` would lint."""
        if self.loaded is None:
            return None
        if real_path(path) == self.todo_path():
            return "todo"
        from pmlint.project.inputs import matches_any

        absolute = real_path(path)
        if not absolute.is_relative_to(self.root):
            return None
        return "document" if matches_any(absolute.relative_to(self.root).as_posix(), self.config.paths) else None

    # -- linting --------------------------------------------------------------------------

    def lint(self, paths: Iterable[Path], texts: Mapping[Path, str], today: dt.date) -> dict[Path, list[Finding]]:
        """The findings of `pmlint check` for `paths` (by real path), reading the files in
        `texts` (by real path) from there instead of from disk; every path gets a list."""
        from pmlint.engine.linter import lint
        from pmlint.project.inputs import Inputs

        loaded, selection = self.loaded, self.selection
        wanted = [real_path(path) for path in paths]
        found: dict[Path, list[Finding]] = {path: [] for path in wanted}
        if loaded is None or selection is None:
            return found
        root = self.root
        todo = self.todo_path()
        documents = [path for path in wanted if path != todo and self.kind(path) == "document"]
        inputs = Inputs(documents, todo if todo in wanted else None)
        if not inputs.documents and inputs.todo is None:
            return found
        project = self._engine_project(texts, inputs.todo is not None)
        report = lint(inputs, loaded.config, selection, root, root, today, options=loaded.options, project=project)
        if inputs.todo is not None:  # only TODO.md's checks read other documents from disk
            self._keep_actions(project, texts)
        if loaded.config.baseline is not None:
            from pmlint.engine.baseline import apply_baseline, read_baseline

            target = root / loaded.config.baseline
            if target.is_file():
                apply_baseline(report, read_baseline(target, loaded.config.baseline), root, root)
        for finding in report.findings:
            path = real_path(root / finding.path)
            found.setdefault(path, []).append(finding)
        return found

    def _engine_project(self, texts: Mapping[Path, str], linting_todo: bool) -> EngineProject:
        """The engine's view of the project for one lint: the editor's texts over the files.
        Kept from one lint to the next while TODO.md's text stays the same, with what it
        parsed (TODO.md and its index, first-commit dates, the action texts of documents
        on disk, read again when their size or time changes)."""
        from pmlint.project.state import Project as EngineProject
        from pmlint.read.files import outside_reason

        root = self.root
        todo_path = self.todo_path()
        text: str | Unreadable | None = None
        if outside_reason(root / self.config.todo, root) is None and (todo_path in texts or todo_path.is_file()):
            text = EngineProject(root, self.config, texts).read(todo_path)
        held = self._engine
        if (held is None or held.config is not self.config or held.root != root or text != self._engine_todo
                or not isinstance(text, str)):
            held = self._engine = EngineProject(root, self.config, texts)
            self._engine_todo, self._stamps = text, {}
        project: EngineProject = held
        project.texts = texts
        if linting_todo:
            for doc_path, keys in project.actions_after(0).items():
                path = root / doc_path
                if path in texts or not isinstance(keys, frozenset) or _stamp(path) != self._stamps.get(doc_path):
                    project.forget_actions(doc_path)
        return project

    def _keep_actions(self, project: EngineProject, texts: Mapping[Path, str]) -> None:
        """Note when each document whose action texts the project holds was read."""
        for doc_path in project.actions_after(0):
            if doc_path in self._stamps:
                continue
            path = self.root / doc_path
            if path not in texts:
                stamp = _stamp(path)
                if stamp is not None:
                    self._stamps[doc_path] = stamp

    # -- rules ----------------------------------------------------------------------------

    @staticmethod
    def rule(code: str) -> Rule | None:
        return load_catalog().get(code)

    @staticmethod
    def fixable(code: str) -> bool:
        return code in FIXABLE_CODES

    # -- documents ------------------------------------------------------------------------

    def parse(self, path: Path, text: str) -> Document:
        from pmlint.parse.document import parse_document

        return parse_document(text, relative_posix(real_path(path), self.root), self.config.template.field_aliases)

    def deadline(self, doc: Document, today: dt.date) -> Deadline | None:
        """When the review is due, from the Date and Severity fields and the severity's
        deadline, counted as PM401 counts it; None when those are missing or unread."""
        from pmlint.config.calendar import business_days_between
        from pmlint.parse.values import parse_iso_date
        from pmlint.project.incident import deadline_for, incident_dates, review_due

        date_field, severity = doc.field("Date"), doc.field("Severity")
        if date_field is None or severity is None:
            return None
        date = incident_dates(doc).date
        days = deadline_for(severity.value, self.config.deadlines)
        if date is None or days is None or days < 0:
            return None
        calendar = self.config.calendar
        try:
            due = review_due(date, days, calendar)
            left = business_days_between(today, due, calendar)
        except (OverflowError, ValueError):
            return None
        meeting = doc.field("Meeting")
        held = parse_iso_date(meeting.value) if meeting is not None else None
        line = doc.title.line if doc.title is not None else date_field.line
        return Deadline(line, due, left, held)

    def date_of(self, doc: Document) -> dt.date | None:
        from pmlint.project.incident import incident_dates

        return incident_dates(doc).date

    def due_date(self, value: str, doc: Document) -> dt.date | None:
        """The date a Due cell written another way means: `next Friday` counted from the
        document's Date, or a date dateutil reads one way only (PM303's suggestions)."""
        from pmlint.parse.inline import plain
        from pmlint.parse.values import suggest_iso, suggest_relative

        text = plain(value)
        start = self.date_of(doc)
        relative = suggest_relative(text, start) if start is not None else None
        if relative is not None:
            return relative[0]
        iso = suggest_iso(text) if text else None
        return dt.date.fromisoformat(iso) if iso else None

    def time_in_utc(self, cell: str, doc: Document) -> str | None:
        """A Time cell in another zone rewritten in UTC (`13:40 PST` -> `21:40`), as PM202's
        message computes it; the `UTC` suffix is left out, as the other rows write it."""
        from pmlint.parse.time_cells import written_in_utc

        written = written_in_utc(cell, self.date_of(doc))
        return written.removesuffix(" UTC") if written is not None else None

    def action_cell(self, doc: Document, line: int, column: str) -> Cell | None:
        """The `column` cell ("due", "owner"...) of the Action Items row on `line`."""
        from pmlint.parse.action_table import action_rows

        for row in action_rows(doc, self.config.template):
            if row.line == line and getattr(row, column, None) is not None:
                return cell_at(doc.lines[line - 1], row.columns[column] - 1)._replace(line=line)
        return None

    def action_columns(self) -> dict[str, tuple[str, ...]]:
        """The Action Items table's column names, by role (owner, priority, due...)."""
        from pmlint.parse.action_table import COLUMNS

        return COLUMNS

    def template_section(self, name: str) -> str | None:
        """The `## name` block of the post-mortem template as `pmlint new` writes it for
        this configuration, ending in a blank line; None when the template has none."""
        from pmlint.catalog.template import render

        text = render("Title", "YYYY-MM-DD", "SEV-1", self.config.template)
        lines = text.splitlines(keepends=True)
        for index, line in enumerate(lines):
            if line.rstrip("\r\n") == f"## {name}":
                end = next((at for at in range(index + 1, len(lines)) if lines[at].startswith("## ")), len(lines))
                block = "".join(lines[index:end]).rstrip("\n") + "\n\n"
                return block
        return None

    def section_titles(self) -> list[str]:
        from pmlint.catalog.template import SECTION, render

        text = render("Title", "YYYY-MM-DD", "SEV-1", self.config.template)
        return SECTION.findall(text)

    def missing_section(self, message: str) -> str | None:
        """The required section a PM104 finding names."""
        for name in self.config.template.required_sections:
            if f"Required section {name!r} is missing" in message:
                return name
        return None

    def section_line(self, doc: Document, name: str) -> int | None:
        """Where a section the template places after `name` starts (the block goes before
        it), else None (at the end), following the configured order."""
        required = self.config.template.required_sections
        if name not in required:
            return None
        aliases = self.config.template.section_aliases
        for later in required[required.index(name) + 1 :]:
            section = doc.section(later, aliases)
            if section is not None:
                return section.line
        return None

    # -- TODO.md --------------------------------------------------------------------------

    def todo_edit(self, findings: list[tuple[Path, int]], texts: Mapping[Path, str]) -> TodoEdit | PmlintError | None:
        """TODO.md after the PM307 fix for the findings at (document, line), read through
        the editor's texts; None when it would not change; the error when it cannot be fixed."""
        from pmlint.items.fix import Reported, plan_fix
        from pmlint.project.state import Project as EngineProject

        if self.loaded is None:
            return None
        root = self.root
        reported = [Reported(relative_posix(real_path(path), root), line) for path, line in findings]
        try:
            plan = plan_fix(reported, EngineProject(root, self.config, texts), root)
        except PmlintError as exc:
            return exc
        if plan is None or not plan.result.changed:
            return None
        added = sum(plan.result.added.values())
        rewritten = sum(plan.result.rewritten.values())
        parts = [f"add {added} line{'s' if added != 1 else ''}"] if added else []
        parts += [f"rewrite {rewritten} line{'s' if rewritten != 1 else ''}"] if rewritten else []
        original = plan.original.decode("utf-8") if plan.original is not None else None
        return TodoEdit(plan.result.todo, original, plan.new.decode("utf-8"), f"TODO.md: {' and '.join(parts)}")

    def tracking(self, doc: Document, line: int, texts: Mapping[Path, str]) -> tuple[int, bool, int | None] | None:
        """The TODO.md line tracking the action on `line`: (its line, checked, issue number
        sync recorded), read from the editor's TODO.md when open; None when untracked."""
        from pmlint.parse.action_table import action_rows
        from pmlint.project.state import Project as EngineProject

        row = next((row for row in action_rows(doc, self.config.template) if row.line == line), None)
        if row is None:
            return None
        project = EngineProject(self.root, self.config, texts)
        for item in project.todo_items_for(doc.path):
            if item.key == row.key:
                return item.line, item.done, item.issue
        return None

    def todo_item(self, text: str, line: int) -> tuple[bool, int | None, int] | None:
        """The TODO.md task on `line` as sync reads it: (checked, its issue number, where the
        text after its ref starts, 0-based); None when the line is no tracked task."""
        from pmlint.parse.todo_file import parse_todo

        lines = text.splitlines()
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        found = parse_todo(source, self.config.todo).items
        if not found:
            return None
        end = source.find(")_", found[0].ref_column)
        return found[0].done, found[0].issue, end + 2 if end >= 0 else len(source)

    # -- completion -----------------------------------------------------------------------

    def owners(self) -> list[str]:
        """Handles seen in the archive's documents and in CODEOWNERS, each once, sorted;
        read once per configuration (in the worker thread that asks first)."""
        with self._lock:
            if self._owners is not None:
                return self._owners
        from pmlint.parse.inline import handles
        from pmlint.project.inputs import collect_inputs
        from pmlint.read.files import read_text

        config, root = self.config, self.root
        seen: set[str] = set()
        try:
            documents = collect_inputs([], config, root, root, force_exclude=False).documents
        except PmlintError:
            documents = []
        for path in documents:
            text = read_text(path, config.max_file_size)
            if isinstance(text, Unreadable) or "@" not in text:
                continue
            seen.update(handle for line in text.splitlines() if "@" in line for handle in handles(line))
        for place in CODEOWNERS_PLACES:
            text = read_text(root / place, config.max_file_size)
            if isinstance(text, str):
                for line in text.splitlines():
                    content = line.split("#", 1)[0]
                    seen.update(match.group(0)[1:] for match in CODEOWNERS_HANDLE.finditer(content))
        owners = sorted(seen, key=str.casefold)
        with self._lock:
            self._owners = owners
        return owners

    def severities(self) -> list[str]:
        return list(self.config.template.severities)

    def statuses(self) -> list[str]:
        return list(self.config.template.statuses)

    def priorities(self) -> list[str]:
        return list(self.config.template.priorities)


def _stamp(path: Path) -> tuple[int, int] | None:
    """The file's modification time and size: a document read before is read again when
    either changed."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


PIPE = re.compile(r"(?<!\\)\|")


def cell_at(source: str, start: int) -> Cell:
    """The cell of table row `source` that starts at 0-based `start`: to the next unescaped
    pipe, blanks trimmed (the line number is filled in by the caller)."""
    match = PIPE.search(source, start)
    end = match.start() if match is not None else len(source)
    raw = source[start:end]
    left = start + len(raw) - len(raw.lstrip())
    right = left + len(raw.strip())
    return Cell(0, left, right, source[left:right])


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


Today = Callable[[], dt.date]
