"""`pmlint server`: the language server, over stdio, for editors (`pmlint[lsp]`)."""

from __future__ import annotations

import argparse

from pmlint.commands.common import add_today
from pmlint.commands.common import today as read_today
from pmlint.errors import EXIT_OK, UsageError


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    server = commands.add_parser("server", parents=[common],
                                 help="run the language server over stdio (for editors; needs pmlint[lsp])")
    add_today(server)
    server.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    read_today(args.today)  # a bad --today is a usage error now, not on the first lint
    try:
        from pmlint.server import run as serve
    except ImportError as exc:
        raise UsageError(f"pmlint server needs the lsp extra ({exc.name} is missing): "
                         "pip install 'pmlint[lsp]'") from None
    serve(lambda: read_today(args.today))
    return EXIT_OK
