"""TODO.md: the task lines that track post-mortem action items
(`- [ ] action _(ref: docs/incidents/file.md)_ #12`)."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from pmlint.parse.inline import normalise_action
from pmlint.parse.markdown import FENCE_OPEN, split_lines

# A well-formed tracked task: "- [ ] text _(ref: path)_" and an optional issue link after it.
# Blanks around the ref path are allowed. Text and ref are trimmed in `parse_todo`, and the
# ref stops at a ")" or at another "_(ref:": a lazy group before `\s*`, or a ref free to run
# to the end of the line, backtracks quadratically on long lines.
TASK = re.compile(
    r"^(?P<indent>\s*+)[-*+] \[(?P<box>[ xX])\] (?P<text>.*?)_\(ref:[ \t]*+"
    r"(?P<ref>[^)\s](?:[^)_]|_(?!\(ref:))*+)\)_(?P<after>.*)$"
)
ISSUE = re.compile(r"^\s*(?:#(?P<number>\d+)|(?P<url>https?://\S+/issues/(?P<url_number>\d+)))\b")
# Anything that tries to be a tracked task: a list marker, some box, and a ref.
REF_ATTEMPT = re.compile(r"\(\s*ref\s*:", re.IGNORECASE)
LIST_START = re.compile(r"^\s*(?:[-*+]|\d+[.)])")
# What may open a fence or an HTML comment, which hide the task lines inside them.
BLOCK_START = re.compile(r"```|~~~|<!--")


class TodoItem(NamedTuple):
    line: int
    done: bool
    text: str  # the action as written
    key: str  # normalised text: what makes it "the same item" as a document's row
    ref: str  # as written, relative to the project root
    ref_column: int
    issue: int | None


class Malformed(NamedTuple):
    line: int
    column: int
    message: str


class TodoFile(NamedTuple):
    path: str
    lines: list[str]
    items: list[TodoItem]  # filled in by `parse_todo`
    malformed: list[Malformed]


@functools.cache
def _box_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Some box, and a well-formed one: only a malformed task line needs them."""
    return re.compile(r"^\s*[-*+]\s*\[(?P<inside>[^\]]*)\]"), re.compile(r"^\s*[-*+] \[[ xX]\] ")


def _malformed(number: int, raw: str) -> Malformed | None:
    """Why a line that tries to be a tracked task is not one, or None if it is fine."""
    box_attempt, good_box = _box_patterns()
    box = box_attempt.match(raw)
    if box and not good_box.match(raw):
        inside = box.group("inside")
        what = "badly spaced checkbox" if inside in (" ", "x", "X") else f"malformed checkbox '[{inside}]'"
        return Malformed(number, box.start("inside"), f"{what}: write '- [ ] ' or '- [x] '")
    if not box:
        return Malformed(number, 1, "task line with a ref has no checkbox: write '- [ ] text _(ref: path)_'")
    ref = REF_ATTEMPT.search(raw)
    assert ref is not None
    column = ref.start() + 1
    if re.search(r"\(\s*ref\s*:\s*\)", raw, re.IGNORECASE):
        return Malformed(number, column, "empty ref path: write '_(ref: docs/incidents/FILE.md)_'")
    return Malformed(number, column, "malformed ref: write it as '_(ref: path)_' with the underscores and 'ref: '")


def task_line(action: str, doc_path: str) -> str:
    """The TODO.md line that tracks `action` of the document at `doc_path` (what TASK reads)."""
    return f"- [ ] {action} _(ref: {doc_path})_"


def _lines_holding(text: str, needles: frozenset[str]) -> list[int]:
    """1-based numbers of the lines of `text` containing one of `needles`, in order."""
    if not needles:
        return []
    numbers: list[int] = []
    pattern = re.compile("|".join(re.escape(n) for n in sorted(needles)))
    line, position = 1, 0
    for match in pattern.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if not numbers or numbers[-1] != line:
            numbers.append(line)
    return numbers


def _read_task(number: int, raw: str, todo: TodoFile) -> None:
    """Add line `number` to `todo` as a tracked task, a malformed one, or nothing."""
    # (`_(Ref: x)_` is a ref attempt too: PM601 says how to write it.)
    if "ref" not in raw.lower():
        return
    if not REF_ATTEMPT.search(raw) or not LIST_START.match(raw):
        return
    match = TASK.match(raw)
    if match is None:
        problem = _malformed(number, raw)
        if problem is not None:
            todo.malformed.append(problem)
        return
    issue = ISSUE.match(match.group("after"))
    number_text = issue and (issue.group("number") or issue.group("url_number"))
    todo.items.append(
        TodoItem(
            line=number,
            done=match.group("box") != " ",
            text=match.group("text").rstrip(),
            key=normalise_action(match.group("text")),
            ref=match.group("ref").strip(),
            ref_column=match.start("ref") + 1,
            issue=int(number_text) if number_text else None,
        )
    )


def parse_todo(text: str, path: str, needles: frozenset[str] | None = None) -> TodoFile:
    """Parse TODO.md. With `needles`, only task lines containing one of them are read: a
    pre-commit run on one document needs only its own lines of a long TODO.md."""
    if text.startswith("\ufeff"):
        text = text[1:]  # files.read_text removes it; callers passing raw text get the same lines
    lines = split_lines(text)
    todo = TodoFile(path, lines, [], [])
    if needles is not None and not BLOCK_START.search(text):
        # No fence or comment can hide a task: visit only the lines that hold a needle.
        for number in _lines_holding(text, needles):
            _read_task(number, lines[number - 1], todo)
        return todo
    fence: str | None = None
    in_comment = False
    for number, raw in enumerate(lines, start=1):
        # Fenced code and HTML comments hold examples, not tasks.
        if fence is not None:
            if raw.strip().startswith(fence) and not raw.strip().strip(fence[0]):
                fence = None
            continue
        if in_comment:
            in_comment = "-->" not in raw
            continue
        opened = FENCE_OPEN.match(raw) if raw.lstrip()[:3] in ("```", "~~~") else None
        if opened and not (opened.group(2)[0] == "`" and "`" in opened.group(3)):
            # (A backtick "fence" with a backtick in its info string is inline code, as in
            # markdown.scan.)
            fence = opened.group(2)
            continue
        if raw.lstrip().startswith("<!--"):
            in_comment = "-->" not in raw[raw.index("<!--") + 4 :]
            continue
        if needles is not None and not any(n in raw for n in needles):
            continue
        _read_task(number, raw, todo)
    return todo
