"""`pmlint report --format json`: the figures under stable keys (docs/guides/report.md
documents each). Keys are only ever added; `version` changes if one must change meaning."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pmlint.retro.figures import Breach, Figures, OpenGroup, OpenItem
from pmlint.retro.periods import AGE_BUCKETS

VERSION = 1


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


def as_data(figures: Figures) -> dict[str, Any]:
    """The figures as plain JSON data."""
    head = figures.headline
    return {
        "version": VERSION,
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
    }


def render(figures: Figures) -> str:
    return json.dumps(as_data(figures), indent=2, ensure_ascii=False) + "\n"
