"""`pmlint report --format json`: the figures under stable keys (docs/guides/report.md
documents each). Keys are only ever added; `version` changes if one must change meaning."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from pmlint.retro.criteria import Criterion
from pmlint.retro.figures import Breach, Figures, OpenGroup, OpenItem
from pmlint.retro.incidents import Change, Incident, Repeat
from pmlint.retro.periods import AGE_BUCKETS

VERSION = 2  # 2: periods start at the first incident (no empty leading or trailing rows)
SCHEMA = "docs/schemas/report-2.schema.json"


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def item(entry: OpenItem) -> dict[str, Any]:
    return {
        "path": entry.path,
        "line": entry.line,
        "action": entry.action,
        "owner": entry.owner,
        "priority": entry.priority,
        "due": _date(entry.due),
        "age_days": entry.age_days,
        "age_bucket": entry.bucket,
        "days_overdue": entry.days_overdue,
        "todo_line": entry.todo_line,
        "issue": entry.issue,
        "severity": entry.severity,
        "incident": entry.incident,
        "repository": entry.repository or None,
    }


def _group(group: OpenGroup, key: str) -> dict[str, Any]:
    return {
        key: group.name,
        "open": group.open,
        "age": dict(zip(AGE_BUCKETS, group.buckets, strict=False)),
        "overdue": group.overdue,
        "items": list(group.refs),
    }


def _breach(breach: Breach) -> dict[str, Any]:
    return {
        "path": breach.path,
        "line": breach.line,
        "severity": breach.severity,
        "date": _date(breach.date),
        "held": _date(breach.held),
        "held_from": breach.source,
        "business_days": breach.days,
        "deadline": breach.deadline,
    }


def _incident(row: Incident, criteria: tuple[Criterion, ...]) -> dict[str, Any]:
    return {
        "repository": row.repository or None, "path": row.path, "line": row.line, "title": row.title,
        "severity": row.severity, "status": row.status, "date": _date(row.date), "duration_minutes": row.duration,
        "held": _date(row.held), "business_days_to_postmortem": row.to_postmortem,
        "open_actions": row.open_actions, "overdue_actions": row.overdue_actions,
        "criteria": {c.key: "fail" if c.key in row.failed else "pass" for c in criteria},
        "failures": [{"criterion": key, "code": f.code, "line": f.line, "message": f.message}
                     for key, found in row.failed.items() for f in found],
        "services": list(row.services), "factors": list(row.factors),
        "first_commit": _date(row.history.first_commit) if row.history else None,
        "final_commit": _date(row.history.final_commit) if row.history else None,
    }


def _repeat(row: Repeat) -> dict[str, Any]:
    return {
        "repository": row.repository or None, "path": row.path, "line": row.line, "title": row.title,
        "date": _date(row.date), "service": row.service,
        "earlier": {"repository": row.earlier_repository or None, "path": row.earlier_path,
                    "title": row.earlier_title, "date": _date(row.earlier_date)},
        "action": row.action, "action_line": row.action_line, "due": _date(row.due), "overdue_then": row.overdue_then,
    }


def _change(row: Change) -> dict[str, Any]:
    return {
        "repository": row.repository or None, "path": row.path, "title": row.title, "kind": row.kind,
        "action": row.action, "after": row.after, "before_due": _date(row.before_due),
        "after_due": _date(row.after_due), "days": row.days, "on": _date(row.on),
    }


def _more(figures: Figures) -> dict[str, Any]:
    """The keys version 2 added: the incident list and matrix, repeats, factors, history."""
    return {
        "repositories": list(figures.repositories),
        "criteria": [{"key": c.key, "name": c.name} for c in figures.criteria],
        "incidents": [_incident(r, figures.criteria) for r in figures.incidents],
        "repeat_incidents": [_repeat(r) for r in figures.repeats],
        "contributing_factors": {
            "categories": list(figures.factor_categories),
            "per_quarter": [{"quarter": r.quarter, "by_category": dict(zip(figures.factor_categories, r.counts,
                                                                             strict=True))}
                            for r in figures.factor_rows],
            "tags": [{"tag": tag, "incidents": n} for tag, n in figures.factor_tags],
        },
        "history": figures.history,
        "changes_after_review": [_change(c) for c in figures.changes],
    }


def as_data(figures: Figures, documents: Sequence[dict[str, Any]] = (),
            source: dict[str, Any] | None = None) -> dict[str, Any]:
    """The figures as plain JSON data; `documents`: the raw records `report --merge` reads;
    `source`: the repository the report is of (`repository`, `server`, `ref`), when known."""
    head = figures.headline
    return {
        "version": VERSION,
        "schema": SCHEMA,
        "repository": (source or {}).get("repository"),
        "source": source or {},
        "today": _date(figures.today),
        "since": _date(figures.since),
        "until": _date(figures.until),
        "issues_read": figures.issues_known,
        "severities": list(figures.severities),
        "priorities": list(figures.priorities),
        "age_buckets": list(AGE_BUCKETS),
        "headline": {
            "incidents": head.incidents,
            "by_severity": {c.name: c.count for c in head.by_severity},
            "final": head.final,
            "draft": head.draft,
            "other_status": head.other_status,
            "meeting_every_criterion": head.clean,
            "meeting_every_criterion_share": _share(head.clean, head.incidents),
            "undated": list(head.undated),
            "dated_from": {c.name: c.count for c in head.date_sources},
            "unreadable": list(head.unreadable),
        },
        "open_actions": {
            "total": len(figures.open_items),
            "overdue": len(figures.overdue),
            "by_owner": [_group(g, "owner") for g in figures.by_owner],
            "by_priority": [_group(g, "priority") for g in figures.by_priority],
            "items": [item(o) for o in figures.open_items],
        },
        "overdue": [item(o) for o in figures.overdue],
        "completion": [
            {
                "quarter": c.quarter, "due": c.due, "done": c.done, "share": _share(c.done, c.due),
                "not_done": list(c.refs),
            }
            for c in figures.completion
        ],
        "time_to_postmortem": {
            "by_severity": [
                {
                    "severity": t.severity,
                    "deadline": t.deadline,
                    "held": t.held,
                    "median_business_days": t.median,
                    "worst_business_days": t.worst,
                    "breaches": t.breaches,
                    "not_held": t.not_held,
                    "documents": list(t.refs),
                }
                for t in figures.timing
            ],
            "breaches": [_breach(b) for b in figures.breaches],
        },
        "incidents_per_month": [
            {"month": m.month, "by_severity": dict(zip(figures.severities, m.counts, strict=False)), "total": m.total,
             "documents": list(m.refs)}
            for m in figures.months
        ],
        "duration_per_quarter": [
            {"quarter": d.quarter, "incidents": d.incidents, "median_minutes": d.median, "p90_minutes": d.p90,
             "documents": list(d.refs)}
            for d in figures.durations
        ],
        **_more(figures),
        "documents": list(documents),
    }


def render(figures: Figures, documents: Sequence[dict[str, Any]] = (), source: dict[str, Any] | None = None) -> str:
    return json.dumps(as_data(figures, documents, source), indent=2, ensure_ascii=False) + "\n"
