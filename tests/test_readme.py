"""The README stays true: its rule table is the catalog, its commands are what CI runs."""

from __future__ import annotations

import re

from pmlint.catalog.explain import rules_table_markdown
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
RULES_INDEX = (REPO / "docs" / "rules" / "README.md").read_text(encoding="utf-8")


def test_rule_table_is_current() -> None:
    block = re.search(r"<!-- rules:start -->\n(.*?)<!-- rules:end -->", RULES_INDEX, re.S)
    assert block is not None
    assert block.group(1) == rules_table_markdown(), (
        "docs/rules/README.md rule table is stale; regenerate it with: python -m pmlint.catalog.explain docs/rules/README.md"
    )


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"^(python3 -m venv .*)$", README, re.M)
    assert len(commands) == 2, "the README's first screen has the two commands"
    test_command = commands[1]
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_every_relative_link_in_the_docs_leads_to_a_file() -> None:
    pages = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
    broken = []
    for page in pages:
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if "://" in target or target.startswith(("#", "mailto:")):
                continue
            path = (page.parent / target.split("#", 1)[0]).resolve()
            if not path.exists():
                broken.append(f"{page.relative_to(REPO)}: {target}")
    assert broken == []
