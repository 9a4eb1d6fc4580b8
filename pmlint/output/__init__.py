"""Report formatters: each turns findings into text and knows nothing about checks."""

from __future__ import annotations

from collections.abc import Callable

from pmlint.engine import Report
from pmlint.output.json import render_json
from pmlint.output.text import render_text

FORMATTERS: dict[str, Callable[[Report, bool], str]] = {
    "text": render_text,
    "json": render_json,
}
