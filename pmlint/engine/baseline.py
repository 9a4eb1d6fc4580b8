"""The baseline: findings an archive already had, counted per file and rule, not reported
again (as ESLint's bulk suppressions and PHPStan's baseline do).

`pmlint-baseline.json` holds `{"path", "code", "count"}` entries and no line numbers, so an
edit elsewhere in a file does not break it. A file and rule with no more findings than
recorded report nothing; one with more reports all of them (which one is new cannot be
told without lines), and the summary says how many were baselined.
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
VERSION = 1
KNOWN_VERSIONS = (1,)
# A baseline of a large archive is a few hundred KB; past this it is not one.
LARGEST_BASELINE = 64 << 20

Counts = dict[tuple[str, str], int]  # (path relative to the project root, code) -> count


class Applied(NamedTuple):
    baselined: int  # findings not reported
    exceeded: list[tuple[str, str]]  # (path, code) groups with more findings than recorded


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
    return dict(Counter(key for key, _ in _keyed(findings, root, cwd)))


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
        if not (isinstance(entry, dict) and isinstance(entry.get("path"), str) and isinstance(entry.get("code"), str)
                and type(entry.get("count")) is int and entry["count"] > 0):  # not bool
            raise ConfigError(f"baseline {shown}: findings[{index}] needs a path, a code and a positive count")
        counts[(entry["path"], entry["code"])] = entry["count"]
    return counts


def apply_baseline(report: Report, recorded: Counts, root: Path, cwd: Path) -> Applied:
    """Drop from `report` the findings its file and rule had when the baseline was written.

    Two passes over the findings, which may be on disk (`Findings`): count each file and
    rule, then keep the findings of the groups with more than recorded, in their order."""
    counts = count(report.findings, root, cwd)  # in the order the groups first appear
    baselined = 0
    exceeded = []
    dropped = set()
    for key, n in counts.items():
        allowed = recorded.get(key, 0)
        if n <= allowed:
            baselined += n
            dropped.add(key)
        elif allowed:
            exceeded.append(key)
    if dropped:
        old = report.findings
        report.findings = Findings(f for key, f in _keyed(old, root, cwd) if key not in dropped)
        old.close()
    return Applied(baselined, exceeded)


def write_baseline(path: Path, current: Counts, linted: set[str], previous: Counts) -> int:
    """Write the counts of this run; entries of files this run did not lint are kept, so a
    run on a few files does not forget the others. Returns the number of findings recorded."""
    merged = {key: n for key, n in previous.items() if key[0] not in linted}
    merged.update(current)
    entries = [{"path": p, "code": c, "count": n} for (p, c), n in sorted(merged.items())]
    text = json.dumps({"version": VERSION, "findings": entries}, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return sum(merged.values())
