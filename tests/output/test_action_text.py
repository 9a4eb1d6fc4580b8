"""The action text people read (issue titles, JSON, the overdue digest) is plain text, and
text from a document never becomes markup or a cross-reference there; the item's identity
is the normalised text, as before, so existing issues are found again."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from pmlint.config.load import validate
from pmlint.config.schema import Calendar
from pmlint.github.body import render_title
from pmlint.items.due import find_overdue
from pmlint.items.model import items_of
from pmlint.output.overdue_report import digest
from pmlint.parse.document import parse_document
from pmlint.parse.inline import plain_text
from pmlint.project.state import Project
from tests.conftest import write

DOC = "docs/incidents/2026-11-20-db-pool.md"
RAW = "**Write** runbook: `db-pool` for [the pool](https://wiki.test/pool) <b>now</b>"


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        (RAW, "Write runbook: db-pool for the pool now"),
        ("Raise pool_max_connections to *50*", "Raise pool_max_connections to 50"),
        ("Add `a_b` and __bold__ ~~old~~ ![logo](x.png)", "Add a_b and bold old logo"),
        ("Keep \\*literal\\* stars <!-- note --> and 5 < 6", "Keep *literal* stars and 5 < 6"),
    ],
)
def test_plain_text_removes_markdown(markdown: str, text: str) -> None:
    assert plain_text(markdown) == text


def _item(tmp_path: Path, action: str, owner: str = "@maria", priority: str = "P1"):
    text = (
        "# Post-Mortem: Pool\n\n**Date:** 2026-11-20\n\n## Action Items\n\n| Action | Owner | Priority | Due |\n"
        f"|---|---|---|---|\n| {action} | {owner} | {priority} | 2026-11-27 |\n"
    )
    config = validate({}, "test", "pmlint")
    [item] = items_of(parse_document(text, DOC), Project(tmp_path, config))
    return item


def test_items_carry_plain_text_and_keep_their_identity(tmp_path: Path) -> None:
    item = _item(tmp_path, RAW)
    assert item.action == "Write runbook: db-pool for the pool now"
    # The id is what it always was: the document path and the normalised Markdown text.
    key = "write runbook: db-pool for [the pool](https://wiki.test/pool) <b>now</b>"
    assert item.id == hashlib.sha256(f"{DOC}\n{key}".encode()).hexdigest()[:16]
    assert render_title(item) == "Write runbook: db-pool for the pool now"


def test_titles_hold_no_markup_and_no_cross_reference(tmp_path: Path) -> None:
    item = _item(tmp_path, "Close #123 and GH-4 <img src=x onerror=alert(1)> and <script")
    title = render_title(item)
    assert "#123" not in title and "#\u200b123" in title
    assert "<img" not in title and "<script" not in title and "<\u200bscript" in title


def test_the_digest_escapes_html_and_references(tmp_path: Path) -> None:
    item = _item(tmp_path, "Close #123 then 1 < 2 & <b>x</b>", owner="@maria <i>", priority="<b>P1</b>")
    [entry] = find_overdue([item], dt.date(2026, 12, 14), Calendar())
    text = digest([entry], "2026-12-14")
    assert "#123" not in text and "#&#8203;123" in text
    assert "<b>" not in text and "<i>" not in text and "1 \\< 2 \\& x" in text


def test_sync_dry_run_json_action_is_plain(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_TOKEN", "GH_TOKEN", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GITHUB_REPOSITORY", "acme/ops")
    text = (
        "# Post-Mortem: Pool\n\n**Date:** 2026-11-20\n\n## Action Items\n\n| Action | Owner | Priority | Due |\n"
        "|---|---|---|---|\n| **Write** runbook: `db-pool` | @maria | P1 | 2026-11-27 |\n"
    )
    write(tmp_path, {DOC: text, "TODO.md": f"- [ ] Write runbook: db-pool _(ref: {DOC})_\n"})
    result = run("sync", "--dry-run", "--format", "json", cwd=tmp_path)
    [op] = json.loads(result.out)["operations"]
    assert op["action"] == "Write runbook: db-pool"
