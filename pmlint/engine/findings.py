"""What a run reports: findings, the report, and the rules the engine reports itself."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any, NamedTuple

from pmlint.catalog.rules import Level

LEVEL_ORDER: dict[str, int] = {"info": 0, "warning": 1, "error": 2}
# Suppression comments contain this; the suppress module is imported only for files that do.
MARK = "pmlint-"
UNREADABLE_CODE, UNUSED_CODE, UNKNOWN_CODE = "PM001", "PM901", "PM902"
FIXABLE_CODES = frozenset({"PM307"})  # what `check --fix` fixes
# Rules the engine reports itself rather than through a registered check.
ENGINE_RULES = frozenset({UNREADABLE_CODE, UNUSED_CODE, UNKNOWN_CODE})

# Findings held as objects before they are sorted and written to a temporary file. A held
# finding costs about 350 bytes, so this caps them near 7 MB; 2,000 documents (about 16,000
# findings with every rule) never spill. Tests lower it to make a small run spill.
SPILL_AT = 20_000
# Findings per pickled block of a spilled run: merging holds one block of each run.
BLOCK = 500


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


class Findings:
    """The findings of a run, iterated in sorted order: the order every format prints.

    A run of 50,000 documents has some 400,000 findings, about 150 MB as objects. So once
    SPILL_AT are held they are sorted and written as one run to an anonymous temporary file
    (deleted by the system when closed, also when the process is killed), and iterating
    merges the runs with what is held, a block of each at a time. Counts by level and code
    are kept as the findings go out, for the summary, the exit code and `--fix`."""

    __slots__ = ("_held", "_file", "_runs", "_levels", "_codes", "_spilled")

    def __init__(self, findings: Iterable[Finding] = ()) -> None:
        self._held: list[Finding] = []
        self._file: IO[bytes] | None = None
        self._runs: list[list[tuple[int, int]]] = []  # each spilled run: its blocks' (offset, size)
        self._levels: Counter[str] = Counter()  # of the spilled findings only
        self._codes: Counter[str] = Counter()
        self._spilled = 0
        self.extend(findings)

    def extend(self, findings: Iterable[Finding]) -> None:
        """Add `findings`, spilling every SPILL_AT held (an iterator is never held whole)."""
        rest = iter(findings)
        while True:
            self._held.extend(islice(rest, SPILL_AT - len(self._held)))
            if len(self._held) < SPILL_AT:
                return
            self._spill()

    def append(self, finding: Finding) -> None:
        self.extend((finding,))

    def __len__(self) -> int:
        return self._spilled + len(self._held)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[Finding]:
        self._held.sort()  # the workers' chunks come sorted: timsort merges them in linear time
        if not self._runs:
            return iter(self._held)
        import heapq  # only a run large enough to spill

        return heapq.merge(*(self._read(run) for run in self._runs), self._held)

    def level_count(self, level: str) -> int:
        return self._levels[level] + sum(1 for f in self._held if f.level == level)

    def code_count(self, code: str) -> int:
        return self._codes[code] + sum(1 for f in self._held if f.code == code)

    def codes(self) -> set[str]:
        """The codes found."""
        return {code for code, n in self._codes.items() if n} | {f.code for f in self._held}

    def close(self) -> None:
        """Remove the temporary file now rather than when the object is collected."""
        if self._file is not None:
            self._file.close()
            self._file = None

    def _spill(self) -> None:
        import pickle

        if self._file is None:
            import tempfile

            # The system temp folder, never the project; unlinked at once where the system
            # allows it (Linux), so nothing is left behind even by a killed run.
            self._file = tempfile.TemporaryFile(prefix="pmlint-findings-")
        held = self._held
        held.sort()
        out = self._file
        offset = out.seek(0, 2)
        blocks = []
        for start in range(0, len(held), BLOCK):
            data = pickle.dumps(held[start : start + BLOCK], pickle.HIGHEST_PROTOCOL)
            out.write(data)
            blocks.append((offset, len(data)))
            offset += len(data)
        self._runs.append(blocks)
        self._levels.update(f.level for f in held)
        self._codes.update(f.code for f in held)
        self._spilled += len(held)
        self._held = []

    def _read(self, blocks: list[tuple[int, int]]) -> Iterator[Finding]:
        import pickle

        for offset, size in blocks:
            assert self._file is not None
            self._file.seek(offset)  # the runs are read in turns: each read says where
            block: list[Finding] = pickle.loads(self._file.read(size))
            yield from block


class Report:
    """The findings of a run, and how many files it read."""

    __slots__ = ("findings", "files", "observed", "documents", "warnings", "fixable")

    def __init__(
        self, findings: Iterable[Finding] | None = None, files: int = 0, observed: list[Any] | None = None,
        documents: int = 0, warnings: list[str] | None = None, fixable: int = 0,
    ) -> None:
        # A list given (tests, other commands' own findings) is taken in as findings are.
        self.findings = findings if isinstance(findings, Findings) else Findings(findings or ())
        self.files = files
        # What lint()'s `observe` made of each document parsed, in document order (`report`).
        self.observed: list[Any] = [] if observed is None else observed
        self.documents = documents  # post-mortems read (files also counts TODO.md)
        self.warnings: list[str] = [] if warnings is None else warnings  # about the run itself, not a file
        self.fixable = fixable  # findings that `--fix` would fix

    def count(self, level: str) -> int:
        return self.findings.level_count(level)


def fails(report: Report, fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = LEVEL_ORDER[fail_on]
    return any(report.count(level) for level, order in LEVEL_ORDER.items() if order >= threshold)
