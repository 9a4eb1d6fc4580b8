"""How `pmlint timeline` places the real public evidence of tests/fixtures/evidence_real.

Each file is given alone, in a window from a day before its first expected event to a day
after its last, once with every record kept (`--all`) and once with the default,
level-aware match. expected.json (written without pmlint) says, per file, the events a
person would put in the timeline: their UTC minute, whether they are error-level lines,
and a distinctive text.

An expected event is placed when a row in its minute shows its text (compared by message
shape: a row stands for the repeats of one shape in a minute). Placement % is placed /
expected; anything pmlint puts in the timeline beyond the expected events is "extra".

    python -m tests.evidence.real_placement     # prints the figures per file and in total
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any, NamedTuple

from pmlint.cli import main
from pmlint.evidence.group import shape

REAL = Path(__file__).resolve().parent.parent / "fixtures" / "evidence_real"
EXPECTED: dict[str, Any] = json.loads((REAL / "expected.json").read_text(encoding="utf-8"))["files"]


class Placement(NamedTuple):
    name: str
    expected: int
    placed: int
    extra: int
    missing: list[str]  # "minute text" of each expected event not placed
    extras: list[str]  # "minute event" of rows (or repeats) nobody expected
    stderr: str
    code: int


RECORD_FOLDERS = ("git/", "helm/", "kubectl/", "pagerduty/", "opsgenie/", "slack/")


def _words(text: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", html.unescape(text).casefold())


def shows(row: str, text: str) -> bool:
    """The row shows the text: its words, in order, the last one perhaps cut short."""
    wanted, have = _words(text), iter(_words(row))
    for number, word in enumerate(wanted):
        last = number == len(wanted) - 1
        if not any(got == word or (last and got.startswith(word)) for got in have):
            return False
    return True


def is_record(name: str) -> bool:
    """Records (commits, deploys, pages, chat) are all kept: the match is for log lines."""
    return name.startswith(RECORD_FOLDERS)


def run_pmlint(name: str, *options: str) -> tuple[int, list[dict[str, Any]], str]:
    """`pmlint timeline --format json` on one sample file, in its window."""
    events = EXPECTED[name]["events"]
    minutes = [dt.datetime.strptime(e["minute"], "%Y-%m-%dT%H:%MZ") for e in events] or [dt.datetime(2000, 1, 1)]
    since = (min(minutes) - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%MZ")
    until = (max(minutes) + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%MZ")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["timeline", "--since", since, "--until", until, "--format", "json", *options,
                     str(REAL / name)])
    rows = json.loads(out.getvalue()) if code == 0 and out.getvalue().strip() else []
    return code, rows, err.getvalue()


def placement(name: str, errors_only: bool) -> Placement:
    """errors_only: the default match, and only the error events are expected."""
    code, rows, err = run_pmlint(name) if errors_only else run_pmlint(name, "--all")
    wanted = [e for e in EXPECTED[name]["events"] if e["error"] or not errors_only or is_record(name)]
    # What each row can still account for: its count, in its minute. A row of several
    # events shows the first one's message: the others are known by their shape.
    left = [[row["time"], row["event"], row["count"]] for row in rows]
    missing = []
    for event in wanted:
        text = event["text"]
        spot = next((slot for slot in left if slot[0] == event["minute"] and slot[2] > 0 and (
            shows(slot[1], text) or shows(shape(slot[1]), shape(text)))), None)
        if spot is None:
            missing.append(f"{event['minute']} line {event['line']}: {event['text']}")
            continue
        spot[2] -= 1
    extras = [f"{slot[0]} {slot[1][:80]} (x{slot[2]})" for slot in left if slot[2] > 0]
    if code != 0:
        extras.append(f"exit {code}: {err.strip()[:200]}")
    return Placement(name, len(wanted), len(wanted) - len(missing), sum(slot[2] for slot in left), missing, extras,
                     err, code)


def report() -> int:
    for errors_only in (False, True):
        total = placed = extra = 0
        print("errors only (default match)" if errors_only else "every record (--all)")
        for name in EXPECTED:
            found = placement(name, errors_only)
            total, placed, extra = total + found.expected, placed + found.placed, extra + found.extra
            if found.missing or found.extra:
                print(f"  {name}: {found.placed}/{found.expected}, {found.extra} extra")
                for line in found.missing[:4]:
                    print(f"      missing {line}")
                for line in found.extras[:4]:
                    print(f"      extra   {line}")
        share = 100 * placed / total if total else 100.0
        print(f"  placed {placed}/{total} = {share:.1f} %, {extra} extra\n")
    return 0


if __name__ == "__main__":
    sys.exit(report())

