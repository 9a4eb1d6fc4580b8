"""Hover, the deadline code lens, completion, cross-file updates, configuration reload, and
half-typed garbage."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.server.conftest import change, codes_until, diagnostics_of, open_file
from tests.server.project import DOC, DOCUMENT

ROW = "| Add an alert for connection pool saturation above 80% | @maria | P1 | 2026-12-10 |"


def at(path: Path, line: int, character: int) -> dict[str, object]:
    return {"text_document": types.TextDocumentIdentifier(uri=path.as_uri()),
            "position": types.Position(line=line - 1, character=character)}


def line_of(text: str, start: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith(start))


async def hover_text(client: LanguageClient, path: Path, line: int, character: int) -> str:
    found = await client.text_document_hover_async(types.HoverParams(**at(path, line, character)))  # type: ignore[arg-type]
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    return found.contents.value


async def labels(client: LanguageClient, path: Path, line: int, character: int) -> list[str]:
    found = await client.text_document_completion_async(types.CompletionParams(**at(path, line, character)))  # type: ignore[arg-type]
    assert isinstance(found, types.CompletionList)
    return [item.label for item in found.items]


@pytest.mark.asyncio
async def test_hover_explains_the_rule_and_the_issue_state_sync_recorded(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    found = await open_file(client, root / DOC)
    untracked = next(d for d in found if d.code == "PM307")
    text = await hover_text(client, root / DOC, untracked.range.start.line + 1, 4)
    assert "**PM307 action-untracked**" in text
    assert "An action item has no TODO.md task line" in text and "**Why:**" in text
    tracked = await hover_text(client, root / DOC, line_of(DOCUMENT, ROW), 4)
    assert "Issue #41: open" in tracked and "TODO.md line 3" in tracked

    todo = root / "TODO.md"
    await open_file(client, todo)
    row = todo.read_text(encoding="utf-8").splitlines()[2]
    assert "Issue #41: open" in await hover_text(client, todo, 3, row.index("#41") + 1)
    checked = todo.read_text(encoding="utf-8").replace("- [ ]", "- [x]")
    change(client, todo, checked, 2)
    await diagnostics_of(client, todo)
    assert "Issue #41: closed" in await hover_text(client, todo, 3, row.index("#41") + 1)


@pytest.mark.asyncio
async def test_the_header_shows_when_the_review_is_due_counted_as_pm401_counts(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    await open_file(client, root / DOC)
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=(root / DOC).as_uri())))
    # Thursday 3 December, SEV-2 (5 business days): Thursday 10 December; today is Tuesday 8.
    assert [(lens.range.start.line, lens.command.title if lens.command else None) for lens in lenses or []] == [
        (0, "review due in 2 business days (Thu 10 Dec)")]
    held = DOCUMENT.replace("**Status:** Draft", "**Status:** Draft\n**Meeting:** 2026-12-07")
    change(client, root / DOC, held, 2)
    await diagnostics_of(client, root / DOC)
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=(root / DOC).as_uri())))
    assert [lens.command.title for lens in lenses or [] if lens.command] == ["review held Mon 7 Dec (due Thu 10 Dec)"]


@pytest.mark.asyncio
async def test_completion_offers_owners_severities_priorities_statuses_and_sections(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    await open_file(client, root / DOC)
    owner = ROW.index("@maria")
    assert await labels(client, root / DOC, line_of(DOCUMENT, ROW), owner) == [
        "@acme/sre", "@amara", "@grace", "@kenji", "@maria"]  # CODEOWNERS and the archive
    assert await labels(client, root / DOC, line_of(DOCUMENT, ROW), ROW.index("P1")) == ["P1", "P2", "P3"]
    assert await labels(client, root / DOC, line_of(DOCUMENT, "**Severity:**"), len("**Severity:** ")) == [
        "SEV-1", "SEV-2", "SEV-3", "SEV-4"]
    assert await labels(client, root / DOC, line_of(DOCUMENT, "**Status:**"), len("**Status:** ")) == [
        "Draft", "Final"]
    typed = DOCUMENT.replace("## Action Items", "## \n\n## Action Items")
    change(client, root / DOC, typed, 2)
    # After "## ": the template's sections the document does not have yet.
    assert await labels(client, root / DOC, typed.splitlines().index("## ") + 1, 3) == ["What Went Poorly"]


@pytest.mark.asyncio
async def test_todo_and_documents_update_each_other_unsaved(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    todo = root / "TODO.md"
    assert "PM307" in {d.code for d in await open_file(client, root / DOC)}
    await open_file(client, todo)
    line = f"- [ ] Add a pool size field to the service configuration template _(ref: {DOC})_\n"
    change(client, todo, todo.read_text(encoding="utf-8") + line, 2)
    await codes_until(client, root / DOC, lambda codes: "PM307" not in codes)
    # The other way: the document drops that action, and TODO.md's line is an orphan.
    dropped = DOCUMENT.replace("| Add a pool size field to the service configuration template | @kenji | P2 | next Friday |\n", "")
    change(client, root / DOC, dropped, 2)
    await codes_until(client, todo, lambda codes: "PM603" in codes)


@pytest.mark.asyncio
async def test_a_configuration_change_reloads_without_restart(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    assert "PM303" in {d.code for d in await open_file(client, root / DOC)}
    # Sent before the diagnostics: the client watches the configuration files for the server.
    assert [r.method for r in client.registrations] == [types.WORKSPACE_DID_CHANGE_WATCHED_FILES]  # type: ignore[attr-defined]
    config = root / "pyproject.toml"
    config.write_text(config.read_text(encoding="utf-8") + 'ignore = ["PM303"]\n', encoding="utf-8")
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        changes=[types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
    await codes_until(client, root / DOC, lambda codes: "PM303" not in codes)
    config.write_text(config.read_text(encoding="utf-8") + "max-file-size = -1\n", encoding="utf-8")
    client.text_document_did_save(types.DidSaveTextDocumentParams(
        text_document=types.TextDocumentIdentifier(uri=config.as_uri())))
    message = await client.wait_for_notification(types.WINDOW_SHOW_MESSAGE)
    assert message.type == types.MessageType.Error and "pyproject.toml" in message.message


GARBAGE = [
    "# Post-Mortem: \n\n**Date:** 2026-1\n**Severity:** SE\n\n## Time\n\n| Time | Eve\n|---|\n| 25:99 PST | |\n| @",
    "| | | |\n|-|\n" * 50 + "**" * 1000,
    "\x00\x01binary\x00",
    "# Post-Mortem: x\n\n## Action Items\n\n| Action | Owner |\n|---|---|\n| a | @\n| \\| | @ma",
    "\ud83d\ude00" * 30 + "\r\n## \r\n| Action | Owner | Priority | Due |\r\n|---|\r\n| 😀 | @x | P | next Fri",
]


@pytest.mark.asyncio
async def test_half_typed_garbage_gets_findings_and_every_request_an_answer(client: LanguageClient) -> None:
    root = client.root  # type: ignore[attr-defined]
    path = root / DOC
    await open_file(client, path, GARBAGE[0])
    for version, text in enumerate(GARBAGE[1:], start=2):
        change(client, path, text, version)
        found = await diagnostics_of(client, path)
        assert found, text[:40]
        if "\x00" in text:
            assert [(d.code, "binary" in d.message) for d in found] == [("PM001", True)]
        for line in range(len(text.splitlines())):
            await client.text_document_hover_async(types.HoverParams(**at(path, line + 1, 3)))  # type: ignore[arg-type]
            await client.text_document_completion_async(types.CompletionParams(**at(path, line + 1, 200)))  # type: ignore[arg-type]
        where = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=999, character=0))
        await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri()), range=where,
            context=types.CodeActionContext(diagnostics=[])))
        await client.text_document_code_lens_async(types.CodeLensParams(
            text_document=types.TextDocumentIdentifier(uri=path.as_uri())))
