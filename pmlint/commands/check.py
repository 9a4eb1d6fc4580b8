"""`pmlint check [PATH ...]`: lint post-mortems and TODO.md."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pmlint.commands.common import add_today, emit, load, split_list
from pmlint.commands.common import today as read_today
from pmlint.errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError

if TYPE_CHECKING:
    from pmlint.catalog.rules import Level
    from pmlint.config.load import LoadedConfig
    from pmlint.config.schema import Config
    from pmlint.engine.findings import Report
    from pmlint.engine.selection import Selection, UnknownEntry
    from pmlint.project.inputs import Inputs

# The formatters live in pmlint.output; their names are listed here so that building the
# parser imports no formatter.
FORMATS = ["text", "json", "github", "sarif", "junit"]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    check = commands.add_parser("check", parents=[common], help="lint post-mortems and TODO.md")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the configured paths)")
    add_today(check)
    check.add_argument("--format", choices=FORMATS, default="text", help="how to print the findings")
    check.add_argument("-o", "--output", type=Path, metavar="FILE", help="write the report here instead of stdout")
    check.add_argument("--select", action="append", metavar="RULES", help="codes, names or prefixes, comma-separated")
    check.add_argument("--ignore", action="append", metavar="RULES", help="codes, names or prefixes to skip")
    check.add_argument(
        "--fail-on", choices=["error", "warning", "never"], help="lowest level that fails (default error)"
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even with findings")
    check.add_argument("--force-exclude", action="store_true", help="skip named files that the globs do not pick")
    check.add_argument("--no-git", action="store_true", help="do not ask git for dates")
    check.add_argument(
        "--allow-empty", action="store_true",
        help="exit 0 when the paths pick no post-mortem (else exit 2 for PATHs given, or in CI)",
    )
    check.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    check.add_argument(
        "--fix", action="store_true", help="also append the missing TODO.md lines (PM307); exit 1 if a file changed"
    )
    check.add_argument(
        "--write-baseline",
        action="store_true",
        help="record the findings per file and rule in the baseline file (default pmlint-baseline.json)",
    )
    check.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pmlint.catalog.rules import load_catalog
    from pmlint.engine.findings import fails
    from pmlint.engine.linter import lint
    from pmlint.engine.selection import (
        UnknownSelector,
        build_selection,
        check_selectors,
        known_selectors,
    )
    from pmlint.output import formatter
    from pmlint.project.inputs import NO_DOCUMENTS_HINT, collect_inputs, no_documents_warning

    today = read_today(args.today)
    cwd = Path.cwd()
    loaded = load(args.config)
    config = loaded.config
    rules = load_catalog()
    select = split_list(args.select)
    ignore = split_list(args.ignore) or []
    # Unknown rules in the configuration are PM902 findings; on the command line, a usage error.
    known = known_selectors(config.select, config.ignore, config.levels, config.per_file_ignores, rules)
    try:
        check_selectors(select or [], rules, "--select")
        check_selectors(ignore, rules, "--ignore")
        selection = build_selection(
            rules, select or known.select, known.ignore + ignore, known.levels, known.per_file_ignores
        )
    except UnknownSelector as exc:
        raise UsageError(str(exc)) from None
    root = loaded.root.resolve()
    inputs = collect_inputs(args.paths, config, root, cwd, args.force_exclude)
    # A gate that lints nothing must not pass: PATHs that hold no post-mortem (a folder outside
    # the globs), or configured paths that match nothing in CI, exit 2 after the report.
    empty = _empty_run(args, config, inputs)
    if empty and args.allow_empty and not args.quiet:
        print(f"pmlint: warning: {empty}", file=sys.stderr)
    report = lint(inputs, config, selection, root, cwd, today, use_git=not args.no_git, options=loaded.options)
    changed = False
    if args.fix and "PM307" in selection.levels:
        changed = _fix(report, config, root, cwd, args.quiet)
        if changed:  # lint again: the report shows what is left, from the files as they are now
            inputs = collect_inputs(args.paths, config, root, cwd, args.force_exclude)
            report = lint(inputs, config, selection, root, cwd, today, use_git=not args.no_git, options=loaded.options)
    if config.baseline is not None or args.write_baseline:
        _baseline(report, loaded, inputs, cwd, args.write_baseline, args.quiet)
    report.documents = len(inputs.documents)
    if not args.fix:  # after --fix, what is left could not be fixed
        from pmlint.engine.findings import FIXABLE_CODES

        report.fixable = sum(report.findings.code_count(code) for code in FIXABLE_CODES)
    if not args.paths and not inputs.documents:
        report.warnings.append(no_documents_warning(config))
        if not args.quiet:
            print(f"pmlint: warning: {report.warnings[-1]}{NO_DOCUMENTS_HINT}", file=sys.stderr)
    if known.unknown and loaded.path is not None:
        level = _config_level(selection, known.ignore + ignore, known.levels)
        if level is not None:
            _report_config(report, loaded.path, known.unknown, level, root, cwd)
    if args.format == "text":  # colour only on a terminal, never into --output's file
        from pmlint.output.text import colour_wanted, stream_text

        pieces = stream_text(report, args.quiet, colour=args.output is None and colour_wanted())
    else:
        pieces = formatter(args.format)(report, args.quiet)
    emit(pieces, args.output, args.format)
    if empty and not args.allow_empty:
        from pmlint.output.actions_runner import one_line

        print(one_line(f"pmlint: error: {empty}; pass --allow-empty if that is intended"), file=sys.stderr)
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    if changed:
        return EXIT_FINDINGS  # pre-commit's convention: a hook that changed a file fails
    return EXIT_FINDINGS if fails(report, args.fail_on or config.fail_on) else EXIT_OK


def _in_ci() -> bool:
    """GitHub Actions (GITHUB_ACTIONS) or any CI that sets CI, as most do."""
    return os.environ.get("GITHUB_ACTIONS") == "true" or os.environ.get("CI", "").lower() not in ("", "0", "false")


def _empty_run(args: argparse.Namespace, config: Config, inputs: Inputs) -> str | None:
    """Why this run lints no post-mortem where it should, or None. Under --force-exclude
    (pre-commit passes any staged file) skipping every file is the point."""
    if inputs.documents or args.force_exclude:
        return None
    globs = ", ".join(config.paths)
    if args.paths:
        if inputs.todo is not None:
            return None
        named = ", ".join(args.paths)
        return f"no post-mortem found under {named} (documents are what `paths` picks: {globs})"
    if _in_ci():
        return f"the configured paths ({globs}) match no post-mortem document"
    return None


def _fix(report: Report, config: Config, root: Path, cwd: Path, quiet: bool) -> bool:
    """Apply the PM307 fix; say on stderr what changed (stdout stays the report). True if
    TODO.md changed."""
    from pmlint.errors import FixError, FixRefused
    from pmlint.items.fix import Reported, fix_untracked
    from pmlint.read.files import relative_posix

    reported = [Reported(f.path, f.line) for f in report.findings if f.code == "PM307"]
    try:
        result = fix_untracked(reported, config, root, cwd)
    except FixRefused:
        raise  # exit 2: a line that would not be read back would be added on every run
    except FixError as exc:
        print(f"pmlint: {exc}", file=sys.stderr)
        return False
    except OSError as exc:
        raise UsageError(f"{config.todo}: cannot write: {exc.strerror or exc}") from None
    if result is None:
        return False
    shown = relative_posix(result.todo, cwd)
    from pmlint.output.actions_runner import one_line

    for note in result.notes:
        print(one_line(f"pmlint: {note}"), file=sys.stderr)
    if not quiet:
        for doc_path, count in result.rewritten.items():
            print(f"{shown}: rewrote {count} line{'s' if count != 1 else ''} for {doc_path} (its action was reworded)",
                  file=sys.stderr)
        for doc_path, count in result.added.items():
            print(f"{shown}: added {count} line{'s' if count != 1 else ''} for {doc_path}", file=sys.stderr)
    return result.changed


def _baseline(report: Report, loaded: LoadedConfig, inputs: Inputs, cwd: Path, write: bool, quiet: bool) -> None:
    """The one place the baseline applies: write it (--write-baseline, which also records
    `baseline = …` in the configuration), then drop the findings it records from the
    report, and say how many on stderr."""
    from pmlint.engine.baseline import DEFAULT_NAME, apply_baseline, count, read_baseline, write_baseline
    from pmlint.read.files import relative_posix

    config, root = loaded.config, loaded.root.resolve()
    target = root / (config.baseline or DEFAULT_NAME)
    shown = relative_posix(target, cwd)
    if write:
        previous = read_baseline(target, shown) if target.exists() else {}
        linted = {relative_posix(p, root) for p in inputs.documents}
        linted |= {relative_posix(inputs.todo, root)} if inputs.todo is not None else set()
        recorded = write_baseline(target, count(report.findings, root, cwd), linted, previous)
        hint = "" if config.baseline else _record_baseline(loaded, DEFAULT_NAME, cwd)
        print(f"pmlint: recorded {recorded} finding{'s' if recorded != 1 else ''} in {shown}{hint}", file=sys.stderr)
    applied = apply_baseline(report, read_baseline(target, shown), root, cwd)
    if quiet:
        return
    if applied.baselined:
        print(f"pmlint: {applied.baselined} finding{'s' if applied.baselined != 1 else ''} baselined ({shown})",
              file=sys.stderr)
    for path, code in applied.exceeded:
        print(f"pmlint: {path}: {code} findings the baseline does not record are shown", file=sys.stderr)


def _record_baseline(loaded: LoadedConfig, name: str, cwd: Path) -> str:
    """Set `baseline = name` in the configuration (a new .pmlint.toml when there is none), so
    the next `pmlint check` uses it; what to tell the user."""
    from pmlint.adopt.write import record_setting
    from pmlint.read.files import relative_posix

    path = loaded.path or loaded.root.resolve() / ".pmlint.toml"
    table = "[tool.pmlint]" if loaded.table == "tool.pmlint" else "the top-level keys"
    try:
        recorded = record_setting(path, loaded.table, "baseline", name)
    except OSError as exc:
        raise UsageError(f"{path.name}: cannot write: {exc.strerror or exc}") from None
    if recorded:
        return f"; set baseline = \"{name}\" in {relative_posix(path, cwd)}"
    return f"; add baseline = \"{name}\" to {table} of {relative_posix(path, cwd)} to use it"


def _config_level(selection: Selection, ignore: list[str], levels: dict[str, str]) -> Level | None:
    """The level of PM902 for the configuration file: its selected level, else its default
    unless it was switched off by name (a narrowed `select` must not hide a broken config)."""
    from pmlint.engine.findings import UNKNOWN_CODE

    rule = selection.rules[UNKNOWN_CODE]
    if UNKNOWN_CODE in selection.levels:
        return selection.levels[UNKNOWN_CODE]
    named = {rule.code, rule.name}
    if named & set(ignore) or any(levels.get(key) == "off" for key in named):
        return None
    override = next((levels[key] for key in named if key in levels), None)
    return override or rule.level  # type: ignore[return-value]


def _report_config(
    report: Report, path: Path, unknown: list[UnknownEntry], level: Level, root: Path, cwd: Path
) -> None:
    """PM902 findings against the configuration file, at the lines naming unknown rules."""
    from pmlint.catalog.rules import load_catalog
    from pmlint.engine.findings import UNKNOWN_CODE, Finding
    from pmlint.engine.suppress import config_problem
    from pmlint.read.files import relative_posix

    absolute = Path(os.path.abspath(path))
    try:
        text = absolute.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    shown = relative_posix(absolute, cwd)
    for entry in unknown:
        problem = config_problem(text, entry.key, entry.selector)
        name = load_catalog()[UNKNOWN_CODE].name
        report.findings.append(Finding(shown, problem.line, problem.column, UNKNOWN_CODE, name, level, problem.message))
