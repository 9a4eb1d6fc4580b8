"""Find a team's post-mortem archive in its repository, as a newcomer would: folders named for
incidents or post-mortems (at any depth, nested `YYYY/MM/` included), files named so, one
folder per incident (`<slug>/index.md`, `<slug>/README.md`), and blog posts that read as
post-mortems. Index, README and template pages beside the documents are not documents.

The result is the documents found and the `paths` globs that pick exactly them (and the
documents the team adds later in the same places).
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pmlint.errors import UsageError
from pmlint.project.inputs import matches_any

# The extensions post-mortems are written in: Markdown as static-site generators keep it.
EXTENSIONS = (".html.md.erb", ".html.md", ".markdown", ".md")
KEYWORD = re.compile(r"post[-_ ]?mortem|incident|outage|retrospective|\brca\b|root[-_ ]cause", re.IGNORECASE)
# Folder names that hold an archive: everything below them is a candidate.
ARCHIVE_FOLDER = re.compile(r"^(?:post[-_]?mortems?|incidents?|incident[-_](?:reports?|reviews?)|"
                            r"retrospectives?|retros|outages?|rcas?|pirs?)$", re.IGNORECASE)
# A repository's own pages, never a post-mortem (TODO.md tracks the actions).
NOT_DOCUMENTS = re.compile(r"^(?:todo|changelog|changes|contributing|license|code_of_conduct|security|"
                           r"authors|history|news)$", re.IGNORECASE)
INDEX_NAME = re.compile(r"^_?(?:index|readme)$", re.IGNORECASE)
TEMPLATE_NAME = re.compile(r"template|example|skeleton|sample", re.IGNORECASE)
SKIPPED_FOLDERS = {"node_modules", "vendor", "site-packages", "__pycache__", "_site", "dist"}
SECTION_WORDS = (r"(?:timeline|root causes?|impact|action items|follow[- ]?ups?|lessons learn[te]d|what happened|"
                 r"resolution|detection)")
# What a post-mortem's text says of itself, for files named and kept like any other page.
SIGNALS = (
    re.compile(r"post[- ]?mortem|incident|root cause|outage|downtime|breach|compromised?|leaked|exploit|"
               r"attacker|vulnerabilit(?:y|ies)|remote code execution|broken|corrupt(?:ed|ion)|went down",
               re.IGNORECASE),
    # the sections or labels of a post-mortem: `## Timeline`, `Root Cause: ...`, `**Impact**:`
    re.compile(rf"^#{{1,3}}\s*{SECTION_WORDS}\b|^[*_]{{0,2}}{SECTION_WORDS}[*_]{{0,2}}\s*:",
               re.IGNORECASE | re.MULTILINE),
)
READ_LIMIT = 200_000


@dataclass
class Found:
    """The documents found (relative posix paths) and the globs that pick them."""

    documents: list[str] = field(default_factory=list)
    globs: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # index, README and template pages beside them


def extension(name: str) -> str | None:
    lowered = name.lower()
    return next((ext for ext in EXTENSIONS if lowered.endswith(ext)), None)


def _stem(name: str) -> str:
    ext = extension(name)
    return name[: -len(ext)] if ext else name


def _markdown_files(folder: Path, root: Path) -> list[str]:
    """Markdown files below `folder`, relative to `root`, hidden and tool folders skipped."""
    out = []

    def refuse(error: OSError) -> None:
        # Fail closed: a folder init cannot list may hold the archive, and a configuration
        # learnt without it would describe another team.
        raise UsageError(f"{Path(os.path.relpath(error.filename or folder, root)).as_posix()}: cannot be listed "
                         f"({error.strerror or error}); nothing written") from None

    for current, dirs, files in os.walk(folder, onerror=refuse):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS)
        base = Path(current)
        for name in sorted(files):
            if extension(name) and (base / name).is_file():
                out.append((base / name).relative_to(root).as_posix())
    return out


def _reads_as_post_mortem(path: Path) -> bool:
    """Post-mortem headings and words, or the words said again and again (a blog's write-up)."""
    try:
        with path.open("rb") as handle:
            text = handle.read(READ_LIMIT).decode("utf-8", "replace")
    except OSError:
        return False
    words = len(SIGNALS[0].findall(text))
    return words >= 3 or (words >= 1 and SIGNALS[1].search(text) is not None)


def _is_page(relative: str) -> bool:
    """An index, README or template page rather than a document."""
    name = relative.rsplit("/", 1)[-1]
    return bool(INDEX_NAME.match(_stem(name)) or TEMPLATE_NAME.search(_stem(name)))


def _bundle(relative: str, files: set[str]) -> bool:
    """`<slug>/index.md` or `<slug>/README.md` as one incident's folder: the only Markdown file
    there and not the index of sub-folders holding documents."""
    folder, name = relative.rsplit("/", 1) if "/" in relative else ("", relative)
    if not INDEX_NAME.match(_stem(name)) or not folder:
        return False
    siblings = [f for f in files if f != relative and f.startswith(folder + "/")]
    return not siblings


def _in_archive_folder(relative: str) -> bool:
    return any(ARCHIVE_FOLDER.match(part) for part in relative.split("/")[:-1])


def candidates(root: Path, folders: Iterable[Path] | None) -> tuple[list[str], list[str]]:
    """Documents and skipped pages: below `folders` every Markdown file counts; else those in
    an archive folder, named for incidents, or reading as a post-mortem."""
    given = folders is not None
    files: list[str] = []
    for folder in folders if folders is not None else [root]:
        files += _markdown_files(folder, root)
    universe = set(files)
    documents, skipped = [], []
    for relative in dict.fromkeys(files):
        name = relative.rsplit("/", 1)[-1]
        if NOT_DOCUMENTS.match(_stem(name)) or ("/" not in relative and not given and INDEX_NAME.match(_stem(name))):
            continue  # the repository's own README, TODO.md and the like
        if _is_page(relative) and not _bundle(relative, universe):
            if given or _in_archive_folder(relative) or KEYWORD.search(relative):
                skipped.append(relative)
            continue
        if given or _in_archive_folder(relative) or KEYWORD.search(_stem(name)):
            documents.append(relative)
        elif _reads_as_post_mortem(root / relative):
            documents.append(relative)
    return _whole_folders(documents, files, skipped), skipped


def _folder_of(relative: str) -> str:
    return relative.rsplit("/", 1)[0] if "/" in relative else ""


def _whole_folders(documents: list[str], files: list[str], skipped: list[str]) -> list[str]:
    """A folder (not the root) where at least half the pages are post-mortems is the archive:
    its other pages are post-mortems written in other words."""
    picked = set(documents) | set(skipped)
    by_folder: dict[str, list[str]] = defaultdict(list)
    for relative in files:
        by_folder[_folder_of(relative)].append(relative)
    out = list(documents)
    for folder, members in by_folder.items():
        chosen = [m for m in members if m in documents]
        if folder and chosen and len(chosen) * 2 >= len(members):
            out += [m for m in members if m not in picked and not _is_page(m)]
    # `2023-07/`, `2024/06/`: dated folders beside dated folders that hold post-mortems do too.
    archived = {_parent_of_dated(_folder_of(d)) for d in documents} - {None}
    for folder, members in by_folder.items():
        if _parent_of_dated(folder) in archived:
            out += [m for m in members if m not in picked and not _is_page(m)]
    return sorted(dict.fromkeys(out))


DATED_FOLDER = re.compile(r"^(?:\d{4}(?:-\d{2})?|\d{2})$")


def _parent_of_dated(folder: str) -> str | None:
    """The folder above a run of dated folders (`a` for `a/2023/11`, "" for `2023-07`)."""
    parts = folder.split("/") if folder else []
    if not parts or not DATED_FOLDER.match(parts[-1]):
        return None
    while parts and DATED_FOLDER.match(parts[-1]):
        parts.pop()
    return "/".join(parts)


def _pattern(folder: str, tail: str) -> str:
    return f"{folder}/{tail}" if folder else tail


def _globs(documents: list[str], skipped: list[str], all_files: set[str]) -> list[str]:
    """Globs that pick every document and no skipped page or other Markdown file: per folder
    and extension `*.ext` (`[0-9]*.ext` when that leaves the pages out), a keyword in the name,
    `*/index.md` for one folder per incident, else the files themselves."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for relative in documents:
        folder, name = relative.rsplit("/", 1) if "/" in relative else ("", relative)
        if INDEX_NAME.match(_stem(name)) and folder:
            parent = folder.rsplit("/", 1)[0] if "/" in folder else ""
            groups[(parent, "*/" + name)].append(relative)
        else:
            groups[(folder, "*" + (extension(name) or ".md"))].append(relative)
    others = all_files - set(documents)
    globs: list[str] = []
    for (folder, tail), members in groups.items():
        ext_tail = tail.lstrip("*")
        options = [_pattern(folder, tail), _pattern(folder, "[0-9]" + tail)]
        keyword = _common_keyword(members)
        if keyword:
            options.append(_pattern(folder, f"*{keyword}*{ext_tail}"))
        chosen = next((g for g in options if all(matches_any(m, [g]) for m in members)
                       and not any(matches_any(o, [g]) for o in others)), None)
        globs += [chosen] if chosen else sorted(members)
    del skipped
    return _nested(globs, others)


def _common_keyword(names: list[str]) -> str | None:
    found = [KEYWORD.search(_stem(n.rsplit("/", 1)[-1])) for n in names]
    spelled = {m.group(0).lower() for m in found if m}
    return spelled.pop() if len(spelled) == 1 and all(found) else None


def _nested(globs: list[str], others: set[str]) -> list[str]:
    """`a/2023/11/*.md`, `a/2024/01/*.md`: one `a/**/*.md` when the dated folders share `a`
    and it picks no other file."""
    dated = re.compile(r"^(.*?)/(?:\d{4}(?:/\d{1,2})?)/([^/]*)$")
    merged: dict[tuple[str, str], list[str]] = defaultdict(list)
    kept = []
    for glob in globs:
        match = dated.match(glob)
        if match and "*" in match.group(2):
            merged[(match.group(1), match.group(2))].append(glob)
        else:
            kept.append(glob)
    for (base, tail), members in merged.items():
        options = [f"{base}/**/{tail}", f"{base}/**/[0-9]{tail.removeprefix('[0-9]')}"]
        wide = next((g for g in options if not any(matches_any(o, [g]) for o in others)), None)
        kept += [wide] if wide else members
    return sorted(dict.fromkeys(kept))


def discover(root: Path, folders: list[Path] | None = None) -> Found:
    documents, skipped = candidates(root, folders)
    every = set(_markdown_files(root, root))
    return Found(documents, _globs(documents, skipped, every) if documents else [], skipped)
