"""Alertmanager and Grafana webhook payloads: one JSON object, an array, or JSON lines.

Each alert gives a `firing` event at `startsAt`, and a `resolved` event at `endsAt` when
the alert's status is resolved. A firing alert's `endsAt` is only a lease, and
`0001-01-01T00:00:00Z` means unset: neither is a time anything happened. Alertmanager
sends the same alert again in later notifications; the alert's fingerprint (else its
labels) and time identify it, so it is counted once.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pmlint.evidence.events import Event, Source, Tally
from pmlint.evidence.times import Clock


def is_payload(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("alerts"), list) and (
        "groupKey" in data or "receiver" in data or "status" in data)


def looks_like(data: Any) -> bool:
    if isinstance(data, list):
        return bool(data) and is_payload(data[0])
    return is_payload(data)


def payloads(source: Source) -> list[Any]:
    data = source.data
    return data if isinstance(data, list) else [data]


def _identity(alert: dict[str, Any]) -> str:
    labels = alert.get("labels") if isinstance(alert.get("labels"), dict) else {}
    return str(alert.get("fingerprint") or json.dumps(labels, sort_keys=True))


def _describe(alert: dict[str, Any], state: str) -> str:
    given_labels, given_notes = alert.get("labels"), alert.get("annotations")
    labels = given_labels if isinstance(given_labels, dict) else {}
    notes = given_notes if isinstance(given_notes, dict) else {}
    name = labels.get("alertname") or "alert"
    severity = f" ({labels['severity']})" if labels.get("severity") else ""
    summary = notes.get("summary") or notes.get("description") or ""
    return f"{name} {state}{severity}" + (f": {summary}" if summary else "")


def read(source: Source, clock: Clock, tally: Tally) -> Iterator[Event]:
    for number, payload in enumerate(payloads(source), start=1):
        if not is_payload(payload):
            continue
        where = source.shown if not isinstance(source.data, list) else f"{source.shown}#{number}"
        for alert in payload["alerts"]:
            if not isinstance(alert, dict):
                continue
            tally.read += 1
            identity = _identity(alert)
            started = clock.iso(alert.get("startsAt"), tally)
            if started is None:
                tally.no_time += 1
            else:
                yield Event(started, "alertmanager", _describe(alert, "firing"), where,
                            ("alertmanager", identity, "firing", started))
            if alert.get("status") == "resolved":
                ended = clock.iso(alert.get("endsAt"), tally)
                if ended is not None:
                    yield Event(ended, "alertmanager", _describe(alert, "resolved"), where,
                                ("alertmanager", identity, "resolved", ended))
