#!/usr/bin/env python3
"""A generated archive of post-mortems in a Git repository, to look at `pmlint report` on
more than the two examples (screenshots: scripts/report_screenshots.py).

    python3 scripts/report_archive.py DIR [--incidents 30] [--today 2026-12-14]

Incidents spread over the year before --today on a handful of services, with severities,
durations, meetings (some late, some missing), contributing-factor tags, action items
(some done in TODO.md, some overdue), each post-mortem committed as a Draft and made Final
later, and some Due dates moved or actions reworded after the review. Deterministic.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import subprocess
from pathlib import Path

SERVICES = ("checkout", "payments-db", "search", "edge", "auth")
FACTORS = ("technical/deploy", "technical/config", "technical/capacity", "process/review", "process/testing",
           "human factors/handover", "external/vendor")
VERBS = ("Add an alert for", "Automate the failover of", "Document the runbook for", "Load-test", "Cap the retries of")


def git(root: Path, *args: str, when: dt.date | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    if when is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{when.isoformat()}T12:00:00+00:00"
    subprocess.run(["git", "-c", "user.name=archive", "-c", "user.email=archive@example.com", *args], cwd=root,
                   env=env, check=True, capture_output=True)


def document(title: str, date: dt.date, severity: str, status: str, meeting: dt.date | None, service: str,
             factors: str, rows: list[tuple[str, str, str, dt.date]]) -> str:
    meeting_line = f"**Meeting:** {meeting}\n" if meeting else ""
    root = (f"A configuration change raised the connection limit of the {service} pool beyond what the database "
            "accepts, so every new connection was refused once the pool grew; the change was not canaried, the limit "
            "was not validated against the database settings, and the dashboards showed pool size but not refusals, "
            "which hid the cause for half an hour.")
    table = "\n".join(f"| {a} | {o} | {p} | {d} |" for a, o, p, d in rows)
    text = f"""# Post-Mortem: {title}

**Date:** {date}
**Severity:** {severity}
**Duration:** {random.randint(10, 300)} minutes
**Impact:** Customers of {service} saw errors.
**Authors:** @ana
**Status:** {status}
{meeting_line}**Services:** {service}
**Factors:** {factors}

**Shared:** #eng-all on {date}

## Executive Summary

The {service} service failed for a while. A configuration change made it fail. We are adding guards.

## Timeline

All times in UTC.

| Time | Event |
|---|---|
| 10:00 | A configuration change reached {service} |
| 10:05 | The error-rate alert fired and @ana was paged |
| 10:40 | The change was rolled back and {service} recovered |

## Root Cause

{{ROOT}}

## Contributing Factors

- The change was not canaried before it reached every region of {service}.

## What Went Well

- The alert fired within five minutes.

## What Went Poorly

- Rolling back took longer than it should have.

## Action Items

| Action | Owner | Priority | Due |
|---|---|---|---|
{table}

## Acknowledgement

This document was reviewed and approved by: @ana
"""
    return text.replace("{ROOT}", root if random.random() < 0.8 else "Config.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--incidents", type=int, default=30)
    parser.add_argument("--today", default="2026-12-14")
    args = parser.parse_args()
    random.seed(26)
    today = dt.date.fromisoformat(args.today)
    root: Path = args.dir
    (root / "docs" / "incidents").mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    days = sorted(random.sample(range(5, 360), args.incidents), reverse=True)
    todo, events = ["# TODO", ""], []
    for number, back in enumerate(days):
        date = today - dt.timedelta(days=back)
        service = random.choice(SERVICES)
        title = f"{service.title()} incident {number + 1}"
        path = f"docs/incidents/{date}-{service}-{number + 1}.md"
        rows = [(f"{random.choice(VERBS)} {service} part {k + 1}", random.choice(("@ana", "@ben", "@cy", "@dee")),
                 random.choice(("P1", "P2", "P3")), date + dt.timedelta(days=random.randint(7, 90)))
                for k in range(random.randint(1, 3))]
        meeting = date + dt.timedelta(days=random.randint(1, 9)) if random.random() < 0.8 else None
        factors = ", ".join(random.sample(FACTORS, random.randint(1, 2)))
        severity = random.choice(("SEV-1", "SEV-2", "SEV-2", "SEV-3"))
        written = date + dt.timedelta(days=random.randint(0, 4))
        events.append((written, path, document(title, date, severity, "Draft", meeting, service, factors, rows)))
        review = max(written, meeting or written) + dt.timedelta(days=1)
        if review < today:
            events.append((review, path, document(title, date, severity, "Final", meeting, service, factors, rows)))
            if random.random() < 0.3 and review + dt.timedelta(days=10) < today:
                moved = [(a, o, p, d + dt.timedelta(days=14)) if k == 0 else (a, o, p, d)
                         for k, (a, o, p, d) in enumerate(rows)]
                if len(moved) > 1 and random.random() < 0.5:
                    moved[-1] = (moved[-1][0] + " everywhere", *moved[-1][1:])
                events.append((review + dt.timedelta(days=10), path,
                               document(title, date, severity, "Final", meeting, service, factors, moved)))
                rows = moved
        todo += [f"- [{'x' if random.random() < 0.5 else ' '}] {a} _(ref: {path})_" for a, *_ in rows]
    for when, path, text in sorted(events):
        (root / path).write_text(text, encoding="utf-8")
        git(root, "add", path)
        git(root, "commit", "-qm", f"post-mortem {path}", when=when)
    (root / "TODO.md").write_text("\n".join(todo) + "\n", encoding="utf-8")
    git(root, "add", "TODO.md")
    git(root, "commit", "-qm", "TODO", when=today)


if __name__ == "__main__":
    main()
