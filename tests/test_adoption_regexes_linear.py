"""The patterns that read other teams' templates (front matter, `<br>` fields, time-led
timeline items, stated zones, bylines, front-matter logins) stay linear on hostile input."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from pmlint.checks.document.header import LOGIN_LIST
from pmlint.parse.document import parse_document
from pmlint.parse.front_matter import read_front_matter
from pmlint.parse.people import BYLINE, plain_names
from pmlint.parse.timeline_source import LEADING_TIME, stated_zone

N = 50_000
ZONES = {"PST": "-08:00"}

CASES: dict[str, tuple[Callable[[str], object], str]] = {
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
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_stays_linear(name: str) -> None:
    function, text = CASES[name]
    started = time.thread_time()  # CPU time: another busy process does not stretch it
    function(text)
    assert time.thread_time() - started < 1.0
