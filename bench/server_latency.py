#!/usr/bin/env python3
"""`pmlint server`: from a change to its diagnostics, and the server's memory.

Usage:
    python bench/server_latency.py [--docs 2000] [--lines 500] [--changes 200] [--json]

Generates a project of `--docs` post-mortems with ../shared/bench/gen_corpus.py (committed to
a scratch Git repository, as a team's archive is), makes one of them `--lines` long, starts
`pmlint server` over stdio with pygls's client, opens that document and TODO.md, then sends
`--changes` edits one at a time (each a word typed in the Root Cause), waiting for the
diagnostics of each before the next. Warm: the first edits are not counted. Opening TODO.md
(and its cross-file update of the document) is timed apart. Reports the
median and p95 milliseconds from sending the change to receiving its diagnostics (the
server's debounce included) and the server's resident memory (VmRSS, VmHWM) at the end.
Targets: median under 30 ms, p95 under 80 ms, under 100 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO.parent / "shared" / "bench" / "gen_corpus.py"
TODAY = "2027-12-31"
WARM_UP = 10
CONFIG = """\
[tool.pmlint]
paths = ["docs/incidents/*.md"]
"""


def make_project(root: Path, docs: int, lines: int) -> Path:
    """The generated project, committed; returns the document grown to `lines` lines."""
    subprocess.run([sys.executable, str(GENERATOR), str(root), "--docs", str(docs)], check=True, capture_output=True)
    (root / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    documents = docs_of(root)
    document = documents[len(documents) // 2]
    text = document.read_text(encoding="utf-8")
    # Grow it where post-mortems grow: the timeline and the root cause.
    head, marker, rest = text.partition("## Root Cause\n")
    extra: list[str] = []
    index = 0
    while len((head + marker + rest).splitlines()) + 2 * len(extra) < lines:
        extra.append(f"The retry path of worker {index} doubled the load on the connection pool, so requests "
                     f"queued behind the saturated pool for {index % 50 + 1} seconds before they timed out.\n\n")
        index += 1
    document.write_text(head + marker + "\n" + "".join(extra) + rest, encoding="utf-8")
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "archive"]):
        subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", *args], cwd=root,
                       check=True, capture_output=True)
    return document


def docs_of(root: Path) -> list[Path]:
    return sorted((root / "docs/incidents").glob("*.md"))


def memory(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak) of the process, in MB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[name] = int(value.split()[0]) / 1024
    return found


async def measure(root: Path, document: Path, changes: int) -> dict[str, Any]:
    client = LanguageClient("bench", "0")
    published: dict[str, asyncio.Queue[types.PublishDiagnosticsParams]] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: types.PublishDiagnosticsParams) -> None:
        published.setdefault(params.uri, asyncio.Queue()).put_nowait(params)

    await client.start_io(sys.executable, "-m", "pmlint", "server", "--today", TODAY)
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="bench")]))
    client.initialized(types.InitializedParams())
    uri = document.as_uri()
    queue = published.setdefault(uri, asyncio.Queue())
    text = document.read_text(encoding="utf-8")
    started = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))
    first = await queue.get()
    open_ms = (time.perf_counter() - started) * 1000
    todo = root / "TODO.md"
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=todo.as_uri(), language_id="markdown", version=1, text=todo.read_text(encoding="utf-8"))))
    started = time.perf_counter()
    await published.setdefault(todo.as_uri(), asyncio.Queue()).get()
    todo_ms = (time.perf_counter() - started) * 1000
    await queue.get()  # the document again, once TODO.md is open (the server's cross-file update)
    line = next(number for number, source in enumerate(text.splitlines()) if source.startswith("The retry path"))
    timings = []
    for version in range(2, changes + 2):
        typed = f" w{version}"
        where = types.Position(line=line, character=len("The retry path"))
        started = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangePartial(
                range=types.Range(start=where, end=where), text=typed)]))
        while True:
            params = await queue.get()
            if params.version == version:
                break
        timings.append((time.perf_counter() - started) * 1000)
    assert client._server is not None
    used = memory(client._server.pid)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    warm = sorted(timings[WARM_UP:])
    return {
        "document_lines": len(text.splitlines()),
        "findings_on_open": len(first.diagnostics),
        "open_ms": round(open_ms, 1),
        "todo_open_ms": round(todo_ms, 1),
        "changes": len(warm),
        "median_ms": round(statistics.median(warm), 1),
        "p95_ms": round(warm[int(len(warm) * 0.95) - 1], 1),
        "max_ms": round(warm[-1], 1),
        "rss_mb": round(used.get("VmRSS", 0), 1),
        "peak_rss_mb": round(used.get("VmHWM", 0), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=500)
    parser.add_argument("--changes", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pmlint-server-bench-") as folder:
        root = Path(folder)
        document = make_project(root, args.docs, args.lines)
        result = asyncio.run(measure(root, document, args.changes + WARM_UP))
    result["documents"] = args.docs
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:>18}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
