"""The engine: which files, which rules, at which level. Checks only say what is wrong;
selection, levels, per-file ignores and suppression comments are applied here, once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pmlint.catalog.rules import Level
from pmlint.checks.context import Context
from pmlint.checks.registry import Check, Problem, RaisedProblem
from pmlint.config.load import RuleOptionTable
from pmlint.config.schema import Config
from pmlint.engine.findings import MARK, UNKNOWN_CODE, UNUSED_CODE, Finding, Report
from pmlint.engine.parallel import PARALLEL_MIN_ITEMS, map_in_workers
from pmlint.engine.selection import Selection
from pmlint.errors import InternalError, ReadError
from pmlint.parse.action_table import action_rows
from pmlint.parse.document import Document, parse_document
from pmlint.parse.todo_file import TodoFile, parse_todo
from pmlint.project.inputs import Inputs
from pmlint.project.state import Project
from pmlint.read.files import Unreadable, outside_reason, real_path, relative_posix

if TYPE_CHECKING:
    from pmlint.engine.suppress import Directive, Suppressions

# Up to this many documents, TODO.md is scanned only for their lines (the pre-commit case).
FEW_DOCUMENTS = 16


class FileNames(NamedTuple):
    relative: str  # to the project root: what globs, refs and per-file-ignores see
    shown: str  # to the current directory: what the user reads


class Linter:
    """Runs the enabled checks over files and collects their findings in `report`."""

    def __init__(
        self, config: Config, selection: Selection, context: Context, cwd: Path,
        observe: Callable[[Document, Context], Any] | None = None,
    ) -> None:
        self.config = config
        self.selection = selection
        self.context = context
        self.cwd = cwd
        self.report = Report()
        # The suppression comments of the file being linted; None when it has none.
        self.suppressions: Suppressions | None = None
        # Called with each parsed document; its results go to report.observed (workers included).
        self.observe = observe
        from pmlint.checks.all import (
            all_checks,  # the checks import heavy parsers: only when linting
        )

        checks = all_checks()
        enabled = self.selection.levels
        self.document_checks = [c for code, c in checks.items() if c.target == "document" and code in enabled]
        self.todo_checks = [c for code, c in checks.items() if c.target == "todo" and code in enabled]

    @property
    def root(self) -> Path:
        return self.context.root

    def _emit(self, where: FileNames, code: str, problems: Iterable[Problem]) -> None:
        level = self.selection.level_for(code, where.relative)
        if level is None:
            return
        name = self.selection.rules[code].name
        suppressions = self.suppressions
        default = self.selection.rules[code].level
        found = []
        for problem in problems:
            if suppressions is not None and suppressions.covers(code, problem.line):
                continue
            # A check may raise its finding above the rule's default level (PM405 on a Final
            # document); a level set in the configuration stays as set.
            shown: Level = "error" if isinstance(problem, RaisedProblem) and level == default else level
            found.append(Finding(where.shown, problem.line, problem.column, code, name, shown, problem.message))
        self.report.findings.extend(found)

    def _with_suppressions(self, where: FileNames, directives: list[Directive], run: Callable[[], None]) -> None:
        """Run the checks of one file with its suppression comments in force, then report
        the comments that name no rule (PM902) and those that suppressed nothing (PM901)."""
        from pmlint.engine.suppress import Suppressions

        suppressions = self.suppressions = Suppressions(directives)
        try:
            self._emit(where, UNKNOWN_CODE, list(suppressions.unknown()))
            run()
            if self.selection.level_for(UNUSED_CODE, where.relative) is not None:
                judged = lambda code: self.selection.level_for(code, where.relative) is not None  # noqa: E731
                self._emit(where, UNUSED_CODE, list(suppressions.unused(judged)))
        finally:
            self.suppressions = None

    def _run(self, check: Check, subject: Document | TodoFile, where: FileNames) -> None:
        try:
            problems = list(check.function(subject, self.context))
        except Exception as exc:  # a bug in a check must name the file and the rule
            raise InternalError(f"{where.shown}: {check.code} crashed: {type(exc).__name__}: {exc}") from exc
        if problems:
            self._emit(where, check.code, problems)

    def names(self, path: Path) -> FileNames:
        return FileNames(relative_posix(path, self.root), relative_posix(path, self.cwd))

    def read(self, path: Path, where: FileNames) -> str | None:
        self.report.files += 1
        # The real path, every link followed (a file, or a folder above it): a file named
        # outside the root on the command line is linted as ruff would, one that only
        # seems inside is not read.
        reason = outside_reason(path, self.root) if path.is_relative_to(self.root) else None
        if reason is not None:
            self._emit(where, "PM001", [Problem(1, 1, reason)])
            return None
        text = self.context.project.read(path)
        if isinstance(text, Unreadable):
            if text.refused:  # not a finding: the run cannot see what it is asked to check
                raise ReadError(f"{where.shown}: {text.message}")
            self._emit(where, "PM001", [Problem(text.line, 1, text.message)])
            return None
        return text

    def lint_document(self, path: Path) -> None:
        where = self.names(path)
        text = self.read(path, where)
        if text is None:
            return
        doc = parse_document(text, where.relative, self.config.template.field_aliases)
        if self.observe is not None:
            try:
                self.report.observed.append(self.observe(doc, self.context))
            except Exception as exc:  # a bug in the observer must name the file, as a check's does
                raise InternalError(f"{where.shown}: reading its figures crashed: {type(exc).__name__}: {exc}") from exc

        def run_checks() -> None:
            for check in self.document_checks:
                self._run(check, doc, where)

        # Directives are looked for only in files that mention them: no cost for the others.
        directives = []
        if MARK in text:
            from pmlint.engine.suppress import find_directives

            directives = find_directives(doc.lines, doc.comments, (p.line for p in doc.prose), text)
        if directives:
            self._with_suppressions(where, directives, run_checks)
        else:
            run_checks()
        # TODO.md's orphan check (PM603) reuses what was parsed here instead of reading again,
        # for the documents TODO.md names: keeping every document's action texts grew a
        # 50,000-document run (and each worker) by about 1 KB a document, mostly for nothing.
        # A document reached by a ref spelt another way (a link) is read again if asked for.
        project = self.context.project
        if self.todo_checks and project.todo_items_for(doc.path):
            project.record_actions(doc.path, frozenset(r.key for r in action_rows(doc, self.config.template)))

    def lint_documents(self, paths: list[Path]) -> None:
        """Lint `paths` into `report`, on every core when the run is large enough to pay."""
        results = map_in_workers(self._lint_chunk, paths)
        if results is None:
            for path in paths:
                self.lint_document(path)
            return
        for findings, files, actions, observed in results:
            self.report.findings.extend(findings)  # spills to a temporary file when many are held
            self.report.files += files
            self.report.observed.extend(observed)
            for doc_path, keys in actions.items():
                if isinstance(keys, frozenset):
                    self.context.project.record_actions(doc_path, keys)

    def _lint_chunk(
        self, paths: list[Path]
    ) -> tuple[list[Finding], int, dict[str, frozenset[str] | Unreadable], list[Any]]:
        """In a forked worker: lint `paths` into a fresh report (the parent keeps its own);
        hand back its findings sorted (here, on every core, rather than all at once in the
        parent), files read, the action texts of this chunk only and what `observe` made of
        its documents."""
        self.report = Report()
        mark = self.context.project.actions_count()
        for path in paths:
            self.lint_document(path)
        actions = self.context.project.actions_after(mark)
        return list(self.report.findings), self.report.files, actions, self.report.observed

    def lint_todo(self, path: Path, todo: TodoFile) -> None:
        where = self.names(path)

        def run_checks() -> None:
            for check in self.todo_checks:
                self._run(check, todo, where)

        directives = []
        if any(MARK in line for line in todo.lines):
            from pmlint.engine.suppress import todo_directives

            directives = todo_directives(todo.lines)
        if directives:
            self._with_suppressions(where, directives, run_checks)
        else:
            run_checks()


def lint(
    inputs: Inputs,
    config: Config,
    selection: Selection,
    root: Path,
    cwd: Path,
    today: dt.date,
    use_git: bool = True,
    observe: Callable[[Document, Context], Any] | None = None,
    options: RuleOptionTable | None = None,
    project: Project | None = None,
) -> Report:
    """Lint `inputs`. With `observe`, each parsed document is also handed to it, once, in
    the same pass (`report` reads its figures this way instead of parsing every file again).
    `options` are the rules' options as loaded (`LoadedConfig.options`); None resolves them
    from `config` (a configuration built in code). A `project` given (of the same root and
    configuration) is read instead of a fresh one: `pmlint server` hands it the editor's
    unsaved texts and what it already parsed."""
    project = project or Project(root, config)
    if inputs.todo is None and len(inputs.documents) <= FEW_DOCUMENTS:
        project.todo_needles = frozenset(path.name for path in inputs.documents)
    linter = Linter(config, selection, Context(config, project, today, use_git, options), cwd, observe=observe)
    git_dates = use_git and "PM401" in selection.levels
    if git_dates:  # one git log for all documents, running while TODO.md is read
        project.start_added_dates([relative_posix(path, root) for path in inputs.documents])
    # PM405's one git log over the runbook folders: a run that may fork starts it now, beside
    # PM401's, so that workers inherit the answer; a small run asks only when a Final
    # document links a runbook (most pre-commit runs never do).
    runbook_dates = use_git and "PM405" in selection.levels and len(inputs.documents) >= PARALLEL_MIN_ITEMS
    if runbook_dates:
        project.runbooks.start()
    todo: TodoFile | None = None
    if inputs.todo is not None:
        text = linter.read(inputs.todo, linter.names(inputs.todo))
        if text is not None:
            todo = parse_todo(text, relative_posix(inputs.todo, root))
            if real_path(inputs.todo) == project.todo_path:
                project.use_todo(todo)
    project.todo_items_for("")  # index TODO.md once, before any worker forks
    if git_dates:
        project.finish_added_dates()  # before any worker forks
    if runbook_dates:
        project.runbooks.finish()
    linter.lint_documents(inputs.documents)
    if todo is not None and inputs.todo is not None:
        linter.lint_todo(inputs.todo, todo)
    return linter.report  # its findings iterate sorted
