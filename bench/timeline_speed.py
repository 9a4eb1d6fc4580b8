#!/usr/bin/env python3
"""Speed and memory of `pmlint timeline` on big logs, beside the seed's own recipe.

Run from a checkout with pmlint installed in the current Python (the repository's venv):

    python bench/timeline_speed.py [--lines 1000000 4000000] [--repeat 5] [--json timeline-bench.json]

For each size it writes a log of that many lines (about 100 bytes each, 2% ERROR or
CRITICAL lines, Python-logging timestamps, 20 ms apart), then measures side by side in one
run, each command `--repeat` times after one warm-up run (so both read from the page
cache), taking turns:

  seed      grep "ERROR\\|CRITICAL" FILE | awk '{print $1, $2}' | sort -u
  pmlint    pmlint timeline --since .. --until .. log=FILE --format json --output /dev/null

and prints the median wall time, the peak RSS (from /usr/bin/time; the largest process of
the pipeline for the seed), and the ratio. Bars: pmlint within 10x the seed's time on
1,000,000 lines; peak RSS under 100 MB and flat from 1,000,000 to 4,000,000 lines. It also
checks that pmlint kept exactly the lines grep found.
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
STEP = dt.timedelta(milliseconds=20)
TIME_BIN = Path("/usr/bin/time")


def write_log(path: Path, lines: int, seed: int = 7) -> int:
    """A log of `lines` lines; returns how many are ERROR or CRITICAL."""
    rng = random.Random(seed)
    errors = 0
    services = ["checkout", "payments", "search", "cart", "auth"]
    with path.open("w", encoding="utf-8", newline="\n") as out:
        batch = []
        for number in range(lines):
            moment = START + STEP * number
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


def measure(command: list[str]) -> tuple[float, float | None]:
    """Wall seconds and peak RSS in MB of one run (output discarded)."""
    if TIME_BIN.exists():
        command = [str(TIME_BIN), "-f", "%M", *command]
    started = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    peak = None
    if TIME_BIN.exists():
        peak = int(done.stderr.strip().splitlines()[-1]) / 1024
    return wall, peak


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
            end = START + STEP * lines + dt.timedelta(minutes=1)
            seed = ["bash", "-c", f"grep \"ERROR\\|CRITICAL\" '{log}' | awk '{{print $1, $2}}' | sort -u"]
            pmlint = [sys.executable, "-m", "pmlint", "timeline", "--since", f"{START:%Y-%m-%dT%H:%M}Z",
                      "--until", f"{end:%Y-%m-%dT%H:%M}Z", f"log={log}", "--format", "json", "--quiet",
                      "--output", str(Path(folder) / "rows.json")]
            # pmlint keeps exactly the lines grep finds: the sum of the row counts.
            measure(pmlint)
            kept = sum(row["count"] for row in json.loads((Path(folder) / "rows.json").read_text(encoding="utf-8")))
            if kept != errors:
                raise SystemExit(f"pmlint kept {kept} lines, the log has {errors} ERROR/CRITICAL lines")
            measure(seed)
            seed_runs, pmlint_runs = [], []
            for _ in range(args.repeat):
                seed_runs.append(measure(seed))
                pmlint_runs.append(measure(pmlint))
            size = log.stat().st_size / 1e6
            result = {
                "lines": lines, "megabytes": round(size, 1), "error_lines": errors,
                "seed_s": round(statistics.median(r[0] for r in seed_runs), 3),
                "pmlint_s": round(statistics.median(r[0] for r in pmlint_runs), 3),
                "seed_peak_mb": max((r[1] for r in seed_runs if r[1] is not None), default=None),
                "pmlint_peak_mb": max((r[1] for r in pmlint_runs if r[1] is not None), default=None),
            }
            result["ratio"] = round(result["pmlint_s"] / result["seed_s"], 1)
            results.append(result)
            peak = f"{result['pmlint_peak_mb']:.0f} MB" if result["pmlint_peak_mb"] else "n/a"
            print(f"{lines:>10,} lines ({size:.0f} MB, {errors:,} error lines): grep|awk|sort {result['seed_s']:.3f} s, "
                  f"pmlint timeline {result['pmlint_s']:.3f} s = {result['ratio']}x (bar <= 10x); pmlint peak RSS {peak}",
                  flush=True)
            log.unlink()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} (1 min)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
