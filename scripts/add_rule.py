#!/usr/bin/env python3
"""Scaffold a new rule: its catalog entry, its check and its test.

    python scripts/add_rule.py PM310 action-unmeasurable --family actions [--option min-words=4]

writes
- rules/<family>/<CODE>.toml: summary, rationale, fix, a bad and a good example (to edit; the
  actions family's are Action Items tables), and each option's default and description;
- a check registered with @check("<CODE>"), appended to pmlint/checks/<family>.py (for a
  family that is a package, such as document, name the module: --module sections), reading
  its options from the context;
- for `--option NAME=DEFAULT` (repeatable; DEFAULT is a TOML value: a number, true/false,
  "text" or a list of words), the field of the rule's options record `<CODE>Options` in
  pmlint/catalog/option_types.py (a number of 0 or more is bounded `AtLeast(0)`);
- a test appended to tests/checks/test_checks_<family>.py that runs the check on the bad example.

The check finds nothing yet, so the new rule's bad example and its test fail until it is
written: that is the to-do list (see CONTRIBUTING.md). Every placeholder says TODO(scaffold),
and a test keeps them out of the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
MARK = "TODO(scaffold)"
CODE = re.compile(r"PM\d{3}")
NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+")
OPTION = re.compile(r"([a-z][a-z0-9]*(?:-[a-z0-9]+)*)=(.+)", re.S)
LEVELS = ("error", "warning", "info")
OPTION_TYPES = Path("pmlint") / "catalog" / "option_types.py"
# The line of option_types.py that the options records stand above: OPTION_TYPES is read off
# the classes defined before it.
RECORDS_END = "# Every class above named PMxxxOptions"


class Option(NamedTuple):
    """One `--option name=default`."""

    name: str  # the TOML key, kebab-case
    default: str  # as given: a TOML value
    hint: str  # the record field's type


def option_hint(value: object) -> str | None:
    """The record type of a TOML default; None for one the scaffold does not write."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "Annotated[int, AtLeast(0)]" if value >= 0 else "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return "Words"
    return None


def parse_option(text: str) -> Option:
    import tomllib

    matched = OPTION.fullmatch(text)
    if matched is None:
        raise ScaffoldError(f"--option {text!r}: write NAME=DEFAULT, NAME lower-case words joined by '-'")
    name, default = matched.group(1), matched.group(2).strip()
    try:
        value = tomllib.loads(f"value = {default}")["value"]
    except tomllib.TOMLDecodeError:
        examples = '3, true, "text", ["a", "b"]'
        raise ScaffoldError(f"--option {name}: {default!r} is not a TOML value ({examples})") from None
    hint = option_hint(value)
    if hint is None:
        raise ScaffoldError(f"--option {name}: numbers, true/false, text and lists of words are scaffolded; "
                            "write other types in pmlint/catalog/option_types.py by hand")
    return Option(name, default, hint)


class ScaffoldError(Exception):
    """What stops the scaffold, as one line; nothing has been written."""


def _family_of_hundred(root: Path, code: str) -> str | None:
    """The family of the existing rules that share the code's hundred (PM3xx: actions)."""
    for path in sorted((root / "rules").glob(f"*/{code[:3]}??.toml")):
        return path.parent.name
    return None


def _check_module(root: Path, family: str, module: str | None) -> Path:
    single = root / "pmlint" / "checks" / f"{family}.py"
    package = root / "pmlint" / "checks" / family
    if package.is_dir():
        choices = sorted(p.stem for p in package.glob("*.py") if p.stem != "__init__")
        if module not in choices:
            listed = ", ".join(choices)
            raise ScaffoldError(f"the {family} checks are a package: name the module with --module ({listed})")
        return package / f"{module}.py"
    if module is not None:
        raise ScaffoldError(f"--module is for families that are packages; {family} is one module")
    if not single.is_file():
        raise ScaffoldError(f"family {family!r} has no checks module (pmlint/checks/{family}.py)")
    return single


def _validate(root: Path, code: str, name: str, family: str, module: str | None) -> tuple[Path, Path, Path]:
    """(rule TOML, check module, test file) for a new rule; raises ScaffoldError."""
    if not CODE.fullmatch(code):
        raise ScaffoldError(f"{code!r}: a rule code is PM and three digits, e.g. PM310")
    if not NAME.fullmatch(name):
        raise ScaffoldError(f"{name!r}: a rule name is lower-case words joined by '-', e.g. action-vague")
    families = sorted(p.name for p in (root / "rules").iterdir() if p.is_dir() and p.name != "engine")
    if family not in families:
        raise ScaffoldError(f"unknown family {family!r}; one of: {', '.join(families)}")
    if list((root / "rules").glob(f"*/{code}.toml")):
        raise ScaffoldError(f"{code} exists already")
    named = re.compile(rf'^name = "{name}"$', re.M)
    taken = [p for p in (root / "rules").glob("*/PM*.toml") if named.search(p.read_text(encoding="utf-8"))]
    if taken:
        raise ScaffoldError(f"the name {name!r} is taken by {taken[0].stem}")
    expected = _family_of_hundred(root, code)
    if expected is not None and expected != family:
        raise ScaffoldError(f"{code[:3]}xx rules are in family {expected}; pick a code of {family}'s hundred")
    checks = _check_module(root, family, module)
    source = checks.read_text(encoding="utf-8")
    subject = "TodoFile" if family == "todo" else "Document"
    needed = ("Iterator", "Context", "Problem", "check", subject)
    missing = [n for n in needed if not re.search(rf"^(?:from|import) .*\b{n}\b", source, re.M)]
    if missing:
        raise ScaffoldError(f"{checks.relative_to(root)} does not import {', '.join(missing)}, which the check needs")
    test = root / "tests" / "checks" / f"test_checks_{family}.py"
    if not test.is_file():
        raise ScaffoldError(f"no test file {test.relative_to(root)} for family {family}")
    return root / "rules" / family / f"{code}.toml", checks, test


def _document(code: str, section: str, body: str) -> str:
    return f'''document = """
# Post-Mortem: Checkout outage

**Date:** 2026-11-20

## {section}

{body}
"""'''


def _action_items(action: str) -> str:
    return f"| Action | Owner | Priority | Due |\n|---|---|---|---|\n| {action} | @maria | P2 | 2026-12-11 |"


def options_toml(options: Sequence[Option]) -> str:
    if not options:
        return ""
    defaults = "".join(f"{option.name} = {option.default}\n" for option in options)
    descriptions = "".join(f'{option.name} = "{MARK}: what {option.name} sets."\n' for option in options)
    return f"[options]\n{defaults}\n[option-descriptions]\n{descriptions}\n"


def rule_toml(code: str, name: str, family: str, level: str, summary: str | None,
              options: Sequence[Option] = ()) -> str:
    if family == "actions":
        bad = _document(code, "Action Items", _action_items(f"{MARK}: an action with the problem {code} finds"))
        good = _document(code, "Action Items", _action_items(f"{MARK}: the same action without the problem"))
        examples = f'''[[examples]]
expect = "bad"
{bad}

[[examples]]
expect = "good"
{good}
'''
    elif family == "todo":
        examples = f'''[[examples]]
expect = "bad"
todo = """
# TODO

- [ ] {MARK}: a TODO.md line with the problem {code} finds _(ref: docs/incidents/2026-11-20-db-pool.md)_
"""

[[examples]]
expect = "good"
todo = """
# TODO

- [ ] {MARK}: the same line without the problem _(ref: docs/incidents/2026-11-20-db-pool.md)_
"""
'''
    else:
        examples = f'''[[examples]]
expect = "bad"
document = """
# Post-Mortem: Checkout outage

**Date:** 2026-11-20

## Summary

{MARK}: a document with the problem {code} finds.
"""

[[examples]]
expect = "good"
document = """
# Post-Mortem: Checkout outage

**Date:** 2026-11-20

## Summary

{MARK}: the same document without the problem.
"""
'''
    summary_text = json.dumps(summary or f"{MARK}: one sentence, what {code} finds.", ensure_ascii=False)
    return f'''code = "{code}"
name = "{name}"
level = "{level}"
tags = ["{family}"]
summary = {summary_text}
rationale = """
{MARK}: why it matters: what goes wrong in the review, or later, when this slips through.
"""
fix = """
{MARK}: what to write instead, with a concrete example.
"""

{options_toml(options)}{examples}'''


def check_stub(code: str, name: str, family: str, options: Sequence[Option] = ()) -> str:
    function = name.replace("-", "_")
    subject, kind = ("todo: TodoFile", "TODO.md") if family == "todo" else ("doc: Document", "document")
    target = ', target="todo"' if family == "todo" else ""
    read, use = "", ""
    if options:
        fields = ", ".join(f"options.{option.name.replace('-', '_')}" for option in options)
        read = f"    options = ctx.options({code}Options)  # the defaults, with [tool.pmlint.rules.{code}]\n"
        use = f"    del options  # {MARK}: find the problem as {fields} say\n"
    return f'''

@check("{code}"{target})
def {function}({subject}, ctx: Context) -> Iterator[Problem]:
    """{MARK}: what the check finds in the {kind}, and where it reports it."""
{read}    # {MARK}: yield Problem(line, column, message) for every occurrence (1-based line and column).
    yield from ()
{use}'''


def options_record(code: str, options: Sequence[Option]) -> str:
    fields = "".join(f"    {option.name.replace('-', '_')}: {option.hint}\n" for option in options)
    return f"class {code}Options(NamedTuple):\n{fields}\n\n"


def add_record(source: str, code: str, options: Sequence[Option]) -> str:
    """option_types.py with the rule's options record above OPTION_TYPES."""
    at = source.index(RECORDS_END)
    return source[:at] + options_record(code, options) + source[at:]


IMPORT = re.compile(r"^from pmlint\.catalog\.option_types import (?:\(([^)]*)\)|(.*))$", re.M)


def add_import(source: str, code: str) -> str:
    """The check module's source importing `<code>Options` from option_types, in isort's order."""
    name = f"{code}Options"
    found = IMPORT.search(source)
    if found is not None:
        names = sorted({*(n.strip() for n in (found.group(1) or found.group(2)).split(",") if n.strip()), name})
        line = f"from pmlint.catalog.option_types import {', '.join(names)}"
        if len(line) > 120:
            line = "from pmlint.catalog.option_types import (\n" + "".join(f"    {n},\n" for n in names) + ")"
        return source[:found.start()] + line + source[found.end():]
    line = f"from pmlint.catalog.option_types import {name}\n"
    later = [m for m in re.finditer(r"^from pmlint\.(\S+) import", source, re.M) if m.group(1) > "catalog.option_types"]
    if later:
        return source[:later[0].start()] + line + source[later[0].start():]
    last = list(re.finditer(r"^from pmlint\.\S+ import .*\n", source, re.M))
    if not last:
        raise ScaffoldError("the checks module imports nothing from pmlint; add the options import by hand")
    return source[:last[-1].end()] + line + source[last[-1].end():]



def test_stub(code: str, name: str, family: str) -> str:
    function = name.replace("-", "_")
    # The marked line of the bad example: line 3 of the TODO.md, line 9 of the Action Items
    # table, line 7 of another document.
    keyword, line = ("todo", 3) if family == "todo" else ("document", 9 if family == "actions" else 7)
    return f'''

# {code} {name}


def test_{code.lower()}_{function}(tmp_path: Path) -> None:
    from pmlint.catalog.rules import load_catalog

    [bad] = [example for example in load_catalog()["{code}"].examples if example.expect == "bad"]
    problems = run_rule("{code}", tmp_path, {keyword}=bad.{keyword})
    # {MARK}: where the check reports the bad example's problem, and what it says.
    assert [(p.line, p.column, p.message) for p in problems] == [({line}, 1, "{MARK}")]
'''


def scaffold(root: Path, code: str, name: str, family: str, module: str | None, level: str,
             summary: str | None, option_texts: Sequence[str] = ()) -> list[Path]:
    """Write the pieces of a new rule; the paths written (relative to `root`)."""
    toml, checks, test = _validate(root, code, name, family, module)
    options = [parse_option(text) for text in option_texts]
    names = [option.name for option in options]
    if len(set(names)) != len(names):
        raise ScaffoldError(f"--option {next(n for n in names if names.count(n) > 1)} is given twice")
    # Everything is computed before the first write: a refusal writes nothing.
    check_source = checks.read_text(encoding="utf-8")
    if options:
        record_source = add_record((root / OPTION_TYPES).read_text(encoding="utf-8"), code, options)
        check_source = add_import(check_source, code)
    toml.write_text(rule_toml(code, name, family, level, summary, options), encoding="utf-8")
    checks.write_text(check_source + check_stub(code, name, family, options), encoding="utf-8")
    with test.open("a", encoding="utf-8") as handle:
        handle.write(test_stub(code, name, family))
    written = [toml, checks, test]
    if options:
        (root / OPTION_TYPES).write_text(record_source, encoding="utf-8")
        written.append(root / OPTION_TYPES)
    return [path.relative_to(root) for path in written]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Scaffold a new pmlint rule: catalog entry, check and test.")
    parser.add_argument("code", help="the new rule's code, e.g. PM310")
    parser.add_argument("name", help="its name, lower-case words joined by '-', e.g. action-unmeasurable")
    parser.add_argument("--family", required=True, help="its family: a folder of rules/ (actions, timeline...)")
    parser.add_argument("--module", help="for a family that is a package (document): the module to add the check to")
    parser.add_argument("--level", choices=LEVELS, default="warning", help="its default level (default: warning)")
    parser.add_argument("--summary", help="the one-line summary (default: a placeholder to edit)")
    parser.add_argument("--option", action="append", default=[], metavar="NAME=DEFAULT",
                        help='an option and its default as TOML (min-words=4, openings=["maybe"]); repeatable')
    args = parser.parse_args(argv)
    try:
        written = scaffold(ROOT, args.code, args.name, args.family, args.module, args.level, args.summary,
                           args.option)
    except ScaffoldError as exc:
        print(f"add_rule: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path.as_posix()}")
    print(f"next: replace every {MARK} (see CONTRIBUTING.md), then `pytest -k {args.code}`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
