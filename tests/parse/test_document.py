"""The typed Document: header fields, title and sections, prose, tables and line numbers, the
parser layer every check stands on. Each test is a behaviour a user would notice."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmlint.config.schema import Template
from pmlint.parse.document import Document, parse_document, section_key
from pmlint.read.files import read_text

ALIASES = Template().section_aliases

DOC = """\
# Post-Mortem: Checkout outage

**Date:** 2026-11-20
**Severity:** SEV-2
**Authors:** @maria, @kenji

---

## Executive Summary

The checkout service failed. We rolled back.

## Timeline

All times in UTC.

| Time | Event |
|---|---|
| 14:00 | Deploy starts |
| 14:12 | Alert fired |

## Action Items

| Action | Owner | Priority | Due |
|---|---|---|---|
| Add an alert | @maria | P1 | 2026-11-27 |
"""


def parse(text: str) -> Document:
    return parse_document(text, "docs/incidents/2026-11-20-x.md")


def fields(text: str) -> dict[str, tuple[str, int, int]]:
    return {key: (f.value, f.line, f.column) for key, f in parse(text).fields.items()}


# --- header fields ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "**Date:** 2026-11-20",
        "**Date**: 2026-11-20",
        "Date: 2026-11-20",
        "__Date:__ 2026-11-20",
        "**date:** 2026-11-20",
        "DATE: 2026-11-20",
        "- **Date:** 2026-11-20",
        "* Date: 2026-11-20",
        "**Date:**2026-11-20",
        "Date : 2026-11-20",
        "**Date:** **2026-11-20**",
        "**Date:** `2026-11-20`",
        "**Date:** 2026-11-20  ",
        "**Date:** 2026-11-20\\",
        "**Date:** 2026-11-20<br>",
        "**Date:** 2026-11-20 <!-- incident day, UTC -->",
    ],
)
def test_header_field_spellings(line: str) -> None:
    doc = parse(f"# Post-Mortem: X\n\n{line}\n\n## Summary\n")
    found = doc.field("Date")
    assert found is not None and found.value == "2026-11-20" and found.line == 3
    assert doc.field("DATE") is found  # look-ups are case-insensitive too


def test_field_value_column_points_at_the_value() -> None:
    got = fields("# T\n**Date:** x\n**Severity**: y\nStatus: z\n- **Impact:** w\n")
    assert got == {"date": ("x", 2, 11), "severity": ("y", 3, 15), "status": ("z", 4, 9), "impact": ("w", 5, 15)}


def test_fields_of_one_paragraph_and_of_lazy_list_continuations() -> None:
    got = fields("# T\n- **Date:** 2026-11-20\n**Severity:** SEV-1\n\nDuration: 1h\nStatus: Final\n")
    assert got == {
        "date": ("2026-11-20", 2, 13),
        "severity": ("SEV-1", 3, 15),
        "duration": ("1h", 5, 11),
        "status": ("Final", 6, 9),
    }


def test_first_field_wins_and_fields_after_the_first_section_do_not_count() -> None:
    got = fields("# T\nDate: 2026-01-01\nDate: 2026-02-02\n## Summary\nSeverity: SEV-1\n")
    assert got == {"date": ("2026-01-01", 2, 7)}


def test_empty_field_value_is_still_a_field() -> None:
    assert fields("# T\n**Date:**\n") == {"date": ("", 2, 10)}


def test_fields_in_code_quotes_and_comments_do_not_count() -> None:
    text = "# T\n```\nDate: 2026-01-01\n```\n> Severity: SEV-1\n<!--\nStatus: Final\n-->\n"
    assert fields(text) == {}


def test_fields_without_an_h1_are_read_from_the_top() -> None:
    doc = parse("Date: 2026-11-20\n\n## Summary\n")
    assert doc.title is None and doc.header_line == 1
    assert doc.field("date").value == "2026-11-20"


# --- title and sections ---------------------------------------------------------------------


def test_title_and_header_line() -> None:
    doc = parse("\n\n# Post-Mortem: X\nDate: 1\n")
    assert doc.title.text == "Post-Mortem: X" and doc.title.line == 3 and doc.header_line == 3


def test_setext_title_and_sections() -> None:
    doc = parse("Post-Mortem: X\n==============\n\nDate: 2026-11-20\n\nRoot Cause\n----------\n\nBecause.\n")
    assert (doc.title.line, doc.title.text) == (1, "Post-Mortem: X")
    assert [(s.title, s.line) for s in doc.sections] == [("Root Cause", 6)]
    assert doc.field("Date").line == 4


def test_h1_after_a_section_is_not_the_title() -> None:
    doc = parse("## Summary\n\n# Post-Mortem: X\n")
    assert doc.title is None


def test_sections_run_to_the_next_h2_and_rules_are_ignored() -> None:
    doc = parse(DOC)
    assert [(s.title, s.line, s.end) for s in doc.sections] == [
        ("Executive Summary", 9, 12),
        ("Timeline", 13, 21),
        ("Action Items", 22, 26),
    ]
    # The `---` below the header is no heading and no content.
    assert doc.field("Authors").line == 5


def test_subheadings_stay_inside_their_section() -> None:
    doc = parse("## Root Cause\n### Detail\ntext\n#### More\n## Next\n")
    assert [(s.title, s.end) for s in doc.sections] == [("Root Cause", 4), ("Next", 5)]


@pytest.mark.parametrize(
    "title",
    ["Root Cause", "root cause", "ROOT CAUSE:", "1. Root Cause", "2.1 Root Cause", "IV. Root Cause",
     "**Root Cause**", "Root  Cause", "Root Cause ##", "  Root Cause  ", "`Root Cause`?"],
)
def test_section_titles_match_loosely(title: str) -> None:
    doc = parse(f"## {title}\ntext\n")
    assert doc.section("Root Cause") is doc.sections[0]


def test_section_aliases() -> None:
    doc = parse("## What Went Wrong\n- a\n## Summary\ntext\n")
    assert doc.section("What Went Poorly") is None
    assert doc.section("What Went Poorly", ALIASES) is doc.sections[0]
    assert doc.section("Executive Summary", ALIASES) is doc.sections[1]
    assert doc.section("What Went Poorly", {"What Went Poorly": ["Lessons"]}) is None


def test_section_key() -> None:
    assert section_key("3) **What Went Well?** ") == "what went well"
    assert section_key("---") == ""
    assert section_key("Résumé") == "résumé"


# --- content, prose, comments ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "has_content"),
    [
        ("", False),
        ("<!-- Describe the root cause -->\n", False),
        ("<!--\nDescribe the root cause.\nMore lines.\n-->\n", False),
        ("---\n", False),
        ("\n\n\n", False),
        ("Because.\n", True),
        ("- a factor\n", True),
        ("| a |\n|---|\n", True),
        ("```\nlog\n```\n", True),
        ("    indented log\n", True),
        ("> quoted\n", True),
    ],
)
def test_has_content(body: str, has_content: bool) -> None:
    doc = parse(f"## Root Cause\n\n{body}\n## Next\n")
    assert doc.sections[0].has_content is has_content


def test_code_and_comments_are_not_prose() -> None:
    text = (
        "## Root Cause\n"
        "Real prose with `human error` span.\n"
        "```\nhuman error in code\n```\n"
        "    human error indented\n"
        "\n"
        "<!-- human error in a comment -->\n"
        "<!--\nhuman error in a long comment\n-->\n"
        "Link [text](https://example.com/human-error) ok.\n"
    )
    doc = parse(text)
    assert [p.line for p in doc.prose] == [1, 2, 12]
    assert all("human error" not in p.text for p in doc.prose)
    assert doc.sections[0].prose[0].text.index("span") == doc.lines[1].index("span")
    assert [(c.line, c.end) for c in doc.comments] == [(8, 8), (9, 11)]


def test_section_text_joins_masked_prose() -> None:
    doc = parse("## Summary\nOne `code` two.\n- three\n")
    assert doc.sections[0].text().split() == ["One", "two.", "-", "three"]


def test_front_matter_gives_fields_but_no_prose() -> None:
    doc = parse("---\ntitle: x\nseverity: SEV-9\n---\n# Post-Mortem: X\n**Date:** 2026-11-20\n## Summary\nok\n")
    assert doc.title.line == 5
    assert set(doc.fields) == {"title", "severity", "date"}
    assert (doc.field("Severity").value, doc.field("Severity").line, doc.field("Severity").column) == ("SEV-9", 3, 11)
    assert [p.line for p in doc.prose] == [5, 6, 7, 8]


# --- tables ---------------------------------------------------------------------------------


def test_columns_found_by_name_in_any_order_with_extra_columns() -> None:
    text = (
        "## Action Items\n"
        "| Due | Notes | **Owner** | ACTION | Priority | Issue |\n"
        "|--|--|--|--|--|--|\n"
        "| d | n | @o | a | P1 | #1 |\n"
    )
    (table,) = parse(text).sections[0].tables
    assert table.columns == ["due", "notes", "owner", "action", "priority", "issue"]
    assert table.column("Action") == 3
    assert table.column("Assignee", "owner") == 2
    assert table.column("Status") is None
    row = table.rows[0]
    assert row.line == 4 and row.cells[table.column("owner")] == "@o"


def test_short_rows_do_not_break_column_lookup() -> None:
    (table,) = parse("## A\n| Action | Owner | Due |\n|---|---|---|\n| only action |\n").sections[0].tables
    index = table.column("Due")
    row = table.rows[0]
    assert index == 2 and len(row.cells) == 1  # callers treat a missing cell as empty


def test_broken_table_is_a_paragraph_not_a_crash() -> None:
    doc = parse("## Timeline\n| Time | Event\n|---|\n| 10:00 | x |\n")
    assert doc.sections[0].tables == [] and doc.sections[0].has_content


# --- line numbers: CRLF, BOM, odd characters --------------------------------------------------


def summary(doc: Document) -> tuple:
    return (
        doc.title and doc.title.line,
        sorted((k, f.value, f.line, f.column) for k, f in doc.fields.items()),
        [(s.title, s.line, s.end, [[r.line for r in t.rows] for t in s.tables]) for s in doc.sections],
        [p.line for p in doc.prose],
    )


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.replace("\n", "\r\n").encode(),
        lambda t: b"\xef\xbb\xbf" + t.encode(),
        lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode(),
        lambda t: t.rstrip("\n").encode(),
    ],
    ids=["crlf", "bom", "bom-crlf", "no-final-newline"],
)
def test_line_numbers_survive_crlf_and_bom(encode, tmp_path: Path) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(encode(DOC))
    text = read_text(path, 5_000_000)
    assert isinstance(text, str)
    assert summary(parse(text)) == summary(parse(DOC))


def test_parse_document_also_drops_a_bom_itself() -> None:
    assert summary(parse("\ufeff" + DOC)) == summary(parse(DOC))


def test_form_feed_and_unicode_separators_do_not_shift_lines() -> None:
    doc = parse("# T\nnote\x0cwith form feed\u2028and LS\n## Root Cause\ntext\n")
    assert doc.sections[0].line == 3
