"""Runbooks and the post-mortems that name them (PM405).

Runbooks are the files the `runbooks` globs match. A document names a runbook by linking it:
any link whose target, resolved from the document's folder (or from the project root for
`/docs/...`), matches a runbook glob; and every link in a `Runbooks` header field or section,
wherever it points. Links are read from the raw lines of prose (code spans, comments and
fenced code are not links) and never followed out of the project root.

When each runbook last changed comes from one `git log` over the runbook folders, started in
the background before the documents are linted (`Runbooks.start`), as PM401's dates are.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pmlint.config.schema import Config
from pmlint.parse.document import Document, section_key
from pmlint.parse.inline import blank_code_spans, blank_comments
from pmlint.project.inputs import matches_any
from pmlint.read.files import resolve_inside

if TYPE_CHECKING:
    from pmlint.project.gitdates import LastChange  # git is asked only when a folder exists

# `](target)` or `](<target> "title")`: anchored on "](", possessive, no nested quantifier.
LINK = re.compile(r"\]\([ \t]*+<?([^()<>\s]++)>?(?:[ \t]++(?:\"[^\"\n]*+\"|'[^'\n]*+'))?[ \t]*+\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]++\]:[ \t]*+<?([^<>\s]++)")
EXTERNAL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # https:, mailto:, a Windows drive is refused later
RUNBOOK_ITEM = re.compile(
    r"^[ \t]*+(?:write|update)[ \t]++(?:the[ \t]++|a[ \t]++)?runbook[ \t]*+:[ \t]*+(\S.*)$", re.IGNORECASE
)
NOT_WORD = re.compile(r"[\W_]+")
# Where a runbook's name may end and a note on it begin: "X, with rollback steps", "X (new)".
NAME_END = re.compile(r"[,;(]| [-\u2013\u2014] ")
GLOB_CHARS = frozenset("*?[")
RUNBOOK_NAMES = ("Runbooks", "Runbook")
H1_BYTES = 8192


class RunbookLink(NamedTuple):
    line: int
    column: int
    target: str  # as written
    path: str | None  # relative to the project root; None when it leads out of it


def _runbook_lines(doc: Document) -> set[int]:
    """Lines of the Runbooks header field and section: every link there names a runbook."""
    lines: set[int] = set()
    for name in RUNBOOK_NAMES:
        found = doc.field(name)
        if found is not None:
            lines.add(found.line)
    wanted = {section_key(name) for name in RUNBOOK_NAMES}
    for section in doc.sections:
        if section.key in wanted:
            lines.update(range(section.line, section.end + 1))
    return lines


def _target_path(doc_path: str, target: str) -> str | None:
    """The root-relative path a link target names, or None when it climbs out of the root."""
    from urllib.parse import unquote  # only for documents that link something

    target = unquote(target.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if target.startswith("/"):
        path = posixpath.normpath(target.lstrip("/"))
    else:
        path = posixpath.normpath(posixpath.join(posixpath.dirname(doc_path), target))
    return None if path == ".." or path.startswith("../") else path


def runbook_links(doc: Document, globs: list[str]) -> list[RunbookLink]:
    """The runbooks `doc` links, each once, in the order they first appear."""
    named = _runbook_lines(doc)
    found: dict[str | None, RunbookLink] = {}
    for prose in doc.prose:
        raw = doc.lines[prose.line - 1]
        if "](" not in raw and "]:" not in raw:
            continue
        line = blank_comments(blank_code_spans(raw))
        matches = list(LINK.finditer(line))
        reference = REFERENCE.match(line)
        if reference:
            matches.append(reference)
        for match in matches:
            target = match.group(1)
            if not target or target.startswith("#") or EXTERNAL.match(target):
                continue  # a URL, a mail address, an anchor in the same page, a drive letter
            path = _target_path(doc.path, target)
            in_field = prose.line in named
            if not in_field and (path is None or not matches_any(path, globs)):
                continue
            key = path if path is not None else target
            found.setdefault(key, RunbookLink(prose.line, match.start(1) + 1, target, path))
    return list(found.values())


def runbook_item(text: str) -> str | None:
    """X of a `Write runbook: X` / `Update runbook: X` action, or None."""
    match = RUNBOOK_ITEM.match(text)
    return match.group(1).strip() if match else None


def name_key(text: str) -> str:
    """How runbook names compare: words only, case folded, a `.md` suffix and a leading
    `Runbook:` dropped (`DB-pool.md`, `Runbook: DB pool` and `db pool` are the same)."""
    text = text.strip().strip("*_`")
    if text.lower().endswith(".md"):
        text = text[:-3]
    words = NOT_WORD.sub(" ", text.casefold()).split()
    if words[:1] == ["runbook"] and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def folders_of(globs: list[str]) -> list[str]:
    """The literal folders the globs start with (`docs/runbooks/**/*.md` -> docs/runbooks)."""
    folders = []
    for glob in globs:
        parts = []
        for part in glob.split("/")[:-1]:
            if GLOB_CHARS & set(part):
                break
            parts.append(part)
        folders.append("/".join(parts) or ".")
    return sorted(set(folders))


class Runbooks:
    """The project's runbooks: their files, titles and last changes, each read at most once."""

    def __init__(self, root: Path, config: Config) -> None:
        self.root = root  # resolved
        self.config = config
        self._files: dict[str, Path] | None = None
        self._titles: dict[str, str] = {}
        self._changes: dict[str, LastChange] | None = None
        self._pending: Any = None  # a gitdates.PendingChanges
        self._uncommitted: set[str] | None = None
        self._by_name: dict[str, str] | None = None
        self._by_title: dict[str, str] | None = None

    @property
    def folders(self) -> list[str]:
        return folders_of(self.config.runbooks)

    def start(self) -> None:
        """Start the one `git log` of the run over the runbook folders that exist."""
        from pmlint.project.gitdates import PendingChanges

        existing = [f for f in self.folders if (self.root / f).is_dir()]
        if existing:
            self._pending = PendingChanges(self.root, existing)
        else:
            self._changes = {}  # no runbook folder: no git at all

    def finish(self) -> None:
        """Wait for the log `start` began; call before workers fork."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._changes = pending.changes()

    def last_change(self, path: str) -> LastChange | None:
        """When the runbook at `path` last changed in a commit; None when git does not know
        (not a repository, or a file not committed yet)."""
        self.finish()
        if self._changes is None:
            self.start()
            self.finish()
        return (self._changes or {}).get(path)

    def uncommitted(self, path: str) -> bool:
        """Whether the runbook has changes not committed yet (staged or not)."""
        if self._uncommitted is None:
            from pmlint.project.gitdates import uncommitted

            self._uncommitted = uncommitted(self.root, self.folders)
        return path in self._uncommitted

    def files(self) -> dict[str, Path]:
        """Every runbook inside the project root, by root-relative path."""
        if self._files is None:
            self._files = {}
            for pattern in self.config.runbooks:
                for found in sorted(self.root.glob(pattern)):
                    relative = found.relative_to(self.root).as_posix()
                    inside = resolve_inside(self.root, relative)
                    if isinstance(inside, Path) and inside.is_file():
                        self._files.setdefault(relative, inside)
        return self._files

    def title(self, path: str) -> str:
        """The runbook's H1, or "" (read once, from the head of the file)."""
        if path not in self._titles:
            title = ""
            try:
                with self.files()[path].open("rb") as handle:
                    head = handle.read(H1_BYTES).decode("utf-8", "replace")
            except (OSError, KeyError):
                head = ""
            for line in head.splitlines():
                if line.startswith("# "):
                    title = line[2:].strip()
                    break
            self._titles[path] = title
        return self._titles[path]

    def find(self, name: str, doc_path: str) -> str | None:
        """The runbook `name` stands for: a link or path to a runbook file, else a runbook
        whose file name or H1 matches it (see `name_key`)."""
        link = LINK.search(name)
        words = name[: link.start()].lstrip("[") if link else name
        target = link.group(1) if link else name.strip().strip("`")
        if "/" in target or target.lower().endswith(".md"):
            for path in (_target_path(doc_path, target), _target_path("", target)):
                if path is not None and path in self.files():
                    return path
        cut = NAME_END.search(words)
        keys = {name_key(words), name_key(words[: cut.start()]) if cut else ""} - {""}
        if not keys:
            return None
        for index in (self._names(), self._title_names()):
            for key in keys:
                if key in index:
                    return index[key]
        return None

    def _names(self) -> dict[str, str]:
        """Runbooks by `name_key` of their file name (built once)."""
        if self._by_name is None:
            self._by_name = {}
            for path in self.files():
                self._by_name.setdefault(name_key(posixpath.basename(path)), path)
        return self._by_name

    def _title_names(self) -> dict[str, str]:
        """Runbooks by `name_key` of their H1 (built once, when a name did not match)."""
        if self._by_title is None:
            self._by_title = {}
            for path in self.files():
                self._by_title.setdefault(name_key(self.title(path)), path)
        return self._by_title
