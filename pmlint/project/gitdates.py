"""When each post-mortem was first committed: PM401's "held" date when there is no Meeting.

One `git log` over the documents' folders answers for every document of a run, instead of
one git call per file. Anything git cannot answer (not a repository, git missing, an
untracked file) has no date, and the caller falls back to today: a missing date is never
an error. A file present before a shallow clone's boundary maps to None: it was committed,
but not on any day this clone can tell, so the caller must not take today for it (CI
checkouts are shallow by default; an old post-mortem is not late because of that).

The date of a file is the author date (UTC) of the oldest commit that added it. Author
dates survive rebases and cherry-picks, where committer dates do not. A rename keeps the
date of the file it came from, so renaming a document to fix its file name (PM107) does
not make it look freshly written. A file added, deleted and added again keeps its first
date: the post-mortem existed from then on.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from pmlint.read import git

if TYPE_CHECKING:
    import subprocess

# A huge repository may take long to walk; past this the dates are simply unknown.
TIMEOUT_SECONDS = 60.0
# Settings that would change `git log`'s output whatever the user's configuration says.
GIT_SETTINGS = (
    "core.quotepath=off",
    "log.showRoot=true",  # a root commit's files count as added
    "diff.renames=true",
)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# Header fields sit at the top; a Meeting further down than this is looked up the slow way.
HEAD_BYTES = 16_384
# `**Meeting:** 2026-11-23`, `Meeting: 2026-11-23`, `- **Meeting**: 2026-11-23` (document.FIELD).
# Possessive: a run of blanks is read one way only (a line of spaces stays linear).
MEETING_LINE = re.compile(
    rb"^[ \t]*+(?:[-*+][ \t]++)?+(?:\*\*|__)?+[ \t]*+meeting[ \t]*+(?::[ \t]*+(?:\*\*|__)|(?:\*\*|__)[ \t]*+:|:)"
    rb"[ \t]*+[*_`~]*+\d{4}-\d{2}-\d{2}[*_`~]*+[ \t]*+\r?$",
    re.MULTILINE | re.IGNORECASE,
)
FIRST_H2 = re.compile(rb"^ {0,3}##(?:[ \t]|\r?$)", re.MULTILINE)


def states_meeting(path: Path) -> bool:
    """Whether the document's header seems to hold a Meeting that is an ISO date. Such a
    document never needs git (PM401 takes the Meeting), so a run where every document has
    one makes no git call. A quick look at the head of the file, not a parse: when it is
    wrong, `Project.added_date` asks git about that document alone; unreadable: False."""
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return False
    h2 = FIRST_H2.search(head)  # header fields end at the first H2
    return MEETING_LINE.search(head, 0, h2.start() if h2 else len(head)) is not None


def _command(root: Path, *args: str) -> list[str]:
    return git.command(root, *args, settings=GIT_SETTINGS)


def _git(root: Path, *args: str) -> bytes | None:
    """The standard output of git run in `root`, or None when git fails or is missing."""
    import subprocess  # lazy: a run where every document names its Meeting never pays for it

    try:
        done = subprocess.run(
            _command(root, *args),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            env=git.environment(),
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _common_folder(paths: list[str] | None) -> str | None:
    """The deepest folder (relative to the root) holding every path: "" for the root
    itself, None when no path lies inside the root."""
    if paths is None:
        return ""
    inside = [p for p in paths if p and p != ".." and not p.startswith("../") and not p.startswith("/")]
    if not inside:
        return None
    return posixpath.commonpath([posixpath.dirname(p) for p in inside])


def _date(timestamp: str) -> dt.date | None:
    try:
        return (EPOCH + dt.timedelta(seconds=int(timestamp))).date()
    except (ValueError, OverflowError):
        return None


def _changes(output: bytes) -> list[tuple[dt.date | None, bool, list[tuple[str, str, str]]]]:
    """The commits of `git log -z --format=%x01%at%x00%P --name-status` as they come (newest
    first): (author date, has parents, [(status, source, target)]); a status keeps its
    similarity score (`R100`, `R087`)."""
    commits: list[tuple[dt.date | None, bool, list[tuple[str, str, str]]]] = []
    tokens = output.decode("utf-8", "surrogateescape").split("\0")
    index = 0
    while index < len(tokens):
        token = tokens[index].lstrip("\n")
        index += 1
        if token.startswith("\x01"):
            parents = tokens[index] if index < len(tokens) else ""
            index += 1
            commits.append((_date(token[1:]), bool(parents.strip()), []))
            continue
        if not token or not commits:
            continue
        status = token
        if status[0] in "RC":  # source then destination
            if index + 1 >= len(tokens):
                break
            source, target = tokens[index], tokens[index + 1]
            index += 2
        else:
            if index >= len(tokens):
                break
            source, target = "", tokens[index]
            index += 1
        if target:
            commits[-1][2].append((status, source, target))
    return commits


def parse_log(output: bytes, shallow: bool) -> dict[str, dt.date | None]:
    """Read `git log -z --format=%x01%at%x00%P --name-status` (newest commit first) into
    the first-add date of every path (None: added before a shallow clone's boundary).
    Commits are replayed oldest first, so a rename finds its source's date."""
    added: dict[str, dt.date | None] = {}
    # Files already present at a shallow clone's boundary: their first add is not in the
    # history we have, so no later add (after a deletion, or a rename) can stand for it.
    before_boundary: set[str] = set()
    for date, has_parents, changes in reversed(_changes(output)):
        # In a shallow clone the boundary commit has no parents and "adds" every file.
        unknown = shallow and not has_parents
        for status, source, target in changes:
            if date is None:
                continue
            renamed = status[0] == "R"
            if unknown or (renamed and source in before_boundary):
                before_boundary.add(target)
                continue
            if target in before_boundary:
                continue
            first = added[source] if renamed and source in added else date
            known = added.get(target)
            added[target] = first if known is None or (first is not None and first < known) else known
    for path in before_boundary:
        added.setdefault(path, None)
    return added


def _output_of(process: subprocess.Popen[bytes] | None) -> bytes | None:
    """Wait for a git started in the background: its output, or None when there was none,
    it failed, or it took longer than TIMEOUT_SECONDS (then it is killed)."""
    import subprocess

    if process is None:
        return None
    try:
        output, _ = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return None
    return output if process.returncode == 0 else None


class PendingDates:
    """A `git log` running in the background: start it, do other work, then ask for the
    dates. Empty when there was nothing to ask or git cannot answer."""

    def __init__(self, root: Path, paths: list[str] | None) -> None:
        import subprocess

        self.wanted = paths
        self.folder = _common_folder(paths)
        self.shallow = False
        self.process: subprocess.Popen[bytes] | None = None
        if self.folder is None:
            return
        probe = _git(root, "rev-parse", "--is-shallow-repository", "--show-prefix")
        if probe is None:
            return  # not a repository (or no git): no dates
        shallow, _, prefix = probe.decode("utf-8", "surrogateescape").partition("\n")
        self.shallow = shallow.strip() == "true"
        log = ["log", "-z", "--format=%x01%at%x00%P", "--name-status", "--diff-filter=AR", "-M", "--no-color"]
        if paths is not None and len(paths) == 1:
            # One document (the pre-commit case): follow that file alone, through renames.
            # Walking one path costs about half of walking its folder.
            self.folder = ""
            log = ["--literal-pathspecs", *log, "--follow", "--relative", "--", paths[0]]
        else:
            # --relative=<folder> rather than a pathspec: git then diffs only that folder of
            # each commit and skips the history simplification pass a pathspec costs (twice
            # as fast on a folder of 2,000 documents, as fast as a pathspec in a monorepo).
            below = prefix.strip("\n") + (self.folder + "/" if self.folder else "")
            log.append(f"--relative={below}" if below else "--relative")
        try:
            self.process = subprocess.Popen(
                _command(root, *log),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=git.environment(),
            )
        except OSError:
            self.process = None

    def dates(self) -> dict[str, dt.date | None]:
        """Wait for git; the first-add date of each wanted path that git knows (None: added
        before a shallow clone's boundary)."""
        process, self.process = self.process, None
        output = _output_of(process)
        if output is None:
            return {}  # e.g. a repository without any commit yet
        dates = parse_log(output, self.shallow)
        if self.folder:
            dates = {f"{self.folder}/{path}": day for path, day in dates.items()}
        if self.wanted is None:
            return dates
        return {path: dates[path] for path in self.wanted if path in dates}


def first_added_dates(root: Path, paths: Iterable[str] | None = None) -> dict[str, dt.date | None]:
    """The UTC date of the commit that first added each file below `root`, by path relative
    to `root` ("/" separators). `paths` narrows the walk to their folder (None: all of root).

    Never raises: without git, outside a repository or on a git error the answer is empty.
    """
    return PendingDates(root, list(paths) if paths is not None else None).dates()


# -- when runbooks last changed (PM405) ---------------------------------------------------
class LastChange(NamedTuple):
    """The day a file's content last changed in a commit (author date, UTC)."""

    day: dt.date
    exact: bool  # False: the file was already there at a shallow clone's boundary, so it
    # last changed on `day` (the boundary commit's) or earlier


def parse_last_changes(output: bytes, shallow: bool) -> dict[str, LastChange]:
    """Read `git log -z --format=%x01%at%x00%P --name-status -M` (newest commit first) into
    the last content change of every path that still exists at the end. A pure rename
    (`R100`) carries the source's day: moving a runbook is not updating it. A rename with
    edits, an add or a modification is a change on its commit's day."""
    last: dict[str, LastChange] = {}
    for date, has_parents, changes in reversed(_changes(output)):
        if date is None:
            continue
        boundary = shallow and not has_parents
        for status, source, target in changes:
            kind = status[0]
            if kind == "D":
                last.pop(target, None)
                continue
            carried = last.pop(source, None) if kind == "R" else None
            if kind == "R" and status[1:] == "100" and carried is not None:
                last[target] = carried
                continue
            last[target] = LastChange(date, not boundary)
    return last


class PendingChanges:
    """A `git log` over the runbook folders, running in the background while the run goes
    on: one for the run, however many documents link runbooks. Empty when git cannot answer."""

    def __init__(self, root: Path, folders: list[str]) -> None:
        import subprocess

        self.root = root
        self.shallow = False
        self.process: subprocess.Popen[bytes] | None = None
        probe = _git(root, "rev-parse", "--is-shallow-repository")
        if probe is None:
            return
        self.shallow = probe.strip() == b"true"
        log = ["--literal-pathspecs", "log", "-z", "--format=%x01%at%x00%P", "--name-status", "-M", "--no-color",
               "--relative", "--", *(folders or ["."])]
        try:
            self.process = subprocess.Popen(
                _command(root, *log), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, env=git.environment(),
            )
        except OSError:
            self.process = None

    def changes(self) -> dict[str, LastChange]:
        process, self.process = self.process, None
        output = _output_of(process)
        return {} if output is None else parse_last_changes(output, self.shallow)


def uncommitted(root: Path, folders: list[str]) -> set[str]:
    """Tracked files below `folders` whose working tree or index differs from HEAD (a
    runbook updated in the same commit as the post-mortem, seen from a pre-commit hook)."""
    pathspecs = folders or ["."]
    output = _git(root, "--literal-pathspecs", "diff", "--no-ext-diff", "--no-textconv", "HEAD", "--name-only", "-z",
                  "--relative", "--", *pathspecs)
    return {path for path in (output or b"").decode("utf-8", "surrogateescape").split("\0") if path}
