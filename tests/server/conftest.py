"""The language server under a real LSP client (pytest-lsp), over stdio."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.server.project import TODAY, make_project

# A bound, not a measure: a server that never answers fails the test instead of hanging it.
WAIT = 120

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "pmlint", "server", "--today", TODAY])


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, tmp_path: Path):  # type: ignore[no-untyped-def]
    make_project(tmp_path)
    lsp_client.registrations = []  # type: ignore[attr-defined]

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        lsp_client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    params = types.InitializeParams(capabilities=client_capabilities("visual-studio-code"),
                                    root_uri=tmp_path.as_uri(),
                                    workspace_folders=[types.WorkspaceFolder(uri=tmp_path.as_uri(), name="p")])
    await lsp_client.initialize_session(params)
    lsp_client.root = tmp_path  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def open_file(client: LanguageClient, path: Path, text: str | None = None) -> list[types.Diagnostic]:
    text = path.read_text(encoding="utf-8") if text is None else text
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=path.as_uri(), language_id="markdown", version=1, text=text)))
    return await diagnostics_of(client, path)


async def diagnostics_of(client: LanguageClient, path: Path) -> list[types.Diagnostic]:
    """The next diagnostics published for `path` (or held since the last call)."""
    while path.as_uri() not in client.diagnostics:
        await asyncio.wait_for(client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), WAIT)
    return list(client.diagnostics.pop(path.as_uri()))


async def codes_until(client: LanguageClient, path: Path, done: Callable[[set[str]], bool]) -> set[str]:
    """The codes of the first diagnostics published for `path` that satisfy `done`: a
    change to one file re-lints the others, and a publication from before it may come first."""
    while True:
        codes = {str(d.code) for d in await diagnostics_of(client, path)}
        if done(codes):
            return codes




def change(client: LanguageClient, path: Path, text: str, version: int) -> None:
    """Replace the whole text of the open file, unsaved."""
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


def offset(text: str, position: types.Position) -> int:
    """The index in `text` of an LSP position (the tests' texts are ASCII)."""
    lines = text.splitlines(keepends=True)
    return sum(len(line) for line in lines[: position.line]) + position.character


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """`text` with LSP text edits applied, as an editor applies them."""
    for edit in sorted(edits, key=lambda e: offset(text, e.range.start), reverse=True):
        text = text[: offset(text, edit.range.start)] + edit.new_text + text[offset(text, edit.range.end):]
    return text


def edits_for(edit: types.WorkspaceEdit | None, path: Path) -> list[types.TextEdit]:
    assert edit is not None and edit.document_changes is not None
    return [change for document in edit.document_changes if isinstance(document, types.TextDocumentEdit)
            and document.text_document.uri == path.as_uri() for change in document.edits]  # type: ignore[misc]


async def actions_at(client: LanguageClient, path: Path, line: int) -> list[types.CodeAction]:
    """The code actions offered on 1-based `line`."""
    where = types.Range(start=types.Position(line=line - 1, character=0), end=types.Position(line=line - 1, character=0))
    found = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=path.as_uri()), range=where,
        context=types.CodeActionContext(diagnostics=[])))
    return [action for action in found or [] if isinstance(action, types.CodeAction)]
