"""`pmlint sync --write-todo`: write issue numbers after the refs in TODO.md and check the
boxes of items whose issue is closed.

Only the edited task lines change, and only by the inserted ` #123` or the `x` in the box:
line endings (LF, CRLF, mixed), a BOM, trailing spaces and everything else are kept byte
for byte. The file is replaced atomically, and a line is edited only if it still holds the
same action (TODO.md may have changed since it was read).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pmlint.errors import UsageError
from pmlint.parse.inline import normalise_action
from pmlint.parse.todo_file import ISSUE, TASK
from pmlint.read.files import BOM as BOM_TEXT
from pmlint.read.files import resolve_inside, write_atomic

if TYPE_CHECKING:
    from pmlint.items.model import ActionItem

BOM = BOM_TEXT.encode("utf-8")


@dataclass(frozen=True)
class TodoEdit:
    """A change to one TODO.md task line: add an issue link, tick its box, or both."""

    line: int  # 1-based, as pmlint.parse.todo_file numbers them
    key: str  # the normalised action the line must still hold
    issue: int | None = None  # write "#N" after the ref, if no issue link is there yet
    check: bool = False  # turn "[ ]" into "[x]"
    text: str | None = None  # the action's new text (it was reworded in its document)
    relink: bool = False  # replace the issue link there (its issue was deleted or transferred)


def _edit_line(text: str, edit: TodoEdit) -> str:
    match = TASK.match(text)
    if match is None or normalise_action(match.group("text")) != edit.key:
        return text
    link = ISSUE.match(match.group("after"))
    if edit.issue is not None and link is None:
        cut = match.start("after")
        text = f"{text[:cut]} #{edit.issue}{text[cut:]}"
    elif edit.issue is not None and edit.relink and link is not None:
        at = match.start("after") + len(link.group(0)) - len(link.group(0).lstrip())
        text = f"{text[:at]}#{edit.issue}{text[match.start('after') + link.end():]}"
    if edit.check and match.group("box") == " ":
        box = match.start("box")
        text = f"{text[:box]}x{text[box + 1:]}"
    if edit.text is not None:
        # Only the words change: the blanks around them, the box, the ref and what follows stay.
        old = match.group("text")
        start = match.start("text") + len(old) - len(old.lstrip())
        end = match.start("text") + len(old.rstrip())
        text = f"{text[:start]}{edit.text}{text[end:]}"
    return text


def apply_edits(data: bytes, edits: Iterable[TodoEdit]) -> bytes:
    """TODO.md's bytes with `edits` applied; everything else as it was."""
    by_line = {edit.line: edit for edit in edits}
    if not by_line:
        return data
    bom = data.startswith(BOM)
    body = data[len(BOM):] if bom else data
    chunks = body.split(b"\n")  # the last chunk is what follows the final newline ("" usually)
    for number, edit in by_line.items():
        index = number - 1
        if not 0 <= index < len(chunks):
            continue
        raw = chunks[index]
        ending = b"\r" if raw.endswith(b"\r") else b""
        try:
            text = raw[: len(raw) - len(ending)].decode("utf-8")
        except UnicodeDecodeError:
            continue
        edited = _edit_line(text, edit)
        if edited != text:
            chunks[index] = edited.encode("utf-8") + ending
    return (BOM if bom else b"") + b"\n".join(chunks)


def write_todo(path: Path, edits: Iterable[TodoEdit]) -> bool:
    """Apply `edits` to the file at `path` atomically; True if it changed."""
    data = path.read_bytes()
    new = apply_edits(data, edits)
    if new == data:
        return False
    write_atomic(path, new, expected=data)
    return True


def write_issue_links(
    root: Path, todo: str, items: Iterable[ActionItem], numbers: Mapping[str, int], relink: Collection[str],
    closed: Collection[str],
) -> bool:
    """`sync --write-todo`: each TODO.md task line gets its item's issue number (`numbers`,
    by item id) when it has none or its link names a vanished issue (`relink`), and its box
    ticked when the issue is closed (`closed`). False when nothing changed. A TODO.md that
    cannot be written is a UsageError naming it."""
    edits = []
    for item in items:
        if item.todo is None:
            continue
        number = numbers.get(item.id)
        again = item.id in relink and number is not None
        issue = number if number is not None and (item.todo.issue is None or again) else None
        check = item.id in closed and not item.todo.done
        if issue is not None or check:
            edits.append(TodoEdit(item.todo.line, item.todo.key, issue, check, relink=again))
    if not edits:
        return False
    path = resolve_inside(root, todo)
    if isinstance(path, str) or not path.is_file():
        raise UsageError(f"{todo}: cannot write: {path if isinstance(path, str) else 'no such file'}")
    try:
        return write_todo(path, edits)
    except OSError as exc:
        raise UsageError(f"{todo}: cannot write: {exc.strerror or exc}") from None
