"""The language server: pygls over stdio, the documents the editor holds, and when to lint.

Linting runs in one worker thread, never on the event loop: the loop keeps reading
messages (a change, a hover, a cancel) while a large document is linted. Changes are
debounced: a burst of keystrokes is linted once, when it pauses. A change to a document
also re-lints TODO.md if it is open, and a change to TODO.md every open document of the
project; a change to the configuration reloads it and re-lints everything open.
The server never writes a file: every change it offers is a WorkspaceEdit the editor applies.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from pmlint import __version__
from pmlint.engine.findings import Finding
from pmlint.read.files import real_path
from pmlint.server import features
from pmlint.server.engine_bridge import Project, today_utc

# Seconds a change waits for the next one before it is linted. Short: a 500-line document
# lints in a few milliseconds, and changes that come while a lint runs are coalesced anyway.
DEBOUNCE = 0.01
# Seconds of quiet before the files that depend on a change (TODO.md, the documents it
# tracks) are linted again: TODO.md's checks read every document it refs, a lint that must
# not run between two keystrokes and delay the second one's diagnostics.
DEPENDENTS_DELAY = 1.0
WATCHED = ["**/pyproject.toml", "**/.pmlint.toml", "**/*.md", "**/CODEOWNERS"]
Result = TypeVar("Result")
log = logging.getLogger("pmlint.server")


def path_of(uri: str) -> Path | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    return real_path(Path(unquote(parsed.path)))


class PmlintServer(LanguageServer):
    def __init__(self, today: Callable[[], dt.date] = today_utc, debounce: float = DEBOUNCE) -> None:
        super().__init__("pmlint", __version__)
        self.today = today
        self.debounce = debounce
        self.rule_url = features.RULE_URL
        self.projects: dict[Path, Project] = {}
        self.findings: dict[str, tuple[int | None, list[Finding]]] = {}
        self.dirty: set[str] = set()  # to lint after the debounce
        self.waiting: set[str] = set()  # files that depend on a change: linted when typing pauses
        self.timer: asyncio.Task[None] | None = None
        self.later: asyncio.Task[None] | None = None
        self.running: set[asyncio.Task[None]] = set()
        self.one_at_a_time = asyncio.Lock()
        # One thread: lints run one at a time, in order; requests use the loop's default pool.
        self.linter = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="pmlint-lint")
        self.folders: list[Path] = []

    # -- projects and documents -----------------------------------------------------------

    def project_for(self, path: Path) -> Project:
        """The project of the workspace folder holding `path` (the deepest), else of the
        file's own folder; its configuration is found from there as `pmlint check` finds it."""
        holding = [folder for folder in self.folders if path.is_relative_to(folder)]
        folder = max(holding, key=lambda found: len(found.parts)) if holding else path.parent
        project = self.projects.get(folder)
        if project is None:
            project = self.projects[folder] = Project(folder)
            if project.error:
                self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                                 message=f"pmlint: {project.error}"))
        return project

    def open_files(self) -> dict[str, Path]:
        """uri -> real path of every open file: URI."""
        found = {}
        for uri in list(self.workspace.text_documents):
            path = path_of(uri)
            if path is not None:
                found[uri] = path
        return found

    def snapshot(self, uri: str) -> features.Snapshot | None:
        path = path_of(uri)
        if path is None or uri not in self.workspace.text_documents:
            return None
        project = self.project_for(path)
        kind = project.kind(path)
        if kind is None:
            return None
        document = self.workspace.get_text_document(uri)
        version, found = self.findings.get(uri, (None, []))
        return features.Snapshot(uri, path, kind, document.source, document.version, found,
                                 str(self.workspace.position_encoding))

    def texts(self, project: Project) -> dict[Path, str]:
        """The open files' texts, by real path: they stand for the files on disk."""
        return {path: self.workspace.get_text_document(uri).source
                for uri, path in self.open_files().items() if path.is_relative_to(project.root)}

    def versions(self) -> dict[Path, tuple[str, int | None]]:
        return {path: (uri, self.workspace.get_text_document(uri).version) for uri, path in self.open_files().items()}

    async def off_loop(self, work: Callable[[], Result]) -> Result:
        """`work` in a worker thread: the event loop keeps answering meanwhile."""
        return await asyncio.get_running_loop().run_in_executor(None, work)

    # -- linting --------------------------------------------------------------------------

    def touched(self, uri: str) -> None:
        """Schedule `uri` for linting, with the files whose findings depend on it."""
        path = path_of(uri)
        if path is None:
            return
        project = self.project_for(path)
        kind = project.kind(path)
        others = set()
        for other, other_path in self.open_files().items():
            other_kind = project.kind(other_path)
            if (kind == "document" and other_kind == "todo") or (kind == "todo" and other_kind == "document"):
                others.add(other)
        self.schedule({uri})
        # The files that depend on it follow once typing pauses: TODO.md's checks read
        # every document it refs, which must not delay the diagnostics of the next keystroke.
        self.waiting |= others
        if self.later is not None:
            self.later.cancel()
        self.later = asyncio.get_running_loop().create_task(self._after(self.debounce + DEPENDENTS_DELAY, later=True))

    def schedule(self, uris: set[str], delay: float | None = None) -> None:
        self.dirty |= uris
        if self.timer is not None:
            self.timer.cancel()
        self.timer = asyncio.get_running_loop().create_task(self._after(self.debounce if delay is None else delay))

    async def _after(self, delay: float, later: bool = False) -> None:
        await asyncio.sleep(delay)
        task = asyncio.get_running_loop().create_task(self._lint_pending(later))  # not cancelled by the next change
        self.running.add(task)
        task.add_done_callback(self.running.discard)

    async def _lint_pending(self, later: bool) -> None:
        """Lint what is pending when the previous lint is done: changes that came during a
        lint are linted together, once, after it."""
        async with self.one_at_a_time:
            if later:
                batch, self.waiting = self.waiting, set()
            else:
                batch, self.dirty = self.dirty, set()
            if batch:
                await self._lint(batch)

    async def _lint(self, uris: set[str]) -> None:
        by_project: dict[Path, tuple[Project, dict[str, Path]]] = {}
        for uri in uris:
            path = path_of(uri)
            if path is None or uri not in self.workspace.text_documents:
                continue
            project = self.project_for(path)
            by_project.setdefault(project.folder, (project, {}))[1][uri] = path
        today = self.today()
        for project, files in by_project.values():
            texts = self.texts(project)
            versions = {uri: self.workspace.get_text_document(uri).version for uri in files}
            try:
                started = time.perf_counter()
                found = await asyncio.get_running_loop().run_in_executor(
                    self.linter, project.lint, list(files.values()), texts, today)
                log.info("linted %d file(s) in %.1f ms", len(files), (time.perf_counter() - started) * 1000)
            except Exception as exc:  # noqa: BLE001 - one bad document must not stop the server
                log.exception("lint failed")
                self.window_log_message(types.LogMessageParams(type=types.MessageType.Error,
                                                               message=f"pmlint: {type(exc).__name__}: {exc}"))
                continue
            for uri, path in files.items():
                if uri not in self.workspace.text_documents:
                    continue  # closed meanwhile
                document = self.workspace.get_text_document(uri)
                if document.version != versions[uri]:
                    continue  # changed meanwhile: a newer lint is scheduled
                findings = found.get(path, [])
                self.findings[uri] = (document.version, findings)
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                    uri=uri, version=document.version,
                    diagnostics=features.diagnostics(findings, document.source, self.rule_url,
                                                     str(self.workspace.position_encoding)),
                ))

    def reload(self, changed: Path) -> None:
        """A configuration file changed: read every project's configuration again and
        re-lint everything open."""
        log.info("configuration changed: %s", changed)
        for project in self.projects.values():
            error = project.reload()
            if error:
                self.window_show_message(types.ShowMessageParams(type=types.MessageType.Error,
                                                                 message=f"pmlint: {error}"))
        self.schedule(set(self.open_files()), delay=0)


def build(today: Callable[[], dt.date] = today_utc, debounce: float = DEBOUNCE) -> PmlintServer:
    server = PmlintServer(today, debounce)

    @server.feature(types.INITIALIZE)
    def initialize(ls: PmlintServer, params: types.InitializeParams) -> None:
        folders = [path_of(folder.uri) for folder in params.workspace_folders or []]
        if not folders and params.root_uri:
            folders = [path_of(params.root_uri)]
        ls.folders = [folder for folder in folders if folder is not None]
        options: Any = params.initialization_options
        if isinstance(options, dict):
            if isinstance(options.get("ruleUrl"), str) and "{code}" in options["ruleUrl"]:
                ls.rule_url = options["ruleUrl"]
            if isinstance(options.get("debounceMs"), int | float) and options["debounceMs"] >= 0:
                ls.debounce = options["debounceMs"] / 1000

    @server.feature(types.INITIALIZED)
    async def initialized(ls: PmlintServer, params: types.InitializedParams) -> None:
        capabilities = ls.client_capabilities.workspace
        watch = capabilities.did_change_watched_files if capabilities is not None else None
        if watch is not None and watch.dynamic_registration:
            watchers = [types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[types.Registration(
                    id="pmlint-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(watchers=watchers),
                )]))
            except Exception as exc:  # noqa: BLE001 - saving a configuration file still reloads it
                log.warning("the client did not register the file watchers: %s", exc)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PmlintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.touched(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PmlintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.touched(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PmlintServer, params: types.DidSaveTextDocumentParams) -> None:
        path = path_of(params.text_document.uri)
        if path is not None and any(project.is_config_file(path) for project in ls.projects.values()):
            ls.reload(path)
        else:
            ls.touched(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PmlintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.findings.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        # What the others read of it is the file on disk again.
        others = {other for other in ls.open_files() if other != uri}
        if others:
            ls.schedule(others)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: PmlintServer, params: types.DidChangeWatchedFilesParams) -> None:
        paths = [path for path in (path_of(change.uri) for change in params.changes) if path is not None]
        configs = [path for path in paths if any(project.is_config_file(path) for project in ls.projects.values())]
        if configs:
            ls.reload(configs[0])
        elif paths:
            if any(path.name == "CODEOWNERS" for path in paths):
                for project in ls.projects.values():
                    project.reload()  # forgets the owners completion offers
            ls.schedule(set(ls.open_files()))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[
        types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, f"{types.CodeActionKind.SourceFixAll}.pmlint",
    ]))
    async def code_action(ls: PmlintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        snapshot = ls.snapshot(params.text_document.uri)
        if snapshot is None:
            return None
        project = ls.project_for(snapshot.path)
        texts, versions = ls.texts(project), ls.versions()
        first, last = params.range.start.line + 1, params.range.end.line + 1
        only = list(params.context.only) if params.context.only else None
        return await ls.off_loop(lambda: features.code_actions(project, snapshot, first, last, texts, versions,
                                                               only, ls.rule_url))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: PmlintServer, params: types.HoverParams) -> types.Hover | None:
        snapshot = ls.snapshot(params.text_document.uri)
        if snapshot is None:
            return None
        project = ls.project_for(snapshot.path)
        texts = ls.texts(project)
        line, character = params.position.line + 1, params.position.character
        return await ls.off_loop(lambda: features.hover(project, snapshot, line, character, texts, ls.rule_url))

    @server.feature(types.TEXT_DOCUMENT_CODE_LENS)
    async def code_lens(ls: PmlintServer, params: types.CodeLensParams) -> list[types.CodeLens] | None:
        snapshot = ls.snapshot(params.text_document.uri)
        if snapshot is None:
            return None
        project = ls.project_for(snapshot.path)
        today = ls.today()
        return await ls.off_loop(lambda: features.code_lenses(project, snapshot, today))

    @server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=["@", " ", "|"]))
    async def completion(ls: PmlintServer, params: types.CompletionParams) -> types.CompletionList | None:
        snapshot = ls.snapshot(params.text_document.uri)
        if snapshot is None:
            return None
        project = ls.project_for(snapshot.path)
        line, character = params.position.line, params.position.character
        items = await ls.off_loop(lambda: features.completions(project, snapshot, line, character))
        return types.CompletionList(is_incomplete=False, items=items)

    return server

