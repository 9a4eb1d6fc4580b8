"""PagerDuty: REST `log_entries` JSON (`GET /incidents/{id}/log_entries` or `/log_entries`),
and the incidents CSV export (`incident_number, description, created_on, resolved_on`).

A log entry's time is `created_at`; its `summary` says what happened ("Acknowledged by
Laura Haley"); its `id` identifies it across overlapping exports.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pmlint.evidence.events import Event, Source, Tally, csv_rows
from pmlint.evidence.times import Clock

CSV_COLUMNS = {"incident_number", "created_on"}


def _entries(data: Any) -> list[Any]:
    if isinstance(data, dict) and isinstance(data.get("log_entries"), list):
        entries: list[Any] = data["log_entries"]
        return entries
    if isinstance(data, dict) and isinstance(data.get("log_entry"), dict):
        return [data["log_entry"]]
    if isinstance(data, list):
        return data
    return []


def _incidents(data: Any) -> list[Any]:
    """`GET /incidents` (`{"incidents": [...]}`) or `GET /incidents/{id}` (`{"incident": {...}}`)."""
    if isinstance(data, dict) and isinstance(data.get("incidents"), list):
        found: list[Any] = data["incidents"]
        return found
    if isinstance(data, dict) and isinstance(data.get("incident"), dict):
        return [data["incident"]]
    return []


def looks_like(data: Any) -> bool:
    incidents = _incidents(data)
    if incidents and isinstance(incidents[0], dict) and "created_at" in incidents[0] and (
            "incident_number" in incidents[0] or "title" in incidents[0]):
        return True
    entries = _entries(data)
    first = entries[0] if entries else None
    return isinstance(first, dict) and str(first.get("type", "")).endswith("_log_entry") and "created_at" in first


def looks_like_csv(header: str) -> bool:
    columns = {part.strip().strip('"').lower() for part in header.split(",")}
    return CSV_COLUMNS <= columns


def _summary(entry: dict[str, Any]) -> str:
    summary = entry.get("summary")
    if isinstance(summary, str) and summary.strip():
        return summary
    kind = str(entry.get("type", "log_entry")).removesuffix("_log_entry").replace("_", " ")
    given = entry.get("agent")
    agent = given if isinstance(given, dict) else {}
    return f"{kind.capitalize()}" + (f" by {agent['summary']}" if agent.get("summary") else "")


def _read_incidents(source: Source, clock: Clock, tally: Tally) -> Iterator[Event]:
    """An incident opens at `created_at` and, once resolved, closes at `resolved_at` (else
    its last status change); both rows name it."""
    for incident in _incidents(source.data):
        if not isinstance(incident, dict):
            continue
        title = str(incident.get("title") or incident.get("summary") or incident.get("description") or "")
        number = incident.get("incident_number") or incident.get("id") or ""
        name = f"PagerDuty incident #{number}" if number else "PagerDuty incident"
        where = f"{source.shown} incident {number}".strip()
        states = [("triggered", incident.get("created_at"))]
        if incident.get("status") == "resolved":
            states.append(("resolved", incident.get("resolved_at") or incident.get("last_status_change_at")))
        for state, value in states:
            tally.read += 1
            moment = clock.iso(value, tally)
            if moment is None:
                tally.no_time += 1
                continue
            yield Event(moment, "pagerduty", f"{name} {state}: {title}", where,
                        ("pagerduty", "incident", str(number), state))


def _read_json(source: Source, clock: Clock, tally: Tally) -> Iterator[Event]:
    if _incidents(source.data):
        yield from _read_incidents(source, clock, tally)
        return
    for entry, moment in clock.entries(_entries(source.data), "created_at", tally):
        given = entry.get("incident")
        incident = given if isinstance(given, dict) else {}
        number = f" #{incident['id']}" if incident.get("id") else ""
        key = ("pagerduty", entry.get("id") or (entry.get("type"), moment, _summary(entry)))
        where = f"{source.shown} log entry {entry.get('id', '')}{number}".strip()
        named = incident.get("summary") or incident.get("title")
        text = f"{_summary(entry)} ({named})" if isinstance(named, str) and named else _summary(entry)
        yield Event(moment, "pagerduty", text, where, key)


def _read_csv(source: Source, clock: Clock, tally: Tally) -> Iterator[Event]:
    for line, fields in enumerate(csv_rows(source), start=2):
        tally.read += 1
        row = {key.lower(): value for key, value in fields.items()}
        number = row.get("incident_number", "")
        title = row.get("description") or row.get("title") or ""
        states = (("created_on", "triggered"), ("acknowledged_on", "acknowledged"), ("resolved_on", "resolved"))
        for column, state in states:
            if not row.get(column):
                continue
            moment = clock.iso(row[column], tally)
            if moment is None:
                tally.no_time += 1
                continue
            yield Event(moment, "pagerduty", f"Incident #{number} {state}: {title}", f"{source.shown}:{line}",
                        ("pagerduty", "incident", number, state))


def read(source: Source, clock: Clock, tally: Tally) -> Iterator[Event]:
    if source.data is None:
        yield from _read_csv(source, clock, tally)
    else:
        yield from _read_json(source, clock, tally)
