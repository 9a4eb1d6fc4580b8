"""The README stays true: its commands are what CI runs, its links lead somewhere."""

from __future__ import annotations

import re

from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command() -> None:
    commands = re.findall(r"^(python3 -m venv .*)$", README, re.M)
    assert len(commands) == 2, "the README's first screen has the two commands"
    test_command = commands[1]
    ci_commands = (REPO / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci_commands[-1] == test_command, "CI runs exactly the README's test command, last"
    assert sum("python3 -m venv" in line for line in ci_commands) == 1, "CI builds its virtualenv once"


def test_every_relative_link_in_the_docs_leads_to_a_file() -> None:
    pages = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
    broken = []
    for page in pages:
        text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(r"`[^`\n]*`", "", text)  # code spans show Markdown, they do not link
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if "://" in target or target.startswith(("#", "mailto:")):
                continue
            path = (page.parent / target.split("#", 1)[0]).resolve()
            if not path.exists():
                broken.append(f"{page.relative_to(REPO)}: {target}")
    assert broken == []
