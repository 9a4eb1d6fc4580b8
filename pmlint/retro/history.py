"""What the post-mortems' Git history says about the process, for `pmlint report`.

One `git log -p` over the documents' common folder answers for every document of the run:

- the day its first commit landed and the day a commit set its Status to Final (so the
  report can say how long after the incident the write-up started and was finished);
- after the review (the commit that made it Final, else the Meeting day), Due dates that
  were moved (a row removed and the same action added back with another Due) and by how
  many days, and action items reworded or dropped (a row removed and not added back with
  the same text).

Commits are author dates in UTC. A shallow clone's boundary commit shows every file as
added: the history then says `shallow`, and first-commit days on the boundary are not
trusted. Without git, outside a repository or on a git error, there is no history and the
report says so; never an error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

from pmlint.parse.values import parse_iso_date
from pmlint.project.gitdates import EPOCH, _common_folder, _git

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
STATUS_LINE = re.compile(r"^[\s*_>-]*status[\s*_]*:[\s*_]*(?P<value>[^\n]*)$", re.IGNORECASE)
COMMIT = "\x1e"


class Slip(NamedTuple):
    """A Due date changed after the review."""

    action: str
    before: dt.date
    after: dt.date
    on: dt.date  # the day of the commit that moved it

    @property
    def days(self) -> int:
        return (self.after - self.before).days


class Rewording(NamedTuple):
    """An action item reworded (`after` is the new text) or dropped (`after` is None) after the review."""

    before: str
    after: str | None
    on: dt.date


class DocHistory(NamedTuple):
    first_commit: dt.date | None  # None: before a shallow clone's boundary
    final_commit: dt.date | None  # the first commit that set Status to a final value
    slips: tuple[Slip, ...] = ()
    rewordings: tuple[Rewording, ...] = ()


class History(NamedTuple):
    available: bool  # git answered
    shallow: bool  # a shallow clone: what precedes its boundary is not known
    documents: Mapping[str, DocHistory]


NO_HISTORY = History(False, False, {})


class _Row(NamedTuple):
    action: str
    key: str
    due: dt.date | None


def _row(line: str) -> _Row | None:
    """An Action Items row: the first cell is the action, the last ISO date its Due."""
    text = line.strip()
    if not text.startswith("|") or text.count("|") < 3:
        return None
    cells = [c.strip() for c in text.strip("|").split("|")]
    if not cells or not cells[0] or set(cells[0]) <= set("-: "):
        return None
    if not any(ISO_DATE.search(cell) or "@" in cell for cell in cells[1:]):
        return None  # not an action row (a Timeline row, a header)
    dates = [parse_iso_date(m) for cell in cells[1:] for m in ISO_DATE.findall(cell)]
    action = cells[0]
    return _Row(action, " ".join(re.sub(r"[^\w\s]", " ", action.casefold()).split()), dates[-1] if dates else None)


def _status(line: str, finals: frozenset[str]) -> bool:
    match = STATUS_LINE.match(line)
    return match is not None and match.group("value").strip(" *_`").casefold() in finals


class _Commit(NamedTuple):
    day: dt.date
    root: bool  # no parent: a shallow boundary (or the very first commit)
    changes: dict[str, tuple[list[str], list[str]]]  # path -> (removed lines, added lines)


def parse_log(output: str) -> list[_Commit]:
    """`git log -p --unified=0 --format=%x1e%at %P` (newest first) as commits, oldest first."""
    commits = []
    for chunk in output.split(COMMIT)[1:]:
        head, _, body = chunk.partition("\n")
        stamp, _, parents = head.partition(" ")
        try:
            day = (EPOCH + dt.timedelta(seconds=int(stamp))).date()
        except (ValueError, OverflowError):
            continue
        changes: dict[str, tuple[list[str], list[str]]] = {}
        current: tuple[list[str], list[str]] | None = None
        for line in body.split("\n"):
            if line.startswith("diff --git "):
                current = None
            elif line.startswith("+++ "):
                target = line[4:]
                if target.startswith("b/"):
                    current = changes.setdefault(target[2:], ([], []))
            elif line.startswith("--- ") or line.startswith("@@"):
                continue
            elif current is not None and line.startswith("-"):
                current[0].append(line[1:])
            elif current is not None and line.startswith("+"):
                current[1].append(line[1:])
        commits.append(_Commit(day, not parents.strip(), changes))
    commits.reverse()
    return commits


def _after_review(removed: list[str], added: list[str], day: dt.date) -> tuple[list[Slip], list[Rewording]]:
    """Rows changed by one commit after the review: moved Due dates, rewordings, drops."""
    before = [r for r in map(_row, removed) if r is not None]
    after = [r for r in map(_row, added) if r is not None]
    slips, rewordings = [], []
    unmatched_after = list(after)
    unmatched_before = []
    for old in before:
        same = next((new for new in unmatched_after if new.key == old.key), None)
        if same is None:
            unmatched_before.append(old)
            continue
        unmatched_after.remove(same)
        if old.due is not None and same.due is not None and same.due != old.due:
            slips.append(Slip(same.action, old.due, same.due, day))
    for old in unmatched_before:
        # A row replaced in the same commit by a row with another text is a rewording
        # (its Due may have moved too); a row with no replacement is dropped.
        new = unmatched_after.pop(0) if unmatched_after else None
        rewordings.append(Rewording(old.action, new.action if new is not None else None, day))
        if new is not None and old.due is not None and new.due is not None and new.due != old.due:
            slips.append(Slip(new.action, old.due, new.due, day))
    return slips, rewordings


def document_history(commits: Iterable[_Commit], shallow: bool, finals: frozenset[str],
                     meetings: Mapping[str, dt.date | None]) -> dict[str, DocHistory]:
    """Each document's history from the commits (oldest first)."""
    first: dict[str, dt.date | None] = {}
    final: dict[str, dt.date] = {}
    slips: dict[str, list[Slip]] = {}
    rewordings: dict[str, list[Rewording]] = {}
    for commit in commits:
        for path, (removed, added) in commit.changes.items():
            if path not in first:
                first[path] = None if shallow and commit.root else commit.day
            reviewed = final.get(path) or meetings.get(path)
            if path not in final and any(_status(line, finals) for line in added):
                final[path] = commit.day
                continue  # the rows written along with Final are the reviewed ones
            if reviewed is None or commit.day < reviewed or (shallow and commit.root):
                continue
            moved, changed = _after_review(removed, added, commit.day)
            slips.setdefault(path, []).extend(moved)
            rewordings.setdefault(path, []).extend(changed)
    return {
        path: DocHistory(first[path], final.get(path), tuple(slips.get(path, ())), tuple(rewordings.get(path, ())))
        for path in first
    }


def read_history(root: Path, paths: list[str], finals: Iterable[str],
                 meetings: Mapping[str, dt.date | None]) -> History:
    """The history of the documents at `paths` (relative to `root`): one `git log`."""
    folder = _common_folder(paths)
    if folder is None or not paths:
        return NO_HISTORY
    probe = _git(root, "rev-parse", "--is-shallow-repository", "--show-prefix")
    if probe is None:
        return NO_HISTORY
    shallow, _, prefix = probe.decode("utf-8", "surrogateescape").partition("\n")
    below = prefix.strip("\n") + (folder + "/" if folder else "")
    output = _git(root, "log", "-p", "--unified=0", "--no-renames", "--no-color", "--no-ext-diff",
                  "--format=%x1e%at %P", f"--relative={below}" if below else "--relative")
    if output is None:
        return History(False, shallow.strip() == "true", {})
    commits = parse_log(output.decode("utf-8", "surrogateescape"))
    wanted = set(paths)
    prefix_path = f"{folder}/" if folder else ""
    histories = document_history(commits, shallow.strip() == "true", frozenset(f.casefold() for f in finals),
                                 {p[len(prefix_path):]: day for p, day in meetings.items()})
    found = {prefix_path + path: entry for path, entry in histories.items()}
    return History(True, shallow.strip() == "true", {p: h for p, h in found.items() if p in wanted})
