"""`path:line:col: level CODE [*] message (name)` lines, then a one-line summary.

As ruff does, `[*]` marks a finding `--fix` fixes; on a terminal the location, level and
code are coloured (https://no-color.org: NO_COLOR turns it off, FORCE_COLOR on, even in a
pipe). Under pre-commit the fix hint names the `pmlint-fix` hook, which is what a committer
has, rather than a command they may not have installed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

from pmlint.engine.findings import FIXABLE_CODES, Finding, Report

_RESET = "\033[0m"
_BOLD = "\033[1m"
_LEVELS = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;34m"}


def colour_wanted(stream: object = None) -> bool:
    """NO_COLOR (any value) wins, then FORCE_COLOR (any value but 0), else whether the
    stream (stdout) is a terminal."""
    if os.environ.get("NO_COLOR"):
        return False
    force = os.environ.get("FORCE_COLOR")
    if force is not None and force != "":
        return force != "0"
    isatty = getattr(stream if stream is not None else sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def summary(report: Report) -> str:
    text = f"{_plural(report.count('error'), 'error')}, {_plural(report.count('warning'), 'warning')}"
    infos = report.count("info")
    if infos:
        text += f", {infos} info"
    text = f"{text} in {_plural(report.files, 'file')}"
    if not report.fixable:
        return text
    fixer = "the pmlint-fix hook" if os.environ.get("PRE_COMMIT") == "1" else "--fix"
    return f"{text} ({report.fixable} fixable with {fixer})"


def line(f: Finding, colour: bool = False) -> str:
    fixable = " [*]" if f.code in FIXABLE_CODES else ""
    where, level, code = f"{f.path}:{f.line}:{f.column}:", str(f.level), f.code
    if colour:
        where, code = f"{_BOLD}{where}{_RESET}", f"{_BOLD}{code}{_RESET}"
        level = f"{_LEVELS.get(level, _BOLD)}{level}{_RESET}"
    return f"{where} {level} {code}{fixable} {f.message} ({f.name})"


def stream_text(report: Report, quiet: bool = False, colour: bool | None = None) -> Iterator[str]:
    """`colour` None: decided by colour_wanted() for standard output."""
    from pmlint.output import batched

    coloured = colour_wanted() if colour is None else colour
    yield from batched(line(f, coloured) + "\n" for f in report.findings)
    if not quiet:
        yield summary(report) + "\n"


def render_text(report: Report, quiet: bool = False) -> str:
    return "".join(stream_text(report, quiet, colour=False))
