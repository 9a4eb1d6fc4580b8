"""The command line. Each subcommand lives in `pmlint/commands/<name>.py`.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it,
files changed by --fix, or overdue items; 2 usage, configuration or internal error, as one
line without a traceback (unless --verbose).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import cast

from pmlint import __version__
from pmlint.commands import register_all
from pmlint.errors import EXIT_ERROR, InternalError, PmlintError


def _terminal_width() -> int:
    """The width `shutil.get_terminal_size` gives (COLUMNS, else the terminal, else 80)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, without its `import shutil` for the terminal width: argparse
    builds a formatter for every `add_argument`, and shutil imports bz2 and lzma, which every
    `pmlint check` would pay for."""

    def __init__(
        self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None
    ) -> None:
        super().__init__(prog, indent_increment, max_help_position, _terminal_width() - 2 if width is None else width)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        """The help, with the default appended where it says nothing (as ruff's help shows
        defaults); flags and unset options have none worth showing."""
        text = action.help or ""
        default = action.default
        if (
            "default" in text or default in (None, False, True, argparse.SUPPRESS, [], "")
            or not (action.option_strings or action.nargs in (argparse.OPTIONAL, argparse.ZERO_OR_MORE))
        ):
            return action.help
        return f"{text} (default: %(default)s)"

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """Descriptions and epilogs keep their line breaks (paragraphs and the exit-code list)."""
        import textwrap

        return "\n".join(textwrap.fill(line, width, initial_indent=indent, subsequent_indent=indent + "  ")
                         if line else "" for line in text.splitlines())


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser using `_HelpFormatter`; subcommand parsers are of the same class."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


# What exit code 1 means for each command (0 is success, 2 a usage, configuration or
# internal error, for every command), and its guide, for each command's --help epilog.
_EXIT_1 = {
    "check": "findings at or above --fail-on, or --fix changed a file",
    "rules": None,
    "rule": None,
    "new": None,
    "init": None,
    "sync": "a write failed or a rate limit stopped the run",
    "overdue": "overdue action items (unless --exit-zero), or a --notify write failed",
    "timeline": None,
    "report": "the dashboard issue could not be updated",
    "share": "a document needs a person: a post failed, was not confirmed, or was blocked by an error finding",
    "server": None,
}
_GUIDES = {
    "check": "cli.md", "rules": "cli.md", "rule": "cli.md", "new": "writing.md", "init": "adopting.md",
    "sync": "sync.md", "overdue": "overdue.md", "timeline": "timeline.md", "report": "report.md", "share": "share.md",
    "server": "editors.md",
}


def _epilog(name: str) -> str:
    one = _EXIT_1.get(name)
    codes = ["exit codes:", "  0  success" if one else "  0  success (this command does not exit 1)"]
    if one:
        codes.append(f"  1  {one}")
    codes.append("  2  usage, configuration or internal error (one line on stderr)")
    return "\n".join([*codes, "", f"guide: docs/guides/{_GUIDES[name]} in pmlint's repository"])


def _describe(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Every subcommand's --help opens with what it does and closes with its exit codes and
    guide; each module gives the one-line help, this adds the rest in one place."""
    helps = {action.dest: action.help for action in commands._choices_actions}
    for name, parser in commands.choices.items():
        if parser.description is None and helps.get(name):
            summary = str(helps[name])
            parser.description = summary[0].upper() + summary[1:] + "."
        if parser.epilog is None and name in _GUIDES:
            parser.epilog = _epilog(name)


def _parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--config", type=Path, metavar="FILE", help="configuration file (default: found upward)")
    common.add_argument("-v", "--verbose", action="store_true", help="show tracebacks of internal errors")

    # Common options live on the subcommands only: on both levels, the subcommand's default
    # would silently overwrite a value given before it (`pmlint --config X check`).
    parser = _Parser(prog="pmlint", description="Keeps incident post-mortems honest.")
    parser.add_argument("--version", action="version", version=f"pmlint {__version__}")
    # (Its parsers are `_Parser`s, which are ArgumentParsers: what the commands expect.)
    commands = cast(
        "argparse._SubParsersAction[argparse.ArgumentParser]",
        parser.add_subparsers(dest="command", metavar="COMMAND", required=True),
    )
    # Options live on the subcommands, so the first word that is not an option is the command.
    words = [arg for arg in (sys.argv[1:] if argv is None else argv) if not arg.startswith("-")]
    register_all(commands, common, words[0] if words else None)
    _describe(commands)
    return parser


def _tolerant_streams() -> None:
    """A Windows console or pipe in cp1252 cannot encode every character a document may
    hold (a finding quotes the text): print an escape instead of crashing."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: list[str] | None = None) -> int:
    """Run one command; the one place where errors become exit codes."""
    _tolerant_streams()
    parser = _parser(argv)
    if not (sys.argv[1:] if argv is None else argv):
        # As ruff (clap) does with no command: the whole help, on stderr, exit 2.
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
        return code
    except KeyboardInterrupt:
        print("pmlint: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`pmlint check | head`): stop quietly, as cat does. stdout now
        # points at /dev/null, so the interpreter's last flush has nowhere to fail.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + 13  # what a shell reports for a command ended by SIGPIPE
    except PmlintError as exc:
        if args.verbose and isinstance(exc, InternalError):
            raise
        from pmlint.output.actions_runner import one_line

        print(one_line(f"pmlint: error: {exc}"), file=sys.stderr)
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 - the last guard: one line, exit 2
        if args.verbose:
            raise
        from pmlint.output.actions_runner import one_line

        message = f"pmlint: internal error: {type(exc).__name__}: {exc} (rerun with --verbose for details)"
        print(one_line(message), file=sys.stderr)
        return EXIT_ERROR
