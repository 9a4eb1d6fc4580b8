"""Which documents `pmlint share` may post: those `pmlint check` finds no error in.

The documents due for a post are linted in-process by the same engine as `check`, with the
project's selection, levels, per-file ignores and suppression comments, so a finding the
team suppressed with a reason does not block, and one `check` reports as an error does.
Two changes to the selection:
- PM403 (not shared) is left out: posting is what clears it;
- PM701 (a secret) always runs, even when `select` leaves it out (only `ignore` or a
  suppression comment turns it off), and a secret blocks at any level, also under
  `--force`: a post cannot be taken back.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from pmlint.config.load import RuleOptionTable
from pmlint.config.schema import Config
from pmlint.engine.findings import Finding

NOT_GATED = "PM403"  # not shared: the post itself fixes it
SECRET = "PM701"


class Verdict(NamedTuple):
    """Why one document may not be posted."""

    findings: list[Finding]  # the errors (and any secret), in the order `check` prints them
    secret: bool  # a PM701 finding: not even --force posts it

    def describe(self, shown: int = 3) -> str:
        first = ", ".join(f"{f.code} {f.name} (line {f.line})" for f in self.findings[:shown])
        more = len(self.findings) - shown
        return first + (f" and {more} more" if more > 0 else "")


def judge(documents: list[Path], config: Config, options: RuleOptionTable, root: Path, cwd: Path,
          today: dt.date) -> dict[str, Verdict]:
    """The documents (by the path `check` shows, relative to `cwd`) that must not be posted."""
    if not documents:
        return {}
    from pmlint.catalog.rules import load_catalog
    from pmlint.engine.linter import lint
    from pmlint.engine.selection import build_selection, known_selectors
    from pmlint.project.inputs import Inputs

    rules = load_catalog()
    known = known_selectors(config.select, config.ignore, config.levels, config.per_file_ignores, rules)
    selection = build_selection(rules, [*known.select, SECRET], [*known.ignore, NOT_GATED], known.levels,
                                known.per_file_ignores)
    report = lint(Inputs(documents, None), config, selection, root, cwd, today, options=options)
    found: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if finding.level == "error" or finding.code == SECRET:
            found.setdefault(finding.path, []).append(finding)
    return {path: Verdict(findings, any(f.code == SECRET for f in findings)) for path, findings in found.items()}
