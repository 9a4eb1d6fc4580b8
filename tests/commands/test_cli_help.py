"""Everything findable without reading the code: every subcommand's --help says what it
does, documents every option with its default, and ends with its exit codes and guide; the
CLI guide lists every option; a mistyped rule gets a "did you mean"."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from pmlint.cli import _parser
from pmlint.commands import NAMES
from tests.conftest import REPO


def subparser(name: str) -> argparse.ArgumentParser:
    [commands] = [a for a in _parser([name])._actions if isinstance(a, argparse._SubParsersAction)]
    return commands.choices[name]


@pytest.mark.parametrize("name", NAMES)
def test_help_describes_the_command_every_option_and_its_exit_codes(name: str, run, tmp_path: Path) -> None:
    parser = subparser(name)
    assert parser.description and parser.description.endswith(".")
    assert [a.option_strings or a.dest for a in parser._actions if not a.help] == []
    text = parser.format_help()
    assert "exit codes:" in text and re.search(r"^\s+2\s+usage, configuration or internal error", text, re.MULTILINE)
    guide = re.search(r"guide: (docs/guides/[\w-]+\.md)", text)
    assert guide and (REPO / guide[1]).is_file()
    for action in parser._actions:  # a default worth knowing is shown
        if action.option_strings and isinstance(action.default, str) and action.default != argparse.SUPPRESS:
            assert f"(default: {action.default})" in text or "default" in (action.help or ""), action.option_strings


def test_format_and_its_default_are_in_check_help() -> None:
    text = subparser("check").format_help()
    assert re.search(r"--format \{text,json,github,sarif,junit\}\s+how to print the findings", text)
    assert "(default: text)" in text


@pytest.mark.parametrize("name", NAMES)
def test_the_cli_guide_lists_every_option(name: str) -> None:
    guide = (REPO / "docs" / "guides" / "cli.md").read_text(encoding="utf-8")
    assert f"pmlint {name}" in guide
    section = guide[guide.index(f"### `pmlint {name}`"):]
    section = section[: section.find("\n### ", 1) if "\n### " in section[1:] else len(section)]
    missing = [option for action in subparser(name)._actions for option in action.option_strings
               if option.startswith("--") and option not in ("--help", "--config", "--verbose") and f"`{option}" not in section]
    assert missing == []


def test_readme_lists_every_command() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| command | what it is for |"):readme.index("## Install")]
    assert all(f"`pmlint {name}" in table for name in NAMES if name != "rules")
    assert "(docs/guides/adopting.md)" in readme


def test_a_mistyped_rule_gets_a_did_you_mean(run, tmp_path: Path) -> None:
    result = run("rule", "vague", cwd=tmp_path)
    assert result.code == 2
    assert result.err == "pmlint: error: unknown rule 'vague'; did you mean action-vague? `pmlint rules` lists them\n"
    assert run("rule", "zzz", cwd=tmp_path).err == "pmlint: error: unknown rule 'zzz'; `pmlint rules` lists them\n"
