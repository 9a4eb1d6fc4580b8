"""`pmlint report --merge DIR...`: the organisation's page from the JSON reports of several
repositories (each uploaded by its own workflow as an artifact).

Each report carries its documents' raw records (`documents[]`, retro.records); the merge
rebuilds their facts under the repository's name and computes the figures once over all
of them, so the merged figures are those of one report over the union of the documents.
A report is named by its `repository` key, else by the folder it was found in.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmlint.config.schema import Config
from pmlint.errors import UsageError
from pmlint.items.due import NO_ISSUES
from pmlint.retro.criteria import Failure
from pmlint.retro.facts import DocumentFacts
from pmlint.retro.figures import Figures, compute
from pmlint.retro.json_data import VERSION
from pmlint.retro.links import Links, merged_links
from pmlint.retro.periods import Window
from pmlint.retro.records import documents_of, facts_from


@dataclass(frozen=True, slots=True)
class Merged:
    facts: list[DocumentFacts]
    errors: dict[tuple[str, str], list[Failure]]
    unreadable: list[str]
    issues_known: bool
    history: str
    sources: dict[str, dict[str, Any]]  # repository -> its report's `source` (server, ref)


def report_files(folders: Sequence[Path]) -> list[Path]:
    """The JSON files below the folders (an artifact download keeps one folder per artifact)."""
    found = []
    for folder in folders:
        if folder.is_file():
            found.append(folder)
        elif folder.is_dir():
            found.extend(sorted(p for p in folder.rglob("*.json") if p.is_file()))
        else:
            raise UsageError(f"--merge {folder}: no such file or folder")
    if not found:
        raise UsageError("--merge: no JSON report found in " + ", ".join(str(f) for f in folders))
    return found


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: not a pmlint report JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("documents"), list):
        raise UsageError(f"{path}: not a pmlint report JSON of version {VERSION} "
                         "(made by `pmlint report --format json` of this pmlint)")
    return data


def merge(folders: Sequence[Path]) -> Merged:
    facts: list[DocumentFacts] = []
    errors: dict[tuple[str, str], list[Failure]] = {}
    unreadable: list[str] = []
    seen: dict[str, Path] = {}
    sources: dict[str, dict[str, Any]] = {}
    known, states = True, []
    for path in report_files(folders):
        data = _read(path)
        repository = str(data.get("repository") or path.parent.name)
        if repository in seen:
            raise UsageError(f"{path}: a second report of {repository} (the first is {seen[repository]})")
        seen[repository] = path
        sources[repository] = data.get("source") or {}
        try:
            for entry in data["documents"]:
                doc, failures = facts_from(entry, repository)
                facts.append(doc)
                if failures:
                    errors[(repository, doc.path)] = failures
        except (KeyError, TypeError, ValueError) as exc:
            raise UsageError(f"{path}: a document record is malformed ({exc!r})") from None
        unreadable.extend(f"{repository}:{p}" for p in data["headline"]["unreadable"])
        known = known and bool(data.get("issues_read"))
        states.append(str(data.get("history", "not read")))
    history = "not read" if "not read" in states else "shallow" if "shallow" in states else "read"
    facts.sort(key=lambda f: (f.repository, f.path))
    return Merged(facts, errors, unreadable, known, history, sources)


def merged_report(folders: Sequence[Path], config: Config, today: dt.date, window: Window, env: Mapping[str, str],
                  with_documents: bool) -> tuple[Figures, Links, list[dict[str, Any]]]:
    """The figures of the merged reports (as of `today`, in `window`, by this run's
    calendar), their links into each repository, and (for JSON) the documents' records."""
    merged = merge(folders)
    figures = compute(merged.facts, set(merged.errors), config, today, window, unreadable=merged.unreadable,
                      issues_known=merged.issues_known, errors=merged.errors, history=merged.history)
    # Done states were decided by each repository's report: no issue states here.
    documents = documents_of(merged.facts, merged.errors, NO_ISSUES) if with_documents else []
    return figures, merged_links(env, merged.sources), documents
