"""Reading the project for `pmlint report`: one lint pass, as `pmlint check` runs it with no
path named, that also hands every parsed document to `document_facts`.

So the report reads and parses each file once, in the same workers as `check`, and the
share of documents meeting every exit criterion is check's own verdict, not a second
opinion.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from pmlint.catalog.rules import load_catalog
from pmlint.config.load import RuleOptionTable
from pmlint.config.schema import Config
from pmlint.engine.linter import lint
from pmlint.engine.selection import build_selection, known_selectors
from pmlint.project.inputs import collect_inputs
from pmlint.retro.criteria import Failure
from pmlint.retro.facts import DocumentFacts, document_facts
from pmlint.retro.history import read_history

UNREADABLE_CODE = "PM001"
FINAL_STATUSES = ("Final",)  # the Status that marks the review done (as PM402 and PM403 read it)


@dataclass(frozen=True, slots=True)
class Collected:
    facts: list[DocumentFacts]  # the documents read, in path order
    failing: set[str]  # documents (relative to the root) with at least one error finding
    unreadable: list[str]  # documents that could not be read (PM001), relative to the root
    # the error findings of each document, by ("", path): which exit criterion fails, and why
    errors: dict[tuple[str, str], list[Failure]] = field(default_factory=dict)
    history: str = "not read"  # "read", "shallow" or "not read" (no git, --no-git)


def collect(
    config: Config, root: Path, today: dt.date, use_git: bool = True, options: RuleOptionTable | None = None
) -> Collected:
    """Lint the configured documents and TODO.md with the configured rules, once."""
    rules = load_catalog()
    known = known_selectors(config.select, config.ignore, config.levels, config.per_file_ignores, rules)
    selection = build_selection(rules, known.select, known.ignore, known.levels, known.per_file_ignores)
    inputs = collect_inputs([], config, root, root, force_exclude=False)
    # cwd = root: findings then name documents by the same root-relative paths as the facts.
    report = lint(inputs, config, selection, root, root, today, use_git=use_git, observe=document_facts,
                  options=options)
    facts = sorted(report.observed, key=lambda f: f.path)
    documents = {f.path for f in facts}
    errors: dict[tuple[str, str], list[Failure]] = {}
    for finding in report.findings:
        if finding.level == "error" and finding.path in documents:
            errors.setdefault(("", finding.path), []).append(Failure(finding.code, finding.line, finding.message))
    failing = {path for _, path in errors}
    state = "not read"
    if use_git and facts:
        history = read_history(root, [f.path for f in facts], FINAL_STATUSES, {f.path: f.meeting for f in facts})
        if history.available:
            state = "shallow" if history.shallow else "read"
            facts = [dataclasses.replace(f, history=history.documents.get(f.path)) for f in facts]
    read = documents
    unreadable = sorted(
        {f.path for f in report.findings if f.code == UNREADABLE_CODE and f.path not in read}
        - {config.todo}
    )
    return Collected(facts, failing, unreadable, errors, state)
