"""Adoption measured against judgments: each organisation's archive copied at its real paths
into a scratch Git repository, `pmlint init` (which must find the archive itself), then
`pmlint check` and `pmlint report`, every finding matched to the judgment of it.

An archive folder holds `<owner>__<repo>/<real path>` trees and `judgments/<owner>__<repo>.toml`
with `[[finding]]` (file, line, code, verdict right/wrong/debatable, why), `[[missed]]` and
`[[date]]` (file, date as a reader takes it: `YYYY-MM-DD` or `YYYY-MM`). A finding matches a
judgment of the same file and code on the same line, or on another line with the same text.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TODAY = "2026-12-01"
WRONG_SHARE = 0.10
PRECISION = 0.80
DATED = 0.95


@dataclass
class OrgResult:
    org: str
    documents: int
    init_output: str
    findings: list[dict[str, Any]]
    verdicts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # verdict -> findings
    unjudged: list[dict[str, Any]] = field(default_factory=list)
    lost_right: list[dict[str, Any]] = field(default_factory=list)  # judged right, not found now
    dates: list[tuple[str, str, str | None, str]] = field(default_factory=list)  # file, judged, read, source
    crashes: list[str] = field(default_factory=list)

    def count(self, verdict: str) -> int:
        return len(self.verdicts.get(verdict, []))

    @property
    def dated(self) -> int:
        """Documents the report dates with the judged day."""
        return sum(1 for _, judged, read, _ in self.dates if read is not None and read.startswith(judged))

    @property
    def dated_any(self) -> int:
        """Documents the report dates at all (in a window, not "undated")."""
        return sum(1 for _, _, read, _ in self.dates if read is not None)


def _git(args: list[str], cwd: Path) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{TODAY}T12:00:00", "GIT_COMMITTER_DATE": f"{TODAY}T12:00:00"}
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com", *args], cwd=cwd,
                   check=True, capture_output=True, env=env)


def _pmlint(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pmlint", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600, check=False)


def _lines(path: Path) -> list[str]:
    return path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff").splitlines()


def _text_at(lines: list[str], line: int) -> str | None:
    return lines[line - 1].strip() if 1 <= line <= len(lines) else None


def _match(finding: dict[str, Any], judged: list[dict[str, Any]], lines: dict[str, list[str]]) -> dict[str, Any] | None:
    """The judgment of `finding`: same file and code, same line, else a line of the same text."""
    same = [j for j in judged if j["file"] == finding["path"] and j["code"] == finding["code"]]
    exact = [j for j in same if j["line"] == finding["line"]]
    if exact:
        return exact[0]
    text = _text_at(lines.get(finding["path"], []), finding["line"])
    moved = [j for j in same if text and _text_at(lines.get(j["file"], []), j["line"]) == text]
    return moved[0] if moved else None


def _dates(repo: Path) -> dict[str, tuple[str | None, str]]:
    """Each document's incident date as `pmlint report` reads it, and where it came from."""
    code = (
        "import json,sys,datetime as dt\n"
        "from pathlib import Path\n"
        "from pmlint.commands.common import load\n"
        "from pmlint.retro.collect import collect\n"
        "loaded = load(None)\n"
        f"facts = collect(loaded.config, loaded.root.resolve(), dt.date.fromisoformat('{TODAY}')).facts\n"
        "print(json.dumps({f.path: [f.date.isoformat() if f.date else None, f.date_source] for f in facts}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {}
    return {path: (date, source) for path, (date, source) in json.loads(done.stdout).items()}


def run_org(tree: Path, judgments: dict[str, Any], todo: bool = False) -> OrgResult:
    org = tree.name
    with tempfile.TemporaryDirectory(prefix=f"judged-{org}-") as temporary:
        repo = Path(temporary) / org.split("__")[-1]
        shutil.copytree(tree, repo)
        _git(["init", "-q"], repo)
        _git(["add", "-A"], repo)
        _git(["commit", "-qm", "the archive"], repo)
        result = OrgResult(org, len({d["file"] for d in judgments.get("date", [])}), "", [])
        init = _pmlint(["init", "--today", TODAY], repo)
        result.init_output = init.stdout + init.stderr
        if init.returncode != 0 or "Traceback" in init.stderr:
            result.crashes.append(f"init: exit {init.returncode}: {init.stderr.strip()[:300]}")
        check = _pmlint(["check", "--format", "json", "--today", TODAY, "--exit-zero"], repo)
        if check.returncode != 0 or "Traceback" in check.stderr:
            result.crashes.append(f"check: exit {check.returncode}: {check.stderr.strip()[:300]}")
        else:
            result.findings = [f for f in json.loads(check.stdout) if f["code"] != "PM902"]
        report = _pmlint(["report", "--format", "json", "--today", TODAY, "--no-github"], repo)
        if report.returncode != 0 or "Traceback" in report.stderr:
            result.crashes.append(f"report: exit {report.returncode}: {report.stderr.strip()[:300]}")
        read = _dates(repo)
        lines = {f.relative_to(repo).as_posix(): _lines(f) for f in repo.rglob("*") if f.is_file()
                 and ".git" not in f.parts}
    judged = judgments.get("finding", [])
    for finding in result.findings:
        verdict = _match(finding, judged, lines)
        if verdict is None:
            result.unjudged.append(finding)
        else:
            result.verdicts.setdefault(verdict["verdict"], []).append(finding)
    for judgment in judged:
        if judgment["verdict"] == "right" and not any(
                _match(f, [judgment], lines) for f in result.findings):
            result.lost_right.append(judgment)
    for entry in judgments.get("date", []):
        date, source = read.get(entry["file"], (None, "not read"))
        result.dates.append((entry["file"], entry["date"], date, source))
    return result


def judgments_of(archive: Path, org: str) -> dict[str, Any]:
    path = archive / "judgments" / f"{org}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def evaluate(archive: Path) -> list[OrgResult]:
    """Every organisation of `archive`: `<owner>__<repo>/` trees, or flat files listed in a
    SOURCES.tsv with their repository and real path (../shared/corpus/real), laid out again
    at those paths."""
    if (archive / "SOURCES.tsv").exists() and not any(p.is_dir() and "__" in p.name for p in archive.iterdir()):
        with tempfile.TemporaryDirectory(prefix="judged-trees-") as temporary:
            trees = _trees_from_sources(archive, Path(temporary))
            return [run_org(tree, judgments_of(archive, tree.name)) for tree in trees]
    trees = sorted(p for p in archive.iterdir() if p.is_dir() and "__" in p.name)
    return [run_org(tree, judgments_of(archive, tree.name)) for tree in trees]


def _trees_from_sources(corpus: Path, into: Path) -> list[Path]:
    rows = [line.split("\t") for line in (corpus / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    trees = set()
    for name, repo, path, *_ in rows:
        tree = into / repo.replace("/", "__")
        target = tree / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / name, target)
        trees.add(tree)
    return sorted(trees)


def totals(results: list[OrgResult]) -> dict[str, Any]:
    right = sum(r.count("right") for r in results)
    wrong = sum(r.count("wrong") for r in results)
    debatable = sum(r.count("debatable") for r in results)
    unjudged = sum(len(r.unjudged) for r in results)
    findings = right + wrong + debatable + unjudged
    documents = sum(len(r.dates) for r in results)
    dated = sum(r.dated for r in results)
    dated_any = sum(r.dated_any for r in results)
    return {
        "findings": findings, "right": right, "wrong": wrong, "debatable": debatable, "unjudged": unjudged,
        "precision": right / (right + wrong) if right + wrong else 1.0,
        "wrong_share": wrong / findings if findings else 0.0,
        "lost_right": sum(len(r.lost_right) for r in results),
        "documents": documents, "dated": dated, "dated_share": dated / documents if documents else 1.0,
        "dated_any": dated_any, "dated_any_share": dated_any / documents if documents else 1.0,
        "crashes": sum(len(r.crashes) for r in results),
    }


def describe(results: list[OrgResult], verbose: bool = False) -> str:
    out = ["| organisation | docs | findings | right | wrong | debatable | unjudged | right lost | judged day | dated |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        out.append(f"| {r.org} | {len(r.dates)} | {len(r.findings)} | {r.count('right')} | {r.count('wrong')} | "
                   f"{r.count('debatable')} | {len(r.unjudged)} | {len(r.lost_right)} | {r.dated}/{len(r.dates)} | "
                   f"{r.dated_any}/{len(r.dates)} |")
    t = totals(results)
    out.append(f"| **total** | {t['documents']} | {t['findings']} | {t['right']} | {t['wrong']} | {t['debatable']} | "
               f"{t['unjudged']} | {t['lost_right']} | {t['dated']}/{t['documents']} | {t['dated_any']}/{t['documents']} |")
    out.append(f"precision right/(right+wrong) {t['precision']:.0%} (bar {PRECISION:.0%}); wrong share "
               f"{t['wrong_share']:.0%} (bar {WRONG_SHARE:.0%}); dated with the judged day {t['dated_share']:.0%} "
               f"(bar {DATED:.0%}), dated at all {t['dated_any_share']:.0%}; "
               f"crashes {t['crashes']}")
    for r in results:
        problems = ([f"  WRONG {f['path']}:{f['line']} {f['code']} {f['message']}" for f in r.verdicts.get("wrong", [])]
                    + [f"  UNJUDGED {f['path']}:{f['line']} {f['code']} {f['message']}" for f in r.unjudged]
                    + [f"  RIGHT LOST {j['file']}:{j['line']} {j['code']} {j.get('message', '')}" for j in r.lost_right]
                    + [f"  UNDATED {file}: judged {judged}, read {read} ({source})"
                       for file, judged, read, source in r.dates if not (read or "").startswith(judged)]
                    + [f"  CRASH {c}" for c in r.crashes])
        if verbose:
            problems.append("  init: " + r.init_output.replace("\n", "\n  init: "))
        if problems:
            out += [f"{r.org}:", *problems]
    return "\n".join(out)


def today() -> dt.date:
    return dt.date.fromisoformat(TODAY)
