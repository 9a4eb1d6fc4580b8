#!/usr/bin/env python3
"""Adoption on real archives: each organisation's post-mortems in a scratch Git repository
under docs/incidents/, `pmlint init`, then `pmlint check` with the written configuration.

Usage:
    python bench/adoption.py CORPUS_DIR [--json]
    python bench/adoption.py tests/fixtures/archives [--verbose]

A folder with `judgments/` (tests/fixtures/archives) is measured against its judgments
(bench/judged.py): per organisation and in total, findings judged right, wrong and
debatable, unjudged findings, right findings lost, precision, wrong share and documents
dated by the report with the judged date.

CORPUS_DIR holds files named `<org>__<path parts>__<name>.md` (as tests/fixtures/real/
does); the organisation is the part before the first `__`, the file
name in the scratch repository the part after the last. Prints, per organisation and in
total: structural findings (PM1xx) per document before and after `init` (median, mean), every
PM105, PM501 and PM502 finding, crashes, and findings not on a real line of their file.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any, NamedTuple

TODAY = "2026-12-01"
LISTED = ("PM105", "PM501", "PM502")


class Outcome(NamedTuple):
    org: str
    documents: dict[str, int]  # scratch file name -> line count
    before: list[dict[str, Any]]  # findings with no configuration
    after: list[dict[str, Any]]  # findings after `pmlint init`
    init_output: str
    crashes: list[str]


def _pmlint(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pmlint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


def _git(args: list[str], cwd: Path) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", *args], cwd=cwd,
                   check=True, capture_output=True)


def _check(repo: Path, crashes: list[str], label: str) -> list[dict[str, Any]]:
    done = _pmlint(["check", "--format", "json", "--today", TODAY, "--exit-zero"], repo)
    if done.returncode != 0 or "Traceback" in done.stderr:
        crashes.append(f"{label}: exit {done.returncode}: {done.stderr.strip()[:300]}")
        return []
    return json.loads(done.stdout)


def scratch_name(name: str) -> str:
    return name.rsplit("__", 1)[-1]


def adopt(org: str, files: list[Path]) -> Outcome:
    with tempfile.TemporaryDirectory(prefix=f"adopt-{org}-") as temporary:
        repo = Path(temporary)
        folder = repo / "docs" / "incidents"
        folder.mkdir(parents=True)
        documents = {}
        for path in files:
            target = folder / scratch_name(path.name)
            data = path.read_bytes()
            target.write_bytes(data)
            documents[target.name] = len(data.decode("utf-8-sig").splitlines()) or 1
        _git(["init", "-q"], repo)
        _git(["add", "-A"], repo)
        _git(["commit", "-qm", "the archive"], repo)
        crashes: list[str] = []
        before = _check(repo, crashes, f"{org} before init")
        init = _pmlint(["init", "--today", TODAY], repo)
        if init.returncode != 0 or "Traceback" in init.stderr:
            crashes.append(f"{org} init: exit {init.returncode}: {init.stderr.strip()[:300]}")
        after = _check(repo, crashes, f"{org} after init")
        return Outcome(org, documents, before, after, init.stdout, crashes)


def _structural(findings: list[dict[str, Any]], documents: dict[str, int]) -> list[int]:
    per_doc = {name: 0 for name in documents}
    for finding in findings:
        name = finding["path"].rsplit("/", 1)[-1]
        if finding["code"].startswith("PM1") and name in per_doc:
            per_doc[name] += 1
    return list(per_doc.values())


def off_line(outcome: Outcome) -> list[str]:
    """Findings whose line is not a line of their file (the config file's PM902 aside)."""
    bad = []
    for finding in outcome.before + outcome.after:
        name = finding["path"].rsplit("/", 1)[-1]
        if name in outcome.documents and not 1 <= finding["line"] <= outcome.documents[name]:
            bad.append(f"{outcome.org}/{name}:{finding['line']} {finding['code']}")
    return bad


def evaluate(corpus: Path) -> dict[str, Any]:
    by_org: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(corpus.glob("*.md")):
        by_org[path.name.split("__", 1)[0]].append(path)
    outcomes = [adopt(org, files) for org, files in sorted(by_org.items())]
    before = [n for o in outcomes for n in _structural(o.before, o.documents)]
    after = [n for o in outcomes for n in _structural(o.after, o.documents)]
    listed = [f"{o.org}/{f['path'].rsplit('/', 1)[-1]}:{f['line']}:{f['column']}: {f['code']} {f['message']}"
              for o in outcomes for f in o.after if f["code"] in LISTED]
    return {
        "organisations": len(outcomes),
        "documents": len(after),
        "pm1xx_median_before": statistics.median(before) if before else 0,
        "pm1xx_median_after": statistics.median(after) if after else 0,
        "pm1xx_mean_before": round(statistics.mean(before), 2) if before else 0,
        "pm1xx_mean_after": round(statistics.mean(after), 2) if after else 0,
        "findings_before": sum(len(o.before) for o in outcomes),
        "findings_after": sum(len(o.after) for o in outcomes),
        "per_org": {o.org: {"documents": len(o.documents),
                            "pm1xx_after": _structural(o.after, o.documents),
                            "codes_after": sorted({f["code"] for f in o.after})} for o in outcomes},
        "listed": listed,
        "crashes": [c for o in outcomes for c in o.crashes],
        "off_line": [b for o in outcomes for b in off_line(o)],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="with judgments: print what init said")
    args = parser.parse_args()
    if (args.corpus / "judgments").is_dir():
        sys.path.insert(0, str(Path(__file__).parent))
        import judged

        print(judged.describe(judged.evaluate(args.corpus), verbose=args.verbose))
        return 0
    result = evaluate(args.corpus)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['documents']} documents, {result['organisations']} organisations")
    print(f"PM1xx per document: median {result['pm1xx_median_before']} -> {result['pm1xx_median_after']}, "
          f"mean {result['pm1xx_mean_before']} -> {result['pm1xx_mean_after']} (no config -> after init)")
    print(f"all findings: {result['findings_before']} -> {result['findings_after']}")
    for org, data in result["per_org"].items():
        print(f"  {org}: {data['documents']} docs, PM1xx {data['pm1xx_after']}, codes {' '.join(data['codes_after'])}")
    print(f"{', '.join(LISTED)} findings after init ({len(result['listed'])}):")
    for line in result["listed"]:
        print(f"  {line}")
    print(f"crashes: {len(result['crashes'])}; findings off a real line: {len(result['off_line'])}")
    for line in result["crashes"] + result["off_line"]:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
