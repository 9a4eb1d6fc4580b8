"""Header and section rules PM101-PM109: lines, columns, messages and edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmlint.checks.all import all_checks
from pmlint.checks.context import Context
from pmlint.checks.document.sections import count_sentences
from pmlint.config.load import validate
from pmlint.parse.document import parse_document
from pmlint.project.state import Project
from tests.conftest import CLEAN_DOC, DOC_PATH
from tests.rule_harness import run_rule

CODES = [f"PM10{n}" for n in range(1, 10)]
ABBREVIATIONS = frozenset({"e.g", "i.e", "vs", "approx"})


def run(code: str, tmp_path: Path, document: str, **kwargs: object) -> list:
    return run_rule(code, tmp_path, document=document, path=kwargs.pop("path", DOC_PATH), **kwargs)  # type: ignore[arg-type]


def found(code: str, tmp_path: Path, document: str, **kwargs: object) -> list[tuple[int, int]]:
    return [(p.line, p.column) for p in run(code, tmp_path, document, **kwargs)]


def replace(old: str, new: str, text: str = CLEAN_DOC) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


@pytest.mark.parametrize("code", CODES)
def test_clean_document_gives_nothing(code: str, tmp_path: Path) -> None:
    assert run(code, tmp_path, CLEAN_DOC) == []


# --- PM101 missing-title -----------------------------------------------------------------


def test_no_h1_points_at_line_1(tmp_path: Path) -> None:
    problems = run("PM101", tmp_path, "**Date:** 2026-11-20\n\n## Executive Summary\n")
    assert [(p.line, p.column) for p in problems] == [(1, 1)]
    assert "Post-Mortem: <title>" in problems[0].message


def test_h1_after_the_first_section_is_not_the_title(tmp_path: Path) -> None:
    assert found("PM101", tmp_path, "## Owner: @x\n\n# Post-Mortem: Late title\n") == [(1, 1)]


@pytest.mark.parametrize("title", ["Postmortem: DB pool", "post-mortem: DB pool", "POST-MORTEM:DB pool",
                                   "**Post-Mortem:** DB pool"])
def test_accepted_title_prefixes(title: str, tmp_path: Path) -> None:
    assert run("PM101", tmp_path, f"# {title}\n") == []


def test_wrong_prefix_suggests_the_fix(tmp_path: Path) -> None:
    problems = run("PM101", tmp_path, "<!-- template v2 -->\n\n# Retrospective: DNS outage\n")
    assert [p.line for p in problems] == [3]
    assert "'# Post-Mortem: DNS outage'" in problems[0].message


def test_near_miss_separator_is_reported(tmp_path: Path) -> None:
    problems = run("PM101", tmp_path, "# Post-Mortem - DNS outage\n")
    assert "'# Post-Mortem: DNS outage'" in problems[0].message


def test_empty_title_after_prefix(tmp_path: Path) -> None:
    problems = run("PM101", tmp_path, "# Post-Mortem:   \n")
    assert len(problems) == 1 and "no title" in problems[0].message


def test_placeholder_title_is_pm105s(tmp_path: Path) -> None:
    assert run("PM101", tmp_path, "# Post-Mortem: [Title]\n") == []


# --- PM102 missing-field -----------------------------------------------------------------


def test_missing_field_points_at_the_h1(tmp_path: Path) -> None:
    text = "<!-- keep -->\n" + replace("**Severity:** SEV-2\n", "")
    problems = run("PM102", tmp_path, text)
    assert [(p.line, p.column) for p in problems] == [(2, 1)]
    assert "'Severity'" in problems[0].message and "SEV-1" in problems[0].message


def test_one_finding_per_missing_field(tmp_path: Path) -> None:
    problems = run("PM102", tmp_path, "# Post-Mortem: Outage\n\n**Date:** 2026-11-20\n")
    assert len(problems) == 5 and all(p.line == 1 for p in problems)


def test_no_h1_missing_fields_point_at_line_1(tmp_path: Path) -> None:
    assert {p.line for p in run("PM102", tmp_path, "\n\nSome text\n")} == {1}


def test_empty_value_is_missing_at_its_line(tmp_path: Path) -> None:
    problems = run("PM102", tmp_path, replace("**Impact:** 30% of checkout requests failed for 70 minutes", "**Impact:**"))
    assert [(p.line, p.column) for p in problems] == [(6, 12)]
    assert "empty" in problems[0].message


@pytest.mark.parametrize("line", ["Severity: SEV-2", "**Severity**: SEV-2", "**severity:** SEV-2"])
def test_field_spellings(line: str, tmp_path: Path) -> None:
    assert run("PM102", tmp_path, replace("**Severity:** SEV-2", line)) == []


def test_header_written_as_a_list(tmp_path: Path) -> None:
    header = CLEAN_DOC[CLEAN_DOC.index("**Date:**"):CLEAN_DOC.index("\n## Executive")]
    listed = "\n".join("- " + line for line in header.splitlines())
    assert run("PM102", tmp_path, replace(header, listed)) == []


def test_required_fields_are_configurable(tmp_path: Path) -> None:
    config = {"template": {"required-fields": ["Date", "Incident Commander"]}}
    problems = run("PM102", tmp_path, CLEAN_DOC, config=config)
    assert len(problems) == 1 and "'Incident Commander'" in problems[0].message


def test_fields_after_the_first_section_do_not_count(tmp_path: Path) -> None:
    text = "# Post-Mortem: Outage\n\n## Executive Summary\n\n**Date:** 2026-11-20\n"
    assert any("'Date'" in p.message for p in run("PM102", tmp_path, text))


# --- PM103 invalid-field -----------------------------------------------------------------


def test_date_not_iso_with_hint_at_value_column(tmp_path: Path) -> None:
    problems = run("PM103", tmp_path, replace("**Date:** 2026-11-20", "**Date:** 20 Nov 2026"))
    assert [(p.line, p.column) for p in problems] == [(3, 11)]
    assert "did you mean 2026-11-20?" in problems[0].message


def test_date_not_a_calendar_date(tmp_path: Path) -> None:
    problems = run("PM103", tmp_path, replace("**Date:** 2026-11-20", "**Date:** 2026-02-30"))
    assert len(problems) == 1 and "not a valid calendar date" in problems[0].message


def test_severity_near_miss_gets_the_configured_spelling(tmp_path: Path) -> None:
    problems = run("PM103", tmp_path, replace("**Severity:** SEV-2", "**Severity:** sev 2"))
    assert [p.line for p in problems] == [4] and "'SEV-2'" in problems[0].message


def test_severity_outside_the_list(tmp_path: Path) -> None:
    problems = run("PM103", tmp_path, replace("**Severity:** SEV-2", "**Severity:** Critical"))
    assert "SEV-1, SEV-2, SEV-3, SEV-4" in problems[0].message


def test_severities_are_configurable(tmp_path: Path) -> None:
    text = replace("**Severity:** SEV-2", "**Severity:** P0")
    assert run("PM103", tmp_path, text, config={"template": {"severities": ["P0", "P1"]}}) == []


@pytest.mark.parametrize("value", ["45 minutes", "1h 12m", "2 hours", "1 hour 5 minutes (approx.)"])
def test_readable_durations(value: str, tmp_path: Path) -> None:
    assert run("PM103", tmp_path, replace("1 hours 10 minutes", value)) == []


def test_unreadable_duration(tmp_path: Path) -> None:
    problems = run("PM103", tmp_path, replace("1 hours 10 minutes", "about an hour"))
    assert [p.line for p in problems] == [5] and "unreadable" in problems[0].message


def test_authors_need_a_handle(tmp_path: Path) -> None:
    problems = run("PM103", tmp_path, replace("@maria, @kenji", "Maria Lopez, Kenji Sato"))
    assert [p.line for p in problems] == [7] and "@handle" in problems[0].message
    assert run("PM103", tmp_path, replace("@maria, @kenji", "Maria (@payments/sre)")) == []


def test_status_is_case_insensitive_but_message_gives_spelling(tmp_path: Path) -> None:
    assert run("PM103", tmp_path, replace("**Status:** Final", "**Status:** final")) == []
    problems = run("PM103", tmp_path, replace("**Status:** Final", "**Status:** Resolved"))
    assert [p.line for p in problems] == [8] and "Draft, Final" in problems[0].message


def test_meeting_before_date(tmp_path: Path) -> None:
    problems = run("PM103", tmp_path, replace("**Meeting:** 2026-11-23", "**Meeting:** 2026-11-19"))
    assert [p.line for p in problems] == [9] and "before" in problems[0].message


def test_meeting_not_iso(tmp_path: Path) -> None:
    problems = run("PM103", tmp_path, replace("**Meeting:** 2026-11-23", "**Meeting:** Waived"))
    assert [p.line for p in problems] == [9] and "ISO" in problems[0].message


def test_meeting_is_optional(tmp_path: Path) -> None:
    assert run("PM103", tmp_path, replace("**Meeting:** 2026-11-23\n", "")) == []


@pytest.mark.parametrize("old, new", [
    ("**Date:** 2026-11-20", "**Date:** YYYY-MM-DD"),
    ("**Severity:** SEV-2", "**Severity:** SEV-X"),
    ("1 hours 10 minutes", "X hours Y minutes"),
    ("@maria, @kenji", "@person"),
    ("@maria, @kenji", "[@names]"),
    ("**Status:** Final", "**Status:** [Draft | Final]"),
])
def test_template_values_are_reported_once_by_pm105(old: str, new: str, tmp_path: Path) -> None:
    text = replace(old, new)
    assert run("PM103", tmp_path, text) == []
    assert len(run("PM105", tmp_path, text)) == 1


def test_empty_values_are_left_to_pm102(tmp_path: Path) -> None:
    assert run("PM103", tmp_path, replace("**Date:** 2026-11-20", "**Date:**")) == []


# --- PM104 missing-section ---------------------------------------------------------------


def test_missing_section_points_at_the_next_required_heading(tmp_path: Path) -> None:
    text = replace("## What Went Poorly\n\n- The alert fired twelve minutes after the error rate started climbing\n"
                   "- Finding the root cause took 25 minutes\n\n", "")
    problems = run("PM104", tmp_path, text)
    heading = text.splitlines().index("## Action Items") + 1
    assert [(p.line, p.column) for p in problems] == [(heading, 1)]
    assert "'What Went Poorly'" in problems[0].message and "before '## Action Items'" in problems[0].message


def test_missing_last_section_points_at_the_last_line(tmp_path: Path) -> None:
    text = CLEAN_DOC[: CLEAN_DOC.index("## Acknowledgement")]
    problems = run("PM104", tmp_path, text)
    assert [p.line for p in problems] == [len(text.splitlines())]
    assert "at the end" in problems[0].message


def test_aliases_and_spelling_variants_count(tmp_path: Path) -> None:
    text = replace("## What Went Poorly", "## 6. What went wrong?")
    text = replace("## Executive Summary", "## Summary", text)
    text = replace("## Acknowledgement", "## Acknowledgments", text)
    assert run("PM104", tmp_path, text) == []


def test_wrong_heading_level_is_pointed_at(tmp_path: Path) -> None:
    text = replace("## Root Cause", "### Root Cause")
    problems = run("PM104", tmp_path, text)
    assert [p.line for p in problems] == [text.splitlines().index("### Root Cause") + 1]
    assert "level-3" in problems[0].message


def test_heading_with_a_closing_remark_is_the_section(tmp_path: Path) -> None:
    text = replace("## Timeline", "## Timeline (times in BST)")
    assert run("PM104", tmp_path, text) == []


def test_heading_with_extra_words_is_pointed_at(tmp_path: Path) -> None:
    text = replace("## Timeline", "## Incident Timeline")
    problems = run("PM104", tmp_path, text)
    assert [p.line for p in problems] == [text.splitlines().index("## Incident Timeline") + 1]
    assert "section alias" in problems[0].message


def test_heading_inside_code_is_not_a_section(tmp_path: Path) -> None:
    text = replace("## Root Cause\n", "```\n## Root Cause\n```\n")
    assert len(run("PM104", tmp_path, text)) == 1


def test_empty_document_points_at_line_1(tmp_path: Path) -> None:
    problems = run("PM104", tmp_path, "")
    assert len(problems) == 8 and {p.line for p in problems} == {1}


# --- PM105 template-placeholder ----------------------------------------------------------


def test_corpus_timeline_placeholder(tmp_path: Path) -> None:
    text = replace("| 14:15 | Incident declared by @lee (on-call) |", "| 14:15 | [What happened] |")
    line = text.splitlines().index("| 14:15 | [What happened] |") + 1
    problems = run("PM105", tmp_path, text)
    assert [(p.line, p.column) for p in problems] == [(line, 11)]
    assert "'[What happened]'" in problems[0].message


def test_literals_in_header_and_prose(tmp_path: Path) -> None:
    text = "# Post-Mortem: [Title]\n\n**Date:** YYYY-MM-DD\n\n## Timeline\n\nAt HH:MM @who paged @names.\n"
    problems = run("PM105", tmp_path, text)
    assert [(p.line, p.column) for p in problems] == [(1, 16), (3, 11), (7, 4), (7, 10), (7, 21)]


@pytest.mark.parametrize("line", [
    "See the [dashboard](https://grafana.example.com/d/1) and ![graph](img/graph.png).",
    "See [the runbook][runbook] and [runbook][].",
    "See [runbook] for the steps.",
    "The error budget was spent [^1] as reported [1] and [2, 3].",
    "- [ ] Book the review",
    "- [x] Book the review",
    "Run `curl [host]` and read items[0] and map[key].",
    "<!-- [What happened] -->",
    "Literal \\[brackets\\] are escaped.",
    "The quote said they [sic] ran it, [REDACTED] and [WIP] tags too.",
    "Files are named YYYY-MM-DD-title.md in this repo.",
    "Ask @personal-team or mail a@names.example.",
    "See https://example.com/x/[id]/y for details.",
])
def test_not_placeholders(line: str, tmp_path: Path) -> None:
    text = ("# Post-Mortem: Outage\n\n## Root Cause\n\n" + line + "\n\n"
            "[runbook]: https://wiki.example.com/runbook\n[^1]: The footnote.\n")
    assert run("PM105", tmp_path, text) == []


def test_placeholders_in_fenced_code_are_ignored(tmp_path: Path) -> None:
    text = "# Post-Mortem: Outage\n\n## Root Cause\n\n```\n[What happened] YYYY-MM-DD\n```\n"
    assert run("PM105", tmp_path, text) == []


def test_only_template_text_in_brackets_is_a_placeholder(tmp_path: Path) -> None:
    text = "# Post-Mortem: Outage\n\n## Root Cause\n\nSee [runbook] and [Describe the cause here].\n"
    assert found("PM105", tmp_path, text) == [(5, 19)]
    chat = ("# Post-Mortem: Outage\n\n## Timeline\n\n[8:27 AM] maria: is it down? [3 hours ago]\n"
            "Declared [retroactive]. We moved from [Require approval for first-time contributors] to "
            "[Require approval for all outside contributors].\n\n- [What happened]\n- [Date]\n- [TBD]\n"
            "- [Who was paged?]\n- [Service restored]\n")
    assert [line for line, _ in found("PM105", tmp_path, chat)] == [8, 9, 10, 11, 12]


def test_handle_placeholder_is_one_finding(tmp_path: Path) -> None:
    text = "# Post-Mortem: Outage\n\n**Authors:** [@names]\n"
    assert found("PM105", tmp_path, text) == [(3, 14)]


def test_placeholder_in_list_and_table_cell(tmp_path: Path) -> None:
    text = ("# Post-Mortem: Outage\n\n## What Went Well\n\n- [What went well]\n\n## Action Items\n\n"
            "| Action | Owner | Priority | Due |\n|---|---|---|---|\n| Add an alert | @person | P1 | YYYY-MM-DD |\n")
    assert [p.line for p in run("PM105", tmp_path, text)] == [5, 11, 11]


# --- PM106 empty-section -----------------------------------------------------------------


def test_section_with_only_a_comment_is_empty(tmp_path: Path) -> None:
    text = replace(CLEAN_DOC[CLEAN_DOC.index("## Root Cause"):CLEAN_DOC.index("## Contributing")],
                   "## Root Cause\n\n<!-- Why did it happen? -->\n\n")
    problems = run("PM106", tmp_path, text)
    line = text.splitlines().index("## Root Cause") + 1
    assert [(p.line, p.column) for p in problems] == [(line, 1)]
    assert "empty" in problems[0].message


def test_list_section_needs_a_list_item(tmp_path: Path) -> None:
    text = replace("- Rollback completed in four minutes once decided\n- The on-call engineer responded within two "
                   "minutes of the page\n", "Rollback was quick.\n")
    problems = run("PM106", tmp_path, text)
    assert [p.line for p in problems] == [text.splitlines().index("## What Went Well") + 1]
    assert "list item" in problems[0].message


def test_list_section_through_an_alias(tmp_path: Path) -> None:
    text = replace("## What Went Poorly", "## What Went Wrong")
    text = replace("- The alert fired twelve minutes after the error rate started climbing\n"
                   "- Finding the root cause took 25 minutes\n", "\n", text)
    assert len(run("PM106", tmp_path, text)) == 1


def test_missing_section_is_not_empty(tmp_path: Path) -> None:
    assert run("PM106", tmp_path, "# Post-Mortem: Outage\n") == []


def test_code_block_counts_as_content(tmp_path: Path) -> None:
    text = "# Post-Mortem: Outage\n\n## Root Cause\n\n```\nOOMKilled\n```\n"
    assert run("PM106", tmp_path, text) == []


# --- PM107 filename ----------------------------------------------------------------------


def test_good_file_name(tmp_path: Path) -> None:
    assert run("PM107", tmp_path, CLEAN_DOC) == []


@pytest.mark.parametrize("name, suggestion", [
    ("Checkout Pool.md", "2026-11-20-checkout-pool.md"),
    ("2026-11-20_checkout_pool.md", "2026-11-20-checkout-pool.md"),
    ("2026-11-20-Checkout-Pool.md", "2026-11-20-checkout-pool.md"),
    ("checkout.MD", "2026-11-20-checkout.md"),
    ("2026-11-20.md", "2026-11-20-checkout-outage-from-connection-pool-exhaustion.md"),
])
def test_bad_file_names_get_a_suggestion(name: str, suggestion: str, tmp_path: Path) -> None:
    problems = run("PM107", tmp_path, CLEAN_DOC, path=f"docs/incidents/{name}")
    assert [(p.line, p.column) for p in problems] == [(1, 1)]
    assert repr(suggestion) in problems[0].message


def test_file_date_differs_from_date_points_at_date(tmp_path: Path) -> None:
    problems = run("PM107", tmp_path, CLEAN_DOC, path="docs/incidents/2026-11-21-checkout-pool.md")
    assert [(p.line, p.column) for p in problems] == [(3, 11)]
    assert "2026-11-20-checkout-pool.md" in problems[0].message


def test_file_date_must_be_a_calendar_date(tmp_path: Path) -> None:
    problems = run("PM107", tmp_path, CLEAN_DOC, path="docs/incidents/2026-02-30-checkout-pool.md")
    assert len(problems) == 1 and "calendar" in problems[0].message


def test_without_a_valid_date_only_the_name_is_checked(tmp_path: Path) -> None:
    text = replace("**Date:** 2026-11-20", "**Date:** soon")
    assert run("PM107", tmp_path, text) == []


# --- PM108 summary-length ----------------------------------------------------------------


SUMMARY = CLEAN_DOC[CLEAN_DOC.index("On 2026-11-20 the checkout"):CLEAN_DOC.index("\n\n## Timeline")]


@pytest.mark.parametrize("text, count", [
    ("Availability fell to 99.9% after v2.3.0 shipped. It recovered.", 2),
    ("Several caches (e.g. Redis, Memcached, etc.) failed. The root cause, i.e. The pool, was fixed.", 2),
    ("See https://status.example.com/incidents/42. We are sorry!", 2),
    ("Traffic came from the U.S. East region. Then it stopped... Why? Nobody knew", 4),
    ("One sentence without a final period", 1),
    ("", 0),
])
def test_sentence_counting(text: str, count: int) -> None:
    from pmlint.checks.document.sections import _sentence_text

    assert count_sentences(_sentence_text(text), ABBREVIATIONS) == count


def test_one_sentence_summary(tmp_path: Path) -> None:
    problems = run("PM108", tmp_path, replace(SUMMARY, "Checkout failed for 70 minutes."))
    assert [p.line for p in problems] == [11] and "1 sentence;" in problems[0].message


def test_long_summary(tmp_path: Path) -> None:
    problems = run("PM108", tmp_path, replace(SUMMARY, SUMMARY + " Customers retried. Support was busy."))
    assert [p.line for p in problems] == [11] and "5 sentences" in problems[0].message


def test_summary_alias_and_configured_range(tmp_path: Path) -> None:
    text = replace("## Executive Summary", "## Summary", replace(SUMMARY, "Checkout failed for 70 minutes."))
    assert run("PM108", tmp_path, text, config={"template": {"summary-sentences": [1, 1]}}) == []


def test_code_in_summary_is_not_counted(tmp_path: Path) -> None:
    text = replace(SUMMARY, "Checkout failed after `deploy.sh --fast. --now.` ran. It came back.")
    assert run("PM108", tmp_path, text) == []


def test_empty_summary_is_left_to_pm106(tmp_path: Path) -> None:
    assert run("PM108", tmp_path, replace(SUMMARY, "<!-- two or three sentences -->")) == []


# --- PM109 shallow-root-cause ------------------------------------------------------------


def test_short_root_cause_points_at_heading(tmp_path: Path) -> None:
    text = "# Post-Mortem: Outage\n\n## Root Cause\n\nA bad config change (see https://example.com/a/b/c).\n"
    problems = run("PM109", tmp_path, text)
    assert [(p.line, p.column) for p in problems] == [(3, 1)]
    assert "5 words (minimum 40)" in problems[0].message


def test_code_and_subheadings_do_not_count(tmp_path: Path) -> None:
    code = "\n".join(["word " * 10] * 5)
    text = f"# Post-Mortem: Outage\n\n## Root Cause\n\n### Why the pool filled up quickly\n\nA bad change.\n\n```\n{code}\n```\n"
    assert "3 words" in run("PM109", tmp_path, text)[0].message


def test_minimum_is_configurable(tmp_path: Path) -> None:
    text = "# Post-Mortem: Outage\n\n## Root Cause\n\nA bad config change.\n"
    assert run("PM109", tmp_path, text, config={"template": {"root-cause-min-words": 4}}) == []
    assert run("PM109", tmp_path, text, config={"template": {"root-cause-min-words": 0}}) == []


def test_missing_or_empty_root_cause_is_not_pm109s(tmp_path: Path) -> None:
    assert run("PM109", tmp_path, "# Post-Mortem: Outage\n") == []
    assert run("PM109", tmp_path, "# Post-Mortem: Outage\n\n## Root Cause\n\n<!-- todo -->\n") == []


# --- Robustness --------------------------------------------------------------------------


MARKDOWN_BITS = st.sampled_from([
    "# ", "## ", "### ", "Post-Mortem:", "**Date:**", "Severity:", "[", "]", "(", ")", "[^", "|", "-", "- [ ] ",
    "`", "```", "<!--", "-->", "\n", "\n\n", " ", "YYYY-MM-DD", "@who", "2026-13-45", "Root Cause", "Summary",
    "What Went Well", ".", "e.g.", "http://x.y/", "\\", "\t", "\r\n", "\u2028", "é",
])


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(MARKDOWN_BITS, st.text(max_size=8)), max_size=40))
def test_any_text_gives_findings_on_real_lines(tmp_path: Path, parts: list[str]) -> None:
    text = "".join(parts)
    config = validate({}, "test", "pmlint")
    context = Context(config, Project(tmp_path.resolve(), config), __import__("datetime").date(2026, 11, 27))
    document = parse_document(text, "docs/incidents/x y.md")
    checks = all_checks()
    for code in CODES:
        for problem in checks[code].function(document, context):
            assert 1 <= problem.line <= max(len(document.lines), 1), (code, problem)
            assert problem.column >= 1


def test_pm105_leftovers_in_any_template(tmp_path: Path) -> None:
    text = ("# Post-Mortem: Outage\n\n## Summary\n\nSee [Incident ticket] and the [Dashboard link].\n\n"
            "Owner: TBD, root cause ??? and <insert graph here>; {{ service_name }}\n\n"
            "<!-- What happened, and for how long? -->\n<!-- Who was impacted? -->\n")
    found_at = found("PM105", tmp_path, text)
    assert found_at == [(5, 5), (5, 31), (7, 8), (7, 24), (7, 32), (7, 53), (9, 1)]
    [guidance] = [p for p in run_rule("PM105", tmp_path, document=text) if p.line == 9]
    assert "2 such comments" in guidance.message


def test_pm105_markers_are_not_prose_words_or_markdown(tmp_path: Path) -> None:
    text = ("# Post-Mortem: Outage\n\n## Summary\n\nThe todo list in TODO.md and `TODO` in code stay; [^1] and\n"
            "- [ ] a task box, [the runbook][rb], {{< figure src=x >}}\n\n### 2) TODO Configuration management\n\n"
            "## Template\n\n- First detected YYYY-MM-DD HH:MM\n\n[^1]: note\n[rb]: https://example.com\n")
    assert found("PM105", tmp_path, text) == []
