"""Suppression comments: `<!-- pmlint-disable ... -->` and friends.

    <!-- pmlint-disable PM501,PM502 -- reason -->   from here on (to a pmlint-enable)
    <!-- pmlint-enable -->                          ends every disable; with codes, only those
    <!-- pmlint-disable-next-line PM305 -->         the next non-blank line
    <!-- pmlint-disable-line PM305 -->              its own line (e.g. at the end of a table row)
    <!-- pmlint-disable-file PM107 -->              the whole file

No codes means every rule. The keyword is written in lower case, as above; codes and names
(`action-vague`) are case-insensitive and may be separated by commas or blanks; text after
` -- ` is the reason. Prefixes (`PM5`) are not
accepted, as in ruff's `noqa`: a suppression should name what it silences. Comments inside
fenced code or code spans are examples, not directives.

The engine applies a file's directives to every finding in that file after selection and
levels (`Suppressions.covers`), then asks which directives suppressed nothing (PM901) and
which name no rule (PM902). Directives are parsed only for files whose text mentions
`pmlint-`, so files without them pay nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from pmlint.catalog.rules import load_catalog
from pmlint.checks.registry import Problem
from pmlint.engine.findings import (  # the engine looks for MARK before importing this
    MARK,
    UNKNOWN_CODE,
    UNUSED_CODE,
)
from pmlint.parse.inline import blank_code_spans
from pmlint.parse.markdown import Code, Comment, scan

# Not after a blank: a search through a run of blanks tries it once, not at every blank.
DIRECTIVE = re.compile(
    r"(?<!\s)\s*+pmlint-(disable-next-line|disable-line|disable-file|disable|enable)(?![\w-])")
KINDS = {"disable": "disable", "enable": "enable", "disable-next-line": "next-line",
         "disable-line": "line", "disable-file": "file"}
REASON = re.compile(r"(?:^|\s)--")  # the reason follows " -- "
TOKEN = re.compile(r"[^\s,]+")
PREFIX = re.compile(r"^PM\d{0,2}$", re.IGNORECASE)
CODE_LIKE = re.compile(r"^PM\w*$", re.IGNORECASE)


def _close_matches(word: str, names: list[str], n: int, cutoff: float) -> list[str]:
    import difflib  # only for a misspelt rule: an import the usual run does not pay

    return difflib.get_close_matches(word, names, n=n, cutoff=cutoff)


# PM001 means the file could not be read, so no comment in it can be read either.
UNSUPPRESSIBLE = frozenset({"PM001"})
BLANKET = "*"  # what `Directive.used` records for a directive without codes


class Token(NamedTuple):
    text: str  # as written
    line: int
    column: int


@dataclass(slots=True)
class Directive:
    """One suppression comment: what it does, where, which rules, and which it used."""

    kind: str  # "disable", "enable", "next-line", "line" or "file"
    line: int  # where the comment starts: PM901 and PM902 point here
    column: int
    target: int  # the line a next-line or line directive applies to (0 for others)
    codes: dict[str, Token] | None  # known rule codes it names; None: every rule
    unknown: list[Token] = field(default_factory=list)
    used: set[str] = field(default_factory=set)  # codes (or BLANKET) that suppressed something

    @property
    def written(self) -> str:
        return f"pmlint-{'disable-' if self.kind in ('next-line', 'line', 'file') else ''}{self.kind}"

@functools.cache
def _rule_keys() -> dict[str, str]:
    """Every code and name, case folded, to its code."""
    keys: dict[str, str] = {}
    for rule in load_catalog().values():
        keys[rule.code.casefold()] = rule.code
        keys[rule.name.casefold()] = rule.code
    return keys


def unknown_rule_message(text: str, where: str) -> str:
    """Why `text` names no rule, with the nearest rule name when one is close."""
    if PREFIX.match(text):
        return f"'{text}' in {where} is not a rule: write full codes or names (prefixes are not accepted here)"
    hint = "; see `pmlint rules`"
    if not CODE_LIKE.match(text):  # a mistyped name; a wrong number has no "nearest" code
        names = [rule.name for rule in load_catalog().values()]
        close = _close_matches(text.casefold(), names, n=1, cutoff=0.75)
        if close:
            hint = f"; did you mean '{close[0]}'?"
    return f"Unknown rule '{text}' in {where}{hint}"


def _position(text: str, index: int, line: int, column: int) -> tuple[int, int]:
    """Line and column of `text[index]`, for `text` starting at (`line`, `column`)."""
    newlines = text.count("\n", 0, index)
    if not newlines:
        return line, column + index
    return line + newlines, index - text.rfind("\n", 0, index)


def _parse(content: str, start: int, text: str, line: int, column: int, keys: dict[str, str]) -> Directive | None:
    """The directive in comment body `content` of the comment at `text[start]` (its `<!--`),
    or None if it is no directive."""
    match = DIRECTIVE.match(content)
    if match is None:
        return None
    kind = KINDS[match.group(1).lower()]
    rest = content[match.end() :]
    reason = REASON.search(rest)
    codes_part = rest[: reason.start()] if reason else rest
    where_line, where_column = _position(text, start, line, column)
    directive = Directive(kind, where_line, where_column, 0, None)
    tokens = [m for m in TOKEN.finditer(codes_part)]
    if not tokens:
        return directive
    directive.codes = {}
    offset = start + 4 + match.end()
    for found in tokens:
        token = Token(found.group(0), *_position(text, offset + found.start(), line, column))
        code = keys.get(token.text.casefold())
        if code is None:
            directive.unknown.append(token)
        else:
            directive.codes.setdefault(code, token)
    return directive


def _directives_in(text: str, line: int, column: int, keys: dict[str, str]) -> Iterator[Directive]:
    """Every directive among the `<!-- ... -->` comments of `text` (which starts at `line`,
    `column`); an unclosed comment holds none."""
    position = 0
    while True:
        opened = text.find("<!--", position)
        if opened < 0:
            return
        closed = text.find("-->", opened + 4)
        if closed < 0:
            return
        if MARK in text[opened:closed]:
            found = _parse(text[opened + 4 : closed], opened, text, line, column, keys)
            if found is not None:
                yield found
        position = closed + 3


def _next_content_line(lines: list[str], after: int) -> int:
    """The first non-blank line after line `after` (1-based), else `after` + 1."""
    for number in range(after + 1, len(lines) + 1):
        if lines[number - 1].strip():
            return number
    return after + 1


def find_directives(
    lines: list[str], comments: list[Comment], prose_lines: Iterable[int], text: str | None = None
) -> list[Directive]:
    """The directives of a file: in comment blocks (`comments`) and in comments inside the
    prose lines `prose_lines` (a table row, a paragraph), in line order. With the file's
    `text`, other lines are searched only when it mentions directives outside the blocks."""
    keys = _rule_keys()
    found: list[tuple[Directive, int]] = []  # with the line the comment ends on
    in_blocks = 0  # mentions of MARK inside comment blocks
    for comment in comments:
        if MARK not in comment.text:
            continue
        in_blocks += comment.text.count(MARK)
        raw = lines[comment.line - 1]
        indent = len(raw) - len(raw.lstrip())
        for directive in _directives_in(comment.text, comment.line, indent + 1, keys):
            found.append((directive, comment.end))
    # Comments inside other lines: only lines that mention a directive and lie outside the
    # comment blocks are looked at, and the prose lines are gathered only for them.
    if text is not None and text.count(MARK) == in_blocks:
        candidates: list[int] = []
    else:
        block_lines = {n for comment in comments for n in range(comment.line, comment.end + 1)}
        candidates = [n for n, raw in enumerate(lines, start=1) if MARK in raw and n not in block_lines]
    if candidates:
        prose = set(prose_lines)
        for number in candidates:
            raw = lines[number - 1]
            if number not in prose or "<!--" not in raw:
                continue
            # A directive shown in a code span is documentation, not a directive.
            visible = blank_code_spans(raw)
            for directive in _directives_in(visible, number, 1, keys):
                found.append((directive, number))
    for directive, end in found:
        if directive.kind == "next-line":
            directive.target = _next_content_line(lines, end)
        elif directive.kind == "line":
            directive.target = directive.line
    found.sort(key=lambda pair: (pair[0].line, pair[0].column))
    return [directive for directive, _ in found]


def todo_directives(lines: list[str]) -> list[Directive]:
    """The directives of TODO.md: its comment blocks and comments in its other lines."""
    comments: list[Comment] = []
    hidden: set[int] = set()
    for block in scan(lines):
        if isinstance(block, Comment):
            comments.append(block)
            hidden.update(range(block.line, block.end + 1))
        elif isinstance(block, Code):
            hidden.update(range(block.line, block.end + 1))
    prose = [n for n in range(1, len(lines) + 1) if n not in hidden]
    return find_directives(lines, comments, prose)


class Suppressions:
    """A file's directives, answering "is this finding suppressed?" and remembering which
    directives were used."""

    def __init__(self, directives: list[Directive]) -> None:
        self.directives = directives
        self._file = [d for d in directives if d.kind == "file"]
        self._ranges = [d for d in directives if d.kind in ("disable", "enable")]
        self._lines: dict[int, list[Directive]] = {}
        for directive in directives:
            if directive.kind in ("next-line", "line"):
                self._lines.setdefault(directive.target, []).append(directive)

    def __bool__(self) -> bool:
        return bool(self.directives)

    def _range_at(self, code: str, line: int) -> Directive | None:
        """The disable in force for `code` at `line`, replaying disable/enable in order."""
        blanket: Directive | None = None
        reenabled: set[str] = set()
        specific: dict[str, Directive] = {}
        for directive in self._ranges:
            if directive.line >= line:
                break
            if directive.kind == "disable":
                if directive.codes is None:
                    blanket, reenabled = directive, set()
                else:
                    for named in directive.codes:
                        specific[named] = directive
                        reenabled.discard(named)
            elif directive.codes is None:
                blanket, reenabled, specific = None, set(), {}
            else:
                for named in directive.codes:
                    specific.pop(named, None)
                    reenabled.add(named)
        if code in specific:
            return specific[code]
        return blanket if blanket is not None and code not in reenabled else None

    def covers(self, code: str, line: int) -> bool:
        """True when a directive suppresses `code` at `line`; that directive counts as used."""
        if code in UNSUPPRESSIBLE:
            return False
        # Findings about the directives themselves are silenced only by naming them: a blanket
        # disable must not silence its own PM901, nor hide a typo in another comment.
        explicit_only = code in (UNUSED_CODE, UNKNOWN_CODE)
        candidates = list(self._lines.get(line, ()))
        in_range = self._range_at(code, line) if self._ranges else None
        if in_range is not None:
            candidates.append(in_range)
        candidates.extend(self._file)
        for directive in candidates:
            if directive.codes is None and not explicit_only:
                directive.used.add(BLANKET)
                return True
            if directive.codes is not None and code in directive.codes:
                directive.used.add(code)
                return True
        return False

    def unknown(self) -> Iterator[Problem]:
        """PM902: a directive names a code or name that does not exist."""
        for directive in self.directives:
            for token in directive.unknown:
                yield Problem(token.line, token.column, unknown_rule_message(token.text, directive.written))

    def unused(self, judged: Callable[[str], bool]) -> Iterator[Problem]:
        """PM901: disables that suppressed nothing. Only codes for which `judged` is true
        (the rule ran on this file) are judged; PM901 named in a directive is never unused,
        and a directive naming PM901 keeps its other codes from being reported (as ruff's
        `noqa: RUF100`)."""
        catalog = load_catalog()
        for directive in self.directives:
            if directive.kind == "enable":
                continue
            if directive.codes is None:
                if not directive.used:
                    yield Problem(directive.line, directive.column,
                                  f"Unused {directive.written} (no codes): nothing here to suppress; remove it")
                continue
            if UNUSED_CODE in directive.codes:
                continue
            for code, token in directive.codes.items():
                if code in directive.used:
                    continue
                name = catalog[code].name
                if code in UNSUPPRESSIBLE:
                    yield Problem(token.line, token.column, f"{code} ({name}) cannot be suppressed; remove it")
                elif judged(code):
                    yield Problem(token.line, token.column,
                                  f"Unused suppression of {code} ({name}): nothing here to suppress; remove it")


def config_problem(text: str, key: str, selector: str) -> Problem:
    """PM902 for a configuration entry naming no rule, at the line that holds it (found by
    its quoted spelling, or as a key for `levels`), else at line 1."""
    what = "rule code or name" if key == "levels" else "rule code, name or prefix"
    hint = ""
    if not CODE_LIKE.match(selector):
        names = [rule.name for rule in load_catalog().values()]
        close = _close_matches(selector.casefold(), names, n=1, cutoff=0.75)
        hint = f"; did you mean '{close[0]}'?" if close else ""
    message = f"Unknown {what} '{selector}' in {key}{hint or '; see `pmlint rules`'}"
    start = max(text.find("[tool.pmlint"), 0)
    spelled = re.escape(selector)
    pattern = re.compile(rf"""(["']){spelled}\1""" + (rf"|(?:^|[{{,\s]){spelled}(?=\s*=)" if key == "levels" else ""))
    found = pattern.search(text, start)
    if found is None:
        return Problem(1, 1, message)
    index = found.start() + (found.group(0).index(selector))
    line = text.count("\n", 0, index) + 1
    return Problem(line, index - text.rfind("\n", 0, index), message)
