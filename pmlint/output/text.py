"""`path:line:col: CODE message (name)` lines, then a one-line summary."""

from __future__ import annotations

from collections.abc import Iterator

from pmlint.engine.findings import Finding, Report


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def summary(report: Report) -> str:
    text = f"{_plural(report.count('error'), 'error')}, {_plural(report.count('warning'), 'warning')}"
    infos = report.count("info")
    if infos:
        text += f", {infos} info"
    text = f"{text} in {_plural(report.files, 'file')}"
    return f"{text} ({report.fixable} fixable with --fix)" if report.fixable else text


def line(f: Finding) -> str:
    return f"{f.path}:{f.line}:{f.column}: {f.code} {f.message} ({f.name})"


def stream_text(report: Report, quiet: bool = False) -> Iterator[str]:
    from pmlint.output import batched

    yield from batched(line(f) + "\n" for f in report.findings)
    if not quiet:
        yield summary(report) + "\n"


def render_text(report: Report, quiet: bool = False) -> str:
    return "".join(stream_text(report, quiet))
