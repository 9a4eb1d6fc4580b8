"""The data every evidence reader produces and the counts the summary reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from pmlint.errors import UsageError

UTC = dt.UTC
KINDS = ("git", "k8s", "helm", "alertmanager", "pagerduty", "opsgenie", "slack", "log")


class TimelineError(UsageError):
    """Bad input that stops the command: one line naming the file or option at fault."""


class Event(NamedTuple):
    """One thing that happened, in UTC."""

    when: dt.datetime  # aware, UTC
    source: str  # the evidence kind: "git", "log", ...
    message: str  # one line, as the evidence says it
    origin: str  # where it came from: "logs/app.log:120", "commit a1b2c3d"
    # The same happening seen twice (an alert in two webhook payloads, a commit in a saved
    # log and in --git) has the same key and is counted once; None: every line counts.
    key: tuple[Any, ...] | None = None


class Window(NamedTuple):
    """The stretch of time the timeline covers, both ends included, in UTC."""

    since: dt.datetime
    until: dt.datetime

    def holds(self, when: dt.datetime) -> bool:
        return self.since <= when <= self.until

    def label(self) -> str:
        start = self.since.strftime("%Y-%m-%dT%H:%MZ")
        end_format = "%H:%MZ" if self.until.date() == self.since.date() else "%Y-%m-%dT%H:%MZ"
        return f"{start}..{self.until.strftime(end_format)}"


class Tally:
    """What one source's evidence gave: the summary line on stderr."""

    __slots__ = ("files", "read", "kept", "outside", "no_time", "assumed", "duplicates", "continued", "relative")

    def __init__(self) -> None:
        self.files = 0
        self.read = 0  # records (lines, entries, commits) looked at
        self.kept = 0  # events inside the window
        self.outside = 0  # events outside the window, dropped
        self.no_time = 0  # matching records without a readable timestamp, dropped
        self.assumed = 0  # timestamps without a zone, read in --assume-tz
        self.duplicates = 0  # events already seen (same evidence given twice)
        self.continued = 0  # lines that continue the record above them (a Traceback, a stack)
        self.relative = 0  # of no_time: records with only an age relative to an unknown moment

    @property
    def unmatched(self) -> int:
        """Records read that the match did not keep: what the other counts leave."""
        return self.read - self.kept - self.outside - self.no_time - self.duplicates - self.continued

    def __repr__(self) -> str:
        return f"Tally({', '.join(f'{name}={getattr(self, name)}' for name in self.__slots__)})"


class Source(NamedTuple):
    """One evidence file to read: where it is, how to show it, and its parsed JSON if any."""

    path: Path
    shown: str  # the path as messages and origins show it
    kind: str
    data: Any = None  # the parsed JSON document, for the JSON kinds


def csv_rows(source: Source) -> Iterator[dict[str, str]]:
    """The rows of a CSV export, one at a time (an export of 200 MB is never held whole), by
    header with keys and values stripped; a BOM is dropped. One-line TimelineError when the
    file cannot be read as CSV."""
    import csv

    try:
        with source.path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            for row in csv.DictReader(handle):
                yield {str(k).strip(): (v or "").strip() for k, v in row.items() if k is not None}
    except (OSError, csv.Error) as exc:
        raise TimelineError(f"{source.shown}: cannot read as CSV: {exc}") from None
