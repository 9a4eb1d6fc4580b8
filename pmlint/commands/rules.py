"""`pmlint rules`: list the rules."""

from __future__ import annotations

import argparse
import sys

from pmlint.errors import EXIT_OK


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    rules = commands.add_parser("rules", parents=[common], help="list the rules")
    rules.add_argument("--format", choices=["text", "json"], default="text", help="a table or JSON")
    rules.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pmlint.catalog.rules import load_catalog

    rules = list(load_catalog().values())
    if args.format == "json":
        import json  # here, not at the top: `pmlint check` imports this module too

        data = [
            {"code": r.code, "name": r.name, "level": r.level, "summary": r.summary, "tags": list(r.tags)}
            for r in rules
        ]
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return EXIT_OK
    width = max(len(r.name) for r in rules)
    for r in rules:
        sys.stdout.write(f"{r.code}  {r.name:<{width}}  {r.level:<7}  {r.summary}\n")
    return EXIT_OK
