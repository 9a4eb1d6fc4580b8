"""Every rule's examples in rules/ run through the engine: bad fires the rule, good does not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pmlint.catalog.rules import Example, Rule, load_catalog
from pmlint.checks.all import all_checks
from pmlint.config.load import validate
from pmlint.engine.findings import ENGINE_RULES
from pmlint.engine.linter import lint
from pmlint.engine.selection import build_selection
from pmlint.project.inputs import Inputs

CASES = [
    pytest.param(rule, example, id=f"{rule.code}-{example.expect}-{index}")
    for rule in load_catalog().values()
    for index, example in enumerate(rule.examples)
]


def lint_example(rule: Rule, example: Example, root: Path) -> list[str]:
    """The codes the engine reports with only `rule` selected, on the example's project."""
    root = root.resolve()
    documents = []
    if example.document is not None:
        path = root / example.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(example.document, encoding="utf-8")
        documents.append(path)
    for name, text in example.files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    todo = None
    if example.todo is not None:
        todo = root / "TODO.md"
        todo.write_text(example.todo, encoding="utf-8")
    config = validate(example.config, f"{rule.code} example", "pmlint")
    selection = build_selection(load_catalog(), [rule.code], [], {}, {})
    today = dt.date.fromisoformat(example.today or "2026-11-27")
    report = lint(Inputs(documents, todo), config, selection, root, root, today)
    return [finding.code for finding in report.findings]


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_example(rule: Rule, example: Example, tmp_path: Path) -> None:
    codes = lint_example(rule, example, tmp_path)
    if example.expect == "bad":
        assert rule.code in codes, f"{rule.code} bad example did not fire"
    else:
        assert rule.code not in codes, f"{rule.code} good example fired"


@pytest.mark.parametrize("rule", list(load_catalog().values()), ids=lambda r: r.code)
def test_rule_has_bad_and_good_example(rule: Rule) -> None:
    kinds = {example.expect for example in rule.examples}
    assert kinds == {"bad", "good"}, f"{rule.code} needs at least one bad and one good example"
    assert rule.summary and rule.rationale and rule.fix


def test_every_check_is_in_the_catalog_and_back() -> None:
    catalog = set(load_catalog())
    checks = set(all_checks())
    assert checks - catalog == set(), "checks without rules/ data"
    assert catalog - checks - ENGINE_RULES == set(), "rules/ entries without a check"


def test_names_are_unique_kebab_case() -> None:
    names = [rule.name for rule in load_catalog().values()]
    assert len(names) == len(set(names))
    assert all(name == name.lower() and " " not in name and "_" not in name for name in names)
