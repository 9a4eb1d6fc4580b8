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
from pmlint.errors import UsageError


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
    todo_path = (root / config.todo).resolve()
    documents: dict[Path, None] = {}
    todo: Path | None = None

    def is_document(path: Path) -> bool:
        return path.is_relative_to(root) and matches_any(path.relative_to(root).as_posix(), config.paths)

    if not args:
        for pattern in config.paths:
            for found in sorted(root.glob(pattern)):
                if found.is_file() or found.is_symlink():
                    documents.setdefault(found)
        return Inputs(list(documents), todo_path if todo_path.is_file() else None)

    for arg in args:
        # Paths stay as named (absolute, links not followed): a symlink is reported as itself,
        # and Linter.read refuses one that leads out of the project root.
        given = Path(os.path.abspath(cwd / arg))
        if not given.exists() and not given.is_symlink():
            raise UsageError(f"{arg}: no such file or directory")
        if given.is_dir():
            for found in sorted(given.rglob("*")):
                if found.resolve() == todo_path:
                    todo = found
                elif (found.is_file() or found.is_symlink()) and is_document(found):
                    documents.setdefault(found)
            continue
        if given.resolve() == todo_path:
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
