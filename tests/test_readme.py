"""The README stays true: its rule table is the catalog, its commands are what CI runs."""

from __future__ import annotations

import re

from pmlint.catalog.explain import rules_table_markdown
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_rule_table_is_current() -> None:
    block = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", README, re.S)
    assert block is not None
    assert block.group(1) == rules_table_markdown(), (
        "README rule table is stale; regenerate it with: python -m pmlint.catalog.explain README.md"
    )


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"^(python3 -m venv .*)$", README, re.M)
    assert len(commands) == 2, "the README's first screen has the two commands"
    test_command = commands[1]
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8")
