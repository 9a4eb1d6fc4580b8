#!/usr/bin/env python3
"""Generate a deterministic corpus of post-mortem documents and a TODO.md.

Usage:
    gen_corpus.py OUT_DIR [--docs N] [--seed S] [--defect-rate R]

Writes OUT_DIR/docs/incidents/YYYY-MM-DD-<slug>.md, OUT_DIR/TODO.md and
OUT_DIR/expected.json. Standard library only.

Clean documents follow pmlint's template (rules/template.md) and must produce no finding
at level "error" or "warning" with the default configuration (no holiday
country) and `--today` on or after the newest incident date. A document chosen
as defective (probability R) carries exactly one injected defect, listed in
expected.json as {"path": ..., "code": ..., "line": ...}; "line" is the
1-based line the defect sits on, or null where the defect is an absence.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
from pathlib import Path

SYSTEMS = ["checkout", "payments", "search", "auth", "billing", "inventory", "notifications",
           "ledger", "gateway", "recommendations", "media-upload", "reporting"]
DEPS = ["PostgreSQL primary", "Redis cluster", "Kafka topic", "object store bucket",
        "DNS resolver", "TLS certificate", "load balancer pool", "feature-flag service",
        "connection pool", "message queue consumer group", "CDN edge config", "rate limiter"]
CAUSES = [
    "a configuration change removed the {dep} size limit, so every pod opened the driver default of 100 connections",
    "a schema migration took an exclusive lock on the orders table, and the {dep} queued writes until clients timed out",
    "the {dep} certificate expired because its renewal job had been pointed at a decommissioned secret store",
    "a retry loop without jitter in the {sys} client multiplied traffic by twelve when the {dep} slowed down",
    "a cache key change invalidated the whole {dep} at once, sending every read to the database",
    "the autoscaler minimum was lowered to one replica, and a traffic spike exhausted the {dep} on that replica",
]
PEOPLE = ["maria", "kenji", "lee", "amara", "sofia", "tomas", "ines", "raj", "yuki", "omar",
          "chen", "fatima", "lucas", "noor", "pavel", "grace"]
ACTIONS = [
    "Add an alert for {dep} saturation above 80% for five minutes",
    "Write runbook: {sys} {dep} exhausted, with rollback steps",
    "Add a {dep} limit to the {sys} configuration template",
    "Enforce jittered exponential backoff in the {sys} client library",
    "Automate {dep} certificate renewal checks in the nightly job",
    "Block deploys of {sys} during peak hours in the release pipeline",
    "Set the {sys} autoscaler minimum to three replicas in every region",
    "Migrate the {sys} schema changes to online migrations with lock timeouts",
    "Add a canary stage for {sys} that checks error rate before full rollout",
    "Record {dep} connection counts on the {sys} dashboard",
]
DEFECTS = ["PM102", "PM104", "PM105", "PM202", "PM204", "PM302", "PM303", "PM304", "PM307",
           "PM401", "PM501", "PM502"]  # PM602: dangling TODO.md refs, appended below
HORIZON_DAYS = {"P1": 7, "P2": 21, "P3": 60}  # calendar days: within the default business-day horizons


def next_weekday(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def build_doc(rng: random.Random, day: dt.date, defect: str | None, slug_seen: set[str],
              runbooks: dict[str, str]):
    sys_ = rng.choice(SYSTEMS)
    dep = rng.choice(DEPS)
    sev = "SEV-1" if defect == "PM401" else rng.choice(["SEV-1", "SEV-1", "SEV-2", "SEV-2", "SEV-3"])
    authors = rng.sample(PEOPLE, 2)
    oncall = rng.choice([p for p in PEOPLE if p not in authors])
    base = f"{sys_}-{dep.split()[0].lower()}"
    slug = base
    n = 2
    while f"{day}-{slug}" in slug_seen:
        slug = f"{base}-{n}"
        n += 1
    slug_seen.add(f"{day}-{slug}")
    title = f"{sys_.capitalize()} outage from {dep}"
    cause = rng.choice(CAUSES).format(dep=dep, sys=sys_)

    # Timeline: milestones in order, with filler rows between them.
    start = rng.randint(0, 14 * 60)
    rows: list[tuple[int, str]] = []
    t = start
    rows.append((t, f"Deploy of {sys_} v2.{rng.randint(1, 60)}.0 starts"))
    for _ in range(rng.randint(0, 4)):
        t += rng.randint(1, 9)
        rows.append((t, f"Latency on {sys_} rises to {rng.randint(2, 40)}00 ms at p99"))
    t += rng.randint(3, 12)
    rows.append((t, f"Alert fired: {sys_.capitalize()}ErrorRateHigh, threshold 5% for 5 minutes"))
    t += rng.randint(1, 6)
    rows.append((t, f"Incident declared by @{oncall} (on-call)"))
    for _ in range(rng.randint(1, 12)):
        t += rng.randint(1, 8)
        rows.append((t, f"Investigation: {dep} shows {rng.randint(2, 99)}% saturation on {sys_}"))
    t += rng.randint(2, 20)
    rows.append((t, f"Mitigation applied: rollback of {sys_} to the previous release"))
    t += rng.randint(2, 15)
    rows.append((t, "Service restored: error rate back under 0.1%, confirmed on the dashboard"))
    t += rng.randint(2, 15)
    rows.append((t, "Incident resolved"))
    span = t - start
    duration = f"{span // 60} hours {span % 60} minutes"

    meeting = day if rng.random() < 0.3 else next_weekday(day)
    actions = []
    for tpl in rng.sample(ACTIONS, rng.randint(2, 6)):
        prio = rng.choice(["P1", "P2", "P3"])
        due = meeting + dt.timedelta(days=rng.randint(1, HORIZON_DAYS[prio]))
        owner = rng.choice(PEOPLE)
        actions.append([tpl.format(dep=dep, sys=sys_), f"@{owner}", prio, due.isoformat()])

    lines: list[str] = []
    mark: dict[str, int] = {}

    def add(text: str = "", key: str | None = None) -> None:
        lines.append(text)
        if key:
            mark[key] = len(lines)

    add(f"# Post-Mortem: {title}")
    add()
    add(f"**Date:** {day.isoformat()}")
    if defect != "PM102":
        add(f"**Severity:** {sev}")
    add(f"**Duration:** {duration}")
    add(f"**Impact:** {rng.randint(2, 60)}% of users could not use {sys_}; "
        f"{rng.randint(100, 9000)} requests failed")
    add(f"**Authors:** @{authors[0]}, @{authors[1]}")
    add("**Status:** Final")
    if defect == "PM401":
        late = day + dt.timedelta(days=9)
        add(f"**Meeting:** {late.isoformat()}", key="meeting")
    else:
        add(f"**Meeting:** {meeting.isoformat()}")
    add(f"**Shared:** #eng-announce, {next_weekday(meeting).isoformat()}")
    add()
    add("---")
    add()
    add("## Executive Summary")
    add()
    add(f"On {day.isoformat()} the {sys_} service failed requests for {span} minutes. "
        f"The root cause was that {cause}. "
        f"We are adding safeguards so that the same change cannot reach production unnoticed.")
    add()
    add("## Timeline")
    add()
    add("All times in UTC.")
    add()
    add("| Time | Event |")
    add("|---|---|")
    if defect == "PM204":
        i = rng.randint(1, len(rows) - 2)
        rows[i], rows[i + 1] = rows[i + 1], rows[i]
        if rows[i][0] == rows[i + 1][0]:
            rows[i] = (rows[i][0] + 1, rows[i][1])
    for idx, (minute, event) in enumerate(rows):
        cell = hhmm(minute)
        if defect == "PM202" and idx == 1:
            h, m = divmod(minute, 60)
            cell = f"{(h % 12) or 12}:{m:02d}{'am' if h < 12 else 'pm'}"
            add(f"| {cell} | {event} |", key="bad-time")
            continue
        if defect == "PM105" and idx == 2:
            add(f"| {cell} | [What happened] |", key="placeholder")
            continue
        if defect == "PM204" and idx == i + 1:
            add(f"| {cell} | {event} |", key="order")
            continue
        add(f"| {cell} | {event} |")
    add()
    add("## Root Cause")
    add()
    add(f"The {sys_} service depends on the {dep}. During the rollout, {cause}. "
        f"Requests that needed the {dep} waited for the client timeout of 30 seconds and then "
        f"returned HTTP 500 to users. The failure stopped once the previous release was restored, "
        f"because that release still carried the earlier settings for the {dep}.")
    if defect == "PM501":
        add()
        add("The outage was ultimately caused by human error during the rollout.", key="blame")
    if defect == "PM502":
        add()
        add(f"@{oncall} forgot to check the dashboard before promoting the release.", key="blame")
    add()
    add("## Contributing Factors")
    add()
    add(f"- No alert existed for {dep} saturation")
    add(f"- The {sys_} configuration template had no field for the limit")
    if rng.random() < 0.5:
        add("- The deploy went out during peak traffic hours")
    add()
    add("## What Went Well")
    add()
    add(f"- Rollback was completed in under {rng.randint(3, 9)} minutes once decided")
    add("- The on-call engineer responded within 2 minutes of the page")
    add()
    if defect != "PM104":
        add("## What Went Poorly")
        add()
        add("- The alert fired several minutes after the error rate started climbing")
        add(f"- Finding the root cause took {rng.randint(10, 50)} minutes")
        add()
    add("## Action Items")
    add()
    add("| Action | Owner | Priority | Due |")
    add("|---|---|---|---|")
    bad_row = rng.randrange(len(actions))
    for idx, (action, owner, prio, due) in enumerate(actions):
        key = None
        if idx == bad_row:
            if defect == "PM302":
                owner, key = "", "owner"
            elif defect == "PM303":
                due, key = "next week", "due"
            elif defect == "PM304":
                prio, key = "High", "prio"
            elif defect == "PM307":
                key = "untracked"
        add(f"| {action} | {owner} | {prio} | {due} |", key=key)
    add()
    add("## Acknowledgement")
    add()
    reviewers = sorted({authors[0], authors[1], oncall})
    add("This document was reviewed and approved by: " + ", ".join(f"@{r}" for r in reviewers))
    text = "\n".join(lines) + "\n"

    path = f"docs/incidents/{day.isoformat()}-{slug}.md"
    expected = None
    if defect:
        line_key = {"PM105": "placeholder", "PM202": "bad-time", "PM204": "order",
                    "PM302": "owner", "PM303": "due", "PM304": "prio", "PM307": "untracked",
                    "PM401": "meeting", "PM501": "blame", "PM502": "blame"}.get(defect)
        expected = {"path": path, "code": defect, "line": mark.get(line_key) if line_key else None}
    todo = []
    for idx, (action, *_rest) in enumerate(actions):
        if defect == "PM307" and idx == bad_row:
            continue
        done = "x" if rng.random() < 0.4 else " "
        todo.append(f"- [{done}] {action} _(ref: {path})_")
        if done == "x" and action.startswith("Write runbook: "):
            name = action[len("Write runbook: "):].split(",")[0]
            runbooks[name] = f"# Runbook: {name}\n\n1. Check the dashboard.\n2. Roll back the last release.\n"
    return path, text, todo, expected


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--defect-rate", type=float, default=0.3)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    incidents = args.out / "docs" / "incidents"
    incidents.mkdir(parents=True, exist_ok=True)
    first = dt.date(2023, 1, 2)
    seen: set[str] = set()
    todo_lines = ["# TODO", "", "Post-mortem action items.", ""]
    expected = []
    runbooks: dict[str, str] = {}  # checked "Write runbook: X" items get their runbook file
    for n in range(args.docs):
        day = first + dt.timedelta(days=rng.randint(0, 1400))
        defect = rng.choice(DEFECTS) if rng.random() < args.defect_rate else None
        path, text, todo, exp = build_doc(rng, day, defect, seen, runbooks)
        (args.out / path).write_text(text, encoding="utf-8")
        todo_lines.extend(todo)
        if exp:
            expected.append(exp)
    n_dangling = max(1, args.docs // 200) if args.defect_rate > 0 else 0
    for k in range(n_dangling):
        todo_lines.append(f"- [ ] Remove the legacy {rng.choice(SYSTEMS)} flag {k} "
                          f"_(ref: docs/incidents/2020-01-0{k % 9 + 1}-missing-{k}.md)_")
        expected.append({"path": "TODO.md", "code": "PM602", "line": len(todo_lines)})
    (args.out / "TODO.md").write_text("\n".join(todo_lines) + "\n", encoding="utf-8")
    books = args.out / "docs" / "runbooks"
    books.mkdir(parents=True, exist_ok=True)
    for name, body in sorted(runbooks.items()):
        (books / (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".md")).write_text(body, encoding="utf-8")
    (args.out / "expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")
    print(f"{args.docs} documents, {len(todo_lines)} TODO lines, {len(expected)} injected defects "
          f"in {args.out}")


if __name__ == "__main__":
    main()
