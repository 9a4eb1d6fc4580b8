"""`path:line:col: CODE message (name)` lines, then a one-line summary."""

from __future__ import annotations

from pmlint.engine.findings import Report


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def summary(report: Report) -> str:
    text = f"{_plural(report.count('error'), 'error')}, {_plural(report.count('warning'), 'warning')}"
    infos = report.count("info")
    if infos:
        text += f", {infos} info"
    return f"{text} in {_plural(report.files, 'file')}"


def render_text(report: Report, quiet: bool = False) -> str:
    lines = [f"{f.path}:{f.line}:{f.column}: {f.code} {f.message} ({f.name})" for f in report.findings]
    if not quiet:
        lines.append(summary(report))
    return "\n".join(lines) + ("\n" if lines else "")
