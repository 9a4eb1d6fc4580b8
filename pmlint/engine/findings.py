"""What a run reports: findings, the report, and the rules the engine reports itself."""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass(slots=True)
class Report:
    """The findings of a run, and how many files it read."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    # What lint()'s `observe` made of each document parsed, in document order (`report`).
    observed: list[Any] = field(default_factory=list)
    documents: int = 0  # post-mortems read (files also counts TODO.md)
    warnings: list[str] = field(default_factory=list)  # about the run itself, not a file
    fixable: int = 0  # findings that `--fix` would fix

    def count(self, level: str) -> int:
        return sum(1 for f in self.findings if f.level == level)


def fails(report: Report, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = LEVEL_ORDER[fail_on]
    return any(LEVEL_ORDER[f.level] >= threshold for f in report.findings)
