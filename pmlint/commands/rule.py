"""`pmlint rule CODE|NAME`: explain one rule."""

from __future__ import annotations

import argparse
import sys

from pmlint.errors import EXIT_OK, UsageError


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    rule = commands.add_parser("rule", parents=[common], help="explain one rule")
    rule.add_argument("rule", metavar="CODE|NAME")
    rule.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pmlint.catalog.explain import explain
    from pmlint.catalog.rules import by_name_or_code

    index = by_name_or_code()
    rule = index.get(args.rule) or index.get(args.rule.upper()) or index.get(args.rule.lower())
    if rule is None:
        raise UsageError(f"unknown rule {args.rule!r}; `pmlint rules` lists them")
    sys.stdout.write(explain(rule))
    return EXIT_OK
