"""Report formatters: each turns findings into text and knows nothing about checks.

A formatter is `stream(report, quiet) -> Iterator[str]`, in module `pmlint.output.<format>`;
it is imported only when chosen. Every format yields its text in pieces of whole lines as
it goes through the findings (sarif a result, junit a file's test suite at a time), so a
run with many findings never holds the whole report, nor every finding, at once.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator

from pmlint.engine.findings import Report

Formatter = Callable[[Report, bool], Iterator[str]]
MODULES = {
    "text": ("pmlint.output.text", "stream_text"),
    "json": ("pmlint.output.json", "stream_json"),
    "github": ("pmlint.output.annotations", "stream_github"),
    "sarif": ("pmlint.output.sarif", "stream_sarif"),
    "junit": ("pmlint.output.junit", "stream_junit"),
}
# Lines per piece a streaming formatter yields: few writes, little held at once.
BATCH = 2000


def formatter(name: str) -> Formatter:
    module, function = MODULES[name]
    stream: Formatter = getattr(importlib.import_module(module), function)
    return stream


def batched(lines: Iterator[str]) -> Iterator[str]:
    """`lines` (each ending in a newline) joined into pieces of BATCH lines."""
    piece: list[str] = []
    for line in lines:
        piece.append(line)
        if len(piece) >= BATCH:
            yield "".join(piece)
            piece.clear()
    if piece:
        yield "".join(piece)
