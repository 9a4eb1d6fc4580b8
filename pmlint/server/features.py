"""What the server answers, as LSP values: diagnostics from findings, code actions, hovers,
the deadline code lens and completions. Pure functions of the document's text, its
findings and the project (engine_bridge); the server (app.py) runs them off the event loop."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from lsprotocol import types

from pmlint.engine.findings import Finding
from pmlint.errors import PmlintError
from pmlint.server import text as lsptext
from pmlint.server.engine_bridge import (
    DUE_CODE,
    FIX_CODE,
    PIPE,
    REASON_PLACEHOLDER,
    SECTION_MISSING,
    TIME_CODE,
    Project,
    cell_at,
)

SOURCE = "pmlint"
# Where the rule pages are: docs/rules/PMxxx.md of the repository (initializationOptions
# `ruleUrl` points elsewhere, e.g. a fork or an internal mirror).
RULE_URL = "https://github.com/pmlint/pmlint/blob/main/docs/rules/{code}.md"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}
UNSUPPRESSIBLE = frozenset({"PM001"})
FIELD_LINE = re.compile(r"^\s*\*\*(?P<name>[^*]+):\*\*\s*(?P<value>.*)$")
HEADING_LINE = re.compile(r"^(?P<marks>#{1,2})(?:\s(?P<title>.*))?$")


class Snapshot(NamedTuple):
    """A file as the editor holds it, and its last findings."""

    uri: str
    path: Path  # real path
    kind: str  # "document" or "todo"
    text: str
    version: int | None
    findings: list[Finding]
    encoding: str = lsptext.UTF16  # of positions, as negotiated


# ---------------------------------------------------------------------------------------
# Diagnostics


def _finding_range(finding: Finding, source: list[str], encoding: str) -> types.Range:
    """The finding's line from its column: to the end of the table cell it points into,
    else to the end of the line."""
    number = max(finding.line - 1, 0)
    line = source[number] if number < len(source) else ""
    start = min(max(finding.column - 1, 0), len(line))
    end = len(line)
    if line.lstrip().startswith("|"):
        cell = cell_at(line, start)
        end = cell.end if cell.end > start else end
    return types.Range(start=lsptext.position(source, number, start, encoding),
                       end=lsptext.position(source, number, end, encoding))


def diagnostics(findings: list[Finding], text: str, rule_url: str = RULE_URL,
                encoding: str = lsptext.UTF16) -> list[types.Diagnostic]:
    source = [line.rstrip("\r\n") for line in lsptext.lines(text)]
    return [
        types.Diagnostic(
            range=_finding_range(finding, source, encoding),
            message=f"{finding.message} ({finding.name})",
            severity=SEVERITY.get(finding.level, types.DiagnosticSeverity.Warning),
            code=finding.code,
            code_description=types.CodeDescription(href=rule_url.format(code=finding.code, name=finding.name)),
            source=SOURCE,
            data={"name": finding.name, "line": finding.line, "column": finding.column},
        )
        for finding in findings
    ]


# ---------------------------------------------------------------------------------------
# Code actions


def _at_line(snapshot: Snapshot, first: int, last: int) -> list[Finding]:
    """The findings on 1-based lines first..last."""
    return [finding for finding in snapshot.findings if first <= finding.line <= last]


def _edit(uri: str, version: int | None, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
    document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
    return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=document, edits=edits)])


def _replace(snapshot: Snapshot, line: int, start: int, end: int, new: str) -> types.WorkspaceEdit:
    source = [text.rstrip("\r\n") for text in lsptext.lines(snapshot.text)]
    where = types.Range(start=lsptext.position(source, line - 1, start, snapshot.encoding),
                        end=lsptext.position(source, line - 1, end, snapshot.encoding))
    return _edit(snapshot.uri, snapshot.version, [types.TextEdit(range=where, new_text=new)])


def _insert_line(snapshot: Snapshot, before: int | None, block: str) -> types.WorkspaceEdit:
    """Insert `block` (whole lines) before 1-based line `before`, or at the end."""
    text_lines = lsptext.lines(snapshot.text)
    newline = "\r\n" if text_lines and text_lines[0].endswith("\r\n") else "\n"
    block = block.replace("\n", newline)
    if before is None:
        at = lsptext.end_of(text_lines, len(text_lines), snapshot.encoding)
        last = text_lines[-1] if text_lines else ""
        prefix = newline if last and not last.endswith(("\n", "\r")) else ""
        blank = newline if last.strip() else ""
        new_text = prefix + blank + block.rstrip("\r\n") + newline
        return _edit(snapshot.uri, snapshot.version, [types.TextEdit(range=types.Range(start=at, end=at),
                                                                     new_text=new_text)])
    at = lsptext.end_of(text_lines, before - 1, snapshot.encoding)
    return _edit(snapshot.uri, snapshot.version, [types.TextEdit(range=types.Range(start=at, end=at), new_text=block)])


def _diagnostic_for(finding: Finding, snapshot: Snapshot, rule_url: str) -> types.Diagnostic:
    return diagnostics([finding], snapshot.text, rule_url, snapshot.encoding)[0]


def _todo_action(
    project: Project, snapshot: Snapshot, findings: list[Finding], texts: Mapping[Path, str],
    versions: Mapping[Path, tuple[str, int | None]], title: str, kind: str, rule_url: str,
) -> types.CodeAction | None:
    """The PM307 fix for `findings` as an edit of TODO.md (its buffer when open, else the
    file, created when missing); None when TODO.md would not change."""
    found = project.todo_edit([(snapshot.path, finding.line) for finding in findings], texts)
    if found is None:
        return None
    if isinstance(found, PmlintError):
        return types.CodeAction(title=title, kind=kind, disabled=types.CodeActionDisabled(reason=str(found)))
    uri, version = versions.get(found.path, (found.path.as_uri(), None))
    changes: list[types.TextDocumentEdit | types.CreateFile] = []
    if found.original is None:
        changes.append(types.CreateFile(uri=uri, options=types.CreateFileOptions(ignore_if_exists=True)))
    document = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version)
    changes.append(types.TextDocumentEdit(text_document=document, edits=lsptext.edits(found.original or "", found.new,
                                                                                         snapshot.encoding)))
    return types.CodeAction(
        title=f"{title} ({found.summary})",
        kind=kind,
        diagnostics=[_diagnostic_for(finding, snapshot, rule_url) for finding in findings],
        edit=types.WorkspaceEdit(document_changes=changes),
        is_preferred=len(findings) == 1,
    )


def _suppression(snapshot: Snapshot, finding: Finding, rule_url: str) -> types.CodeAction | None:
    """A `pmlint-disable` comment for the finding's rule, with a reason to fill in: at the
    end of a table row (a line above would end the table), else on the line above."""
    if finding.code in UNSUPPRESSIBLE:
        return None
    source = [line.rstrip("\r\n") for line in lsptext.lines(snapshot.text)]
    number = finding.line - 1
    line = source[number] if 0 <= number < len(source) else ""
    reason = f"{finding.code} -- {REASON_PLACEHOLDER}"
    if line.lstrip().startswith("|") and snapshot.kind == "document":
        edit = _replace(snapshot, finding.line, len(line), len(line), f" <!-- pmlint-disable-line {reason} -->")
    else:
        indent = line[: len(line) - len(line.lstrip())]
        edit = _insert_line(snapshot, finding.line, f"{indent}<!-- pmlint-disable-next-line {reason} -->\n")
    return types.CodeAction(
        title=f"Suppress {finding.code} ({finding.name}) here, with a reason",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[_diagnostic_for(finding, snapshot, rule_url)],
        edit=edit,
    )


def code_actions(
    project: Project, snapshot: Snapshot, first: int, last: int, texts: Mapping[Path, str],
    versions: Mapping[Path, tuple[str, int | None]], only: list[str] | None, rule_url: str = RULE_URL,
) -> list[types.CodeAction]:
    """The actions for the findings on 1-based lines first..last, and the fix-all action."""
    actions: list[types.CodeAction] = []
    wants_quickfix = not only or any(kind.startswith(types.CodeActionKind.QuickFix) for kind in only)
    doc = project.parse(snapshot.path, snapshot.text) if snapshot.kind == "document" else None
    for finding in _at_line(snapshot, first, last) if wants_quickfix else []:
        found: types.CodeAction | None = None
        diagnostic = [_diagnostic_for(finding, snapshot, rule_url)]
        if finding.code == FIX_CODE and doc is not None:
            found = _todo_action(project, snapshot, [finding], texts, versions, "Track this action in TODO.md",
                                 types.CodeActionKind.QuickFix, rule_url)
        elif finding.code == TIME_CODE and doc is not None:
            cell = cell_at(doc.lines[finding.line - 1], finding.column - 1)
            utc = project.time_in_utc(cell.text, doc)
            if utc is not None:
                found = types.CodeAction(title=f"Convert {cell.text} to UTC: {utc}", kind=types.CodeActionKind.QuickFix,
                                         diagnostics=diagnostic, is_preferred=True,
                                         edit=_replace(snapshot, finding.line, cell.start, cell.end, utc))
        elif finding.code == DUE_CODE and doc is not None:
            due = project.action_cell(doc, finding.line, "due")
            day = project.due_date(due.text, doc) if due is not None and due.text else None
            if due is not None and day is not None:
                found = types.CodeAction(title=f"Write the due date as {day.isoformat()}", diagnostics=diagnostic,
                                         kind=types.CodeActionKind.QuickFix, is_preferred=True,
                                         edit=_replace(snapshot, finding.line, due.start, due.end, day.isoformat()))
        elif finding.code == SECTION_MISSING and doc is not None:
            name = project.missing_section(finding.message)
            block = project.template_section(name) if name is not None else None
            if name is not None and block is not None:
                found = types.CodeAction(title=f"Insert '## {name}' from the template", diagnostics=diagnostic,
                                         kind=types.CodeActionKind.QuickFix,
                                         edit=_insert_line(snapshot, project.section_line(doc, name), block))
        if found is not None:
            actions.append(found)
        suppress = _suppression(snapshot, finding, rule_url)
        if suppress is not None:
            actions.append(suppress)
    wants_fix_all = not only or any(kind.startswith(types.CodeActionKind.SourceFixAll) or
                                    types.CodeActionKind.SourceFixAll.startswith(kind) for kind in only)
    untracked = [finding for finding in snapshot.findings if finding.code == FIX_CODE]
    if doc is not None and wants_fix_all and (len(untracked) > 1 or (untracked and only)):
        everything = _todo_action(project, snapshot, untracked, texts, versions,
                                  f"Track every action of this document in TODO.md ({len(untracked)})",
                                  f"{types.CodeActionKind.SourceFixAll}.pmlint", rule_url)
        if everything is not None:
            actions.append(everything)
    return actions


# ---------------------------------------------------------------------------------------
# Hover


def _rule_text(finding: Finding, project: Project, rule_url: str) -> str:
    rule = project.rule(finding.code)
    head = f"**{finding.code} {finding.name}** ({finding.level})"
    if rule is None:
        return head
    parts = [head, rule.summary.strip(), "**Why:** " + " ".join(rule.rationale.split()),
             "**Fix:** " + " ".join(rule.fix.split()), f"[{finding.code}]({rule_url.format(code=finding.code)})"]
    return "\n\n".join(part for part in parts if part.strip())


def _issue_state(issue: int | None, done: bool, todo_line: int) -> str:
    if issue is None:
        state = "checked (done)" if done else "unchecked (open)"
        return f"Tracked on TODO.md line {todo_line}, {state}; no issue recorded yet (run `pmlint sync --write-todo`)"
    state = "closed or done (its box is checked)" if done else "open (its box is unchecked)"
    return f"Issue #{issue}: {state}, as TODO.md line {todo_line} recorded it at the last `pmlint sync`"


def hover(project: Project, snapshot: Snapshot, line: int, character: int, texts: Mapping[Path, str],
          rule_url: str = RULE_URL) -> types.Hover | None:
    """What the rule of a finding on this line checks and why; the state of an action's
    issue as the last sync recorded it in TODO.md."""
    source = [text.rstrip("\r\n") for text in lsptext.lines(snapshot.text)]
    parts = [_rule_text(finding, project, rule_url) for finding in _at_line(snapshot, line, line)]
    current = source[line - 1] if 0 < line <= len(source) else ""
    at = lsptext.index(current, character, snapshot.encoding)
    if snapshot.kind == "todo":
        item = project.todo_item(snapshot.text, line)
        if item is not None and item[1] is not None and at >= item[2]:  # on the issue link or after it
            parts.append(_issue_state(item[1], item[0], line))
    elif current.lstrip().startswith("|"):
        doc = project.parse(snapshot.path, snapshot.text)
        tracked = project.tracking(doc, line, texts)
        if tracked is not None:
            parts.append(_issue_state(tracked[2], tracked[1], tracked[0]))
    if not parts:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)))


# ---------------------------------------------------------------------------------------
# Code lens


def _day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _plural(count: int) -> str:
    return f"{count} business day{'s' if count != 1 else ''}"


def code_lenses(project: Project, snapshot: Snapshot, today: dt.date) -> list[types.CodeLens]:
    """"review due in 2 business days (Thu 10 Dec)" on the header, from PM401's deadline."""
    if snapshot.kind != "document":
        return []
    doc = project.parse(snapshot.path, snapshot.text)
    deadline = project.deadline(doc, today)
    if deadline is None:
        return []
    due = _day(deadline.due)
    if deadline.held is not None:
        title = f"review held {_day(deadline.held)} (due {due})"
    elif deadline.business_days_left > 0:
        title = f"review due in {_plural(deadline.business_days_left)} ({due})"
    elif deadline.business_days_left == 0:
        title = f"review due today ({due})"
    else:
        title = f"review {_plural(-deadline.business_days_left)} late (due {due})"
    where = types.Range(start=types.Position(line=deadline.line - 1, character=0),
                        end=types.Position(line=deadline.line - 1, character=0))
    return [types.CodeLens(range=where, command=types.Command(title=title, command=""))]


# ---------------------------------------------------------------------------------------
# Completion


def _items(values: list[str], kind: types.CompletionItemKind, detail: str) -> list[types.CompletionItem]:
    return [types.CompletionItem(label=value, kind=kind, detail=detail, sort_text=f"{index:04d}")
            for index, value in enumerate(values)]


def _table_column(source: list[str], number: int, at: int) -> str | None:
    """The header of the table column the cursor is in, case folded, on 0-based line `number`."""
    current = source[number]
    before = current[:at]
    cell = len(PIPE.findall(before)) - (1 if current.lstrip().startswith("|") else 0)
    top = number
    while top > 0 and source[top - 1].lstrip().startswith("|"):
        top -= 1
    if top == number:
        return None
    header = [part.strip().casefold() for part in PIPE.split(source[top].strip().strip("|"))]
    return header[cell] if 0 <= cell < len(header) else None


def completions(project: Project, snapshot: Snapshot, line: int, character: int) -> list[types.CompletionItem]:
    """Owners, severities, statuses and priorities where they are written; section titles
    of the template after `## `."""
    if snapshot.kind != "document":
        return []
    source = [text.rstrip("\r\n") for text in lsptext.lines(snapshot.text)]
    if not 0 <= line < len(source):
        return []
    current = source[line]
    at = lsptext.index(current, character, snapshot.encoding)
    before = current[:at]

    def owners() -> list[types.CompletionItem]:
        return _items(["@" + handle for handle in project.owners()], types.CompletionItemKind.Reference,
                      "seen in the archive or CODEOWNERS")

    field = FIELD_LINE.match(before)
    if field is not None:
        name = field.group("name").strip().casefold()
        if name == "severity":
            return _items(project.severities(), types.CompletionItemKind.EnumMember, "severity")
        if name == "status":
            return _items(project.statuses(), types.CompletionItemKind.EnumMember, "status")
        if name in ("authors", "owner", "owners"):
            return owners()
        return []
    heading = HEADING_LINE.match(before)
    if heading is not None and heading.group("marks") == "##":
        written = {text[3:].strip().casefold() for text in source if text.startswith("## ")}
        titles = [title for title in project.section_titles() if title.casefold() not in written]
        return _items(titles, types.CompletionItemKind.Module, "section of the template")
    if current.lstrip().startswith("|"):
        column = _table_column(source, line, at)
        columns = project.action_columns()
        if column in columns["owner"]:
            return owners()
        if column in columns["priority"]:
            return _items(project.priorities(), types.CompletionItemKind.EnumMember, "priority")
    return []
