"""Kubernetes: `kubectl get rs|events|deploy -o json`.

`kubectl rollout history` has no timestamps; what does: a ReplicaSet's
`metadata.creationTimestamp` with its `deployment.kubernetes.io/revision` annotation and
container images (a rollout), an Event's `eventTime` / `firstTimestamp` / `lastTimestamp`
with its reason and object, and a Deployment's `status.conditions[].lastUpdateTime`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from pmlint.evidence.events import Event, Source, Tally
from pmlint.evidence.times import Clock

KINDS = {"ReplicaSet", "Event", "Deployment"}
LIST_KINDS = {"List", "ReplicaSetList", "EventList", "DeploymentList"}
REVISION = "deployment.kubernetes.io/revision"


def _items(data: Any) -> list[Any]:
    if isinstance(data, dict) and data.get("kind") in LIST_KINDS:
        return _list(data.get("items"))
    if isinstance(data, dict) and data.get("kind") in KINDS:
        return [data]
    return []


def looks_like(data: Any) -> bool:
    """A Kubernetes object or list of the kinds read here (an empty list counts: nothing to read)."""
    if isinstance(data, dict) and data.get("kind") in LIST_KINDS and "apiVersion" in data:
        return True
    items = _items(data)
    return bool(items) and all(isinstance(item, dict) and item.get("kind", "Event") in KINDS for item in items[:5])


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _dict(value: Any) -> dict[str, Any]:
    """A member that should be an object; anything else reads as an empty one."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _replica_set(item: dict[str, Any], clock: Clock, tally: Tally, where: str) -> Iterator[Event]:
    meta = _dict(item.get("metadata"))
    moment = clock.iso(meta.get("creationTimestamp"), tally)
    if moment is None:
        tally.no_time += 1
        return
    name = _text(meta.get("name"))
    owner = next((_text(o.get("name")) for o in _list(meta.get("ownerReferences")) if isinstance(o, dict)), "")
    revision = _text(_dict(meta.get("annotations")).get(REVISION))
    containers = _list(_dict(_dict(_dict(item.get("spec")).get("template")).get("spec")).get("containers"))
    images = ", ".join(_text(c.get("image")) for c in containers if isinstance(c, dict) and c.get("image"))
    what = f"Deploy {owner or name}" + (f" rev {revision}" if revision else "") + (f" ({images})" if images else "")
    yield Event(moment, "k8s", f"{what}: ReplicaSet {name} created", f"{where} ReplicaSet/{name}",
                ("k8s", "rs", _text(meta.get("uid")) or name, moment))


def _event(item: dict[str, Any], clock: Clock, tally: Tally, where: str) -> Iterator[Event]:
    meta = _dict(item.get("metadata"))
    obj = _dict(item.get("involvedObject") or item.get("regarding"))
    target = f"{_text(obj.get('kind'))}/{_text(obj.get('name'))}".strip("/")
    message = " ".join(_text(item.get("message") or item.get("note")).split())
    text = f"{_text(item.get('reason'))} {target}: {message}".strip(" :")
    first = clock.iso(item.get("eventTime"), tally) or clock.iso(item.get("firstTimestamp"), tally) \
        or clock.iso(item.get("deprecatedFirstTimestamp"), tally)
    last = clock.iso(item.get("lastTimestamp"), tally) or clock.iso(item.get("deprecatedLastTimestamp"), tally)
    if first is None and last is None:
        tally.no_time += 1
        return
    uid = _text(meta.get("uid")) or _text(meta.get("name"))
    origin = f"{where} Event/{_text(meta.get('name'))}"
    start = first or last
    assert start is not None
    yield Event(start, "k8s", text, origin, ("k8s", "event", uid, start))
    count = item.get("count") if isinstance(item.get("count"), int) else 1
    if last is not None and first is not None and (
        last.replace(second=0, microsecond=0) != first.replace(second=0, microsecond=0)
    ):
        yield Event(last, "k8s", f"{text} (last of {count})", origin, ("k8s", "event", uid, last))


def _deployment(item: dict[str, Any], clock: Clock, tally: Tally, where: str) -> Iterator[Event]:
    name = _text(_dict(item.get("metadata")).get("name"))
    for condition in _list(_dict(item.get("status")).get("conditions")):
        if not isinstance(condition, dict):
            continue
        moment = (
            clock.iso(condition.get("lastUpdateTime"), tally) or clock.iso(condition.get("lastTransitionTime"), tally)
        )
        if moment is None:
            tally.no_time += 1
            continue
        message = " ".join(_text(condition.get("message")).split())
        text = f"Deployment {name} {_text(condition.get('type'))}={_text(condition.get('status'))} " \
               f"({_text(condition.get('reason'))}): {message}"
        yield Event(moment, "k8s", text.strip(" :"), f"{where} Deployment/{name}",
                    ("k8s", "deploy", name, condition.get("type"), moment))


def looks_like_describe(lines: list[str]) -> bool:
    """`kubectl describe pod|deploy|node ...`: `Name:` first, a `Namespace:` or `Events:` below."""
    return lines[0].startswith("Name:") and any(line.startswith(("Namespace:", "Events:")) for line in lines[:40])


DESCRIBE_TIMES = {"Start Time": "started", "Started": "started", "Finished": "finished",
                  "CreationTimestamp": "created", "Last Transition Time": "changed"}


def _describe(source: Source, clock: Clock, tally: Tally) -> Iterator[Event]:
    """The absolute times a description carries (Start Time, a container's Started). Its
    Events table gives only ages relative to when it was run: counted, not placed."""
    name, kind, container = "", "Pod", ""
    with source.path.open(encoding="utf-8", errors="replace") as handle:
        in_events = False
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\r\n")
            if line.startswith("Events:"):
                in_events = True
                continue
            if in_events:
                if line[:1].isspace() and line.split(None, 1)[:1] in (["Normal"], ["Warning"]):
                    tally.read += 1
                    tally.no_time += 1
                    tally.relative += 1
                continue
            key, sep, value = line.strip().partition(":")
            if not sep:
                continue
            value = value.strip()
            if line.startswith("Name:") and not name:
                name = value
            elif line.startswith("Controlled By:"):
                kind = "Pod"
            elif line.startswith("  ") and not line.startswith("   ") and not value:
                container = key  # `  nginx:` opens a container's block
            if key in DESCRIBE_TIMES:
                tally.read += 1
                try:
                    moment = dt.datetime.strptime(value, "%a, %d %b %Y %H:%M:%S %z")
                except ValueError:
                    tally.no_time += 1
                    continue
                what = f"{kind} {name}" if key == "Start Time" or not container else f"Container {container} of {name}"
                yield Event(clock.utc(moment, tally), "k8s", f"{what} {DESCRIBE_TIMES[key]}",
                            f"{source.shown}:{number}", ("k8s", "describe", name, container, key, moment))


def read(source: Source, clock: Clock, tally: Tally) -> Iterator[Event]:
    if source.data is None:
        yield from _describe(source, clock, tally)
        return
    readers = {"ReplicaSet": _replica_set, "Event": _event, "Deployment": _deployment}
    for item in _items(source.data):
        if not isinstance(item, dict):
            continue
        tally.read += 1
        reader = readers.get(_text(item.get("kind")) or "Event")
        if reader is not None:
            yield from reader(item, clock, tally, source.shown)
