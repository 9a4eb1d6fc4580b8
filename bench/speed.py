#!/usr/bin/env python3
"""Speed and memory of `pmlint check` beside markdownlint-cli2.

One command from a clone of the repository (needs Python 3.11+, Node.js with npm,
/usr/bin/time and git):

    python3 bench/speed.py [--docs 2000] [--scale 20000,50000] [--repeat 5] [--json bench-results.json]

It installs pmlint from this checkout into a fresh virtual environment (a normal, compiled
install, as users have it), installs markdownlint-cli2 from npm into a temporary folder,
generates the corpora with bench/gen_corpus.py, and then measures side by side in
one run, each command `--repeat` times after one warm-up run, the compared commands taking
turns (median wall time, highest peak RSS from /usr/bin/time):

  corpus   pmlint check with every rule vs markdownlint-cli2 (default rules), same
           documents and TODO.md                                  bar: >= 8x faster
  one      the same on one document                               bar: >= 2.5x faster
  one-configured  the same with a [tool.pmlint] table in pyproject.toml, as almost every
           team has (the validated configuration is cached by content)  bar: >= 3x faster
  memory   pmlint's peak RSS on the corpus                        bar: < 100 MB
  scale    pmlint on each --scale size vs --docs documents        bar: time <= 10.5x per 10x
           documents (proportionally for other sizes), peak RSS < 100 MB
  git      pmlint in a git repository where every document is committed vs the same
           files outside git, both with the Meeting fields removed so that PM401 must
           read each document's first-commit date from git        bar: <= 1.2x the time

It prints one line per measurement and writes every figure to the --json file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR = Path(__file__).resolve().parent / "gen_corpus.py"
TODAY = "2027-12-31"
# A team's configuration as it typically looks: project metadata beside [tool.pmlint].
TEAM_CONFIG = """\
[project]
name = "team-incidents"
version = "0"

[tool.pmlint]
paths = ["docs/incidents/*.md"]
levels = { PM109 = "warning" }

[tool.pmlint.template]
severities = ["SEV-1", "SEV-2", "SEV-3", "SEV-4"]

[tool.pmlint.calendar]
weekend = ["Sat", "Sun"]
"""  # after every generated due date, so every date rule has work to do


@dataclass
class Timing:
    median_s: float
    runs_s: list[float]
    peak_mb: float


def environment() -> dict[str, str]:
    env = dict(os.environ)
    # Bytecode is cached after the warm-up run, as in any normal installation.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PMLINT_TODAY"] = TODAY
    return env


def _once(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one run."""
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1):  # markdownlint-cli2 and pmlint exit 1 on findings
        sys.exit(f"bench: {' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return wall, int(done.stderr.strip().splitlines()[-1]) / 1024


def measure_side_by_side(commands: list[tuple[list[str], Path]], repeat: int) -> list[Timing]:
    """Median wall time and highest peak RSS of each command over `repeat` runs, after a
    warm-up run of each. The commands take turns (a, b, a, b, ...) so that a noisy
    neighbour on a shared machine slows them alike instead of skewing one of them."""
    env = environment()
    for command, cwd in commands:
        subprocess.run(command, cwd=cwd, env=env, capture_output=True)
    runs: list[list[float]] = [[] for _ in commands]
    peaks: list[list[float]] = [[] for _ in commands]
    for _ in range(repeat):
        for index, (command, cwd) in enumerate(commands):
            wall, peak = _once(command, cwd, env)
            runs[index].append(wall)
            peaks[index].append(peak)
    return [
        Timing(round(statistics.median(r), 4), [round(x, 4) for x in r], round(max(p), 1)) for r, p in zip(runs, peaks)
    ]


def measure(command: list[str], cwd: Path, repeat: int) -> Timing:
    return measure_side_by_side([(command, cwd)], repeat)[0]


def run(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> None:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed:\n{done.stderr[-2000:]}")


def generate(out: Path, docs: int) -> None:
    run([sys.executable, str(GENERATOR), str(out), "--docs", str(docs)])


def install_pmlint(work: Path) -> Path:
    venv = work / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    run([str(python), "-m", "pip", "install", "--quiet", str(REPO)])
    return python


def install_markdownlint(work: Path) -> Path:
    tools = work / "node"
    tools.mkdir()
    run(["npm", "install", "--silent", "--no-audit", "--no-fund", "markdownlint-cli2"], cwd=tools)
    return tools / "node_modules" / ".bin" / "markdownlint-cli2"


def every_rule(python: Path) -> list[str]:
    """`--select` naming every rule, the opt-in ones (PM308) included."""
    done = subprocess.run([str(python), "-m", "pmlint", "rules", "--format", "json"], capture_output=True, text=True, check=True)
    return ["--select", ",".join(rule["code"] for rule in json.loads(done.stdout))]


def drop_meetings(corpus: Path) -> None:
    """Remove every Meeting line, so that PM401's held day must come from git."""
    for path in (corpus / "docs" / "incidents").glob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text("".join(line for line in text.splitlines(keepends=True)
                                if not line.startswith("**Meeting:**")), encoding="utf-8")


def commit_all(corpus: Path) -> None:
    """Make `corpus` a git repository with every document committed on its incident's day."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    run(["git", "init", "-q"], cwd=corpus)
    documents = sorted((corpus / "docs" / "incidents").glob("*.md"))
    # One commit per 100 documents keeps setup quick while giving git a real history to walk.
    for start in range(0, len(documents), 100):
        batch = documents[start : start + 100]
        stamp = f"{batch[0].name[:10]}T12:00:00+00:00"
        run(["git", "add", "--", *[str(p.relative_to(corpus)) for p in batch]], cwd=corpus)
        run(["git", "commit", "-q", "-m", f"post-mortems {start}"], cwd=corpus,
            env={**env, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp})
    run(["git", "add", "-A"], cwd=corpus)
    run(["git", "commit", "-q", "-m", "the rest"], cwd=corpus, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--scale", default="20000,50000", help="corpus sizes for the scaling runs, comma-separated; 0 to skip")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, default=Path("bench-results.json"), help="where to write the figures")
    args = parser.parse_args()
    if not GENERATOR.is_file():
        sys.exit(f"bench: {GENERATOR} not found (bench/gen_corpus.py of the repository)")
    for tool in ("npm", "git", "/usr/bin/time"):
        if shutil.which(tool) is None:
            sys.exit(f"bench: {tool} not found")

    with tempfile.TemporaryDirectory(prefix="pmlint-bench-") as scratch:
        work = Path(scratch)
        print("installing pmlint and markdownlint-cli2 ...", flush=True)
        python = install_pmlint(work)
        mdl = str(install_markdownlint(work))
        corpus = work / "corpus"
        generate(corpus, args.docs)
        documents = sorted((corpus / "docs" / "incidents").glob("*.md"))
        one = documents[0].relative_to(corpus).as_posix()
        pmlint = [str(python), "-m", "pmlint", "check", *every_rule(python), "--exit-zero", "--quiet"]
        # markdownlint-cli2 exits 1 on findings; `measure` accepts 0 and 1.
        results: dict[str, dict] = {}

        def report(name: str, line: str, **figures: object) -> None:
            results[name] = figures
            print(line, flush=True)

        pm_all, md_all = measure_side_by_side(
            [(pmlint, corpus), ([mdl, "docs/incidents/*.md", "TODO.md"], corpus)], args.repeat
        )
        ratio = md_all.median_s / pm_all.median_s
        report("corpus", f"{args.docs} documents: pmlint {pm_all.median_s:.2f} s, markdownlint-cli2 "
               f"{md_all.median_s:.2f} s: {ratio:.1f}x faster (bar 8x)",
               pmlint=asdict(pm_all), markdownlint_cli2=asdict(md_all), ratio=round(ratio, 2), bar=8, ok=ratio >= 8)

        # Runs of a tenth of a second are the noisiest: four times as many of them.
        pm_one, md_one = measure_side_by_side([([*pmlint, one], corpus), ([mdl, one], corpus)], 4 * args.repeat)
        ratio = md_one.median_s / pm_one.median_s
        report("one", f"one document: pmlint {pm_one.median_s:.3f} s, markdownlint-cli2 {md_one.median_s:.3f} s: "
               f"{ratio:.1f}x faster (bar 2.5x)",
               pmlint=asdict(pm_one), markdownlint_cli2=asdict(md_one), ratio=round(ratio, 2), bar=2.5, ok=ratio >= 2.5)

        configured = work / "configured"
        shutil.copytree(corpus, configured)
        (configured / "pyproject.toml").write_text(TEAM_CONFIG, encoding="utf-8")
        pm_conf, md_conf = measure_side_by_side([([*pmlint, one], configured), ([mdl, one], configured)], 4 * args.repeat)
        ratio = md_conf.median_s / pm_conf.median_s
        report("one-configured", f"one document, with a configuration file: pmlint {pm_conf.median_s:.3f} s, "
               f"markdownlint-cli2 {md_conf.median_s:.3f} s: {ratio:.1f}x faster (bar 3x)",
               pmlint=asdict(pm_conf), markdownlint_cli2=asdict(md_conf), ratio=round(ratio, 2), bar=3, ok=ratio >= 3)

        report("memory", f"peak memory, {args.docs} documents: pmlint {pm_all.peak_mb:.0f} MB, markdownlint-cli2 "
               f"{md_all.peak_mb:.0f} MB (bar 100 MB)", pmlint_mb=pm_all.peak_mb, markdownlint_cli2_mb=md_all.peak_mb,
               bar=100, ok=pm_all.peak_mb < 100)

        no_meeting = work / "no-meeting"
        shutil.copytree(corpus, no_meeting)
        drop_meetings(no_meeting)
        git_corpus = work / "git-corpus"
        shutil.copytree(no_meeting, git_corpus)
        commit_all(git_corpus)
        pm_plain, pm_git = measure_side_by_side([(pmlint, no_meeting), (pmlint, git_corpus)], args.repeat)
        ratio = pm_git.median_s / pm_plain.median_s
        report("git", f"in a git repository (no Meeting fields: held = first commit): {pm_git.median_s:.2f} s, "
               f"{ratio:.2f}x the same files outside git ({pm_plain.median_s:.2f} s) (bar 1.2x)",
               pmlint=asdict(pm_git), plain=asdict(pm_plain), ratio=round(ratio, 3), bar=1.2, ok=ratio <= 1.2)

        for size in [int(part) for part in str(args.scale).split(",") if int(part)]:
            big = work / f"big-{size}"
            generate(big, size)
            pm_big = measure(pmlint, big, max(1, args.repeat // 2))
            ratio = pm_big.median_s / pm_all.median_s
            bar = 10.5 * size / (10 * args.docs)  # 10.5x the time for 10x the documents
            report(f"scale-{size}", f"{size} documents: {pm_big.median_s:.2f} s, {ratio:.1f}x the {args.docs}-document "
                   f"time (bar {bar:.1f}x); peak {pm_big.peak_mb:.0f} MB (bar 100 MB)",
                   pmlint=asdict(pm_big), ratio=round(ratio, 2), bar=round(bar, 2),
                   ok=ratio <= bar and pm_big.peak_mb < 100)
            shutil.rmtree(big)

    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    args.json.write_text(json.dumps({"docs": args.docs, "scale": args.scale, "repeat": args.repeat,
                                     "machine": machine, "results": results}, indent=2) + "\n")
    failed = [name for name, figures in results.items() if not figures["ok"]]
    print(f"figures written to {args.json}; " + (f"bars missed: {', '.join(failed)}" if failed else "every bar met"))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
