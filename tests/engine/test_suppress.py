"""Suppression comments, PM901 unused-suppression and PM902 unknown-rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import CLEAN_DOC, CLEAN_TODO, DOC_PATH, write

TODAY = "2026-11-27"
ACTION = "Add an alert for connection pool saturation above 80%"
VAGUE = "Investigate the pool"
WELL = "- Rollback completed in four minutes once decided"
PLACEHOLDER = "- [Something that went well]"


def vague_project(root: Path, doc: str) -> Path:
    """A project whose first action is vague (PM305), in the document and in TODO.md."""
    return write(root, {DOC_PATH: doc.replace(ACTION, VAGUE), "TODO.md": CLEAN_TODO.replace(ACTION, VAGUE)})


def findings(run, root: Path, *args: str) -> list[tuple[str, int, int, str, str]]:
    result = run("check", "--format", "json", "--today", TODAY, *args, cwd=root)
    assert result.code in (0, 1), result.err
    return [(i["path"], i["line"], i["column"], i["code"], i["message"]) for i in json.loads(result.out)]


def lines_codes(run, root: Path, *args: str) -> list[tuple[int, str]]:
    return [(line, code) for _, line, _, code, _ in findings(run, root, *args)]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    numbers = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return numbers[occurrence - 1]


# --- what a directive suppresses ---------------------------------------------------------


def test_disable_next_line_suppresses_that_line_only(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace(WELL, f"<!-- pmlint-disable-next-line PM105 -- kept on purpose -->\n{PLACEHOLDER}\n{PLACEHOLDER}")
    write(tmp_path, {DOC_PATH: doc, "TODO.md": CLEAN_TODO})
    assert lines_codes(run, tmp_path) == [(line_of(doc, PLACEHOLDER, 2), "PM105")]


def test_disable_next_line_skips_blank_lines(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace("## What Went Well\n\n", "## What Went Well\n\n<!-- pmlint-disable-next-line PM105 -->\n\n")
    doc = doc.replace(WELL, PLACEHOLDER)
    write(tmp_path, {DOC_PATH: doc, "TODO.md": CLEAN_TODO})
    assert lines_codes(run, tmp_path) == []


def test_disable_next_line_names_only_its_codes(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace(WELL, f"<!-- pmlint-disable-next-line PM305 -->\n{PLACEHOLDER}")
    write(tmp_path, {DOC_PATH: doc, "TODO.md": CLEAN_TODO})
    assert ("PM105" in [c for _, c in lines_codes(run, tmp_path, "--select", "PM105")])


def test_disable_enable_range_around_a_table(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace("| Action | Owner |", "<!-- pmlint-disable action-vague -- agreed in review -->\n| Action | Owner |")
    doc = doc.replace("\n## Acknowledgement", "<!-- pmlint-enable -->\n\n## Acknowledgement")
    vague_project(tmp_path, doc)
    assert lines_codes(run, tmp_path) == []


def test_disable_runs_to_the_end_without_enable(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace("## What Went Well", "<!-- pmlint-disable -->\n\n## What Went Well")
    doc = doc.replace(WELL, PLACEHOLDER)
    vague_project(tmp_path, doc)
    assert lines_codes(run, tmp_path) == []


def test_enable_with_codes_reenables_only_those(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace("## What Went Well", "<!-- pmlint-disable -->\n<!-- pmlint-enable PM105 -->\n\n## What Went Well")
    doc = doc.replace(WELL, PLACEHOLDER)
    text = vague_project(tmp_path, doc) / DOC_PATH
    # PM105 is back on; PM305 (action-vague) stays off under the blanket disable.
    assert lines_codes(run, tmp_path) == [(line_of(text.read_text(), PLACEHOLDER), "PM105")]


def test_findings_before_a_disable_are_kept(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace(WELL, PLACEHOLDER) + "\n<!-- pmlint-disable PM105 -->\n\n- [Another one]\n"
    write(tmp_path, {DOC_PATH: doc, "TODO.md": CLEAN_TODO})
    assert lines_codes(run, tmp_path, "--select", "PM105") == [(line_of(doc, PLACEHOLDER), "PM105")]


def test_disable_file_anywhere_in_the_file(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC + "\n<!-- pmlint-disable-file filename -->\n"
    write(tmp_path, {"docs/incidents/checkout.md": doc, "TODO.md": CLEAN_TODO.replace(DOC_PATH, "docs/incidents/checkout.md")})
    assert lines_codes(run, tmp_path) == []
    write(tmp_path, {"docs/incidents/checkout.md": CLEAN_DOC})
    assert lines_codes(run, tmp_path) == [(1, "PM107")]


def test_disable_line_at_the_end_of_a_table_row(run, tmp_path: Path) -> None:
    # After the last pipe: GFM drops cells beyond the header's, so the cells stay as they were.
    doc = CLEAN_DOC.replace("| @maria | P1 | 2026-11-27 |", "| @maria | P1 | 2026-11-27 | <!-- pmlint-disable-line PM305 -->")
    vague_project(tmp_path, doc)
    assert lines_codes(run, tmp_path) == []


def test_codes_and_names_case_insensitive_comma_or_blank_separated(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace("| Action | Owner |", "<!-- pmlint-disable pm105  Action-Vague,PM107 -->\n| Action | Owner |")
    vague_project(tmp_path, doc)
    # PM305 suppressed; PM105 and PM107 found nothing: PM901 names each, at its own column.
    found = findings(run, tmp_path)
    comment = line_of(doc, "pmlint-disable")
    assert [(line, column, code) for _, line, column, code, _ in found] == [(comment, 21, "PM901"), (comment, 41, "PM901")]
    assert "PM105 (template-placeholder)" in found[0][4] and "PM107 (filename)" in found[1][4]


def test_multi_line_comment_directive(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace(WELL, f"<!--\n  pmlint-disable-next-line PM105\n  -- the team keeps this as a prompt\n-->\n{PLACEHOLDER}")
    write(tmp_path, {DOC_PATH: doc, "TODO.md": CLEAN_TODO})
    assert lines_codes(run, tmp_path) == []


def test_directives_in_code_are_examples_not_directives(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace(
        "## Action Items",
        "```markdown\n<!-- pmlint-disable -->\n```\n\nWrite `<!-- pmlint-disable-file -->` to silence a file.\n\n## Action Items",
    )
    vague_project(tmp_path, doc)
    assert lines_codes(run, tmp_path) == [(line_of(doc, "| @maria |"), "PM305")]


def test_todo_md_comments_suppress_todo_rules(run, tmp_path: Path) -> None:
    dangling = "- [ ] Restore the old dashboard for the pool _(ref: docs/incidents/gone.md)_\n"
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": CLEAN_TODO + dangling})
    assert lines_codes(run, tmp_path) == [(5, "PM602")]
    write(tmp_path, {"TODO.md": CLEAN_TODO + "<!-- pmlint-disable-next-line todo-dangling-ref -- archived -->\n" + dangling})
    assert lines_codes(run, tmp_path) == []


def test_unreadable_file_cannot_be_suppressed(run, tmp_path: Path) -> None:
    write(tmp_path, {DOC_PATH: b"<!-- pmlint-disable-file -->\n\xff\xfe", "TODO.md": "# TODO\n"})
    assert lines_codes(run, tmp_path) == [(2, "PM001")]


# --- PM901 unused-suppression ------------------------------------------------------------


def test_unused_code_is_reported_at_the_comment(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace(WELL, f"<!-- pmlint-disable-next-line PM105 -->\n{WELL}")
    write(tmp_path, {DOC_PATH: doc, "TODO.md": CLEAN_TODO})
    (found,) = findings(run, tmp_path)
    assert found[1:4] == (line_of(doc, "pmlint-disable"), 31, "PM901")
    assert found[4] == "Unused suppression of PM105 (template-placeholder): nothing here to suppress; remove it"


def test_unused_blanket_disable_is_reported(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace(WELL, f"<!-- pmlint-disable-next-line -->\n{WELL}")
    write(tmp_path, {DOC_PATH: doc, "TODO.md": CLEAN_TODO})
    assert lines_codes(run, tmp_path) == [(line_of(doc, "pmlint-disable"), "PM901")]


def test_only_rules_that_ran_are_judged(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace(WELL, f"<!-- pmlint-disable-next-line PM105 -->\n{WELL}")
    write(tmp_path, {DOC_PATH: doc, "TODO.md": CLEAN_TODO})
    assert lines_codes(run, tmp_path, "--select", "PM3,PM901") == []
    assert lines_codes(run, tmp_path, "--ignore", "template-placeholder") == []
    write(tmp_path, {"pyproject.toml": "[tool.pmlint]\nper-file-ignores = { 'docs/incidents/*.md' = ['PM105'] }\n"})
    assert lines_codes(run, tmp_path) == []


def test_unused_suppression_can_be_ignored(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace(WELL, f"<!-- pmlint-disable-next-line PM105 -->\n{WELL}")
    write(tmp_path, {DOC_PATH: doc, "TODO.md": CLEAN_TODO})
    assert lines_codes(run, tmp_path, "--ignore", "PM901") == []


def test_disable_naming_pm901_silences_pm901_without_a_loop(run, tmp_path: Path) -> None:
    doc = "<!-- pmlint-disable-file unused-suppression -->\n" + CLEAN_DOC.replace(WELL, f"<!-- pmlint-disable-next-line PM105 -->\n{WELL}")
    write(tmp_path, {DOC_PATH: doc, "TODO.md": CLEAN_TODO})
    assert lines_codes(run, tmp_path) == []


def test_blanket_disable_does_not_silence_its_own_pm901(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC + "\n<!-- pmlint-disable-file -->\n"
    write(tmp_path, {DOC_PATH: doc, "TODO.md": CLEAN_TODO})
    assert lines_codes(run, tmp_path) == [(line_of(doc, "pmlint-disable-file"), "PM901")]


def test_used_suppression_is_not_reported_and_enable_is_never_unused(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace(WELL, f"<!-- pmlint-disable PM105 -->\n{PLACEHOLDER}\n<!-- pmlint-enable PM105 -->\n<!-- pmlint-enable -->")
    write(tmp_path, {DOC_PATH: doc, "TODO.md": CLEAN_TODO})
    assert lines_codes(run, tmp_path) == []


# --- PM902 unknown-rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("PM999", "Unknown rule 'PM999' in pmlint-disable-next-line; see `pmlint rules`"),
        ("action-vauge", "Unknown rule 'action-vauge' in pmlint-disable-next-line; did you mean 'action-vague'?"),
        ("PM1", "'PM1' in pmlint-disable-next-line is not a rule: write full codes or names (prefixes are not accepted here)"),
    ],
)
def test_unknown_rule_in_a_comment(run, tmp_path: Path, written: str, message: str) -> None:
    doc = CLEAN_DOC.replace(WELL, f"<!-- pmlint-disable-next-line {written} -->\n{WELL}")
    write(tmp_path, {DOC_PATH: doc, "TODO.md": CLEAN_TODO})
    # An unknown code suppresses nothing, and the directive is not a blanket one.
    assert findings(run, tmp_path) == [(DOC_PATH, line_of(doc, "pmlint-disable"), 31, "PM902", message)]


def test_blanket_disable_does_not_hide_an_unknown_rule(run, tmp_path: Path) -> None:
    doc = "<!-- pmlint-disable-file -->\n" + CLEAN_DOC.replace(WELL, f"<!-- pmlint-disable-next-line PM9O5 -->\n{PLACEHOLDER}")
    write(tmp_path, {DOC_PATH: doc, "TODO.md": CLEAN_TODO})
    assert lines_codes(run, tmp_path) == [(line_of(doc, "PM9O5"), "PM902")]
    write(tmp_path, {DOC_PATH: doc.replace("pmlint-disable-file", "pmlint-disable-file unknown-rule")})
    # Naming PM902 silences it; the unknown code suppresses nothing, so PM105 is reported.
    assert lines_codes(run, tmp_path) == [(line_of(doc, PLACEHOLDER), "PM105")]


def test_unknown_rule_beside_a_known_one_keeps_the_known_one(run, tmp_path: Path) -> None:
    doc = CLEAN_DOC.replace(WELL, f"<!-- pmlint-disable-next-line PM999, PM105 -->\n{PLACEHOLDER}")
    write(tmp_path, {DOC_PATH: doc, "TODO.md": CLEAN_TODO})
    assert lines_codes(run, tmp_path) == [(line_of(doc, "pmlint-disable"), "PM902")]


CONFIG = """\
[project]
name = "incidents"

[tool.pmlint]
select = ["ALL", "PM9999"]
ignore = ["action-vauge"]
levels = { PM305 = "error", PM777 = "off" }

[tool.pmlint.per-file-ignores]
"docs/incidents/2019-*.md" = ["PM1", "nope"]
"""


def test_unknown_rules_in_config_are_findings_at_their_lines(run, tmp_path: Path) -> None:
    vague_project(tmp_path, CLEAN_DOC)
    write(tmp_path, {"pyproject.toml": CONFIG})
    found = findings(run, tmp_path)
    assert [(path, line, column, code) for path, line, column, code, _ in found] == [
        (DOC_PATH, 51, 3, "PM305"),  # the known entries still apply: PM305 raised to error
        ("pyproject.toml", 5, 19, "PM902"),
        ("pyproject.toml", 6, 12, "PM902"),
        ("pyproject.toml", 7, 29, "PM902"),
        ("pyproject.toml", 10, 39, "PM902"),
    ]
    assert found[2][4] == "Unknown rule code, name or prefix 'action-vauge' in ignore; did you mean 'action-vague'?"
    assert found[3][4] == "Unknown rule code or name 'PM777' in levels; see `pmlint rules`"
    result = run("check", "--today", TODAY, cwd=tmp_path)
    assert result.code == 1 and result.err == ""


def test_config_pm902_can_be_ignored_and_survives_a_narrow_select(run, tmp_path: Path) -> None:
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": CLEAN_TODO, ".pmlint.toml": "select = ['PM1', 'PMX']\n"})
    assert lines_codes(run, tmp_path) == [(1, "PM902")]
    write(tmp_path, {".pmlint.toml": "select = ['PM1', 'PMX']\nignore = ['unknown-rule']\n"})
    assert lines_codes(run, tmp_path) == []


def test_unknown_selector_on_the_command_line_stays_a_usage_error(run, tmp_path: Path) -> None:
    write(tmp_path, {DOC_PATH: CLEAN_DOC, "TODO.md": CLEAN_TODO})
    result = run("check", "--ignore", "nope", cwd=tmp_path)
    assert result.code == 2 and result.err.strip() == "pmlint: error: --ignore: unknown rule code, name or prefix 'nope'"


# --- the engine --------------------------------------------------------------------------


@pytest.mark.slow
def test_suppressions_hold_in_parallel_workers(run, tmp_path: Path) -> None:
    from pmlint.engine.parallel import PARALLEL_MIN_ITEMS

    doc = CLEAN_DOC.replace(WELL, f"<!-- pmlint-disable-next-line PM105 -->\n{PLACEHOLDER}\n<!-- pmlint-disable-next-line PM109 -->\n{WELL}")
    files = {f"docs/incidents/2026-11-20-c{n:03}.md": doc for n in range(PARALLEL_MIN_ITEMS + 10)}
    write(tmp_path, files)
    found = lines_codes(run, tmp_path, "--select", "PM105,PM109,PM901")
    assert found == [(line_of(doc, "PM109"), "PM901")] * len(files)
