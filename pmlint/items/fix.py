"""`pmlint check --fix`: append the TODO.md task lines that PM307 (action-untracked) asks for.

When a document has exactly one untracked action and exactly one TODO.md line that refs it
with a text no action has (PM603), the action was reworded: that line is rewritten in place
(its box, ref and issue link kept) instead of a second line being added.

The fix works from the report, so it adds exactly what was reported: findings that were
suppressed, ignored for the file or not selected are left alone. Each new line is written in
the seed's format, `- [ ] <action> _(ref: <document>)_`, after the last TODO.md line that
already refs the same document, else at the end of the file. Every other byte of TODO.md is
kept (BOM, CRLF or LF, trailing blanks, a missing final newline is only completed where a
line is appended after it), the write is atomic, and a second run changes nothing.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pmlint.config.schema import Config
from pmlint.errors import FixError, FixRefused
from pmlint.items.todo_edit import TodoEdit, apply_edits
from pmlint.parse.action_table import action_rows
from pmlint.parse.document import parse_document
from pmlint.parse.todo_file import TodoItem, parse_todo, task_line
from pmlint.project.state import Project
from pmlint.read.files import (
    BOM,
    Unreadable,
    real_path,
    relative_posix,
    resolve_inside,
    write_atomic,
)

CODE = "PM307"
NEW_FILE_HEADER = "# TODO\n\n"
LINE_CHUNK = re.compile(rb"[^\n]*\n|[^\n]+\Z")


@dataclass(frozen=True, slots=True)
class Reported:
    """A PM307 finding, as the fix needs it."""

    path: str  # as shown, relative to the current directory
    line: int


@dataclass(slots=True)
class FixResult:
    """What the PM307 fix wrote to TODO.md, by document, and what it could not add."""

    todo: Path  # the file written
    added: dict[str, int] = field(default_factory=dict)  # document (relative to the root) -> lines
    notes: list[str] = field(default_factory=list)  # actions that could not be added, and why
    rewritten: dict[str, int] = field(default_factory=dict)  # document -> lines reworded in place

    @property
    def changed(self) -> bool:
        return bool(self.added or self.rewritten)


@dataclass(frozen=True, slots=True)
class Wanted:
    """What PM307 reported for one document, and every action key the document has."""

    actions: list[tuple[str, str]]  # (action text, key), in table order, each text once
    keys: frozenset[str]


@dataclass(frozen=True, slots=True)
class FixPlan:
    """What the fix would write to TODO.md, before anything is written."""

    result: FixResult
    original: bytes | None  # TODO.md as it is; None when it does not exist yet
    new: bytes  # TODO.md as the fix writes it


def _wanted(reported: Iterable[Reported], project: Project, cwd: Path) -> dict[str, Wanted]:
    """Document path (relative to the root) -> the actions PM307 reported there."""
    config, root = project.config, project.root
    lines_by_doc: dict[str, set[int]] = {}
    for finding in reported:
        absolute = Path(os.path.normpath(cwd / finding.path))
        relative = relative_posix(absolute, root)
        if relative.startswith("../") or Path(relative).is_absolute():
            continue  # a document outside the project cannot be reffed from TODO.md
        lines_by_doc.setdefault(relative, set()).add(finding.line)
    wanted: dict[str, Wanted] = {}
    for doc_path, lines in sorted(lines_by_doc.items()):
        text = project.read(root / doc_path)
        if isinstance(text, Unreadable):
            continue
        seen: set[str] = set()
        actions = []
        rows = action_rows(parse_document(text, doc_path), config.template)
        for row in rows:
            if row.line in lines and row.key and row.key not in seen:
                seen.add(row.key)
                actions.append((row.action.strip(), row.key))
        if actions:
            wanted[doc_path] = Wanted(actions, frozenset(row.key for row in rows if row.key))
    return wanted


def _reworded(wanted: Wanted, lines: list[TodoItem], tracked: set[str]) -> TodoEdit | None:
    """The edit that rewrites a document's one orphan line with its one untracked action:
    only then is it certain which action the line was."""
    untracked = wanted.keys - tracked
    orphans = [item for item in lines if item.key not in wanted.keys]
    if len(untracked) != 1 or len(wanted.actions) != 1 or len(orphans) != 1:
        return None
    action, key = wanted.actions[0]
    return TodoEdit(orphans[0].line, orphans[0].key, text=action) if key in untracked else None


def _newline(data: bytes) -> bytes:
    """The file's own line ending: that of its first line, LF for a one-line file."""
    first = data.find(b"\n")
    return b"\r\n" if first > 0 and data[first - 1 : first] == b"\r" else b"\n"


def _read_todo(path: Path, project: Project) -> bytes | None:
    """TODO.md's bytes (an editor's text when the project holds one), None when it does not
    exist yet; FixError when it cannot be edited."""
    config = project.config
    given = project.texts.get(real_path(path)) if project.texts else None
    if given is None and not path.exists():
        return None
    text = project.read(path)
    if isinstance(text, Unreadable) and text.message != "file is empty":
        raise FixError(f"{config.todo}: {text.message}; not fixed")
    try:
        data = given.encode("utf-8") if given is not None else path.read_bytes()
    except OSError as exc:
        raise FixError(f"{config.todo}: cannot read: {exc.strerror or exc}") from None
    if b"\r" in data and b"\n" not in data:
        raise FixRefused(f"{config.todo}: its lines end in CR alone, which pmlint does not read as line breaks; "
                         "convert it to LF or CRLF; not fixed")
    return data


def fix_untracked(reported: Iterable[Reported], config: Config, root: Path, cwd: Path) -> FixResult | None:
    """Append the missing TODO.md lines for the PM307 findings `reported`; None if there is
    nothing to add. Raises FixError when TODO.md cannot be edited safely."""
    plan = plan_fix(reported, Project(root, config), cwd)
    if plan is None:
        return None
    if plan.result.changed:
        if plan.original is None:
            plan.result.todo.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(plan.result.todo, plan.new, expected=plan.original)
    return plan.result


def plan_fix(reported: Iterable[Reported], project: Project, cwd: Path) -> FixPlan | None:
    """What `fix_untracked` would write for the PM307 findings `reported`, reading the
    project's files through `project` (an editor's unsaved texts included); writes nothing.
    None if there is nothing to add. Raises FixError when TODO.md cannot be edited safely."""
    config, root = project.config, project.root
    wanted = _wanted(reported, project, cwd)
    if not wanted:
        return None
    target = resolve_inside(root, config.todo)
    if isinstance(target, str):
        raise FixError(f"{config.todo}: {target}; not fixed")
    if target.is_dir():
        raise FixError(f"{config.todo}: is a directory; not fixed")
    data = _read_todo(target, project)
    text = data.decode("utf-8") if data is not None else ""
    todo = parse_todo(text, config.todo)
    tracked: dict[str, set[str]] = {}
    last_line: dict[str, int] = {}
    by_doc: dict[str, list[TodoItem]] = {}
    for item in todo.items:
        ref = posixpath.normpath(item.ref)
        tracked.setdefault(ref, set()).add(item.key)
        last_line[ref] = item.line
        by_doc.setdefault(ref, []).append(item)

    result = FixResult(target)
    after: dict[int, list[str]] = {}  # line number -> task lines to insert after it (0: at the end)
    edits: list[TodoEdit] = []
    appended: list[tuple[str, str]] = []  # (document, action key) of each line appended
    for doc_path, found in wanted.items():
        edit = _reworded(found, by_doc.get(doc_path, []), tracked.get(doc_path, set()))
        if edit is not None and data is not None and _reads_back(data, edit, found.actions[0][1], config):
            edits.append(edit)
            result.rewritten[doc_path] = 1
            continue
        for action, key in found.actions:
            if key in tracked.get(doc_path, set()):
                continue  # already there (the report was older than the file)
            line = task_line(action, doc_path)
            parsed = parse_todo(line, config.todo).items
            if len(parsed) != 1 or parsed[0].key != key or posixpath.normpath(parsed[0].ref) != doc_path:
                result.notes.append(f"{doc_path}: cannot write {action!r} as a TODO line; add it by hand")
                continue
            after.setdefault(last_line.get(doc_path, 0), []).append(line)
            appended.append((doc_path, key))
            result.added[doc_path] = result.added.get(doc_path, 0) + 1
    if not result.changed:
        return FixPlan(result, data, data or b"") if result.notes else None
    original = data
    if data is not None:
        data = apply_edits(data, edits)  # in place: line numbers for the appends stay right
    new = _splice(data, after) if after or data is None else data
    _check_read_back(new, appended, config)
    return FixPlan(result, original, new)


def _reads_back(data: bytes, edit: TodoEdit, key: str, config: Config) -> bool:
    """The rewritten line is read back as the action, with its ref: else append instead."""
    before = parse_todo(data.decode("utf-8"), config.todo).items
    after = parse_todo(apply_edits(data, [edit]).decode("utf-8"), config.todo).items
    old = next((item for item in before if item.line == edit.line), None)
    new = next((item for item in after if item.line == edit.line), None)
    return old is not None and new is not None and new.key == key and new.ref == old.ref and new.issue == old.issue


def _check_read_back(new: bytes, appended: list[tuple[str, str]], config: Config) -> None:
    """Raise FixRefused unless TODO.md as it would be written tracks every action appended:
    a line that lands in an unclosed ``` fence or `<!--` comment is not read, so each run
    would add it again."""
    text = new.decode("utf-8").removeprefix(BOM)
    tracked = {(posixpath.normpath(item.ref), item.key) for item in parse_todo(text, config.todo).items}
    for doc_path, key in appended:
        if (doc_path, key) not in tracked:
            raise FixRefused(
                f"{config.todo}: a line added for {doc_path} would not be read back (an unclosed ``` fence or "
                "<!-- comment above it?); close it, then run --fix again; not fixed"
            )


def _splice(data: bytes | None, after: dict[int, list[str]]) -> bytes:
    """`data` with the lines of `after[n]` inserted after its line n (0: at the end)."""
    if data is None:
        body = "".join(line + "\n" for lines in after.values() for line in lines)
        return (NEW_FILE_HEADER + body).encode("utf-8")
    newline = _newline(data)
    bom = BOM.encode("utf-8")

    def encoded(lines: list[str]) -> list[bytes]:
        return [line.encode("utf-8") + newline for line in lines]

    if not data.removeprefix(bom).strip():
        # An empty TODO.md (maybe just a BOM): start it as a new one would.
        header = NEW_FILE_HEADER.replace("\n", newline.decode()).encode("utf-8")
        lines = [line for batch in after.values() for line in batch]
        return (bom if data.startswith(bom) else b"") + header + b"".join(encoded(lines))
    out: list[bytes] = []
    for number, chunk in enumerate(LINE_CHUNK.findall(data), start=1):
        if number in after and not chunk.endswith(b"\n"):
            chunk += newline  # the last line had no line break: it needs one before ours
        out.append(chunk)
        out.extend(encoded(after.get(number, [])))
    if 0 in after:
        if not out[-1].endswith(b"\n"):
            out[-1] += newline
        out.extend(encoded(after[0]))
    return b"".join(out)
