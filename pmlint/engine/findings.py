"""What a run reports: findings, the report, and the rules the engine reports itself."""

from __future__ import annotations

from typing import Any, NamedTuple

from pmlint.catalog.rules import Level

LEVEL_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
# Suppression comments contain this; the suppress module is imported only for files that do.
MARK = "pmlint-"
UNREADABLE_CODE, UNUSED_CODE, UNKNOWN_CODE = "PM001", "PM901", "PM902"
FIXABLE_CODES = frozenset({"PM307"})  # what `check --fix` fixes
# Rules the engine reports itself rather than through a registered check.
ENGINE_RULES = frozenset({UNREADABLE_CODE, UNUSED_CODE, UNKNOWN_CODE})


class Finding(NamedTuple):
    """One reported problem. Findings sort as tuples: by path, line, column, code, name,
    level, message (the field order)."""

    path: str  # relative to the current directory, "/" separators
    line: int
    column: int
    code: str
    name: str
    level: Level
    message: str


class Report:  # a plain class: a dataclass costs half a millisecond at start-up
    """The findings of a run, and how many files it read."""

    __slots__ = ("findings", "files", "observed", "documents", "warnings", "fixable")

    def __init__(
        self, findings: list[Finding] | None = None, files: int = 0, observed: list[Any] | None = None,
        documents: int = 0, warnings: list[str] | None = None, fixable: int = 0,
    ) -> None:
        self.findings: list[Finding] = [] if findings is None else findings
        self.files = files
        # What lint()'s `observe` made of each document parsed, in document order (`report`).
        self.observed: list[Any] = [] if observed is None else observed
        self.documents = documents  # post-mortems read (files also counts TODO.md)
        self.warnings: list[str] = [] if warnings is None else warnings  # about the run itself, not a file
        self.fixable = fixable  # findings that `--fix` would fix

    def count(self, level: str) -> int:
        return sum(1 for f in self.findings if f.level == level)


def fails(report: Report, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = LEVEL_ORDER[fail_on]
    return any(LEVEL_ORDER[f.level] >= threshold for f in report.findings)
