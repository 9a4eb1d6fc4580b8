"""The baseline: findings an archive already had, not reported again (as Psalm's baseline
does with snippets, ESLint's bulk suppressions and PHPStan's baseline with counts).

`pmlint-baseline.json` (version 2) holds one `{"path", "code", "count", "lines"}` entry per
file and rule: `lines` maps the text of each finding's line (trimmed) to how many findings it
had. No line numbers, so an edit elsewhere in a file does not break it. A finding whose line
text is recorded stays hidden; one on a line not recorded is new and shown, so one added
timeline row shows its own finding, not the rule's twenty. Counts are only the fallback for
edited lines: a recorded line whose text is gone from the file may hide one finding of its
rule on a line not recorded. Version 1 files (counts only) still read: a file and rule with
no more findings than recorded report nothing, one with more reports all of them.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from pmlint.engine.findings import Finding, Findings, Report
from pmlint.errors import ConfigError
from pmlint.read.files import Unreadable, read_text, relative_posix, write_atomic

DEFAULT_NAME = "pmlint-baseline.json"
VERSION = 2
KNOWN_VERSIONS = (1, 2)
# A baseline of a large archive is a few hundred KB; past this it is not one.
LARGEST_BASELINE = 64 << 20


class Entry(NamedTuple):
    findings: int
    lines: Counter[str] | None  # trimmed line text -> findings there; None: a version 1 entry


Counts = dict[tuple[str, str], Entry]  # (path relative to the project root, code) -> entry


class Applied(NamedTuple):
    baselined: int  # findings not reported
    exceeded: list[tuple[str, str]]  # (path, code) groups with findings the baseline does not hold


class _Lines:
    """The trimmed text of the lines findings point at, each file read once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, list[str] | None] = {}

    def of(self, relative: str) -> list[str] | None:
        if relative not in self.files:
            try:
                raw = (self.root / relative).read_bytes()
                self.files[relative] = raw.decode("utf-8", "replace").removeprefix("\ufeff").splitlines()
            except OSError:
                self.files[relative] = None
        return self.files[relative]

    def text(self, relative: str, line: int) -> str:
        lines = self.of(relative)
        return lines[line - 1].strip() if lines is not None and 1 <= line <= len(lines) else ""

    def present(self, relative: str, text: str) -> bool:
        lines = self.of(relative)
        return lines is not None and any(line.strip() == text for line in lines)


def root_path(finding: Finding, root: Path, cwd: Path) -> str:
    """The finding's path relative to the project root (findings show it relative to cwd)."""
    return relative_posix(Path(os.path.normpath(cwd / finding.path)), root)


def _keyed(findings: Iterable[Finding], root: Path, cwd: Path) -> Iterator[tuple[tuple[str, str], Finding]]:
    """Each finding with its (root-relative path, code). A file's findings come together
    (they are sorted by path), so its path is worked out once, and nothing is kept per file."""
    shown, relative = None, ""
    for finding in findings:
        if finding.path != shown:
            shown, relative = finding.path, root_path(finding, root, cwd)
        yield (relative, finding.code), finding


def count(findings: Iterable[Finding], root: Path, cwd: Path) -> Counts:
    """Each file and rule's findings: how many, and on which line texts."""
    lines = _Lines(root)
    texts: dict[tuple[str, str], Counter[str]] = {}
    for key, finding in _keyed(findings, root, cwd):
        texts.setdefault(key, Counter())[lines.text(key[0], finding.line)] += 1
    return {key: Entry(sum(found.values()), found) for key, found in texts.items()}


def _entry(entry: object) -> Entry | None:
    if not (isinstance(entry, dict) and isinstance(entry.get("path"), str) and isinstance(entry.get("code"), str)
            and type(entry.get("count")) is int and entry["count"] > 0):  # not bool
        return None
    lines = entry.get("lines")
    if lines is None:
        return Entry(entry["count"], None)
    if not (isinstance(lines, dict) and all(type(n) is int and n > 0 for n in lines.values())):
        return None
    return Entry(entry["count"], Counter(lines))


def read_baseline(path: Path, shown: str) -> Counts:
    """The recorded counts; a one-line ConfigError when the file is missing or malformed."""
    if not path.exists() and not path.is_symlink():
        raise ConfigError(f"baseline {shown}: no such file; write it with `pmlint check --write-baseline`")
    # Read as any user file: a regular file within a size (a link to /dev/zero never ends).
    text = read_text(path, LARGEST_BASELINE)
    if isinstance(text, Unreadable):
        raise ConfigError(f"baseline {shown}: {text.message}")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ConfigError(f"baseline {shown}: not a pmlint baseline ({exc})") from None
    if isinstance(data, dict) and not (type(data.get("version")) is int and data["version"] in KNOWN_VERSIONS):
        known = ", ".join(map(str, KNOWN_VERSIONS))
        raise ConfigError(f"baseline {shown}: version {data.get('version')!r} is not one this pmlint reads ({known}); "
                          "write it again with `pmlint check --write-baseline`")
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ConfigError(f"baseline {shown}: not a pmlint baseline (no \"findings\" list)")
    counts: Counts = {}
    for index, entry in enumerate(entries):
        read = _entry(entry)
        if read is None:
            raise ConfigError(f"baseline {shown}: findings[{index}] needs a path, a code and a positive count "
                              "(and lines mapping line texts to positive counts)")
        counts[(entry["path"], entry["code"])] = read
    return counts


def _fallback(entry: Entry, current: Counter[str], relative: str, lines: _Lines) -> int:
    """How many findings on unrecorded lines the recorded lines that were edited away may
    hide: those recorded more often than found now, whose text is gone from the file."""
    assert entry.lines is not None
    return sum(n - current.get(text, 0) for text, n in entry.lines.items()
               if n > current.get(text, 0) and not lines.present(relative, text))


def apply_baseline(report: Report, recorded: Counts, root: Path, cwd: Path) -> Applied:
    """Drop from `report` the findings the baseline records.

    Two passes over the findings, which may be on disk (`Findings`): group each file and
    rule's findings by line text, then keep those the baseline does not hold, in order."""
    lines = _Lines(root)
    groups = count(report.findings, root, cwd)  # in the order the groups first appear
    allowance: dict[tuple[str, str], Counter[str]] = {}  # line text -> findings it may still hide
    spare: dict[tuple[str, str], int] = {}  # findings on unrecorded lines that may still be hidden
    exceeded = []
    for key, found in groups.items():
        entry = recorded.get(key)
        if entry is None:
            continue
        assert found.lines is not None
        if entry.lines is None:  # version 1: counts only
            if found.findings <= entry.findings:
                allowance[key], spare[key] = Counter(), found.findings
            else:
                exceeded.append(key)
            continue
        allowance[key] = Counter(entry.lines)
        spare[key] = _fallback(entry, found.lines, key[0], lines)
        unrecorded = sum(max(0, n - entry.lines.get(text, 0)) for text, n in found.lines.items())
        if unrecorded > spare[key]:
            exceeded.append(key)
    baselined = 0

    def hidden(key: tuple[str, str], finding: Finding) -> bool:
        nonlocal baselined
        if key not in allowance:
            return False
        text = lines.text(key[0], finding.line)
        if allowance[key][text] > 0:
            allowance[key][text] -= 1
        elif spare[key] > 0:
            spare[key] -= 1
        else:
            return False
        baselined += 1
        return True

    if allowance:
        old = report.findings
        report.findings = Findings(f for key, f in _keyed(old, root, cwd) if not hidden(key, f))
        old.close()
    return Applied(baselined, exceeded)


def write_baseline(path: Path, current: Counts, linted: set[str], previous: Counts) -> int:
    """Write the counts of this run; entries of files this run did not lint are kept, so a
    run on a few files does not forget the others. Returns the number of findings recorded."""
    merged = {key: entry for key, entry in previous.items() if key[0] not in linted}
    merged.update(current)
    entries: list[dict[str, object]] = []
    for (p, c), entry in sorted(merged.items()):
        record: dict[str, object] = {"path": p, "code": c, "count": entry.findings}
        if entry.lines is not None:
            record["lines"] = dict(sorted(entry.lines.items()))
        entries.append(record)
    text = json.dumps({"version": VERSION, "findings": entries}, indent=2, ensure_ascii=False) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return sum(entry.findings for entry in merged.values())
