#!/usr/bin/env python3
"""Time and size of `pmlint report` beside `pmlint check` on the generated corpus.

One command from a clean checkout (needs Python 3.11+, /usr/bin/time and the product's
../shared folder beside the repository):

    python3 bench/report_speed.py [--docs 2000] [--repeat 5] [--json bench-report.json] [--generator PATH] [--git]

It installs pmlint from this checkout into a fresh virtual environment, generates the
corpus with ../shared/bench/gen_corpus.py, and measures side by side (taking turns, one
warm-up run each, median wall time):

  time     pmlint report --format html vs pmlint check, same files      bar: <= 1.5x
  cpu      the same in CPU seconds (workers included), which a busy machine does not stretch
  html     size of the HTML page, every row linked                      bar: < 2 MB
  markdown size of the Markdown (the step summary), with links          bar: < 1 MiB

With --git the corpus is committed to a Git repository first (one commit per 100
documents, dated a day apart), so the report also reads the documents' history (its one
`git log -p`) and check asks git for first-commit dates, as on a real archive.

It prints one line per measurement and writes every figure to the --json file.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import GENERATOR, environment, install_pmlint, measure_side_by_side, run

TODAY = "2026-12-01"  # the generated incidents run up to late 2026: a full twelve-month window
HTML_BAR, MARKDOWN_BAR, TIME_BAR = 2_000_000, 1024 * 1024, 1.5


def cpu_seconds(command: list[str], cwd: Path, repeat: int) -> list[float]:
    """User + system CPU seconds of each run (its worker processes included): unlike wall
    time, not stretched by other work on a shared machine."""
    env, spent = environment(), []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent.append(round(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, 3))
    return spent


def commit_corpus(corpus: Path) -> None:
    """The corpus as a Git history: documents committed 100 at a time, a day apart."""
    import datetime as dt
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]
    subprocess.run([*git, "init", "-q"], cwd=corpus, check=True)
    documents = sorted(p.relative_to(corpus).as_posix() for p in corpus.rglob("*.md"))
    day = dt.date(2025, 1, 1)
    for start in range(0, len(documents), 100):
        stamp = f"{day + dt.timedelta(days=start // 100)}T12:00:00+00:00"
        subprocess.run([*git, "add", "--", *documents[start:start + 100]], cwd=corpus, check=True)
        subprocess.run([*git, "commit", "-qm", f"post-mortems {start}"], cwd=corpus, check=True,
                       env={**env, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
    subprocess.run([*git, "add", "-A"], cwd=corpus, check=True)
    subprocess.run([*git, "commit", "-qm", "the rest", "--allow-empty"], cwd=corpus, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=Path("bench-report.json"), help="where to write the figures")
    parser.add_argument("--generator", type=Path, default=GENERATOR, help="gen_corpus.py (default: ../shared/bench/)")
    parser.add_argument("--git", action="store_true", help="commit the corpus to Git first (history is read)")
    args = parser.parse_args()
    figures: dict[str, object] = {"docs": args.docs, "repeat": args.repeat, "today": TODAY, "git": args.git}
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        python = install_pmlint(work)
        corpus = work / "corpus"
        run([sys.executable, str(args.generator), str(corpus), "--docs", str(args.docs)])
        if args.git:
            commit_corpus(corpus)
        html = work / "report.html"
        check = [str(python), "-m", "pmlint", "check", "--today", TODAY, "--quiet"]
        report = [str(python), "-m", "pmlint", "report", "--today", TODAY, "--format", "html", "--output", str(html)]
        check_time, report_time = measure_side_by_side([(check, corpus), (report, corpus)], args.repeat)
        ratio = report_time.median_s / check_time.median_s
        print(f"time     report {report_time.median_s:.2f} s, check {check_time.median_s:.2f} s: "
              f"{ratio:.2f}x (bar <= {TIME_BAR}x) {'ok' if ratio <= TIME_BAR else 'FAIL'}")
        figures["time"] = {"report_s": report_time.median_s, "check_s": check_time.median_s, "ratio": round(ratio, 3),
                           "report_runs_s": report_time.runs_s, "check_runs_s": check_time.runs_s,
                           "report_peak_mb": report_time.peak_mb}
        check_cpu, report_cpu = cpu_seconds(check, corpus, args.repeat), cpu_seconds(report, corpus, args.repeat)
        cpu_ratio = statistics.median(report_cpu) / statistics.median(check_cpu)
        print(f"cpu      report {statistics.median(report_cpu):.2f} s, check {statistics.median(check_cpu):.2f} s: "
              f"{cpu_ratio:.2f}x")
        figures["cpu"] = {"report_runs_s": report_cpu, "check_runs_s": check_cpu, "ratio": round(cpu_ratio, 3)}

        # Sizes as the Pages workflow makes them: every row linked to GitHub at a full SHA.
        env = {**environment(), "GITHUB_REPOSITORY": "acme/ops", "GITHUB_SHA": "0" * 40}
        subprocess.run(report, cwd=corpus, env=env, capture_output=True, check=True)
        markdown = subprocess.run([str(python), "-m", "pmlint", "report", "--today", TODAY], cwd=corpus, env=env,
                                  capture_output=True, check=True).stdout
        sizes = {"html_bytes": html.stat().st_size, "markdown_bytes": len(markdown)}
        for name, size, bar in (("html", sizes["html_bytes"], HTML_BAR), ("markdown", sizes["markdown_bytes"], MARKDOWN_BAR)):
            print(f"{name:<8} {size:,} (bar < {bar:,}) {'ok' if size < bar else 'FAIL'}")
        figures["sizes"] = sizes
    args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
