"""`pmlint init [--dir DIR] [--dry-run] [--force]`: configure pmlint from the post-mortems a
team already has, then show what still fails."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from pmlint.commands.common import add_today
from pmlint.commands.common import today as read_today
from pmlint.errors import EXIT_OK, UsageError

if TYPE_CHECKING:
    from pmlint.config.schema import Config
    from pmlint.parse.document import Document



def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser) -> None:
    init = commands.add_parser("init", parents=[common], help="infer the configuration from existing post-mortems")
    init.add_argument(
        "--dir", nargs="+", action="extend", metavar="DIR",
        help="the folders (or globs of folders) holding the post-mortems (default: found in the repository)"
    )
    init.add_argument("--dry-run", action="store_true", help="print what would be written; write nothing")
    init.add_argument("--force", action="store_true", help="replace an existing pmlint configuration")
    init.add_argument("--no-git", action="store_true", help="do not ask git for dates")
    add_today(init)
    init.set_defaults(run=run)


def _folders(options: list[str] | None, root: Path) -> list[Path] | None:
    """The folders `--dir` names (globs expanded), inside the project; None: find them."""
    if not options:
        return None
    folders = []
    for option in options:
        matched = sorted(root.glob(option)) if any(c in option for c in "*?[") else [root / option]
        found = [p.resolve() for p in matched if p.is_dir()]
        if not found:
            raise UsageError(f"--dir {option}: no such folder")
        for folder in found:
            if not folder.is_relative_to(root):
                raise UsageError(f"--dir {option}: must be inside the project ({root})")
        folders += found
    return folders


def _read(names: list[str], root: Path) -> tuple[list[Document], list[str]]:
    """The documents, parsed with the default template, and the files that could not be read
    (a link leading out of the project is not followed)."""
    from pmlint.parse.document import parse_document
    from pmlint.read.files import Unreadable, read_text

    docs, unreadable = [], []
    for name in names:
        path = root / name
        if not path.resolve().is_relative_to(root):
            unreadable.append(f"{name}: symlink leads outside the project root; not read")
            continue
        text = read_text(path, 5_000_000)
        if isinstance(text, Unreadable):
            unreadable.append(f"{name}: {text.message}")
            continue
        docs.append(parse_document(text, name))
    return docs, unreadable


def _remaining(config: Config, root: Path, today: object, use_git: bool) -> Counter[tuple[str, str]]:
    """The findings `pmlint check` reports under `config`, counted by rule."""
    from pmlint.catalog.rules import load_catalog
    from pmlint.engine.linter import lint
    from pmlint.engine.selection import build_selection, known_selectors
    from pmlint.project.inputs import collect_inputs

    rules = load_catalog()
    known = known_selectors(config.select, config.ignore, config.levels, config.per_file_ignores, rules)
    selection = build_selection(rules, known.select, known.ignore, known.levels, known.per_file_ignores)
    inputs = collect_inputs([], config, root, root, False)
    report = lint(inputs, config, selection, root, root, today, use_git=use_git)  # type: ignore[arg-type]
    return Counter((f.code, f.name) for f in report.findings)


def run(args: argparse.Namespace) -> int:
    from pmlint.adopt.discover import discover
    from pmlint.adopt.infer import infer
    from pmlint.adopt.write import write_config
    from pmlint.catalog.rules import load_catalog
    from pmlint.config.load import validate

    root = Path.cwd().resolve()
    found = discover(root, _folders(args.dir, root))
    docs, unreadable = _read(found.documents, root)
    zones = {k.upper(): v for k, v in load_catalog()["PM203"].options.get("zones", {}).items()}
    people_fields = tuple(load_catalog()["PM502"].options.get("people-fields", []))
    timeline = load_catalog()["PM201"].options
    columns = (tuple(timeline.get("time-columns", [])), tuple(timeline.get("event-columns", [])))

    where = ", ".join(found.globs)
    if not docs:
        searched = ", ".join(args.dir) if args.dir else "the repository"
        print(f"pmlint init: no post-mortem found in {searched}; nothing written "
              "(pass --dir DIR if they are elsewhere)" + "".join(f"\n  not read: {u}" for u in unreadable))
        return EXIT_OK
    inferred = infer(docs, found.globs, zones, people_fields, columns, has_todo=(root / "TODO.md").is_file())
    config = validate(inferred.settings, "the inferred configuration", "tool.pmlint")
    lines = [f"pmlint init: read {len(docs)} post-mortem{'s' if len(docs) != 1 else ''} in {where}"]
    lines += [f"  skipped (index, README or template page): {name}" for name in found.skipped]
    lines += [f"  not read: {line}" for line in unreadable]
    lines += [f"  {note}" for note in inferred.notes]
    if args.dry_run:
        from pmlint.adopt.write import render_toml, target

        lines += ["", f"Would write to {target(root).name} (--dry-run):", "",
                  render_toml(inferred.settings, "tool.pmlint")]
    else:
        # Written before anything is printed: a file that cannot take it is the only output.
        written = write_config(root, inferred.settings, args.force)
        verb = "replaced the configuration in" if written.replaced else "wrote [tool.pmlint] to"
        lines += ["", f"{verb} {written.path.name}"]
    print("\n".join(lines))
    if docs:
        counts = _remaining(config, root, read_today(args.today), not args.no_git)
        total = sum(counts.values())
        print(f"\nFindings that remain ({total}):" if total else "\nNo finding remains.")
        for (code, name), count in sorted(counts.items()):
            print(f"  {code} {name}: {count}")
        if total:
            print("Fix them, or record them with `pmlint check --write-baseline` and fix them over time.")
    return EXIT_OK
