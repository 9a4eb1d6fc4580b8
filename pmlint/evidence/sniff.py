"""Which kind of evidence a file holds, told from its content (or forced with `KIND=FILE`)."""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path
from typing import Any

from pmlint.evidence import linefmt, log
from pmlint.evidence.events import KINDS, Source

HEAD = 1 << 16  # what is looked at to tell a text file's kind
# A JSON document is parsed whole, and its objects take several times its size in memory:
# bigger ones are refused (exports of alerts, deploys and chat are far smaller).
LARGEST_JSON = 16 << 20
JSON_KINDS = {"k8s", "helm", "alertmanager", "pagerduty", "opsgenie", "slack"}
# The order matters only for documents two readers could take; the most specific first.
# Each reader (pmlint.evidence.KIND, its `looks_like`) is imported only when a file needs telling.
JSON_TESTS = ("alertmanager", "pagerduty", "k8s", "helm", "opsgenie", "slack")


class Skip(str):
    """Why a file is not read (shown as a warning)."""


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(HEAD)


def _json_document(path: Path, size: int) -> tuple[Any, bool] | Skip:
    """The parsed JSON (a document, or JSON lines as a list) and whether it was JSON lines."""
    if size > LARGEST_JSON:
        return Skip(f"JSON of {size:,} bytes is over {LARGEST_JSON:,}; split it or give it as log=FILE")
    text = path.read_bytes().decode("utf-8", "replace").lstrip("\ufeff")
    try:
        return json.loads(text), False
    except (ValueError, RecursionError):  # nested past what json reads
        pass
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except (ValueError, RecursionError):  # nested past what json reads
            return Skip(f"line {number} is not JSON")
    return records, True


def json_kind(data: Any, lines: bool) -> str | None:
    for kind in JSON_TESTS:
        test = import_module(f"pmlint.evidence.{kind}").looks_like
        if test(data) or (lines and isinstance(data, list) and data and test(data[0])):
            return kind
    return None


def _text_kind(head: bytes) -> str | None:
    text = head.decode("utf-8", "replace").lstrip("\ufeff")
    lines = [line for line in text.splitlines()[:-1 if len(head) == HEAD else None] if line.strip()][:40]
    if not lines:
        return None
    from pmlint.evidence import git, helm, k8s, opsgenie, pagerduty

    if git.looks_like(lines):
        return "git"
    if linefmt.is_journal_export(head):
        return "log"
    if helm.looks_like_table(lines[0]):
        return "helm"
    if k8s.looks_like_describe(lines):
        return "k8s"
    if pagerduty.looks_like_csv(lines[0]):
        return "pagerduty"
    if opsgenie.looks_like_csv(lines[0]):
        return "opsgenie"
    if any(log.has_timestamp(line) for line in lines):
        return "log"
    return None


def sniff(path: Path, shown: str, forced: str | None = None) -> Source | Skip:
    """The file as a Source of its kind, or why it is skipped."""
    try:
        size = path.stat().st_size
        head = _head(path)
    except OSError as exc:
        return Skip(f"cannot read: {exc.strerror or exc}")
    if not head.strip():
        return Skip("empty file")
    if b"\0" in head:
        return Skip("binary file (compressed? unpack it first)")
    if forced in ("log", "git"):
        return Source(path, shown, forced)
    starts_json = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")
    if forced in ("pagerduty", "opsgenie") and not starts_json:
        return Source(path, shown, forced)  # their CSV exports
    if forced is None and starts_json and _json_lines_log(head):
        return Source(path, shown, "log")  # streamed like any log, never parsed whole
    if forced in JSON_KINDS or (forced is None and starts_json):
        parsed = _json_document(path, size)
        if isinstance(parsed, Skip):
            return Skip(f"not JSON: {parsed}") if forced else _as_log(path, shown, head, parsed)
        data, lines = parsed
        kind = forced or json_kind(data, lines)
        if kind is None:
            if lines and _text_kind(head) == "log":
                return Source(path, shown, "log")
            if linefmt.looks_like_records(data):  # log records saved as one document (CloudWatch)
                return Source(path, shown, "log", data)
            return Skip("JSON with no time member this command knows (tried: alerts, pages, Kubernetes, "
                        "helm, Slack, log records)")
        if kind == "log" and data is not None and not lines:
            return Source(path, shown, kind, data)
        return Source(path, shown, kind, data)
    if forced is None and _looks_like_yaml(head):
        found = _yaml_source(path, shown, size)
        if found is not None:
            return found
    kind = _text_kind(head)
    if kind is None:
        return Skip("no timestamp in its first lines in any form this command reads (tried: git log, "
                    "helm history, kubectl describe, CSV exports, YAML, JSON, log line forms)")
    return Source(path, shown, kind)


def _looks_like_yaml(head: bytes) -> bool:
    """`helm history -o yaml`, `kubectl get events -o yaml`: a YAML list or mapping."""
    first = head.lstrip(b"\xef\xbb\xbf").lstrip(b"\r\n").split(b"\n", 1)[0]
    return first.startswith((b"- ", b"apiVersion:", b"items:", b"kind:", b"---"))


def _yaml_source(path: Path, shown: str, size: int) -> Source | None:
    """A YAML document read as the JSON kinds read it (YAML's data is JSON's)."""
    if size > LARGEST_JSON:
        return None
    import yaml  # PyYAML: only for YAML evidence

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_bytes().decode("utf-8", "replace"), Loader=loader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    data = _plain(data)
    kind = json_kind(data, False)
    return Source(path, shown, kind, data) if kind is not None else None


def _plain(value: Any) -> Any:
    """YAML's dates and times as the RFC 3339 text the JSON readers take."""
    import datetime as dt

    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dt.datetime):
        return value.isoformat() if value.tzinfo else value.isoformat() + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _json_lines_log(head: bytes) -> bool:
    """True for JSON lines whose records are log records (a time member), not payloads."""
    lines = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 2)
    if len(lines) < 2:
        return False
    try:
        record = json.loads(lines[0])
    except (ValueError, RecursionError):  # nested past what json reads
        return False
    return (
        isinstance(record, dict)
        and json_kind([record], True) is None
        and log.has_timestamp(lines[0].decode("utf-8", "replace"))
    )


def _as_log(path: Path, shown: str, head: bytes, why: Skip) -> Source | Skip:
    """A file starting like JSON that is not: a log whose lines begin with `[` or `{`?"""
    if _text_kind(head) == "log":
        return Source(path, shown, "log")
    return Skip(f"starts like JSON, but {why}")


def split_forced(argument: str) -> tuple[str | None, str]:
    """`KIND=FILE` as (KIND, FILE); anything else as (None, argument)."""
    kind, sep, rest = argument.partition("=")
    if sep and kind in KINDS and rest:
        return kind, rest
    return None, argument
