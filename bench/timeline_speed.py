#!/usr/bin/env python3
"""Speed and memory of `pmlint timeline` on big logs, beside the seed's own recipe.

Run from a checkout with pmlint installed in the current Python (the repository's venv):

    python bench/timeline_speed.py [--lines 1000000 4000000] [--repeat 5] [--json timeline-bench.json]

For each size it writes a log of that many lines (about 100 bytes each, 2% ERROR or
CRITICAL lines, Python-logging timestamps) covering the same six hours of an incident (a
bigger log is a busier one, not a longer one: the rows stay the same), then measures side by side in one
run, each command `--repeat` times after one warm-up run (so both read from the page
cache), taking turns:

  seed      grep "ERROR\\|CRITICAL" FILE | awk '{print $1, $2}' | sort -u
  pmlint    pmlint timeline --since .. --until .. --match 'ERROR|CRITICAL' log=FILE --format json --output ROWS
            (the seed's own search: the same two words, besides the error-level lines)
  default   the same with the default, level-aware match (the lines whose level is an error:
            the file is searched for its error spellings, then each candidate's level is read)

and prints the median wall time and CPU time (user + system, from /usr/bin/time), the peak
RSS (the largest process of the seed's pipeline), and the ratios. On a shared machine the
wall-time ratio grows with the load (pmlint needs more CPU time and waits longer for it), so
the CPU-time ratio and the load average are printed too. Bars: pmlint within 10x the seed's
time on 1,000,000 lines; peak RSS under 100 MB and flat from 1,000,000 to 4,000,000 lines.
It also checks that pmlint kept exactly the lines grep found.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START = dt.datetime(2026, 11, 27, 6, 0, 0)
SPAN = dt.timedelta(hours=6)
TIME_BIN = Path("/usr/bin/time")


def write_log(path: Path, lines: int, seed: int = 7) -> int:
    """A log of `lines` lines over SPAN; returns how many are ERROR or CRITICAL."""
    rng = random.Random(seed)
    step = SPAN / lines
    errors = 0
    services = ["checkout", "payments", "search", "cart", "auth"]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        batch = []
        for number in range(lines):
            moment = START + step * number
            stamp = f"{moment:%Y-%m-%d %H:%M:%S},{moment.microsecond // 1000:03d}"
            service = services[number % 5]
            roll = rng.random()
            if roll < 0.01:
                errors += 1
                message = (f"ERROR {service}.db: timeout after {rng.randint(1, 30)}s waiting for connection "
                           f"(pool={rng.randint(90, 100)}, req={rng.getrandbits(40):010x})")
            elif roll < 0.02:
                errors += 1
                message = f"CRITICAL {service}.http: {rng.randint(5, 60)}% of requests failing on node-{rng.randint(1, 40)}"
            else:
                message = (f"INFO {service}.http: GET /api/{service}/{rng.randint(1, 10**6)} 200 "
                           f"{rng.randint(1, 900)}ms user={rng.randint(1, 99999)} trace={rng.getrandbits(32):08x}")
            batch.append(f"{stamp} {message}\n")
            if len(batch) == 10000:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))
    return errors


# Bytecode is cached after the warm-up run, as in any normal installation (a shell that sets
# PYTHONDONTWRITEBYTECODE would otherwise have pmlint compile its modules on every run).
ENVIRONMENT = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def measure(command: list[str]) -> tuple[float, float | None, float | None]:
    """Wall seconds, peak RSS in MB and CPU seconds of one run (output discarded)."""
    if TIME_BIN.exists():
        command = [str(TIME_BIN), "-f", "%M %U %S", *command]
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=ENVIRONMENT)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    peak = cpu = None
    if TIME_BIN.exists():
        kilobytes, user, system = done.stderr.strip().splitlines()[-1].split()
        peak, cpu = int(kilobytes) / 1024, float(user) + float(system)
    return wall, peak, cpu


def summarise(runs: list[tuple[float, float | None, float | None]]) -> dict[str, float | None]:
    cpus = [run[2] for run in runs if run[2] is not None]
    return {"wall_s": round(statistics.median(run[0] for run in runs), 3),
            "cpu_s": round(statistics.median(cpus), 3) if cpus else None,
            "peak_mb": max((run[1] for run in runs if run[1] is not None), default=None)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, nargs="+", default=[1_000_000, 4_000_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    for tool in ("grep", "awk", "sort", "bash"):
        if shutil.which(tool) is None:
            raise SystemExit(f"needs {tool}")
    results = []
    with tempfile.TemporaryDirectory(prefix="pmlint-timeline-bench-") as folder:
        for lines in args.lines:
            log = Path(folder) / f"app-{lines}.log"
            errors = write_log(log, lines)
            end = START + SPAN + dt.timedelta(minutes=1)
            seed = ["bash", "-c", f"grep \"ERROR\\|CRITICAL\" '{log}' | awk '{{print $1, $2}}' | sort -u"]
            rows = Path(folder) / "rows.json"
            window = ["--since", f"{START:%Y-%m-%dT%H:%M}Z", "--until", f"{end:%Y-%m-%dT%H:%M}Z"]
            pmlint = [sys.executable, "-m", "pmlint", "timeline", *window, f"log={log}", "--format", "json",
                      "--quiet", "--output", str(rows)]
            commands = {"seed": seed, "pmlint": [*pmlint, "--match", "ERROR|CRITICAL"], "default": pmlint}
            for name in ("pmlint", "default"):  # each keeps exactly the lines grep finds
                measure(commands[name])
                kept = sum(row["count"] for row in json.loads(rows.read_text(encoding="utf-8")))
                if kept != errors:
                    raise SystemExit(f"{name}: pmlint kept {kept} lines, the log has {errors} ERROR/CRITICAL lines")
            measure(seed)
            runs: dict[str, list] = {name: [] for name in commands}
            for _ in range(args.repeat):
                for name, command in commands.items():
                    runs[name].append(measure(command))
            size = log.stat().st_size / 1e6
            figures = {name: summarise(found) for name, found in runs.items()}
            result = {"lines": lines, "megabytes": round(size, 1), "error_lines": errors, **figures}
            for name in ("pmlint", "default"):
                figures[name]["wall_ratio"] = round(figures[name]["wall_s"] / figures["seed"]["wall_s"], 1)
                if figures[name]["cpu_s"] and figures["seed"]["cpu_s"]:
                    figures[name]["cpu_ratio"] = round(figures[name]["cpu_s"] / max(figures["seed"]["cpu_s"], 0.01), 1)
            results.append(result)
            print(f"{lines:>10,} lines ({size:.0f} MB, {errors:,} error lines), load {os.getloadavg()[0]:.1f}:", flush=True)
            for name, label in (("seed", "grep|awk|sort"), ("pmlint", "pmlint timeline --match 'ERROR|CRITICAL'"),
                                ("default", "pmlint timeline (default --match)")):
                figure = figures[name]
                ratio = f" = {figure['wall_ratio']}x wall, {figure.get('cpu_ratio', '?')}x CPU" if name != "seed" else ""
                print(f"    {label:<42} {figure['wall_s']:.3f} s wall, {figure['cpu_s']} s CPU, "
                      f"peak RSS {figure['peak_mb']:.0f} MB{ratio}", flush=True)
            log.unlink()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} (1 min)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
