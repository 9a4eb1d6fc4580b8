"""TODO.md rules (PM601-PM603): the task lines that track post-mortem action items.

Refs are resolved as `files.resolve_inside` does, so nothing outside the project root is ever
read: a ref that leaves the root is PM602's finding and stops there.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from pmlint.checks.context import Context
from pmlint.checks.registry import Problem, check
from pmlint.parse.todo_file import TodoFile
from pmlint.read.files import Unreadable, resolve_inside


class _Target(NamedTuple):
    path: str  # resolved, inside the root
    relative: str  # relative to the root, "/" separators: how documents are named


class _Resolver:
    """Resolves refs like `files.resolve_inside`, with one lstat per distinct ref mostly.

    Resolving every component of every ref (thousands of TODO lines) costs tens of syscalls
    each. The folder part of a ref is resolved once per folder (fully, symlinks included) and
    only the last component is lstat'ed; a last component that is a symlink, `.` or `..`
    falls back to the full `resolve_inside`. Either way nothing outside the root is read.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.prefix = len(str(root).rstrip(os.sep)) + 1
        self.folders: dict[str, Path | str] = {}
        self.refs: dict[str, _Target | str] = {}

    def __call__(self, ref: str) -> _Target | str:
        """Where `ref` leads inside the root, or why it does not lead to a file there."""
        found = self.refs.get(ref)
        if found is None:
            found = self.refs[ref] = self._resolve(ref)
        return found

    def _folder(self, folder: str) -> Path | str:
        found = self.folders.get(folder)
        if found is None:
            found = self.folders[folder] = resolve_inside(self.root, folder) if folder else self.root
        return found

    def _target(self, path: str) -> _Target:
        # `path` lies strictly below the root (it is a file): drop the root and its separator.
        return _Target(path, path[self.prefix :].replace(os.sep, "/"))

    def _resolve(self, ref: str) -> _Target | str:
        folder, _, name = ref.rpartition("/")
        parent = self._folder(folder) if name not in ("", ".", "..") else "slow"
        if isinstance(parent, str):
            return self._slow(ref)
        target = os.path.join(parent, name)
        try:
            mode = os.lstat(target).st_mode
        except FileNotFoundError:
            return f"{ref!r} does not exist"
        except OSError:
            return self._slow(ref)
        if stat.S_ISLNK(mode):
            return self._slow(ref)
        if stat.S_ISDIR(mode):
            return f"{ref!r} is a directory; ref the post-mortem document itself"
        return self._target(target)

    def _slow(self, ref: str) -> _Target | str:
        target = resolve_inside(self.root, ref)
        if isinstance(target, str):
            return target
        if target.is_dir():
            return f"{ref!r} is a directory; ref the post-mortem document itself"
        if not target.exists():
            return f"{ref!r} does not exist"
        return self._target(str(target))


@check("PM601", target="todo")
def todo_format(todo: TodoFile, ctx: Context) -> Iterator[Problem]:
    """A task line with a ref has a malformed checkbox (`- []`, `- [ x]`) or ref (`(ref: x)`
    without the underscores, an empty path)."""
    for problem in todo.malformed:
        yield Problem(problem.line, max(problem.column, 1), problem.message)


@check("PM602", target="todo")
def todo_dangling_ref(todo: TodoFile, ctx: Context) -> Iterator[Problem]:
    """A ref points to a file that does not exist, is a directory, or lies outside the root
    (absolute, `..` climbing out, a symlink leading out)."""
    resolve = _Resolver(ctx.root)
    for item in todo.items:
        target = resolve(item.ref)
        if isinstance(target, str):
            yield Problem(item.line, item.ref_column, f"ref {target}")


@check("PM603", target="todo")
def todo_orphan(todo: TodoFile, ctx: Context) -> Iterator[Problem]:
    """A ref points to an existing document that has no action item with the task's text.

    Refs are compared by their resolved path relative to the root, so `./docs/x.md` and
    `docs/x.md` name the same document.
    """
    resolve = _Resolver(ctx.root)
    for item in todo.items:
        target = resolve(item.ref)
        if isinstance(target, str):
            continue  # PM602's finding
        relative = target.relative
        actions = ctx.project.actions_of(relative)
        if isinstance(actions, Unreadable):
            message = f"{relative} cannot be checked ({actions.message}); no action item matches this line"
            yield Problem(item.line, item.ref_column, message)
        elif item.key not in actions:
            column = max(todo.lines[item.line - 1].find(item.text) + 1, 1) if item.text else 1
            yield Problem(
                item.line,
                column,
                f"{relative} has no action item with this text; update the line to match the "
                "document's Action Items row, or remove it",
            )
