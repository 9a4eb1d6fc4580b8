"""The Shared field: what counts as a record of sharing (PM403), how `pmlint share` writes it
byte for byte, and the message it posts."""

from __future__ import annotations

import time

import pytest

from pmlint.parse.document import parse_document
from pmlint.parse.shared_field import read_shared
from pmlint.project.runbooks import LINK, NAME_END, REFERENCE, RUNBOOK_ITEM
from pmlint.share.message import build_message, default_branch, link_base
from pmlint.share.record import RecordError, with_shared
from pmlint.share.webhook import redact

NAMES = ["Shared", "Shared With"]


@pytest.mark.parametrize(("value", "kind"), [
    ("#eng-all", "channel"),
    ("posted in #eng-all and #sre", "channel"),
    ("https://chat.example/archives/C1/p2", "link"),
    ("[the announcement](https://lists.example/msg/1)", "link"),
    ("eng-all@example.com", "mailing list"),
    ("2026-11-25 weekly ops review", "dated note"),
    ("pending: pmlint share started a post on 2026-11-25 (id 1)", "pending"),
    ("", ""),
    ("TBD", ""),
    ("#123", ""),  # an issue number is not a channel
    ("2026-11-25", ""),  # a date alone says when, not where
    ("[#channel, mailing list or link]", ""),  # the template's prompt
])
def test_what_a_shared_value_records(value: str, kind: str) -> None:
    assert read_shared(value).kind == kind


def header(lines: str) -> bytes:
    return f"# Post-Mortem: X\n\n{lines}\n## Executive Summary\n\nText.\n".encode()


@pytest.mark.parametrize(("before", "after"), [
    # A new line after Status, in its style, with its trailing hard break.
    (b"**Date:** 2026-11-20\n**Status:** Final\n", b"**Date:** 2026-11-20\n**Status:** Final\n**Shared:** #x\n"),
    (b"- Status: Final  \n- Date: 2026-11-20\n", b"- Status: Final  \n- Shared: #x  \n- Date: 2026-11-20\n"),
    (b"**Status**: Final\\\n", b"**Status**: Final\\\n**Shared**: #x\\\n"),
    # An existing empty or unusable field gets a value; its name and line end stay.
    (b"**Status:** Final\n**Shared With:**   \n", b"**Status:** Final\n**Shared With:**   #x\n"),
    (b"**Status:** Final\n**Shared:** TBD <br>\n", b"**Status:** Final\n**Shared:** #x <br>\n"),
])
def test_only_the_shared_line_changes(before: bytes, after: bytes) -> None:
    assert with_shared(header(before.decode()), "#x", NAMES) == header(after.decode())


def test_crlf_bom_trailing_spaces_and_no_final_newline_survive() -> None:
    text = "\ufeff# Post-Mortem: X\r\n\r\n**Date:** 2026-11-20   \r\n**Status:** Final\r\n\r\n## Summary\r\nend  "
    written = with_shared(text.encode(), "#x", NAMES)
    assert written == text.replace("**Status:** Final\r\n", "**Status:** Final\r\n**Shared:** #x\r\n").encode()


def test_a_document_without_status_or_utf8_is_refused() -> None:
    with pytest.raises(RecordError, match="no Status field"):
        with_shared(b"# Post-Mortem: X\n\n**Date:** 2026-11-20\n", "#x", NAMES)
    with pytest.raises(RecordError, match="UTF-8"):
        with_shared(b"# Post-Mortem: X\n\n**Status:** Final \xff\n", "#x", NAMES)


def test_the_message_links_the_default_branch_and_escapes_the_text(tmp_path: pytest.TempPathFactory) -> None:
    doc = parse_document(
        "# Post-Mortem: Cache <down> & out\n\n**Date:** 2026-11-20\n**Severity:** SEV-1\n\n"
        "## Summary\n\nThe cache was down. @here saw it <!-- not this -->\nfirst.\n\nSecond paragraph.\n\n## Timeline\n",
        "docs/incidents/a b.md")
    event = tmp_path / "event.json"  # type: ignore[operator]
    event.write_text('{"repository": {"default_branch": "trunk"}}', encoding="utf-8")
    env = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_EVENT_PATH": str(event)}
    base = link_base(None, env, "acme/ops")
    assert base == "https://github.com/acme/ops/blob/trunk" and default_branch({}) == "HEAD"
    message = build_message(doc, doc.path, base, {"Executive Summary": ["Summary"]})
    assert message.text().splitlines() == [
        "*Post-mortem: Cache &lt;down&gt; &amp; out* (SEV-1, 2026-11-20)",
        "The cache was down. @\u200bhere saw it first.",
        "Second paragraph.",
        "https://github.com/acme/ops/blob/trunk/docs/incidents/a%20b.md",
        f"pmlint share id {message.share_id}",
    ]
    assert link_base("https://git.example/x/", {}, "acme/ops") == "https://git.example/x"
    assert link_base(None, {}, None) is None


def test_redact_hides_the_url_and_its_secret_path() -> None:
    url = "https://hooks.example/services/T1/B2/abc"
    assert redact(f"posting to {url} failed; path /services/T1/B2/abc", url) == (
        "posting to <webhook URL> failed; path <webhook URL>")


@pytest.mark.parametrize("pattern", [LINK, REFERENCE, RUNBOOK_ITEM, NAME_END])
def test_runbook_patterns_stay_linear_on_hostile_lines(pattern: object) -> None:
    hostile = ["](" * 20000, "[" * 20000 + "]", "write runbook" + " " * 20000 + "x", "\t" * 20000 + "-",
               "](<" + "a" * 20000, "a@" * 20000, "#" * 20000 + "a"]
    started = time.thread_time()  # CPU time: another busy process does not stretch it
    for line in hostile:
        pattern.search(line)  # type: ignore[attr-defined]
        read_shared(line)
    assert time.thread_time() - started < 1.0
