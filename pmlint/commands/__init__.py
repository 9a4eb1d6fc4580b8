"""The subcommands. Each module has `register(commands, common)`, which adds its parser and
sets `run` (a function from the parsed arguments to an exit code) as its default.

Modules import only argparse-level code at the top: heavy imports happen inside `run`, so
`pmlint check` never pays for (or imports) the GitHub client.
"""

from __future__ import annotations

import argparse
import importlib

# In the order `pmlint --help` lists them.
NAMES = ("check", "rules", "rule", "new", "init", "sync", "overdue", "timeline", "report", "share", "server")


def register_all(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    only: str | None = None,
) -> None:
    """Add the subcommands' parsers: only `only` when it names one (a run needs its own
    command's parser, and building all of them is most of a pre-commit run's start-up), else all,
    for help and for the error that lists them."""
    for name in (only,) if only in NAMES else NAMES:
        importlib.import_module(f"pmlint.commands.{name}").register(commands, common)
