"""Which kind of evidence a file holds, told from its content (or forced with `KIND=FILE`)."""

from __future__ import annotations

import json
from importlib import import_module
from pathlib import Path
from typing import Any

from pmlint.evidence import log
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
    from pmlint.evidence import git, opsgenie, pagerduty

    if git.looks_like(lines):
        return "git"
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
            return Skip("JSON of no kind this command reads (force one with KIND=FILE)")
        return Source(path, shown, kind, data)
    kind = _text_kind(head)
    if kind is None:
        return Skip("no timestamps found in its first lines (force a kind with KIND=FILE)")
    return Source(path, shown, kind)


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
