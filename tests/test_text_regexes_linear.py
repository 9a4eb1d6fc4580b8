"""The patterns added for action wording, plain titles, Markdown cells and relative dates
read document text: each stays linear on hostile input (a quadratic one takes many seconds
at this size)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from pmlint.checks.actions import WORD, names_artifact
from pmlint.github.marker import neutralise_title
from pmlint.output.actions_runner import markdown_text
from pmlint.parse.inline import plain_text

N = 50_000

CASES: dict[str, tuple[Callable[[str], object], str]] = {
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


@pytest.mark.parametrize("name", sorted(CASES))
def test_stays_linear(name: str) -> None:
    function, text = CASES[name]
    started = time.thread_time()  # CPU time: another busy process does not stretch it
    function(text)
    assert time.thread_time() - started < 1.0
