"""Report formatters: each turns findings into text and knows nothing about checks.

A formatter is `render(report, quiet) -> str`, in module `pmlint.output.<format>`; it is
imported only when chosen.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from pmlint.engine.findings import Report

Formatter = Callable[[Report, bool], str]
MODULES = {
    "text": ("pmlint.output.text", "render_text"),
    "json": ("pmlint.output.json", "render_json"),
    "github": ("pmlint.output.annotations", "render_github"),
    "sarif": ("pmlint.output.sarif", "render_sarif"),
    "junit": ("pmlint.output.junit", "render_junit"),
}


def formatter(name: str) -> Formatter:
    module, function = MODULES[name]
    return getattr(importlib.import_module(module), function)
