"""`pmlint rule CODE|NAME`: explain one rule."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pmlint.errors import EXIT_OK, UsageError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    rule = commands.add_parser("rule", parents=[common], help="explain one rule")
    rule.add_argument("rule", metavar="CODE|NAME", help="a rule code (PM305) or name (action-vague)")
    rule.set_defaults(run=run)


def _project_values(args: argparse.Namespace, code: str) -> tuple[dict[str, Any] | None, str]:
    """The options the project's configuration sets for the rule, and the file they are in."""
    from pmlint.catalog.options import project_values
    from pmlint.commands.common import load

    loaded = load(args.config)
    if loaded.path is None:
        return None, ""
    return project_values(loaded.config, loaded.options, code), loaded.path.name


def _did_you_mean(wanted: str, index: dict[str, Any]) -> str:
    """'did you mean action-vague? ' for a word of a rule's name or a near miss of a code or name."""
    import difflib

    names = sorted({rule.name for rule in index.values()})
    key = wanted.casefold()
    close = [name for name in names if key in name.split("-")] or difflib.get_close_matches(
        key, names + sorted({rule.code.casefold() for rule in index.values()}), n=3, cutoff=0.75)
    shown = [index[name].name if name in index else index[name.upper()].code for name in close[:3]]
    return f"did you mean {' or '.join(shown)}? " if shown else ""


def run(args: argparse.Namespace) -> int:
    from pmlint.catalog.explain import explain
    from pmlint.catalog.rules import by_name_or_code

    index = by_name_or_code()
    rule = index.get(args.rule) or index.get(args.rule.upper()) or index.get(args.rule.lower())
    if rule is None:
        raise UsageError(f"unknown rule {args.rule!r}; {_did_you_mean(args.rule, index)}`pmlint rules` lists them")
    sys.stdout.write(explain(rule, *_project_values(args, rule.code)))
    return EXIT_OK
