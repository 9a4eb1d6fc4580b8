"""Code actions: the PM307 fix as an edit of TODO.md (what `--fix` writes), a local time to
UTC, a vague due date to a date, a missing section from the template, a suppression."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.server.conftest import actions_at, apply, change, diagnostics_of, edits_for, open_file
from tests.server.project import DOC, TODAY


async def action_for(client: LanguageClient, code: str, words: str) -> tuple[str, types.CodeAction, int]:
    """The document's text, the one action whose title holds `words` for its `code`
    finding, and that finding's line."""
    root = client.root  # type: ignore[attr-defined]
    text = (root / DOC).read_text(encoding="utf-8")
    found = await open_file(client, root / DOC)
    line = next(d.range.start.line + 1 for d in found if d.code == code)
    [action] = [a for a in await actions_at(client, root / DOC, line) if words in a.title]
    return text, action, line


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file() and ".git" not in p.parts}


@pytest.mark.asyncio
async def test_the_todo_action_is_what_fix_writes_and_the_server_writes_nothing(
        client: LanguageClient, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = client.root  # type: ignore[attr-defined]
    before = files(root)
    found = await open_file(client, root / DOC)
    line = next(d.range.start.line + 1 for d in found if d.code == "PM307")
    [action] = [a for a in await actions_at(client, root / DOC, line) if "TODO.md" in a.title]
    todo = (root / "TODO.md").read_text(encoding="utf-8")
    edited = apply(todo, edits_for(action.edit, root / "TODO.md"))

    copy = tmp_path_factory.mktemp("fixed")
    shutil.copytree(root, copy, dirs_exist_ok=True)
    subprocess.run([sys.executable, "-m", "pmlint", "check", "--fix", "--today", TODAY, DOC], cwd=copy,
                   capture_output=True, check=False)
    assert edited == (copy / "TODO.md").read_text(encoding="utf-8") != todo
    assert files(root) == before  # offered, not applied: nothing on disk changed


@pytest.mark.asyncio
async def test_a_local_time_becomes_utc_and_a_vague_due_date_a_date(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    text, to_utc, time_line = await action_for(client, "PM202", "UTC")
    assert to_utc.title == "Convert 06:15 PST to UTC: 14:15"
    assert apply(text, edits_for(to_utc.edit, root / DOC)).splitlines()[time_line - 1] == (
        "| 14:15 | Incident declared by @kenji |")

    _, to_date, due_line = await action_for(client, "PM303", "due date")
    fixed = apply(text, edits_for(to_date.edit, root / DOC))
    # "next Friday" counted from the Date, Thursday 2026-12-03.
    assert fixed.splitlines()[due_line - 1].endswith("| @kenji | P2 | 2026-12-04 |")
    change(client, root / DOC, fixed, 2)
    assert "PM303" not in {d.code for d in await diagnostics_of(client, root / DOC)}


@pytest.mark.asyncio
async def test_a_missing_section_comes_from_the_template_where_the_order_puts_it(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    text, insert, _ = await action_for(client, "PM104", "template")
    assert insert.title == "Insert '## What Went Poorly' from the template"
    fixed = apply(text, edits_for(insert.edit, root / DOC))
    assert "## What Went Well\n\n- The alert fired seven minutes after the deploy\n\n## What Went Poorly\n\n- [" in fixed
    assert fixed.index("## What Went Poorly") < fixed.index("## Action Items")
    change(client, root / DOC, fixed, 2)
    codes = {d.code for d in await diagnostics_of(client, root / DOC)}
    assert "PM104" not in codes and "PM105" in codes  # the template's placeholder, to be written


@pytest.mark.asyncio
async def test_a_suppression_comment_silences_the_finding_and_is_used(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    text = (root / DOC).read_text(encoding="utf-8")
    found = await open_file(client, root / DOC)
    for code in ("PM303", "PM104"):  # at the end of a table row; on the line above a heading
        line = next(d.range.start.line + 1 for d in found if d.code == code)
        [suppress] = [a for a in await actions_at(client, root / DOC, line) if a.title.startswith(f"Suppress {code}")]
        text = apply(text, edits_for(suppress.edit, root / DOC))
    assert "<!-- pmlint-disable-line PM303 -- reason -->" in text
    assert "<!-- pmlint-disable-next-line PM104 -- reason -->\n## Action Items" in text
    change(client, root / DOC, text, 2)
    codes = {d.code for d in await diagnostics_of(client, root / DOC)}
    assert not codes & {"PM303", "PM104", "PM901"}
