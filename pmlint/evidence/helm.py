"""Helm: `helm history RELEASE` as `-o json` or `-o yaml` (a list of `{revision, updated,
status, chart, app_version, description}`; `updated` is RFC 3339 with the machine's
offset) or as its default table, whose UPDATED column is Go's ANSIC layout in the local
time of the machine that ran helm, without a zone: read in `--assume-tz` and counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from pmlint.evidence.events import Event, Source, Tally
from pmlint.evidence.times import Clock


def looks_like(data: Any) -> bool:
    return (isinstance(data, list) and bool(data) and isinstance(data[0], dict)
            and {"revision", "updated", "chart"} <= data[0].keys())


def looks_like_table(header: str) -> bool:
    columns = [part.strip() for part in header.split("\t")]
    return columns[:3] == ["REVISION", "UPDATED", "STATUS"]


def _table(source: Source, clock: Clock, tally: Tally) -> Iterator[dict[str, Any]]:
    """The table's rows as the JSON form's entries, UPDATED already read."""
    with source.path.open(encoding="utf-8", errors="replace") as handle:
        header = [part.strip().lower().replace(" ", "_") for part in handle.readline().split("\t")]
        for line in handle:
            if not line.strip():
                continue
            entry = dict(zip(header, (part.strip() for part in line.split("\t")), strict=False))
            try:
                local = dt.datetime.strptime(" ".join(entry.get("updated", "").split()), "%a %b %d %H:%M:%S %Y")
            except ValueError:
                tally.read += 1
                tally.no_time += 1
                continue
            entry["updated"] = clock.utc(local, tally).isoformat()
            yield entry


def read(source: Source, clock: Clock, tally: Tally) -> Iterator[Event]:
    release = source.path.stem
    entries = source.data if isinstance(source.data, list) else [] if source.data is not None \
        else list(_table(source, clock, tally))
    for entry, moment in clock.entries(entries, "updated", tally):
        revision = entry.get("revision")
        chart = entry.get("chart") or ""
        version = f" (app {entry['app_version']})" if entry.get("app_version") else ""
        description = entry.get("description") or entry.get("status") or ""
        text = f"Helm revision {revision}: {chart}{version}, {description} [{entry.get('status', '')}]"
        yield Event(moment, "helm", text, f"{source.shown} revision {revision}", ("helm", release, revision, moment))
