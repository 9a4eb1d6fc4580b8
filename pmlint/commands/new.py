"""`pmlint new "Title" --severity SEV-1 [--date D] [--dir DIR]`: scaffold a post-mortem."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from pathlib import Path

from pmlint.commands.common import add_today
from pmlint.commands.common import today as read_today
from pmlint.errors import EXIT_OK, UsageError

GLOB_CHARS = "*?["


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    new = commands.add_parser("new", parents=[common], help="write a new post-mortem from the template")
    new.add_argument("title", help='the incident title, e.g. "Checkout outage"')
    new.add_argument("--severity", required=True, help="one of the configured severities, e.g. SEV-1")
    new.add_argument("--date", metavar="YYYY-MM-DD", help="the incident date (default: today)")
    new.add_argument(
        "--dir", type=Path, metavar="DIR", help="where to write it (default: the folder of the first `paths` glob)"
    )
    add_today(new)
    new.set_defaults(run=run)


def default_folder(patterns: list[str]) -> str:
    """The fixed folder part of the first `paths` glob: `docs/incidents/*.md` -> `docs/incidents`."""
    parts = []
    for part in patterns[0].split("/")[:-1]:
        if any(char in part for char in GLOB_CHARS):
            break
        parts.append(part)
    return "/".join(parts) or "."


def run(args: argparse.Namespace) -> int:
    from pmlint.catalog.template import bare_title, file_name, render
    from pmlint.commands.common import load
    from pmlint.project.inputs import matches_any
    from pmlint.read.files import relative_posix

    loaded = load(args.config)
    config = loaded.config
    title = bare_title(" ".join(args.title.split()))
    if not title:
        raise UsageError("the title is empty; write e.g. pmlint new \"Checkout outage\" --severity SEV-2")
    severities = config.template.severities
    # Case is forgiven (`sev-1`); the file gets the configured spelling.
    severity = next((s for s in severities if s.casefold() == args.severity.strip().casefold()), None)
    if severity is None:
        raise UsageError(f"--severity: {args.severity!r} is not one of {', '.join(severities)}")
    if args.date is not None:
        try:
            date = dt.date.fromisoformat(args.date)
        except ValueError:
            raise UsageError(f"--date: {args.date!r} is not an ISO date (YYYY-MM-DD)") from None
        if len(args.date) != 10:
            raise UsageError(f"--date: {args.date!r} is not an ISO date (YYYY-MM-DD)")
    else:
        date = read_today(args.today)

    cwd = Path.cwd()
    root = loaded.root.resolve()
    folder = Path(os.path.abspath(cwd / args.dir)) if args.dir is not None else root / default_folder(config.paths)
    path = folder / file_name(title, date.isoformat())
    shown = relative_posix(path, cwd)
    text = render(title, date.isoformat(), severity, config.template, config.report.services_field,
                  config.report.factors_field)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # "x": refuse, atomically, to replace a file that is already there.
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise UsageError(f"{shown}: already exists; not overwritten") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot write: {exc.strerror or exc}") from None
    print(shown)
    relative = relative_posix(path, root)
    if relative.startswith("../") or not matches_any(relative, config.paths):
        import sys

        print(f"pmlint: note: {shown} is outside the configured paths; `pmlint check` lints it only when named",
              file=sys.stderr)
    return EXIT_OK
