"""What the subcommands share: the error type, option readers, writing the report."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmlint.config.load import LoadedConfig

from pmlint.errors import PmlintError, UsageError


def split_list(values: list[str] | None) -> list[str] | None:
    """`--select A,B --select C` as ["A", "B", "C"]; None when the option was not given."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def today(option: str | None) -> dt.date:
    """--today, else PMLINT_TODAY, else the current UTC date."""
    for source, value in (("--today", option), ("PMLINT_TODAY", os.environ.get("PMLINT_TODAY"))):
        if value:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise UsageError(f"{source}: {value!r} is not an ISO date (YYYY-MM-DD)") from None
    return dt.datetime.now(dt.UTC).date()


def add_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", metavar="YYYY-MM-DD", help="the date to check against (also PMLINT_TODAY)")


def emit(text: str | Iterable[str], output: Path | None, format_name: str | None = None) -> None:
    """The report to stdout, or atomically to --output; a report given in pieces is
    written piece by piece, never joined. On stdout inside Actions, what it quotes from
    documents cannot act as a workflow command (the `github` format escapes its own)."""
    pieces = [text] if isinstance(text, str) else text
    if output is None:
        from pmlint.output.actions_runner import neutralise

        json_text = format_name != "text"  # unnamed formats (JSON, CSV, HTML) get the form valid in all
        for piece in pieces:  # the formatters write whole lines per piece
            sys.stdout.write(piece if format_name == "github" else neutralise(piece, json_text=json_text))
        return
    from pmlint.read.files import write_atomic
    from pmlint.read.redact import scrub

    try:
        output.parent.mkdir(parents=True, exist_ok=True)  # as ruff does for --output-file
        write_atomic(output, (scrub(piece).encode("utf-8") for piece in pieces))
    except OSError as exc:
        raise UsageError(f"{output}: cannot write: {exc.strerror or exc}") from None


def load(config_option: Path | None) -> LoadedConfig:
    """The configuration found from the current directory (or --config), with every rule's
    options resolved (`options`); ConfigError if bad."""
    from pmlint.catalog.options import load_resolved

    return load_resolved(config_option, Path.cwd())


def token_from(env: Mapping[str, str]) -> str | None:
    """GITHUB_TOKEN, else GH_TOKEN; None when neither is set. Read here, not in pmlint.github:
    `overdue` and `report` without a token work where pmlint was installed without PyGithub."""
    for name in ("GITHUB_TOKEN", "GH_TOKEN"):
        value = (env.get(name) or "").strip()
        if value:
            return value
    return None


def redact(text: str, token: str | None) -> str:
    """`text` with the GitHub token replaced: no message may carry it."""
    return text.replace(token, "***") if token else text


def run_redacted(
    run: Callable[[argparse.Namespace, str | None], int],
    args: argparse.Namespace,
    secret: str | None,
    hide: Callable[[str, str | None], str] = redact,
) -> int:
    """Run a command that holds a secret (the GitHub token, share's webhook URL) so that no
    sink can carry it: stdout, stderr, the step summary, the step outputs and an --output
    file all pass through one redactor (pmlint/read/redact.py) while it runs; an error
    leaves as one line, hidden the same way, for `cli.main` to print after it; with
    --verbose the traceback is printed (redacted) rather than raised as it is."""
    from pmlint.read.redact import redacting, scrub

    with redacting((lambda text: hide(text, secret)) if secret else None):
        try:
            return run(args, secret)
        except PmlintError as exc:
            raise type(exc)(scrub(str(exc))) from None
        except Exception as exc:  # noqa: BLE001 - the last guard of a command holding a secret
            if getattr(args, "verbose", False):
                import traceback

                sys.stderr.write(traceback.format_exc())
            raise UsageError(scrub(f"internal error: {type(exc).__name__}: {exc}")) from None
