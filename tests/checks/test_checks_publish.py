"""PM701 secret-in-document, PM702 personal-data, PM703 internal-host: what must not be published.

tests/fixtures/publish/ holds post-mortems with planted secrets (one of every detector PM701
enables), personal data and internal hosts; each planted line says so in a trailing
`<!-- planted: CODE [DETECTOR] -->` comment, and every other line must stay quiet.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pmlint.catalog.option_types import PM701Options
from pmlint.catalog.options import rule_options
from pmlint.config.schema import Config
from tests.conftest import REPO
from tests.rule_harness import run_rule

PLANTED = REPO / "tests" / "fixtures" / "publish"
MARK = re.compile(r"<!-- planted: (PM70\d)(?: (\w+))? -->")
CONFIG = {"rules": {"PM702": {"customer-patterns": [r"\bACCT-\d{8}\b", r"\bcus_[A-Za-z0-9]{14}\b"]}}}
HEAD = "# Post-Mortem: Checkout outage\n\n**Authors:** Maria Lopez, @kenji\n\n## Impact\n\n"


def planted(code: str) -> dict[int, str]:
    """line -> detector (or "") of every line planted for `code`, over the corpus."""
    marks: dict[int, str] = {}
    for number, line in enumerate(_text().splitlines(), start=1):
        for match in MARK.finditer(line):
            if match.group(1) == code:
                marks[number] = match.group(2) or ""
    return marks


def _text() -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(PLANTED.glob("*.md")))


def _corpus(code: str, tmp_path: Path) -> dict[int, list[str]]:
    """line -> messages of `code` over the corpus, one document after the other (lines
    numbered as in `planted`)."""
    found: dict[int, list[str]] = {}
    offset = 0
    for path in sorted(PLANTED.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for problem in run_rule(code, tmp_path, document=text, config=CONFIG):
            found.setdefault(offset + problem.line, []).append(problem.message)
        offset += len(text.splitlines())
    return found


@pytest.mark.parametrize("code", ["PM701", "PM702", "PM703"])
def test_every_planted_value_is_found_and_nothing_else(code: str, tmp_path: Path) -> None:
    expected = planted(code)
    assert expected, f"no {code} planted"
    assert sorted(_corpus(code, tmp_path)) == sorted(expected)


def test_every_enabled_detector_is_planted_and_named(tmp_path: Path) -> None:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    kinds = {cls.__name__: kind for kind, cls in get_mapping_from_secret_type_to_class().items()}
    enabled = rule_options(Config()).of(PM701Options).detectors
    marks = planted("PM701")
    assert set(enabled) <= set(marks.values())
    found = _corpus("PM701", tmp_path)
    for line, detector in marks.items():
        if detector in kinds:
            assert any(kinds[detector] in message for message in found[line]), (detector, found[line])


def test_a_finding_never_holds_the_secret(tmp_path: Path) -> None:
    lines = _text().splitlines()
    for number, messages in _corpus("PM701", tmp_path).items():
        # Every run of 8 token characters of the line that the message does not itself say.
        for value in re.findall(r"[A-Za-z0-9+/_=-]{10,}", MARK.sub("", lines[number - 1])):
            for message in messages:
                assert value not in message, (number, message)
        assert all("characters)" in message for message in messages)


def test_masked_form_shows_kind_prefix_and_length(tmp_path: Path) -> None:
    token = "ghp_" + "k4R9vX2mQ7pL1sN8bW3cY6hD0uJ5eA2gT9zK"
    [problem] = run_rule("PM701", tmp_path, document=HEAD + f"GITHUB_TOKEN={token}\n")
    assert (problem.line, problem.column) == (7, 14)
    assert problem.message.startswith(f"a GitHub Token: ghp_\u2026 ({len(token)} characters); revoke it")


def test_a_secret_in_a_fenced_code_block_or_a_comment_counts(tmp_path: Path) -> None:
    key = "AKIA" + "Q3ZKX7PLM2N4R8TW"
    body = f"```\nexport AWS_ACCESS_KEY_ID={key}\n```\n\n<!-- old key: {key} -->\n"
    assert [p.line for p in run_rule("PM701", tmp_path, document=HEAD + body)] == [8, 11]


def test_allowed_values_and_placeholders_are_not_secrets(tmp_path: Path) -> None:
    token = "ghp_" + "k4R9vX2mQ7pL1sN8bW3cY6hD0uJ5eA2gT9zK"
    body = f"GITHUB_TOKEN={token}\n\n`password = \"<redacted>\"`, `token: ${{TOKEN}}`\n"
    config = {"rules": {"PM701": {"extend-allow": [token]}}}
    assert run_rule("PM701", tmp_path, document=HEAD + body, config=config) == []


def test_pm702_authors_roles_and_lists_are_not_personal(tmp_path: Path) -> None:
    body = ("Maria wrote to mlopez@acme.io and kenji@acme.io; oncall@acme.io, eng-all@acme.io and "
            "announce@lists.cncf.io were told. jane.doe@gmail.com was not.\n")
    [problem] = run_rule("PM702", tmp_path, document=HEAD + body)
    assert problem.message.startswith("the e-mail address j\u2026@gmail.com of someone who is not an author")
    assert "jane.doe" not in problem.message


def test_pm702_a_bad_customer_pattern_is_one_line_naming_the_key(tmp_path: Path) -> None:
    (tmp_path / "docs" / "incidents").mkdir(parents=True)
    (tmp_path / "docs" / "incidents" / "a.md").write_text(HEAD + "x\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.pmlint.rules.PM702]\ncustomer-patterns = ["(ACCT"]\n',
                                             encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pmlint", "check", "--no-git"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "customer-patterns" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_pm703_levels_follow_the_configuration(tmp_path: Path) -> None:
    body = "The consumer lost ledger.payments.corp.acme.io and 192.168.7.20; 172.16.0.0/12 is the VPC.\n"
    config = {"rules": {"PM703": {"extend-internal-domains": ["corp.acme.io"]}}}
    found = run_rule("PM703", tmp_path, document=HEAD + body, config=config)
    assert [(p.column, p.message.split(";")[0]) for p in found] == [
        (19, "the internal host name ledger.payments.corp.acme.io"),
        (52, "the internal address 192.168.7.20"),
    ]


def test_one_document_without_a_candidate_never_imports_detect_secrets(tmp_path: Path) -> None:
    from tests.conftest import imported_modules, pmlint_importtime

    root = tmp_path / "project"
    (root / "docs" / "incidents").mkdir(parents=True)
    clean = (REPO / "examples").glob("**/*.md")
    doc = next(p for p in clean if "Post-Mortem" in p.read_text(encoding="utf-8"))
    (root / "docs" / "incidents" / "a.md").write_text(doc.read_text(encoding="utf-8"), encoding="utf-8")
    result = pmlint_importtime(root, tmp_path / "cache", "docs/incidents/a.md")
    assert "pmlint.checks.publish" in imported_modules(result.stderr)
    assert not any(m.startswith("detect_secrets") for m in imported_modules(result.stderr))
    (root / "docs" / "incidents" / "a.md").write_text(HEAD + "GITHUB_TOKEN=ghp_" + "k4R9vX2mQ7pL1sN8bW3cY6hD0uJ5eA2gT9zK\n",
                                                      encoding="utf-8")
    result = pmlint_importtime(root, tmp_path / "cache", "docs/incidents/a.md")
    assert "detect_secrets" in imported_modules(result.stderr)
    assert "PM701" in result.stdout
