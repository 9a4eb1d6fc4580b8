"""`--format github`: one GitHub Actions workflow command per finding.

    ::error file=PATH,line=N,col=N,title=CODE name::message

GitHub turns these into annotations on the pull request's diff. It shows only 10
annotations per level per step, so inside Actions (`GITHUB_ACTIONS=true`) the formatter
also appends a Markdown table of every finding to `$GITHUB_STEP_SUMMARY` (where the full
list lives, cut under GitHub's 1 MiB limit) and writes the counts `errors`, `warnings` and
`findings` to `$GITHUB_OUTPUT`. The returned text (what `--output FILE` writes) is only
the workflow commands and the summary line.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

from pmlint.engine.findings import Finding, Report
from pmlint.output import actions_runner
from pmlint.output.text import summary

# pmlint's levels as workflow commands: GitHub has no "info" annotation, "notice" is it.
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
LEVEL_ICONS = {"error": "❌ error", "warning": "⚠️ warning", "info": "ℹ️ info"}


def command(finding: Finding) -> str:
    """One finding as a workflow command, escaped as GitHub's toolkit escapes them."""
    properties = ",".join(
        f"{key}={actions_runner.escape_property(value)}"
        for key, value in (
            ("file", finding.path),
            ("line", str(finding.line)),
            ("col", str(finding.column)),
            ("title", f"{finding.code} {finding.name}"),
        )
    )
    return f"::{COMMANDS[finding.level]} {properties}::{actions_runner.escape_data(finding.message)}"


def stream_github(report: Report, quiet: bool = False) -> Iterator[str]:
    """The workflow commands (and, unless quiet, the summary line); inside Actions also
    the step summary and step outputs, as a side effect."""
    from pmlint.output import batched

    for warning in report.warnings:
        yield f"::warning title=pmlint paths::{actions_runner.escape_data(warning)}\n"
    yield from batched(command(f) + "\n" for f in report.findings)
    if not quiet:
        yield summary(report) + "\n"
    if actions_runner.in_actions():
        publish(report)


def render_github(report: Report, quiet: bool = False) -> str:
    return "".join(stream_github(report, quiet))


def publish(report: Report) -> None:
    """The full list in the step summary and the counts as step outputs."""
    actions_runner.append_summary(step_summary(report))
    actions_runner.set_outputs(
        {
            "errors": report.count("error"),
            "warnings": report.count("warning"),
            "findings": len(report.findings),
            "documents": report.documents,
        }
    )


def step_summary(report: Report) -> str:
    """A Markdown heading, the counts, and a table of every finding."""
    out = [f"### pmlint check\n\n{summary(report)}.\n"]
    out += [f"\n> ⚠️ {_cell(warning)}\n" for warning in report.warnings]
    if not report.findings:
        return "".join(out) + "\n"
    out.append("\n| Level | Location | Rule | Message |\n|---|---|---|---|\n")
    size = sum(len(piece.encode("utf-8")) for piece in out)
    link = _linker()
    for f in report.findings:
        where = f"{_cell(f.path)}:{f.line}"
        url = link(f.path, f.line)
        location = f"[{where}]({url})" if url else where
        row = f"| {LEVEL_ICONS[f.level]} | {location} | `{f.code}` {f.name} | {_cell(f.message)} |\n"
        out.append(row)
        size += len(row.encode("utf-8"))
        if size > actions_runner.SUMMARY_LIMIT:
            break  # append_summary cuts the rows past the limit: no need to make them
    return "".join(out) + "\n"


def _cell(text: str) -> str:
    """Text shown as written inside one Markdown table cell."""
    return actions_runner.markdown_text(text)


def _linker() -> Callable[[str, int], str | None]:
    """Links to the file at the checked-out commit, when the runner says where that is.

    Report paths are relative to the current directory; a link needs the path relative to
    the repository (GITHUB_WORKSPACE), so a path outside the workspace gets no link."""
    server = os.environ.get("GITHUB_SERVER_URL", "").rstrip("/")
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    sha = os.environ.get("GITHUB_SHA", "")
    workspace = os.environ.get("GITHUB_WORKSPACE", "")
    if not (server and repository and sha and workspace):
        return lambda path, line: None
    base = Path(workspace).resolve()
    cwd = Path.cwd().resolve()

    def link(path: str, line: int) -> str | None:
        try:
            relative = (cwd / path).resolve().relative_to(base).as_posix()
        except (ValueError, OSError):
            return None
        return f"{server}/{repository}/blob/{sha}/{quote(relative)}#L{line}"

    return link
