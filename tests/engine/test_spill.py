"""A run with many findings writes them, sorted, to a temporary file and merges them back
for the report: what it prints must be what a run holding them all prints, in every format,
with --fix and with a baseline, and it leaves no file behind."""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import pytest

import pmlint.engine.findings
import pmlint.engine.parallel
from pmlint.catalog.rules import load_catalog
from pmlint.engine.findings import Finding, Findings
from tests.conftest import Result, make_many

TODAY = "2027-12-31"  # after every due date of the documents: PM308 too


def random_findings(count: int, seed: int) -> list[Finding]:
    rng = random.Random(seed)
    codes = ["PM101", "PM202", "PM307", "PM308", "PM603"]
    return [
        Finding(f"docs/incidents/{rng.randrange(40):02}.md", rng.randrange(1, 30), rng.randrange(1, 4),
                rng.choice(codes), "name", rng.choice(["error", "warning", "info"]), f"message {rng.randrange(5)}")
        for _ in range(count)
    ]


@pytest.mark.parametrize(("spill_at", "block"), [(10**9, 500), (50, 7), (13, 1), (1, 3)])
def test_findings_come_back_sorted_and_counted(monkeypatch: pytest.MonkeyPatch, spill_at: int, block: int) -> None:
    monkeypatch.setattr(pmlint.engine.findings, "SPILL_AT", spill_at)
    monkeypatch.setattr(pmlint.engine.findings, "BLOCK", block)
    every = random_findings(1000, seed=spill_at)
    store = Findings(every[:10])
    store.extend(sorted(every[10:400]))  # a worker's chunk comes sorted
    store.extend(f for f in every[400:999])  # an iterator is taken in SPILL_AT pieces
    store.append(every[999])
    assert list(store) == sorted(every) and list(store) == sorted(every)  # twice: the runs are read again
    assert len(store) == 1000 and bool(store)
    for level in ("error", "warning", "info"):
        assert store.level_count(level) == sum(1 for f in every if f.level == level)
    assert store.code_count("PM307") == sum(1 for f in every if f.code == "PM307")
    assert store.codes() == {f.code for f in every}
    store.close()


def test_no_findings() -> None:
    store = Findings()
    assert list(store) == [] and len(store) == 0 and not store and store.level_count("error") == 0


def every_rule() -> str:
    return ",".join(load_catalog())


def lint_all_ways(run, root: Path, *args: str) -> dict[str, Result]:
    """`pmlint check ARGS` in every format."""
    results = {}
    for fmt in ("text", "json", "github", "sarif", "junit"):
        results[fmt] = run("check", "--select", every_rule(), "--today", TODAY, "--format", fmt, *args, cwd=root)
    results["quiet"] = run("check", "--select", every_rule(), "--today", TODAY, "--quiet", *args, cwd=root)
    results["fail-on"] = run("check", "--today", TODAY, "--fail-on", "warning", *args, cwd=root)
    return results


@pytest.fixture
def spilling(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Runs after this spill every few findings, on two forked workers, with the system
    temp folder in `tmp_path/tmp` (returned) so that what is left there can be seen."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    return temp


def spill(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, spill every 7 findings in blocks of 3; count the spills (parent only)."""
    spills: list[int] = []
    real = Findings._spill

    def counted(self: Findings) -> None:
        spills.append(len(self))
        real(self)

    monkeypatch.setattr(pmlint.engine.findings, "SPILL_AT", 7)
    monkeypatch.setattr(pmlint.engine.findings, "BLOCK", 3)
    monkeypatch.setattr(Findings, "_spill", counted)
    monkeypatch.setattr(pmlint.engine.parallel, "PARALLEL_MIN_ITEMS", 2)
    monkeypatch.setattr(pmlint.engine.parallel, "_cores", lambda: 2)
    return spills


@pytest.mark.slow
def test_spilled_run_prints_what_a_held_run_prints(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   spilling: Path) -> None:
    root = tmp_path / "project"
    make_many(root, 60)
    (root / "docs" / "incidents" / "2026-11-20-checkout-pool-3.md").write_text("not a post-mortem\n", encoding="utf-8")
    # A configuration naming an unknown rule: PM902 on the configuration file joins the findings late.
    (root / ".pmlint.toml").write_text('ignore = ["PM999"]\n', encoding="utf-8")
    summaries: dict[str, str] = {}

    def in_actions(name: str) -> Result:
        summary, output = tmp_path / f"{name}-summary.md", tmp_path / f"{name}-output.txt"
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
        monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
        monkeypatch.setenv("GITHUB_OUTPUT", str(output))
        try:
            return run("check", "--select", every_rule(), "--today", TODAY, "--format", "github", cwd=root)
        finally:
            monkeypatch.delenv("GITHUB_ACTIONS")
            summaries[name] = summary.read_text(encoding="utf-8") + output.read_text(encoding="utf-8")

    held = lint_all_ways(run, root)
    held_actions = in_actions("held")
    spills = spill(monkeypatch)
    spilled = lint_all_ways(run, root)
    spilled_actions = in_actions("spilled")
    assert spills, "the run did not spill"
    assert held["text"].out.count("\n") > 100
    for name, result in held.items():
        assert spilled[name] == result, name
    assert spilled_actions == held_actions and summaries["spilled"] == summaries["held"]
    assert os.listdir(spilling) == []


def test_spilled_run_fixes_and_baselines_as_a_held_run(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      spilling: Path) -> None:
    make_many(tmp_path / "held", 60)
    shutil.copytree(tmp_path / "held", tmp_path / "spilled")

    def fix_and_baseline(root: Path) -> list[object]:
        steps: list[object] = [run("check", "--today", TODAY, "--fix", cwd=root)]
        steps.append((root / "TODO.md").read_text(encoding="utf-8"))
        steps.append(run("check", "--select", every_rule(), "--today", TODAY, "--write-baseline", cwd=root))
        steps.append((root / "pmlint-baseline.json").read_text(encoding="utf-8"))
        (root / ".pmlint.toml").write_text('baseline = "pmlint-baseline.json"\n', encoding="utf-8")
        steps.append(run("check", "--select", every_rule(), "--today", TODAY, cwd=root))
        # One file gets more of a rule than recorded, another a rule it never had.
        first = root / "docs" / "incidents" / "2026-11-20-checkout-pool-0.md"
        first.write_text(first.read_text(encoding="utf-8").replace("| 14:55 |", "| 2:55pm |"), encoding="utf-8")
        second = root / "docs" / "incidents" / "2026-11-20-checkout-pool-2.md"
        second.write_text(second.read_text(encoding="utf-8").replace("| 14:40 |", "| 2:40pm |"), encoding="utf-8")
        steps.append(run("check", "--select", every_rule(), "--today", TODAY, cwd=root))
        steps.append(run("check", "--select", every_rule(), "--today", TODAY, "--format", "json", cwd=root))
        return steps

    held = fix_and_baseline(tmp_path / "held")
    spills = spill(monkeypatch)
    spilled = fix_and_baseline(tmp_path / "spilled")
    assert spills
    assert "added" in held[0].err and "baselined" in held[4].err  # type: ignore[attr-defined]
    assert "PM202 findings the baseline does not record are shown" in held[5].err  # type: ignore[attr-defined]
    assert spilled == held
    assert os.listdir(spilling) == []


def test_interrupted_spilled_run_leaves_no_file(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                spilling: Path) -> None:
    make_many(tmp_path / "project", 60)
    spills = spill(monkeypatch)
    printed: list[str] = []

    def interrupt(finding: Finding, colour: bool = False) -> str:  # Ctrl-C while the merged findings are printed
        if printed:
            raise KeyboardInterrupt
        printed.append(finding.path)
        return finding.path

    monkeypatch.setattr("pmlint.output.text.line", interrupt)
    result = run("check", "--today", TODAY, cwd=tmp_path / "project")
    assert result.code == 130 and spills and printed
    assert os.listdir(spilling) == []
