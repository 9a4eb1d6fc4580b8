"""A project with known incidents, meetings, due dates and TODO.md states, in a real Git
repository, for `pmlint report` tests. The expected figures are worked out by hand in
tests/retro/test_report_figures.py (weekends only, today Monday 2026-12-14)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import CLEAN_DOC, DOC_PATH, write

TODAY = "2026-12-14"
SEARCH = "docs/incidents/2026-08-03-search-outage.md"
DNS = "docs/incidents/2026-10-07-dns-resolver.md"
CACHE = "docs/incidents/2026-12-09-cache-stampede.md"
OLD = "docs/incidents/2026-05-12-replication-lag.md"
QUEUE = "docs/incidents/2026-07-20-queue-backlog.md"
UNDATED = "docs/incidents/2026-09-01-undated.md"


def document(title: str, date: str, severity: str, duration: str, status: str, meeting: str | None,
             rows: list[str]) -> str:
    """A short post-mortem: header fields (Date on line 3, Meeting on line 7 when given) and
    an Action Items table whose rows start on line 13 (12 without a Meeting)."""
    fields = [f"**Date:** {date}", f"**Severity:** {severity}", f"**Duration:** {duration}", f"**Status:** {status}"]
    if meeting is not None:
        fields.append(f"**Meeting:** {meeting}")
    table = ["| Action | Owner | Priority | Due |", "|---|---|---|---|", *rows]
    return "\n".join([f"# Post-Mortem: {title}", "", *fields, "", "## Action Items", "", *table]) + "\n"


FILES = {
    DOC_PATH: CLEAN_DOC,  # SEV-2 2026-11-20, Meeting 2026-11-23, Final, 1 h 10 min, no error finding
    SEARCH: document("Search outage", "2026-08-03", "SEV-1", "2 hours", "Draft", "2026-08-10", [
        "| Add a search latency alert at 500 ms p99 | @lee | P2 | 2026-09-30 |",
        "| Shard the search index by tenant | @lee, @maria | P1 | 2026-08-20 |",
    ]),
    DNS: document("DNS resolver failure", "2026-10-07", "SEV-1", "45 minutes", "Final", None, [
        "| Pin the resolver configuration in the base image | @omar | P3 | 2026-10-30 |",
    ]),
    CACHE: document("Cache stampede", "2026-12-09", "sev 1", "1h 30m", "Draft", None, [
        "| Add a cache hit ratio alert below 90% | @maria | P1 | 2026-12-18 |",
    ]),
    OLD: document("Replication lag", "2026-05-12", "SEV-2", "30 minutes", "Final", "2026-05-13", [
        "| Rotate the old replication credentials | @kenji | P2 | 2026-07-15 |",
    ]),
    QUEUE: document("Queue backlog", "2026-07-20", "SEV-3", "3 hours 10 minutes", "Final", "2026-07-31", [
        "| Document the queue failover steps in the runbook | @acme/sre | P3 | 2026-08-28 |",
    ]),
    UNDATED: document("Undated", "September 1st", "SEV-2", "1 hour", "Draft", None, []),
    "TODO.md": f"""# TODO

- [ ] Add an alert for connection pool saturation above 80% _(ref: {DOC_PATH})_
- [x] Add a pool size field to the service configuration template _(ref: {DOC_PATH})_ #12
- [x] Add a search latency alert at 500 ms p99 _(ref: {SEARCH})_
- [ ] Shard the search index by tenant _(ref: {SEARCH})_ #21
- [ ] Add a cache hit ratio alert below 90% _(ref: {CACHE})_
- [ ] Rotate the old replication credentials _(ref: {OLD})_ #7
- [x] Document the queue failover steps in the runbook _(ref: {QUEUE})_
""",
}


def git(root: Path, *args: str, when: str | None = None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", "-c", "user.name=x", "-c", "user.email=x@example.com", *args], cwd=root, env=env,
                   check=True, capture_output=True)


def make_project(root: Path) -> Path:
    """The files, committed: the DNS post-mortem (no Meeting field) first on 2026-10-08;
    the cache post-mortem (no Meeting, Date 2026-12-09) is left uncommitted: not held yet."""
    write(root, {name: text for name, text in FILES.items() if name != CACHE})
    git(root, "init", "-q")
    git(root, "add", DNS)
    git(root, "commit", "-qm", "DNS post-mortem", when="2026-10-08T12:00:00+00:00")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "Post-mortems", when="2026-12-10T12:00:00+00:00")
    write(root, {CACHE: FILES[CACHE]})
    return root


def build_reports(root: Path) -> tuple[Path, dict]:
    """The known project's report as HTML (root/report.html, linked to acme/ops) and JSON
    (the numbers a test expects)."""
    import json

    import pytest

    from pmlint.cli import main

    make_project(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GITHUB_REPOSITORY", "acme/ops")
        for name in ("GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "GITHUB_TOKEN", "GH_TOKEN", "GITHUB_SERVER_URL", "GITHUB_SHA"):
            patch.delenv(name, raising=False)
        patch.chdir(root)
        common = ["report", "--today", TODAY, "--since", "2026-07-01"]
        assert main([*common, "--format", "html", "--output", "report.html"]) == 0
        assert main([*common, "--format", "json", "--output", "report.json"]) == 0
    return root / "report.html", json.loads((root / "report.json").read_text(encoding="utf-8"))
