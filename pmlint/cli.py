"""The command line: `pmlint check`, `pmlint rules`, `pmlint rule CODE|NAME`.

Exit codes (SPEC section 5): 0 nothing at or above --fail-on; 1 findings at or above it;
2 usage, configuration or internal error, as one line without a traceback (unless --verbose).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from pmlint import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ["text", "json"]


class CliError(Exception):
    """A usage or configuration error: printed as one line, exit 2."""


def _split(values: list[str] | None) -> list[str] | None:
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _today(option: str | None) -> dt.date:
    for source, value in (("--today", option), ("PMLINT_TODAY", os.environ.get("PMLINT_TODAY"))):
        if value:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise CliError(f"{source}: {value!r} is not an ISO date (YYYY-MM-DD)") from None
    return dt.datetime.now(dt.timezone.utc).date()


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, metavar="FILE", help="configuration file (default: found upward)")
    common.add_argument("--verbose", action="store_true", help="show tracebacks of internal errors")

    # Common options live on the subcommands only: on both levels, the subcommand's default
    # would silently overwrite a value given before it (`pmlint --config X check`).
    parser = argparse.ArgumentParser(prog="pmlint", description="Keeps incident post-mortems honest.")
    parser.add_argument("--version", action="version", version=f"pmlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser("check", parents=[common], help="lint post-mortems and TODO.md")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the configured paths)")
    check.add_argument("--today", metavar="YYYY-MM-DD", help="the date to check against (also PMLINT_TODAY)")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--output", type=Path, metavar="FILE", help="write the report here instead of stdout")
    check.add_argument("--select", action="append", metavar="RULES", help="codes, names or prefixes, comma-separated")
    check.add_argument("--ignore", action="append", metavar="RULES", help="codes, names or prefixes to skip")
    check.add_argument("--fail-on", choices=["error", "warning", "never"], help="lowest level that fails (default error)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    check.add_argument("--force-exclude", action="store_true", help="skip named files that the globs do not pick")
    check.add_argument("--no-git", action="store_true", help="do not ask git for dates")
    check.add_argument("--quiet", action="store_true", help="print findings only, no summary")

    rules = commands.add_parser("rules", parents=[common], help="list the rules")
    rules.add_argument("--format", choices=["text", "json"], default="text")
    rule = commands.add_parser("rule", parents=[common], help="explain one rule")
    rule.add_argument("rule", metavar="CODE|NAME")
    return parser


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from pmlint.files import write_atomic

    try:
        write_atomic(output, text.encode("utf-8"))
    except OSError as exc:
        raise CliError(f"{output}: cannot write: {exc.strerror or exc}") from None


def run_check(args: argparse.Namespace) -> int:
    from pmlint.catalog import load_catalog
    from pmlint.config import ConfigError, load_config
    from pmlint.engine import collect_inputs, fails, lint
    from pmlint.output import FORMATTERS
    from pmlint.selection import UnknownSelector, build_selection, check_selectors

    today = _today(args.today)
    cwd = Path.cwd()
    try:
        loaded = load_config(args.config, cwd)
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    config = loaded.config
    where = str(loaded.path) if loaded.path else "configuration"
    if config.calendar.country:
        from pmlint.calendar import check_calendar

        try:
            check_calendar(config.calendar)
        except ValueError as exc:
            raise CliError(f"{where}: {exc}") from None
    rules = load_catalog()
    select = _split(args.select)
    ignore = _split(args.ignore) or []
    try:
        check_selectors(config.select, rules, f"{where}: select")
        check_selectors(config.ignore, rules, f"{where}: ignore")
        for pattern, selectors in config.per_file_ignores.items():
            check_selectors(selectors, rules, f"{where}: per-file-ignores[{pattern!r}]")
        check_selectors(select or [], rules, "--select")
        check_selectors(ignore, rules, "--ignore")
        selection = build_selection(
            rules, select or config.select, config.ignore + ignore, config.levels, config.per_file_ignores
        )
    except UnknownSelector as exc:
        raise CliError(str(exc)) from None
    root = loaded.root.resolve()
    inputs = collect_inputs(args.paths, config, root, cwd, args.force_exclude)
    report = lint(inputs, config, selection, root, cwd, today, use_git=not args.no_git)
    _emit(FORMATTERS[args.format](report, args.quiet), args.output)
    if args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if fails(report, args.fail_on or config.fail_on) else EXIT_OK


def run_rules(args: argparse.Namespace) -> int:
    import json

    from pmlint.catalog import load_catalog

    rules = list(load_catalog().values())
    if args.format == "json":
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


def run_rule(args: argparse.Namespace) -> int:
    from pmlint.catalog import by_name_or_code
    from pmlint.explain import explain

    index = by_name_or_code()
    rule = index.get(args.rule) or index.get(args.rule.upper()) or index.get(args.rule.lower())
    if rule is None:
        raise CliError(f"unknown rule {args.rule!r}; `pmlint rules` lists them")
    sys.stdout.write(explain(rule))
    return EXIT_OK


COMMANDS = {"check": run_check, "rules": run_rules, "rule": run_rule}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except CliError as exc:
        print(f"pmlint: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("pmlint: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last guard: one line, exit 2
        from pmlint.engine import InternalError, UsageError

        if args.verbose:
            raise
        if isinstance(exc, (InternalError, UsageError)):
            print(f"pmlint: error: {exc}", file=sys.stderr)
        else:
            print(f"pmlint: internal error: {type(exc).__name__}: {exc} (rerun with --verbose for details)", file=sys.stderr)
        return EXIT_ERROR
