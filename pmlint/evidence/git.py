"""Commits: saved `git log` output, or `git log` run on a repository (`--git`).

Saved forms: `%h%x09%cI%x09%an%x09%s` (committer date, strict ISO: the recommended one),
the seed's `%h %ai %s` (author date), and git's default and `--pretty=fuller` output.
`--git` asks git itself, by committer date, the date `--since`/`--until` filter on.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from pmlint.evidence.events import Event, Source, Tally, TimelineError, Window
from pmlint.evidence.times import MONTHS, Clock
from pmlint.read import git

if TYPE_CHECKING:
    import subprocess

TAB_FORM = re.compile(r"([0-9a-f]{7,40})\t(\d{4}-\d{2}-\d{2}T[^\t]+)\t([^\t]*)\t(.*)")
AI_FORM = re.compile(r"([0-9a-f]{7,40}) (\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}) (.*)")
COMMIT_LINE = re.compile(r"commit ([0-9a-f]{40})\b")
# `Date:   Thu Nov 27 14:02:11 2026 +0100` (default) and `CommitDate: ...` (fuller).
DATE_LINE = re.compile(
    r"(Date|AuthorDate|CommitDate):\s+\w{3} (\w{3}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) ([+-])(\d{2})(\d{2})"
)
GIT_FORMAT = "%H%x09%cI%x09%an%x09%s"


def looks_like(lines: list[str]) -> bool:
    """True when the first lines are saved `git log` output in a form this reader knows."""
    first = next((line for line in lines if line.strip()), "")
    return bool(TAB_FORM.match(first) or AI_FORM.match(first) or COMMIT_LINE.match(first))


def _event(short: str, moment: dt.datetime, author: str, subject: str) -> Event:
    who = f" ({author})" if author else ""
    text = f"Commit {short[:7]}: {subject.strip()}{who}"
    return Event(moment, "git", text, f"commit {short[:7]}", ("git", short[:7]))


def _one_line_forms(lines: Iterable[str], clock: Clock, tally: Tally) -> Iterator[Event]:
    for line in lines:
        line = line.rstrip("\r\n")
        if not line.strip():
            continue
        tally.read += 1
        tab = TAB_FORM.match(line)
        found = tab or AI_FORM.match(line)
        if found is None:
            tally.no_time += 1
            continue
        moment = clock.iso(found.group(2), tally)
        if moment is None:
            tally.no_time += 1
            continue
        if tab:
            yield _event(tab.group(1), moment, tab.group(3), tab.group(4))
        else:
            yield _event(found.group(1), moment, "", found.group(3))


def _date(found: re.Match[str]) -> dt.datetime | None:
    _, month, day, hours, minutes, seconds, year, sign, zone_hours, zone_minutes = found.groups()
    offset = dt.timedelta(hours=int(zone_hours), minutes=int(zone_minutes))
    try:
        local = dt.datetime(int(year), MONTHS[month], int(day), int(hours), int(minutes), int(seconds),
                            tzinfo=dt.timezone(-offset if sign == "-" else offset))
        return local.astimezone(dt.UTC)
    except (KeyError, ValueError, OverflowError):
        return None


def _medium_form(lines: Iterable[str], tally: Tally) -> Iterator[Event]:
    """git's default output: `commit <sha>`, headers, a blank line, the indented message."""
    commit = author = subject = ""
    moment: dt.datetime | None = None

    def finish() -> Iterator[Event]:
        if not commit:
            return
        tally.read += 1
        if moment is None:
            tally.no_time += 1
        else:
            yield _event(commit, moment, author, subject)

    for line in lines:
        line = line.rstrip("\r\n")
        started = COMMIT_LINE.match(line)
        if started:
            yield from finish()
            commit, author, subject, moment = started.group(1), "", "", None
            continue
        if line.startswith("Author:") and not author:
            author = _author_name(line[len("Author:"):])
        elif date_line := DATE_LINE.match(line):
            # The committer date wins where both are given (--pretty=fuller).
            if date_line.group(1) != "AuthorDate" or moment is None:
                moment = _date(date_line)
        elif line.startswith("    ") and not subject and line.strip():
            subject = line.strip()
    yield from finish()


def _author_name(rest: str) -> str:
    """`Maria Ortiz <maria@example.com>` -> `Maria Ortiz`. String methods, not a pattern: a
    lazy name before an optional `<mail>` is quadratic on a long line of ` <`s."""
    name = rest.strip()
    if name.endswith(">"):
        before, found, _ = name.rpartition(" <")
        if found:
            return before.strip()
    return name


def read(source: Source, clock: Clock, tally: Tally) -> Iterator[Event]:
    try:
        with source.path.open(encoding="utf-8", errors="replace") as handle:
            # Line by line: a saved log of any size is never held whole.
            blank, first = [], handle.readline()
            while first and not first.strip():
                blank.append(first)
                first = handle.readline()
            lines = itertools.chain(blank, [first], handle)
            if COMMIT_LINE.match(first):
                yield from _medium_form(lines, tally)
            else:
                yield from _one_line_forms(lines, clock, tally)
    except OSError as exc:
        raise TimelineError(f"{source.shown}: cannot read: {exc.strerror or exc}") from None


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    import subprocess  # only --git runs anything

    try:
        return subprocess.run(git.command(repo, *args), capture_output=True, text=True, env=git.environment(),
                              stdin=subprocess.DEVNULL, encoding="utf-8", errors="replace", check=False)
    except OSError:
        raise TimelineError("--git: git is not installed or cannot run") from None


def branch_to_read(repo: Path, branch: str | None) -> str:
    """--branch, else `main` where it exists, else HEAD."""
    if branch:
        return branch
    found = _git(repo, "rev-parse", "--verify", "--quiet", "refs/heads/main")
    return "main" if found.returncode == 0 else "HEAD"


def run(repo: Path, branch: str | None, window: Window, clock: Clock, tally: Tally) -> Iterator[Event]:
    """The commits on the branch whose committer date lies in the window, from git itself."""
    check = _git(repo, "rev-parse", "--git-dir")
    if check.returncode != 0:
        raise TimelineError(f"--git: {repo}: not a git repository")
    ref = branch_to_read(repo, branch)
    since, until = (moment.strftime("%Y-%m-%dT%H:%M:%SZ") for moment in window)
    # --end-of-options: a --branch that looks like an option (`--output=FILE`) is a revision
    # name git does not find, never an option that writes a file.
    found = _git(repo, "log", "--no-show-signature", f"--format={GIT_FORMAT}", f"--since={since}", f"--until={until}",
                 "--end-of-options", ref, "--")
    if found.returncode != 0:
        message = found.stderr.strip().splitlines()[-1:] or ["git log failed"]
        raise TimelineError(f"--git: {repo}: {message[0]}")
    yield from _one_line_forms(found.stdout.splitlines(), clock, tally)
