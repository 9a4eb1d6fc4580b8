"""Linting many documents on every core.

Documents are independent once TODO.md is parsed, so a large run splits them across forked
workers that inherit the parsed TODO.md, the configuration and the checks. Small runs (the
pre-commit case) stay in one process: forking costs more than it saves there.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmlint.engine.linter import Finding, Linter
    from pmlint.read.files import Unreadable

PARALLEL_MIN_DOCUMENTS = 400

_linter: Linter | None = None  # set in the parent before forking; workers inherit it


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _lint_chunk(paths: list[Path]) -> tuple[list[Finding], int, dict[str, frozenset[str] | Unreadable]]:
    from pmlint.engine.linter import Report

    linter = _linter
    assert linter is not None
    linter.report = Report()  # the parent keeps what it found before the fork
    for path in paths:
        linter.lint_document(path)
    return linter.report.findings, linter.report.files, linter.context.project.known_actions()


def lint_documents(linter: Linter, paths: list[Path]) -> None:
    """Lint `paths` into `linter.report`, in parallel when it pays."""
    workers = min(_cores(), 8)
    if len(paths) >= PARALLEL_MIN_DOCUMENTS and workers > 1:
        import multiprocessing  # only large runs pay for it

        if "fork" in multiprocessing.get_all_start_methods():
            _lint_in_workers(linter, paths, workers, multiprocessing.get_context("fork"))
            return
    for path in paths:
        linter.lint_document(path)


def _lint_in_workers(linter: Linter, paths: list[Path], workers: int, context: Any) -> None:
    global _linter
    _linter = linter
    size = -(-len(paths) // workers)
    chunks = [paths[start : start + size] for start in range(0, len(paths), size)]
    try:
        # concurrent.futures rather than multiprocessing.Pool: a worker that dies is an error
        # here (BrokenProcessPool), where a Pool would wait for it forever.
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(len(chunks), mp_context=context) as pool:
            results = list(pool.map(_lint_chunk, chunks))
    finally:
        _linter = None
    for findings, files, actions in results:
        linter.report.findings.extend(findings)
        linter.report.files += files
        for doc_path, keys in actions.items():
            if isinstance(keys, frozenset):
                linter.context.project.record_actions(doc_path, keys)
