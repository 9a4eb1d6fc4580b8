"""Which files a run reads: the configured globs, or the paths on the command line, picked
as ruff picks them."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from pmlint.config.schema import Config
from pmlint.errors import ReadError, UsageError
from pmlint.read.files import outside_reason, real_path, relative_posix

WILDCARDS = frozenset("*?[")


class Inputs(NamedTuple):
    documents: list[Path]
    todo: Path | None


def no_documents_warning(config: Config) -> str:
    """What every command says when the configured paths pick no document: a wrong `paths`
    must not pass as a clean run."""
    return f"the configured paths ({', '.join(config.paths)}) match no post-mortem document"


NO_DOCUMENTS_HINT = "; set `paths` in the configuration"


@functools.cache  # a folder argument matches every file below it against the same globs
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A path glob as a regex: `*` and `?` stay inside one folder, `**/` spans folders."""
    out = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", index + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[index + 1 : end].replace("\\", "\\\\")
                out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
                index = end
        else:
            out.append(re.escape(char))
        index += 1
    return re.compile("".join(out) + r"\Z")


def matches_any(relative: str, patterns: Iterable[str]) -> bool:
    return any(glob_regex(p).match(relative) for p in patterns)


def collect_inputs(args: list[str], config: Config, root: Path, cwd: Path, force_exclude: bool) -> Inputs:
    """The documents and the TODO file to lint, as ruff picks files: a named file always (with
    `force_exclude`, only if the globs pick it); a folder, or no argument, through the globs."""
    todo_path = real_path(root / config.todo)
    documents: dict[Path, None] = {}
    todo: Path | None = None

    def is_document(path: Path) -> bool:
        return path.is_relative_to(root) and matches_any(path.relative_to(root).as_posix(), config.paths)

    if not args:
        for pattern in config.paths:
            check_folders(root, pattern)
            for found in sorted(root.glob(pattern)):
                if _is_file(found, root) or found.is_symlink():
                    documents.setdefault(found)
        # As named, not resolved: the linter judges where a link leads (and says so).
        named_todo = root / config.todo
        linked_away = named_todo.is_symlink() and outside_reason(named_todo, root) is not None
        return Inputs(list(documents), named_todo if _is_file(named_todo, root) or linked_away else None)

    for arg in args:
        # Paths stay as named (absolute, links not followed): a symlink is reported as itself,
        # and Linter.read refuses one that leads out of the project root.
        given = Path(os.path.abspath(cwd / arg))
        if not given.exists() and not given.is_symlink():
            raise UsageError(f"{arg}: no such file or directory")
        if given.is_dir():
            check_folders(given, "**/*", names_from=cwd)  # rglob skips a folder it cannot read, silently
            for found in sorted(given.rglob("*")):
                if real_path(found) == todo_path:
                    todo = found
                elif (_is_file(found, root) or found.is_symlink()) and is_document(found):
                    documents.setdefault(found)
            continue
        if real_path(given) == todo_path:
            todo = given
        elif is_document(given):
            documents.setdefault(given)
        elif force_exclude:
            continue  # pre-commit may pass any file; only ours are linted
        elif given.name == Path(config.todo).name:
            todo = given
        else:
            documents.setdefault(given)  # named explicitly: linted as a document, as ruff does
    return Inputs(list(documents), todo)


def _is_file(path: Path, root: Path) -> bool:
    """`path.is_file()`, or a ReadError naming it when the system will not say (a folder
    that can be listed but not entered)."""
    try:
        return path.is_file()
    except OSError as exc:
        raise ReadError(f"{relative_posix(path, root)}: cannot read: {exc.strerror or exc}") from None


def check_folders(root: Path, pattern: str, names_from: Path | None = None) -> None:
    """Raise a ReadError naming the first folder that `pattern` must look into and cannot:
    a glob skips an unreadable folder silently, and a run would pass on documents it never saw."""
    parts = pattern.split("/")
    fixed = 0
    while fixed < len(parts) - 1 and not WILDCARDS & set(parts[fixed]):
        fixed += 1
    folder = root.joinpath(*parts[:fixed])
    recursive = len(parts) - fixed > 1  # a wildcard folder or `**` below the fixed part
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            if not current.is_dir():
                continue
            with os.scandir(current) as entries:
                for entry in entries:
                    if recursive and entry.is_dir(follow_symlinks=False):
                        pending.append(Path(entry.path))
        except OSError as exc:
            shown = relative_posix(current, names_from or root)
            raise ReadError(f"{shown}: cannot read folder: {exc.strerror or exc}") from None

