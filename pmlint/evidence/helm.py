"""Helm: `helm history RELEASE -o json`, an array of `{revision, updated, status, chart,
app_version, description}`; `updated` is RFC 3339 with the machine's offset.

The table form's UPDATED column is local time without a zone: not read; export JSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pmlint.evidence.events import Event, Source, Tally
from pmlint.evidence.times import Clock


def looks_like(data: Any) -> bool:
    return (isinstance(data, list) and bool(data) and isinstance(data[0], dict)
            and {"revision", "updated", "chart"} <= data[0].keys())


def read(source: Source, clock: Clock, tally: Tally) -> Iterator[Event]:
    release = source.path.stem
    for entry, moment in clock.entries(source.data if isinstance(source.data, list) else [], "updated", tally):
        revision = entry.get("revision")
        chart = entry.get("chart") or ""
        version = f" (app {entry['app_version']})" if entry.get("app_version") else ""
        description = entry.get("description") or entry.get("status") or ""
        text = f"Helm revision {revision}: {chart}{version}, {description} [{entry.get('status', '')}]"
        yield Event(moment, "helm", text, f"{source.shown} revision {revision}", ("helm", release, revision, moment))
