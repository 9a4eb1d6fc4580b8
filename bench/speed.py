#!/usr/bin/env python3
"""Speed and memory of `pmlint check` beside markdownlint-cli2 (SPEC section 9).

Usage (from the repository root, pmlint installed):
    python bench/speed.py [--docs 2000] [--scale 20000] [--repeat 3]

Generates the corpus with ../shared/bench/gen_corpus.py, installs markdownlint-cli2 from
npm into a temporary folder (needs Node.js and npm), then times, side by side in one run:
  - pmlint check (every rule) vs markdownlint-cli2 (default rules) on all documents;
  - both on one document;
  - pmlint's peak memory (/usr/bin/time -f %M);
  - pmlint on --scale documents vs --docs documents.
Prints one line per measurement and the ratios against the bars:
8x faster on the corpus, 2x faster on one document, under 100 MB, scale <= 10.5x.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO.parent / "shared" / "bench" / "gen_corpus.py"


def timed(command: list[str], cwd: Path, repeat: int) -> float:
    """Median wall time of `command` over `repeat` runs (after one warm-up run)."""
    subprocess.run(command, cwd=cwd, capture_output=True)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_kb(command: list[str], cwd: Path) -> int:
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], cwd=cwd, capture_output=True, text=True)
    return int(done.stderr.strip().splitlines()[-1])


def generate(out: Path, docs: int) -> None:
    subprocess.run([sys.executable, str(GENERATOR), str(out), "--docs", str(docs)], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--scale", type=int, default=20000, help="0 to skip the scaling run")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not GENERATOR.is_file():
        sys.exit(f"bench: {GENERATOR} not found (the product's ../shared folder)")

    with tempfile.TemporaryDirectory(prefix="pmlint-bench-") as scratch:
        work = Path(scratch)
        tools = work / "node"
        tools.mkdir()
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "markdownlint-cli2"], cwd=tools, check=True, capture_output=True)
        mdl = str(tools / "node_modules" / ".bin" / "markdownlint-cli2")
        corpus = work / "corpus"
        generate(corpus, args.docs)
        one = sorted((corpus / "docs" / "incidents").glob("*.md"))[0].relative_to(corpus).as_posix()
        pmlint = [sys.executable, "-m", "pmlint", "check", "--select", "ALL", "--today", "2027-12-31", "--exit-zero", "--quiet"]

        pm_all = timed(pmlint, corpus, args.repeat)
        md_all = timed([mdl, "docs/incidents/*.md"], corpus, args.repeat)
        pm_one = timed([*pmlint, one], corpus, args.repeat)
        md_one = timed([mdl, one], corpus, args.repeat)
        memory = peak_kb(pmlint, corpus)
        print(f"corpus {args.docs} docs: pmlint {pm_all:.2f}s, markdownlint-cli2 {md_all:.2f}s, ratio {md_all / pm_all:.1f}x (bar 8x)")
        print(f"one document: pmlint {pm_one:.3f}s, markdownlint-cli2 {md_one:.3f}s, ratio {md_one / pm_one:.1f}x (bar 2x)")
        print(f"peak memory on {args.docs} docs: {memory / 1024:.0f} MB (bar 100 MB)")
        if args.scale:
            big = work / "big"
            generate(big, args.scale)
            pm_big = timed(pmlint, big, 1)
            print(f"scale {args.scale} docs: {pm_big:.2f}s, {pm_big / pm_all:.1f}x the {args.docs}-doc time (bar 10.5x)")


if __name__ == "__main__":
    main()
