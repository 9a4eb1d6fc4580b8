"""`pmlint check [PATH ...]`: lint post-mortems and TODO.md."""

from __future__ import annotations

import argparse
from pathlib import Path

from pmlint.commands.common import EXIT_FINDINGS, EXIT_OK, CliError, add_today, emit, load, split_list
from pmlint.commands.common import today as read_today

# The formatters live in pmlint.output; their names are listed here so that building the
# parser imports no formatter.
FORMATS = ["text", "json", "github", "sarif", "junit"]


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    check = commands.add_parser("check", parents=[common], help="lint post-mortems and TODO.md")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the configured paths)")
    add_today(check)
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--output", type=Path, metavar="FILE", help="write the report here instead of stdout")
    check.add_argument("--select", action="append", metavar="RULES", help="codes, names or prefixes, comma-separated")
    check.add_argument("--ignore", action="append", metavar="RULES", help="codes, names or prefixes to skip")
    check.add_argument("--fail-on", choices=["error", "warning", "never"], help="lowest level that fails (default error)")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    check.add_argument("--force-exclude", action="store_true", help="skip named files that the globs do not pick")
    check.add_argument("--no-git", action="store_true", help="do not ask git for dates")
    check.add_argument("--quiet", action="store_true", help="print findings only, no summary")
    check.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pmlint.catalog import load_catalog
    from pmlint.engine import collect_inputs, fails, lint
    from pmlint.output import formatter
    from pmlint.selection import UnknownSelector, build_selection, check_selectors

    today = read_today(args.today)
    cwd = Path.cwd()
    loaded = load(args.config)
    config = loaded.config
    where = str(loaded.path) if loaded.path else "configuration"
    rules = load_catalog()
    select = split_list(args.select)
    ignore = split_list(args.ignore) or []
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
    emit(formatter(args.format)(report, args.quiet), args.output)
    if args.exit_zero:
        return EXIT_OK
    return EXIT_FINDINGS if fails(report, args.fail_on or config.fail_on) else EXIT_OK
