"""Gathering the evidence: files and folders named on the command line (and `--git`), each
read once by the reader of its kind, kept inside the window, counted once however many
times it was given, grouped into rows."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from importlib import import_module
from pathlib import Path
from typing import NamedTuple

from pmlint.evidence import log, scan
from pmlint.evidence.events import KINDS, Event, Source, Tally, TimelineError, Window
from pmlint.evidence.group import Grouper, Row
from pmlint.evidence.sniff import Skip, sniff, split_forced
from pmlint.evidence.times import Clock

FINGERPRINT_PART = 1 << 20  # a file is known by its size and its first and last megabyte
Reader = Callable[[Source, Clock, Tally], Iterator[Event]]


def structured_reader(kind: str) -> Reader:
    """The reader of a structured kind, imported only when evidence of that kind is given:
    a log alone needs none of them."""
    read: Reader = import_module(f"pmlint.evidence.{kind}").read
    return read


class Options(NamedTuple):
    window: Window
    clock: Clock
    match: str | None = None  # --match: words kept besides the error-level records
    everything: bool = False  # --all: every record kept
    git_repo: Path | None = None
    branch: str | None = None


class Collected(NamedTuple):
    rows: list[Row]
    tallies: dict[str, Tally]
    warnings: list[str]
    errors: list[str]  # files nothing could read, and what was tried


def _shown(path: Path, cwd: Path) -> str:
    try:
        return path.relative_to(cwd).as_posix()
    except ValueError:
        return path.as_posix()


def _walk(folder: Path) -> Iterator[Path]:
    """Files below a folder, in name order, hidden ones skipped."""
    for top, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(files):
            path = Path(top) / name
            if not name.startswith(".") and path.is_file():  # a FIFO or socket would block or fail
                yield path


def expand(arguments: Iterable[str], cwd: Path) -> Iterator[tuple[Path, str, str | None, bool]]:
    """(file, shown name, forced kind, named directly) for every evidence argument."""
    for argument in arguments:
        forced, name = split_forced(argument)
        path = cwd / name
        if forced is None and not path.exists() and (cwd / argument).exists():
            path, name = cwd / argument, argument
        if path.is_dir():
            for found in _walk(path):
                yield found, _shown(found, cwd), forced, False
        elif path.is_file():
            yield path, _shown(path, cwd), forced, True
        elif path.exists():
            raise TimelineError(f"{name}: not a regular file")
        else:
            raise TimelineError(f"{name}: no such file or directory")


def fingerprint(path: Path) -> str:
    """Who a file is by content: the same evidence saved twice under two names is one."""
    import hashlib  # only when two files have one size: it loads OpenSSL first

    size = path.stat().st_size
    digest = hashlib.blake2b(digest_size=16)
    with path.open("rb") as handle:
        digest.update(handle.read(FINGERPRINT_PART))
        if size > 2 * FINGERPRINT_PART:
            handle.seek(size - FINGERPRINT_PART)
            digest.update(handle.read(FINGERPRINT_PART))
        else:
            digest.update(handle.read())
    return f"{size}:{digest.hexdigest()}"


class Collector:
    """Reads sources one by one into a Grouper, keeping the counts the summary shows."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.matcher = scan.matcher(options.match) if options.match else None
        self.grouper = Grouper()
        self.tallies: dict[str, Tally] = {}
        self.warnings: list[str] = []
        self.errors: list[str] = []  # files nothing could read
        # The files read, by size: only files of one size can hold the same content, so a file
        # is fingerprinted only when another of its size comes (None: not fingerprinted yet).
        self.read_files: dict[int, list[tuple[Path, str | None]]] = {}
        self.seen_events: set[tuple[object, ...]] = set()

    def tally(self, kind: str) -> Tally:
        return self.tallies.setdefault(kind, Tally())

    def keep(self, events: Iterable[Event], tally: Tally) -> None:
        since, until = self.options.window
        seen, add = self.seen_events, self.grouper.add
        for event in events:
            if not since <= event.when <= until:  # Window.holds, without a call per event
                tally.outside += 1
                continue
            if event.key is not None:
                if event.key in seen:
                    tally.duplicates += 1
                    continue
                seen.add(event.key)
            tally.kept += 1
            add(event)

    def read_file(self, path: Path, shown: str, forced: str | None, named: bool) -> None:
        if forced is None and import_module("pmlint.evidence.slack").is_metadata(path):
            return  # a Slack export's index: read for names only
        try:
            size = path.stat().st_size
            identity = fingerprint(path) if size in self.read_files else None
        except OSError as exc:
            self.warnings.append(f"{shown}: cannot read: {exc.strerror or exc}; skipped")
            return
        if identity is not None and self._already_read(size, identity):
            self.warnings.append(f"{shown}: same content as a file already read; counted once")
            return
        found = sniff(path, shown, forced)
        if isinstance(found, Skip):
            if named or not found.startswith("empty"):
                self.errors.append(f"{shown}: {found}")
            return
        self.read_files.setdefault(size, []).append((path, identity))
        self.read_source(found, forced is not None)

    def _already_read(self, size: int, identity: str) -> bool:
        same_size = self.read_files[size]
        for index, (path, known) in enumerate(same_size):
            if known is None:
                try:
                    known = fingerprint(path)
                except OSError:  # gone since it was read: nothing left to be the same as
                    known = ""
                same_size[index] = (path, known)
            if known == identity:
                return True
        return False

    def read_source(self, source: Source, forced: bool = False) -> None:
        tally = self.tally(source.kind)
        tally.files += 1
        before = tally.read
        clock = self.options.clock
        if source.kind == "log":
            events = log.read(source, clock, self.matcher, tally, self.options.everything)
        else:
            events = structured_reader(source.kind)(source, clock, tally)
        self.keep(events, tally)
        if tally.read == before:
            self.errors.append(f"{source.shown}: holds no {source.kind} records" + (
                "" if forced else " with a time this command reads"))
        elif source.kind == "log" and tally.no_time == tally.read - before:
            self.errors.append(f"{source.shown}: none of its {tally.read - before:,} lines has a time in a form "
                               "this command reads")

    def read_git(self, repo: Path) -> None:
        tally = self.tally("git")
        tally.files += 1
        options = self.options
        from pmlint.evidence import git

        self.keep(git.run(repo, options.branch, options.window, options.clock, tally), tally)


def collect(arguments: list[str], options: Options, cwd: Path) -> Collected:
    collector = Collector(options)
    seen_paths: set[tuple[int, int]] = set()
    for path, shown, forced, named in expand(arguments, cwd):
        try:
            info = path.stat()
        except OSError:
            info = None
        if info is not None:
            if (info.st_dev, info.st_ino) in seen_paths:
                continue  # the same file named twice (alone and inside a folder)
            seen_paths.add((info.st_dev, info.st_ino))
        collector.read_file(path, shown, forced, named)
    if options.git_repo is not None:
        collector.read_git(options.git_repo)
    ordered = {kind: collector.tallies[kind] for kind in KINDS if kind in collector.tallies}
    return Collected(collector.grouper.rows(), ordered, collector.warnings, collector.errors)
