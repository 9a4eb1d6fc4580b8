"""Opsgenie: the alerts API (`{"data": [alert, ...]}` or one `{"data": alert}`), webhook
payloads (`{"action": "Create", "alert": {...}}`, `createdAt` in epoch milliseconds), and
the alerts CSV export. An alert's `createdAt` is when it opened; `tinyId` / `alertId` /
`id` identify it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pmlint.evidence.events import Event, Source, Tally, csv_rows
from pmlint.evidence.times import Clock, from_epoch

VERBS = {"create": "opened", "acknowledge": "acknowledged", "close": "closed", "unacknowledge": "unacknowledged",
         "escalate": "escalated", "snooze": "snoozed", "addnote": "note added", "assignownership": "assigned"}


def _alerts(data: Any) -> list[tuple[str, Any]]:
    """(action, alert) pairs from any of the JSON shapes."""
    if isinstance(data, list):
        return [pair for item in data for pair in _alerts(item)]
    if not isinstance(data, dict):
        return []
    if isinstance(data.get("alert"), dict) and "action" in data:
        return [(str(data["action"]), data["alert"])]
    if ("tinyId" in data or "alertId" in data) and "createdAt" in data and "message" in data:
        return [("Create", data)]  # an alert itself: an element of a bare array of alerts
    inner = data.get("data")
    if isinstance(inner, list):
        return [("Create", alert) for alert in inner if isinstance(alert, dict)]
    if isinstance(inner, dict) and "message" in inner:
        return [("Create", inner)]
    return []


def _log_entries(data: Any) -> list[dict[str, Any]]:
    """An alert's log (`GET /v2/alerts/{id}/logs`): `{"data": [{"log", "createdAt", "owner"}]}`."""
    inner = data.get("data") if isinstance(data, dict) else None
    if isinstance(inner, list) and inner and isinstance(inner[0], dict) and "log" in inner[0] \
            and "createdAt" in inner[0]:
        return [entry for entry in inner if isinstance(entry, dict)]
    return []


def _incident_list(data: Any) -> list[dict[str, Any]]:
    """Incidents (`GET /v1/incidents`): like alerts, with a tinyId but no alertId."""
    inner = data.get("data") if isinstance(data, dict) else None
    if isinstance(inner, list) and inner and isinstance(inner[0], dict) and "tinyId" in inner[0] \
            and "alertId" not in inner[0] and "impactedServices" in inner[0]:
        return [entry for entry in inner if isinstance(entry, dict)]
    return []


def looks_like(data: Any) -> bool:
    if _log_entries(data) or _incident_list(data):
        return True
    pairs = _alerts(data)
    if not pairs:
        return False
    action, alert = pairs[0]
    return ("alertId" in alert or "tinyId" in alert) and ("createdAt" in alert or action != "Create")


def looks_like_csv(header: str) -> bool:
    columns = {part.strip().strip('"').lower() for part in header.split(",")}
    return {"tinyid", "message", "createdat"} <= columns


def _moment(value: Any, clock: Clock, tally: Tally) -> Any:
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
        return from_epoch(value)
    return clock.iso(value, tally)


def _event(action: str, alert: dict[str, Any], moment: Any, where: str) -> Event:
    tiny = alert.get("tinyId") or alert.get("tinyid") or ""
    identity = alert.get("alertId") or alert.get("id") or tiny or alert.get("alias")
    priority = f" ({alert['priority']})" if alert.get("priority") else ""
    verb = VERBS.get(action.lower(), action.lower())
    text = f"Opsgenie alert{' #' + str(tiny) if tiny else ''} {verb}{priority}: {alert.get('message', '')}"
    return Event(moment, "opsgenie", text, where, ("opsgenie", identity, verb, moment))


def _read_json(source: Source, clock: Clock, tally: Tally) -> Iterator[Event]:
    def moment(value: object, counted: Tally) -> Any:
        return _moment(value, clock, counted)

    logs, incidents = _log_entries(source.data), _incident_list(source.data)
    for entry, at in clock.entries(logs, "createdAt", tally, moment):
        owner = f" ({entry['owner']})" if entry.get("owner") else ""
        yield Event(at, "opsgenie", f"Opsgenie alert log: {entry.get('log', '')}{owner}", source.shown,
                    ("opsgenie", "log", entry.get("offset"), at))
    for incident, at in clock.entries(incidents, "createdAt", tally, moment):
        priority = f" ({incident['priority']})" if incident.get("priority") else ""
        yield Event(at, "opsgenie", f"Opsgenie incident #{incident.get('tinyId', '')} opened{priority}: "
                    f"{incident.get('message', '')}", source.shown,
                    ("opsgenie", "incident", incident.get("id"), at))
    if logs or incidents:
        return
    for action, alert in _alerts(source.data):
        tally.read += 1
        # A webhook's moment is the action's; an API alert's is its creation.
        updated = action.lower() != "create" and alert.get("updatedAt")
        value = alert.get("updatedAt") if updated else alert.get("createdAt")
        moment = _moment(value, clock, tally)
        if moment is None:
            tally.no_time += 1
            continue
        yield _event(action, alert, moment, source.shown)


def _read_csv(source: Source, clock: Clock, tally: Tally) -> Iterator[Event]:
    for line, alert in enumerate(csv_rows(source), start=2):
        tally.read += 1
        lower = {k.lower(): v for k, v in alert.items()}
        moment = _moment(lower.get("createdat"), clock, tally)
        if moment is None:
            tally.no_time += 1
            continue
        fields = {"tinyId": lower.get("tinyid"), "message": lower.get("message"), "priority": lower.get("priority"),
                  "alias": lower.get("alias"), "id": lower.get("id")}
        yield _event("Create", fields, moment, f"{source.shown}:{line}")


def read(source: Source, clock: Clock, tally: Tally) -> Iterator[Event]:
    if source.data is None:
        yield from _read_csv(source, clock, tally)
    else:
        yield from _read_json(source, clock, tally)
