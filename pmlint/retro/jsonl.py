"""`pmlint report --format jsonl`: one JSON object per line, one per incident in the window
and one per action item of every document read, for DuckDB, BigQuery or pandas
(`read_json_auto`, `bq load --source_format=NEWLINE_DELIMITED_JSON`, `read_json(lines=True)`).

Every record has the same keys as the others of its `record` kind, so a loader infers one
table per kind; dates are `YYYY-MM-DD` strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from pmlint.retro.figures import Figures
from pmlint.retro.json_data import VERSION


def _incidents(figures: Figures) -> Iterator[dict[str, Any]]:
    for row in figures.incidents:
        yield {
            "record": "incident", "version": VERSION, "repository": row.repository or None, "path": row.path,
            "title": row.title, "severity": row.severity, "status": row.status, "date": row.date.isoformat(),
            "duration_minutes": row.duration, "held": row.held.isoformat() if row.held else None,
            "business_days_to_postmortem": row.to_postmortem, "open_actions": row.open_actions,
            "overdue_actions": row.overdue_actions, "failed_criteria": sorted(row.failed),
            "services": list(row.services), "factors": list(row.factors),
        }


def _actions(figures: Figures, documents: Sequence[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    open_items = {(o.repository, o.path, o.line): o for o in figures.open_items}
    for doc in documents:
        repository = doc.get("repository") or ""
        for item in doc["items"]:
            found = open_items.get((repository, doc["path"], item["line"]))
            yield {
                "record": "action", "version": VERSION, "repository": repository or None, "path": doc["path"],
                "line": item["line"], "action": item["action"], "owner": item["owner"], "priority": item["priority"],
                "due": item["due"], "done": item["done"],
                "overdue": found is not None and found.days_overdue is not None,
                "business_days_overdue": found.days_overdue if found is not None else None,
                "issue": item["issue"], "incident": doc["title"], "incident_date": doc["date"],
                "severity": doc["severity"],
            }


def render(figures: Figures, documents: Sequence[dict[str, Any]]) -> str:
    lines = [json.dumps(r, ensure_ascii=False) for r in (*_incidents(figures), *_actions(figures, documents))]
    return "".join(line + "\n" for line in lines)
