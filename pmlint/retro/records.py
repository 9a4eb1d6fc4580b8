"""The report's raw records: every document's facts as plain JSON data, and back.

`report --format json` carries them under `documents`, so `report --merge` can rebuild the
facts of several repositories and compute the organisation's figures exactly as one report
over all their documents would (a median cannot be merged from medians). An action item
carries whether it is done as the report that wrote it decided (TODO.md box or closed
issue), so the merge needs neither the TODO.md nor GitHub.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from pmlint.items.due import IssueStates, is_done
from pmlint.items.model import ActionItem
from pmlint.parse.todo_file import TodoItem
from pmlint.project.incident import Held, horizon_start
from pmlint.retro.criteria import Failure
from pmlint.retro.facts import DocumentFacts
from pmlint.retro.history import DocHistory, Rewording, Slip


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _day(text: Any) -> dt.date | None:
    return dt.date.fromisoformat(text) if isinstance(text, str) and text else None


def _history(entry: DocHistory | None) -> dict[str, Any] | None:
    if entry is None:
        return None
    return {
        "first_commit": _date(entry.first_commit),
        "final_commit": _date(entry.final_commit),
        "slips": [{"action": s.action, "before": _date(s.before), "after": _date(s.after), "on": _date(s.on)}
                  for s in entry.slips],
        "rewordings": [{"before": r.before, "after": r.after, "on": _date(r.on)} for r in entry.rewordings],
    }


def item_record(item: ActionItem, issues: IssueStates) -> dict[str, Any]:
    issue = issues.issue_for(item)
    return {
        "id": item.id, "line": item.line, "action": item.action, "key": item.key, "owner": item.owner,
        "owners": list(item.owners), "priority": item.priority, "due": _date(item.due), "due_text": item.due_text,
        "done": is_done(item, issue), "issue": issue.number if issue is not None else item.issue,
        "todo_line": item.todo.line if item.todo is not None else None,
    }


def document_record(doc: DocumentFacts, failures: Sequence[Failure], issues: IssueStates) -> dict[str, Any]:
    """One document as the JSON report's `documents[]` entry."""
    return {
        "repository": doc.repository or None,
        "path": doc.path, "title": doc.title, "date": _date(doc.date), "date_line": doc.date_line,
        "severity": doc.severity, "deadline": doc.deadline, "status": doc.status,
        "duration_minutes": doc.duration, "duration_line": doc.duration_line, "meeting": _date(doc.meeting),
        "held": ({"day": _date(doc.held.day), "from": doc.held.source, "line": doc.held.line}
                 if doc.held is not None else None),
        "held_known": doc.held_known,
        "errors": [{"code": f.code, "line": f.line, "message": f.message} for f in failures],
        "services": list(doc.services), "factors": list(doc.factors),
        "history": _history(doc.history),
        "items": [item_record(item, issues) for item in doc.items],
    }


def documents_of(facts: Sequence[DocumentFacts], errors: Mapping[tuple[str, str], Sequence[Failure]],
                 issues: IssueStates) -> list[dict[str, Any]]:
    """The `documents[]` of a JSON report: every document read, with its error findings."""
    return [document_record(f, errors.get((f.repository, f.path), ()), issues) for f in facts]


def _item(entry: Mapping[str, Any], doc: Mapping[str, Any]) -> ActionItem:
    done, todo_line, issue = bool(entry["done"]), entry.get("todo_line"), entry.get("issue")
    # The TODO.md line stands for the whole done state: a closed issue is done as well.
    todo = (TodoItem(todo_line or 0, done, entry["action"], entry["key"], doc["path"], 0, issue)
            if todo_line is not None or done or issue is not None else None)
    return ActionItem(
        id=entry["id"], doc_path=doc["path"], line=entry["line"], action=entry["action"], key=entry["key"],
        owner=entry["owner"], owners=tuple(entry["owners"]), priority=entry["priority"], due=_day(entry["due"]),
        due_text=entry["due_text"], incident_title=doc["title"], severity=doc["severity"], todo=todo,
    )


def _doc_history(entry: Mapping[str, Any] | None) -> DocHistory | None:
    if entry is None:
        return None
    return DocHistory(
        _day(entry["first_commit"]), _day(entry["final_commit"]),
        tuple(Slip(s["action"], _day(s["before"]), _day(s["after"]), _day(s["on"]))  # type: ignore[arg-type]
              for s in entry["slips"]),
        tuple(Rewording(r["before"], r["after"], _day(r["on"])) for r in entry["rewordings"]),  # type: ignore[arg-type]
    )


def facts_from(entry: Mapping[str, Any], repository: str) -> tuple[DocumentFacts, list[Failure]]:
    """A document's facts and error findings, back from its record, under `repository`."""
    held = entry["held"]
    facts = DocumentFacts(
        path=entry["path"], title=entry["title"], date=_day(entry["date"]), date_line=entry["date_line"],
        severity=entry["severity"], deadline=entry["deadline"], status=entry["status"],
        duration=entry["duration_minutes"], duration_line=entry["duration_line"], meeting=_day(entry["meeting"]),
        start=None if (day := _day(entry["date"])) is None else horizon_start(day, _day(entry["meeting"])),
        held=Held(_day(held["day"]), held["from"], held["line"], 1) if held is not None else None,  # type: ignore[arg-type]
        held_known=entry["held_known"], items=tuple(_item(i, entry) for i in entry["items"]),
        services=tuple(entry["services"]), factors=tuple(entry["factors"]), repository=repository,
        history=_doc_history(entry["history"]),
    )
    return facts, [Failure(e["code"], e["line"], e["message"]) for e in entry["errors"]]
