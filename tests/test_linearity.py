"""Every regex pmlint runs on text is linear in its input (a hostile 3 KB document must not
hold a commit or a sync for minutes).

The regexes are found in the source, so a new one cannot skip this test: each must be in
tests/regex_registry.py, with the hostile inputs it is timed on, or declared there as never
reading document text. Each is measured on its input at N and 4N (best of 3, in CPU time:
tests/growth.py): a linear pattern does about four times the work, a quadratic one sixteen
times. Inputs grow until one run is long enough to measure reliably; a pattern still fast at
the largest size cannot be super-linear.
"""

from __future__ import annotations

import ast
import importlib
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from pmlint.checks.actions import WORD, names_artifact
from pmlint.checks.document.header import LOGIN_LIST
from pmlint.github.marker import neutralise_title
from pmlint.output.actions_runner import markdown_text
from pmlint.parse.document import parse_document
from pmlint.parse.front_matter import read_front_matter
from pmlint.parse.inline import plain_text
from pmlint.parse.people import BYLINE, plain_names
from pmlint.parse.timeline_source import LEADING_TIME, stated_zone
from tests.growth import FACTOR, MAX_RATIO, cpu_seconds
from tests.regex_registry import NOT_TEXT, TEXT, Hostile

PACKAGE = Path(__file__).resolve().parent.parent / "pmlint"
RE_CALLS = {"compile", "match", "search", "fullmatch", "sub", "subn", "findall", "finditer", "split"}
START = 256  # characters of the first input
LARGEST = 1 << 15  # characters: a linear pattern is fast here, a quadratic one takes seconds
RELIABLE = 0.010  # CPU seconds: below this, one measurement is mostly noise


class Site(NamedTuple):
    key: str  # "module:NAME" (module level) or "module:function" (inside a function)
    literal: str | bytes | None  # the pattern, when the source writes it as one literal
    flags: int


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def _is_re_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RE_CALLS
        and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
    )


def _literal_flags(call: ast.Call) -> tuple[str | bytes | None, int]:
    pattern = call.args[0] if call.args else None
    literal = pattern.value if isinstance(pattern, ast.Constant) and isinstance(pattern.value, str | bytes) else None
    flags = 0
    for node in [*call.args[1:], *(k.value for k in call.keywords if k.arg == "flags")]:
        for part in ast.walk(node):
            if isinstance(part, ast.Attribute) and isinstance(part.value, ast.Name) and part.value.id == "re":
                flags |= int(getattr(re, part.attr, 0)) if part.attr.isupper() else 0
    return literal, flags


def _sites_in(path: Path) -> Iterator[Site]:
    module = _module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))

    def visit(node: ast.AST, scope: list[str]) -> Iterator[Site]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                yield from visit(child, [*scope, child.name])
                continue
            if not scope and isinstance(child, ast.Assign | ast.AnnAssign):
                targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                for call in (n for n in ast.walk(child) if _is_re_call(n)):
                    yield Site(f"{module}:{names[0] if names else child.lineno}", *_literal_flags(call))  # type: ignore[arg-type]
                continue
            if _is_re_call(child):
                yield Site(f"{module}:{'.'.join(scope) or child.lineno}", *_literal_flags(child))  # type: ignore[arg-type]
            yield from visit(child, scope)

    yield from visit(tree, [])


def all_sites() -> list[Site]:
    return [site for path in sorted(PACKAGE.rglob("*.py")) for site in _sites_in(path)]


def test_every_regex_is_registered() -> None:
    found = {site.key for site in all_sites()}
    missing = sorted(found - TEXT.keys() - NOT_TEXT.keys())
    assert not missing, f"add these to tests/regex_registry.py (TEXT with hostile units, or NOT_TEXT): {missing}"
    stale = sorted((TEXT.keys() | NOT_TEXT.keys()) - found)
    assert not stale, f"no longer in pmlint; remove from tests/regex_registry.py: {stale}"
    assert not TEXT.keys() & NOT_TEXT.keys()


def _patterns(key: str, hostile: Hostile) -> list[re.Pattern[Any]]:
    if hostile.build is not None:
        built = hostile.build()
        return [built] if isinstance(built, re.Pattern) else [p for p in built if p is not None]
    module, name = key.split(":")
    value = getattr(importlib.import_module(module), name, None)
    if isinstance(value, re.Pattern):
        return [value]
    literals = [re.compile(s.literal, s.flags) for s in all_sites() if s.key == key and s.literal is not None]
    assert literals, f"{key}: give `build=` in the registry (the pattern is not a literal in the source)"
    return literals


def _inputs(pattern: re.Pattern[Any], hostile: Hostile) -> list[str]:
    """The registered units, then every punctuation mark the pattern names alone, after a
    letter, and all of them together."""
    source = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode("latin-1")
    marks = sorted({c for c in source if not c.isalnum() and c.isprintable()} | {" ", "\n"})
    return [*hostile.units, *marks, "".join(marks), "a1 " + "".join(marks)]


def _operations(pattern: re.Pattern[Any]) -> list[Any]:
    return [pattern.search, pattern.fullmatch, lambda text: sum(1 for _ in pattern.finditer(text))]


def _ratio(operation: Any, make: Any) -> tuple[int, float, float] | None:
    """Grow the input until its best of 3 runs is long enough to measure reliably, then measure
    it at FACTOR times the size. None when the largest input is still too fast to be super-linear."""
    size = START
    while True:
        if cpu_seconds(operation, make(size)) >= RELIABLE:
            took = cpu_seconds(operation, make(size), 3)
            if took >= RELIABLE:
                return size, took, cpu_seconds(operation, make(FACTOR * size), 3)
        if size >= LARGEST:
            return None
        size *= 2


def _superlinear(pattern: re.Pattern[Any], unit: str, prefix: str) -> str | None:
    """Why `pattern` is not linear on `unit` repeated, or None if it is."""
    encode = (lambda s: s.encode("utf-8")) if isinstance(pattern.pattern, bytes) else (lambda s: s)

    def make(size: int) -> Any:
        return encode(prefix + unit * max(1, size // len(unit)))

    for operation in _operations(pattern):
        for _attempt in range(2):  # a super-linear pattern fails both times; a fluke does not repeat
            measured = _ratio(operation, make)
            if measured is None or measured[2] / measured[1] <= MAX_RATIO:
                break
        else:
            size, took, larger = measured
            return f"{unit!r} x{size // len(unit)}: {took * 1000:.1f} ms CPU, x{FACTOR} the size {larger * 1000:.1f} ms"
    return None


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(TEXT))
def test_regex_is_linear_on_hostile_input(key: str) -> None:
    hostile = TEXT[key]
    slow = []
    for pattern in _patterns(key, hostile):
        # The units alone, and after the pattern's own literal start: an anchored pattern
        # (`Author:\s+(.*?)…`) never reaches its slow part on text that lacks that start.
        prefixes = [hostile.prefix] if hostile.prefix else list(dict.fromkeys(["", _literal_prefix(pattern)]))
        for unit in _inputs(pattern, hostile):
            for prefix in prefixes:
                why = _superlinear(pattern, unit, prefix)
                if why:
                    slow.append(f"/{pattern.pattern!r}/ on {prefix!r} + {why}")
    assert not slow, "super-linear: " + "; ".join(slow)


def _literal_prefix(pattern: re.Pattern[Any]) -> str:
    """The text every match of `pattern` starts with (its leading literal characters)."""
    from re import _parser  # type: ignore[attr-defined]

    source = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode("latin-1")
    try:
        parsed = _parser.parse(source, pattern.flags & ~re.UNICODE if isinstance(pattern.pattern, bytes) else pattern.flags)
    except (re.error, ValueError, TypeError):
        return ""
    start = []
    for op, value in parsed:
        if str(op) == "LITERAL":
            start.append(chr(value))
        elif str(op) != "AT":
            break
    return "".join(start)


@pytest.mark.slow
def test_a_pattern_is_tried_after_its_own_literal_start() -> None:
    """The lazy `Author:` pattern was quadratic only after `Author: `; its registry entry
    (units " <a") never reached that, so the registry test passed on it."""
    author = re.compile(r"Author:\s+(.*?)(?: <[^>]*>)?$")
    assert _literal_prefix(author) == "Author:"
    assert _superlinear(author, " <a", "") is None  # the units alone miss it
    assert _superlinear(author, " <a", _literal_prefix(author)) is not None


# --- the functions that read document text through several patterns -----------------------
# Other teams' templates (front matter, `<br>` fields, time-led timeline items, stated
# zones, bylines, front-matter logins) and action wording, plain titles, Markdown cells:
# each call stays linear on hostile input (a quadratic one takes many seconds at this size).

N = 50_000
ZONES = {"PST": "-08:00"}

READERS: dict[str, tuple[Callable[[str], object], str]] = {
    "front matter: long key": (lambda t: read_front_matter([t], 2), "a" * N),
    "front matter: key with blanks": (lambda t: read_front_matter([t], 2), "a " * N + "b"),
    "front matter: item lines": (lambda t: read_front_matter(["k:", *t.split("\n")], 2), "  -  \n" * (N // 10)),
    "br fields: tag openers": (lambda t: parse_document(t, "d.md"), "# T\nStatus: " + "<br" * N + "\n"),
    "br fields: many breaks": (lambda t: parse_document(t, "d.md"), "# T\nStatus: a" + "<br> b:" * N + "\n"),
    "leading time: capitals": (LEADING_TIME.match, "12:00 " + "A" * N),
    "leading time: emphasis": (LEADING_TIME.match, "**12:00" + "*" * N),
    "leading time: blanks": (LEADING_TIME.match, "12:00" + " " * N + "x"),
    "zone: slashes": (lambda t: stated_zone([t], ZONES), "Ab/" * N),
    "zone: capitals": (lambda t: stated_zone([t], ZONES), "ABCDEF" * N),
    "byline: repeated by": (BYLINE.search, "by " * N + "\n"),
    "names: separators": (lambda t: plain_names(t, frozenset()), "A and " * N),
    "logins: commas": (LOGIN_LIST.match, "a," * N + "!"),
    "logins: hyphens": (LOGIN_LIST.match, "a-" * N + "-"),
    "artifact: word characters": (names_artifact, "a" * N),
    "artifact: hyphens and words": (names_artifact, "a-" * N),
    "artifact: dots without extension": (names_artifact, "a." * N + "1"),
    "artifact: colons": (names_artifact, "runbook " * (N // 8) + "x"),
    "artifact: capital ticket prefix": (names_artifact, "AB" * N + "-"),
    "artifact: hashes": (names_artifact, "#" * N),
    "words: apostrophes": (WORD.findall, "a'" * N),
    "plain: underscores": (plain_text, "_" * N),
    "plain: underscores inside a word": (plain_text, "a" + "_" * N + "b"),
    "plain: stars and tildes": (plain_text, "*~" * N),
    "plain: backslashes": (plain_text, "\\" * N),
    "plain: link openers": (plain_text, "[" * N + "](x)"),
    "plain: link closers": (plain_text, "](x)" * N),
    "plain: tag openers": (plain_text, "<a " * N),
    "plain: backtick runs": (plain_text, "".join("`" * k + "x" for k in range(1, 300))),
    "title: references and tags": (neutralise_title, "#1<a" * N),
    "cell: references and markup": (markdown_text, "#1|*" * N),
}


@pytest.mark.parametrize("name", sorted(READERS))
def test_reader_stays_linear(name: str) -> None:
    function, text = READERS[name]
    started = time.thread_time()  # CPU time: another busy process does not stretch it
    function(text)
    assert time.thread_time() - started < 1.0


@pytest.mark.slow
def test_the_guard_finds_a_quadratic_pattern() -> None:
    """The measurement above can fail: searching `a*b` in a run of a's is quadratic, `ab` linear."""
    quadratic, linear = _ratio(re.compile("a*b").search, "a".__mul__), _ratio(re.compile("ab").search, "a".__mul__)
    assert quadratic is not None and quadratic[2] / quadratic[1] > MAX_RATIO, quadratic
    assert linear is None or linear[2] / linear[1] <= MAX_RATIO, linear
