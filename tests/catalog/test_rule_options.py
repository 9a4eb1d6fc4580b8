"""Rule options: typed defaults from rules/, set per project under [tool.pmlint.rules.CODE]
(or the rule's name), validated when the configuration is read, shown by `pmlint rule`."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import TypeAdapter

from pmlint.catalog.option_types import OPTION_TYPES, PM305Options
from pmlint.catalog.options import default_options
from pmlint.catalog.rules import load_catalog
from pmlint.config.records import bounds, check_tables, kebab
from tests.conftest import CLEAN_DOC, CLEAN_TODO, DOC_PATH, write

THREE_WORDS = "| Add pool limit | @kenji | P2 | 2026-12-11 |"
LONG_ACTION = "| Add a pool size field to the service configuration template | @kenji | P2 | 2026-12-11 |"


def project(root: Path, settings: str = "") -> Path:
    """The clean project with one three-word action, and `settings` as pyproject.toml."""
    assert LONG_ACTION in CLEAN_DOC
    files = {DOC_PATH: CLEAN_DOC.replace(LONG_ACTION, THREE_WORDS), "TODO.md": CLEAN_TODO}
    if settings:
        files["pyproject.toml"] = settings
    return write(root, files)


def pm305(run, root: Path) -> list[str]:
    result = run("check", "--select", "PM305", "--no-git", cwd=root)
    assert result.code in (0, 1), result.err
    return [line for line in result.out.splitlines() if "PM305" in line]


BAD = [
    ("[tool.pmlint.rules.PM305]\nmin-word = 3\n",
     "pyproject.toml: tool.pmlint.rules.PM305.min-word: unknown option (did you mean min-words?)"),
    ("[tool.pmlint.rules.action-vague]\nmin-words = 'four'\n",
     "pyproject.toml: tool.pmlint.rules.action-vague.min-words: input should be a valid integer"),
    ("[tool.pmlint.rules.PM305]\nvague-openings = 'investigate'\n",
     "pyproject.toml: tool.pmlint.rules.PM305.vague-openings: input should be a valid list, got 'investigate'"),
    ("[tool.pmlint.rules.PM305]\nextend-vague-openings = [3]\n",
     "pyproject.toml: tool.pmlint.rules.PM305.extend-vague-openings[0]: input should be a valid string, got 3"),
    ("[tool.pmlint.rules.PM305]\nextend-min-words = 3\n",
     "pyproject.toml: tool.pmlint.rules.PM305.extend-min-words: min-words is not a list; set min-words instead"),
    ("[tool.pmlint.rules.PM305]\nmin-words = -1\n",
     "pyproject.toml: tool.pmlint.rules.PM305: min-words must be at least 0"),
    ("[tool.pmlint.rules.PM999]\nmin-words = 3\n", "pyproject.toml: tool.pmlint.rules.PM999: unknown rule"),
    ("[tool.pmlint.rules.action-vauge]\nmin-words = 3\n",
     "pyproject.toml: tool.pmlint.rules.action-vauge: unknown rule (did you mean action-vague?)"),
    ("[tool.pmlint.rules.PM101]\nmin-words = 3\n",
     "pyproject.toml: tool.pmlint.rules.PM101.min-words: unknown option (PM101 has no options)"),
    ("[tool.pmlint.rules.PM205]\nmilestones = { mitigation = 'rollback' }\n",
     "pyproject.toml: tool.pmlint.rules.PM205.milestones.mitigation: input should be a valid list"),
    ("[tool.pmlint.rules.PM305]\nmin-words = 3\n[tool.pmlint.rules.action-vague]\nmin-words = 5\n",
     "pyproject.toml: tool.pmlint.rules.action-vague: PM305 is already set under another name"),
    ("[tool.pmlint.rules.PM108]\nsentences = [3, 1]\n",
     "pyproject.toml: tool.pmlint.rules.PM108: sentences must be [min, max] with 0 <= min <= max"),
]


@pytest.mark.parametrize(("settings", "expected"), BAD, ids=[e.split(": ", 1)[1][:60] for _, e in BAD])
def test_a_bad_rule_setting_is_one_line_naming_the_file_and_key(run, tmp_path: Path, settings: str, expected: str) -> None:
    result = run("check", cwd=project(tmp_path, settings))
    assert result.code == 2 and result.out == ""
    [line] = result.err.strip().splitlines()
    assert line.startswith("pmlint: error: ") and expected in line
    assert str(tmp_path / "pyproject.toml") in line


def test_a_project_setting_changes_the_rule(run, tmp_path: Path) -> None:
    root = project(tmp_path)
    [finding] = pm305(run, root)
    assert "action has 3 words; write at least 4" in finding
    write(root, {"pyproject.toml": "[tool.pmlint.rules.PM305]\nmin-words = 3\n"})
    assert pm305(run, root) == []
    # The rule's name is a key too; extend- adds to the default list instead of replacing it.
    write(root, {"pyproject.toml": "[tool.pmlint.rules.action-vague]\nextend-vague-openings = ['add an alert']\n"})
    found = pm305(run, root)
    assert len(found) == 2 and "opens with the vague 'add an alert'" in found[0]
    assert "action has 3 words" in found[1]


def test_a_list_option_replaces_the_default(run, tmp_path: Path) -> None:
    root = project(tmp_path, "[tool.pmlint.rules.PM305]\nvague-openings = ['add']\nmin-words = 0\n")
    assert len(pm305(run, root)) == 2  # both actions open with "add"
    (root / DOC_PATH).write_text(CLEAN_DOC.replace(LONG_ACTION, "| Investigate the pool | @kenji | P2 | 2026-12-11 |"))
    found = pm305(run, root)
    assert len(found) == 1 and "'add'" in found[0]  # "investigate" is no longer listed


def test_pmlint_rule_shows_options_defaults_and_the_project_value(run, tmp_path: Path) -> None:
    root = project(tmp_path)
    out = run("rule", "PM305", cwd=root).out
    assert "Options (set under [tool.pmlint.rules.PM305] or [tool.pmlint.rules.action-vague])" in out
    assert "  min-words (int)\n    The fewest words an action may have.\n    default: 4\n" in out
    assert "vague-openings (list[str]; extend-vague-openings adds to it)" in out
    assert 'default: ["investigate", "look into"' in out
    assert "this project" not in out
    write(root, {"pyproject.toml": "[tool.pmlint.rules.action-vague]\nmin-words = 3\n"})
    out = run("rule", "action-vague", cwd=root).out
    assert "    default: 4\n    this project (pyproject.toml): 3\n" in out
    assert out.count("this project") == 1  # vague-openings is not set


def test_pmlint_rule_shows_the_template_alias_as_the_project_value(run, tmp_path: Path) -> None:
    root = project(tmp_path, "[tool.pmlint.template]\nroot-cause-min-words = 25\n")
    out = run("rule", "PM109", cwd=root).out
    assert "min-words (int)" in out and "default: 40\n    this project (pyproject.toml): 25\n" in out


def test_the_rule_option_wins_over_the_old_template_key(run, tmp_path: Path) -> None:
    root = project(tmp_path, "[tool.pmlint.template]\nroot-cause-min-words = 25\n[tool.pmlint.rules.PM109]\nmin-words = 30\n")
    assert "this project (pyproject.toml): 30" in run("rule", "PM109", cwd=root).out


def test_a_rule_without_options_says_nothing_about_options(run, tmp_path: Path) -> None:
    assert "Options" not in run("rule", "PM101", cwd=project(tmp_path)).out


@pytest.mark.parametrize("code", sorted(OPTION_TYPES))
def test_each_rule_toml_matches_its_typed_options(code: str) -> None:
    """The TOML's [options] are exactly the typed fields, valid, and each is described."""
    rule = load_catalog()[code]
    kind = OPTION_TYPES[code]
    names = {kebab(name) for name in kind._fields}
    assert set(rule.options) == names
    assert set(rule.option_descriptions) == names and all(rule.option_descriptions.values())
    # The pydantic-free defaults equal what validation makes of the TOML.
    snake = {name.replace("-", "_"): value for name, value in rule.options.items()}
    assert default_options(code) == TypeAdapter(kind).validate_python(snake)
    assert not list(check_tables(default_options(code)))  # the defaults are values the rule can use
    assert [spec.name for spec in rule.option_specs] == [kebab(name) for name in kind._fields]


def test_every_rule_with_options_has_a_type() -> None:
    assert {code for code, rule in load_catalog().items() if rule.options} == set(OPTION_TYPES)
    assert isinstance(default_options("PM305"), PM305Options)


def test_the_old_template_keys_keep_a_cached_run_free_of_pydantic(tmp_path: Path) -> None:
    """Options set through [tool.pmlint.template] were validated with the configuration, so a
    cached run that uses them does not import pydantic to apply them."""
    from tests.conftest import imported_modules, pmlint_importtime

    settings = "[tool.pmlint.template]\nroot-cause-min-words = 500\nsummary-sentences = [1, 1]\n"
    root = project(tmp_path / "p", settings)
    cache = tmp_path / "cache"
    first = pmlint_importtime(root, cache, "--select", "PM108,PM109")
    second = pmlint_importtime(root, cache, "--select", "PM108,PM109")
    assert "pydantic" not in imported_modules(second.stderr)
    assert first.stdout == second.stdout
    assert "(minimum 500)" in second.stdout and "write 1 (" in second.stdout


BOUNDED = [
    (code, kebab(name), bound.minimum)
    for code, kind in OPTION_TYPES.items()
    for name, bound in bounds(kind).items()
]


@pytest.mark.parametrize(("code", "key", "minimum"), BOUNDED, ids=[f"{c}.{k}" for c, k, _ in BOUNDED])
def test_every_bounded_option_refuses_a_value_below_its_bound_in_one_line(
    run, tmp_path: Path, code: str, key: str, minimum: int
) -> None:
    root = project(tmp_path, f"[tool.pmlint.rules.{code}]\n{key} = {minimum - 1}\n")
    for command in (("check",), ("rule", code)):
        result = run(*command, cwd=root)
        assert result.code == 2 and result.out == ""
        assert result.err.strip().splitlines() == [
            f"pmlint: error: {root / 'pyproject.toml'}: tool.pmlint.rules.{code}: {key} must be at least {minimum}"
        ]
    assert run("check", "--select", code, "--no-git", cwd=project(tmp_path / "at", f"[tool.pmlint.rules.{code}]\n"
                                                                   f"{key} = {minimum}\n")).code in (0, 1)


@pytest.mark.parametrize(("code", "key", "minimum"), BOUNDED, ids=[f"{c}.{k}" for c, k, _ in BOUNDED])
def test_the_rule_page_shows_each_bound(code: str, key: str, minimum: int) -> None:
    from pmlint.catalog.pages import rule_page

    [row] = [line for line in rule_page(load_catalog()[code]).splitlines() if line.startswith(f"| `{key}` |")]
    assert row.split(" | ")[1] == f"int, at least {minimum}"
