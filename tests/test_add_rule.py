"""scripts/add_rule.py, run in a copy of the repository: the new rule's TOML, check and test
are found by the catalog, the registry, the examples test and ruff; the check finds nothing
yet, so its bad example fails until it is written. Its placeholders never reach the repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pmlint.catalog.rules import load_catalog
from tests.conftest import REPO

MARK = "TODO(scaffold)"
IGNORED = shutil.ignore_patterns(
    ".git", ".venv", "venv", ".hypothesis", ".pytest_cache", ".mypy_cache", ".ruff_cache", "__pycache__",
    "*.egg-info", "build", "dist",
)


def free_code(hundred: int) -> str:
    taken = set(load_catalog())
    return next(code for n in range(99, 0, -1) if (code := f"PM{hundred}{n:02d}") not in taken)


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copytree(REPO, tmp_path_factory.mktemp("repo") / "pmlint", ignore=IGNORED))


def python(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python ARGS` in `root`, importing pmlint from `root` (not the installed checkout)."""
    env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_a_scaffolded_rule_is_registered_cataloged_and_tested(copy: Path) -> None:
    code = free_code(3)
    done = python(copy, "scripts/add_rule.py", code, "action-scaffolded", "--family", "actions")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:3] == [
        f"wrote rules/actions/{code}.toml", "wrote pmlint/checks/actions.py", "wrote tests/checks/test_checks_actions.py"
    ]

    probe = (
        "from pmlint.catalog.rules import load_catalog; from pmlint.checks.all import all_checks; "
        f"rule = load_catalog()['{code}']; check = all_checks()['{code}']; "
        "print(rule.name, rule.level, sorted(e.expect for e in rule.examples), check.target, check.function.__module__)"
    )
    imported = python(copy, "-c", probe)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.split() == ["action-scaffolded", "warning", "['bad',", "'good']", "document",
                                       "pmlint.checks.actions"]

    lint = python(copy, "-m", "ruff", "check", "--no-cache", "pmlint", "tests", "scripts")
    assert lint.returncode == 0, lint.stdout + lint.stderr

    # The examples test and the family test see the rule; the empty check does not yet find
    # the bad example, and the scaffolded test says what to write.
    tests = python(
        copy, "-m", "pytest", "-p", "no:cacheprovider", "-n", "0", "-q", "-rA",
        "tests/catalog/test_rule_examples.py", "tests/test_layout.py", "tests/checks/test_checks_actions.py",
        "-k", f"{code} or {code.lower()} or catalog_and_back or family",
    )
    report = tests.stdout
    assert f"PASSED tests/catalog/test_rule_examples.py::test_example[{code}-good-1]" in report, report
    assert f"FAILED tests/catalog/test_rule_examples.py::test_example[{code}-bad-0]" in report
    assert f"{code} bad example did not fire" in report
    assert "PASSED tests/catalog/test_rule_examples.py::test_every_check_is_in_the_catalog_and_back" in report
    assert "PASSED tests/test_layout.py::test_every_rule_has_its_check_in_the_module_of_its_family" in report
    assert f"FAILED tests/checks/test_checks_actions.py::test_{code.lower()}_action_scaffolded" in report
    assert f"PASSED tests/catalog/test_rule_examples.py::test_rule_has_bad_and_good_example[{code}]" in report
    assert "2 failed, 4 passed" in report, report


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["PM305", "action-new", "--family", "actions"], "PM305 exists already"),
        (["PM398", "action-vague", "--family", "actions"], "the name 'action-vague' is taken by PM305"),
        (["PM498", "action-new", "--family", "actions"], "PM4xx rules are in family process"),
        (["PM198", "doc-new", "--family", "document"], "name the module with --module (header, placeholders, sections)"),
        (["PM398", "Action New", "--family", "actions"], "a rule name is lower-case words joined by '-'"),
        (["PM39", "action-new", "--family", "actions"], "a rule code is PM and three digits"),
        (["PM398", "action-new", "--family", "engine"], "unknown family 'engine'"),
    ],
)
def test_the_scaffold_refuses_in_one_line_and_writes_nothing(copy: Path, args: list[str], message: str) -> None:
    before = {path: path.read_bytes() for path in (copy / "rules").rglob("*.toml")}
    checks = (copy / "pmlint" / "checks" / "actions.py").read_bytes()
    done = python(copy, "scripts/add_rule.py", *args)
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith("add_rule: ") and message in line, line
    assert {path: path.read_bytes() for path in (copy / "rules").rglob("*.toml")} == before
    assert (copy / "pmlint" / "checks" / "actions.py").read_bytes() == checks


def test_no_scaffold_placeholder_is_left_in_the_repository() -> None:
    sources = [*(REPO / "rules").rglob("*.toml"), *(REPO / "pmlint").rglob("*.py"), *(REPO / "tests").glob("test_checks_*.py")]
    left = [path.relative_to(REPO).as_posix() for path in sources if MARK in path.read_text(encoding="utf-8")]
    assert left == [], f"finish the scaffolded rule: replace every {MARK} in {left}"


@pytest.fixture
def fresh_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(REPO, tmp_path / "pmlint", ignore=IGNORED))


ACTION_TOO_LONG = '''    for row in action_rows(doc, ctx.config.template):
        if len(row.key.split()) > options.max_words:
            yield Problem(row.line, 1, f"action is longer than {options.max_words} words")
'''
POSTMORTEM = """# Post-Mortem: Checkout outage

## Action Items

| Action | Owner | Priority | Due |
|---|---|---|---|
| Add a statement timeout to the checkout database client | @maria | P1 | 2026-11-27 |
"""


def test_an_option_scaffolded_with_the_rule_is_set_by_a_project_bounded_and_documented(fresh_copy: Path) -> None:
    code = free_code(3)
    done = python(fresh_copy, "scripts/add_rule.py", code, "action-too-long", "--family", "actions",
                  "--option", "max-words=12")
    assert done.returncode == 0, done.stderr
    assert "wrote pmlint/catalog/option_types.py" in done.stdout.splitlines()
    # The developer writes the check where the scaffold says, reading the scaffolded option.
    checks = fresh_copy / "pmlint" / "checks" / "actions.py"
    source = checks.read_text(encoding="utf-8")
    stub = source[source.index(f"    options = ctx.options({code}Options)"):]
    body = stub.splitlines(keepends=True)[0] + ACTION_TOO_LONG
    checks.write_text(source.replace(stub, body), encoding="utf-8")
    project = fresh_copy / "project"
    (project / "docs" / "incidents").mkdir(parents=True)
    (project / "docs" / "incidents" / "2026-11-20-checkout.md").write_text(POSTMORTEM, encoding="utf-8")

    def run(settings: str, *args: str) -> subprocess.CompletedProcess[str]:
        (project / "pyproject.toml").write_text(f"[tool.pmlint.rules.{code}]\n{settings}", encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(fresh_copy), "PMLINT_NO_CACHE": "1"}
        return subprocess.run([sys.executable, "-m", "pmlint", *args], cwd=project, env=env,
                              capture_output=True, text=True, timeout=300)

    check = ("check", "--select", code, "--no-git", "--format", "json")
    assert '"code"' not in run("", *check).stdout  # 9 words: within the default of 12
    fired = run("max-words = 5\n", *check)
    assert '"message": "action is longer than 5 words"' in fired.stdout, fired.stdout + fired.stderr
    refused = run("max-words = -1\n", *check)
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        f"pmlint: error: {project / 'pyproject.toml'}: tool.pmlint.rules.{code}: max-words must be at least 0"
    ]
    explained = run("max-words = 5\n", "rule", code).stdout
    assert "  max-words (int)\n" in explained and "    this project (pyproject.toml): 5\n" in explained

    pages = python(fresh_copy, "-m", "pmlint.catalog.pages", "docs")
    assert pages.returncode == 0, pages.stderr
    page = (fresh_copy / "docs" / "rules" / f"{code}.md").read_text(encoding="utf-8")
    assert f"| `max-words` | int, at least 0 | `12` | {MARK}: what max-words sets. |" in page


def test_the_actions_scaffold_writes_its_examples_as_action_items(fresh_copy: Path) -> None:
    code = free_code(3)
    done = python(fresh_copy, "scripts/add_rule.py", code, "action-scaffolded", "--family", "actions")
    assert done.returncode == 0, done.stderr
    probe = (
        "from pmlint.catalog.rules import load_catalog; from pmlint.parse.document import parse_document; "
        "from pmlint.parse.action_table import action_rows; from pmlint.config.schema import Template; "
        f"[bad] = [e for e in load_catalog()['{code}'].examples if e.expect == 'bad']; "
        "print([(r.line, r.action) for r in action_rows(parse_document(bad.document, bad.path), Template())])"
    )
    rows = python(fresh_copy, "-c", probe)
    assert rows.stdout.strip() == f"[(9, '{MARK}: an action with the problem {code} finds')]", rows.stderr
