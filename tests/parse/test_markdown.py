"""The block scanner (`pmlint.parse.markdown`) and inline helpers (`pmlint.parse.inline`): what a user
would notice if they were wrong — code and comments read as prose, headings missed, cells
split in the wrong place, findings on the wrong line — plus linear time on hostile input."""

from __future__ import annotations

import time

import pytest

from pmlint.parse.inline import handles, mask_prose, normalise_action, plain
from pmlint.parse.markdown import (
    Code,
    Comment,
    Heading,
    ListItem,
    Paragraph,
    Table,
    scan,
    split_cells,
    split_lines,
)


def blocks(text: str) -> list:
    return scan(split_lines(text))


def kinds(text: str) -> list[tuple[str, int]]:
    """(block type, first line) of every block."""
    return [(type(b).__name__, b.line) for b in blocks(text)]


# --- lines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\nb\n", ["a", "b"]),
        ("a\r\nb\r\n", ["a", "b"]),
        ("a\nb", ["a", "b"]),  # no final newline
        ("a\n\n", ["a", ""]),
        ("", []),
        # Form feeds, vertical tabs, U+2028 and lone CRs are not line breaks here (editors and
        # GitHub number lines by LF), so every later line keeps its number.
        ("a\x0cb\nc\n", ["a\x0cb", "c"]),
        ("a\u2028b\nc\n", ["a\u2028b", "c"]),
        ("a\rb\nc\n", ["a\rb", "c"]),
    ],
)
def test_split_lines_numbers_like_an_editor(text: str, expected: list[str]) -> None:
    assert split_lines(text) == expected


# --- code ----------------------------------------------------------------------------------


@pytest.mark.parametrize("fence", ["```", "~~~", "````", "~~~~~"])
def test_fenced_code_is_one_code_block(fence: str) -> None:
    text = f"para\n\n{fence}python\n# not a heading\n| a | b |\n|---|---|\n{fence}\nafter\n"
    assert kinds(text) == [("Paragraph", 1), ("Code", 3), ("Paragraph", 8)]
    code = blocks(text)[1]
    assert (code.line, code.end) == (3, 7)


def test_fence_closes_only_with_the_same_character_and_enough_length() -> None:
    text = "````\n```\n~~~\n````\ntext\n"
    assert kinds(text) == [("Code", 1), ("Paragraph", 5)]
    assert blocks(text)[0].end == 4


def test_unclosed_fence_runs_to_the_end_of_the_document() -> None:
    text = "## Root Cause\n\n```\n## Not a section\nhuman error\n"
    found = blocks(text)
    assert [type(b) for b in found] == [Heading, Code]
    assert (found[1].line, found[1].end) == (3, 5)


def test_backticks_with_a_backtick_in_the_info_string_are_inline_code_not_a_fence() -> None:
    assert kinds("``` a ` b\n# heading\n") == [("Paragraph", 1), ("Heading", 2)]


def test_fence_interrupts_a_paragraph() -> None:
    assert kinds("para\n```\ncode\n```\n") == [("Paragraph", 1), ("Code", 2)]


def test_indented_code_after_a_blank_line() -> None:
    text = "para\n\n    code line\n\n    more code\n\nafter\n"
    found = blocks(text)
    assert [type(b) for b in found] == [Paragraph, Code, Paragraph]
    assert (found[1].line, found[1].end) == (3, 5)


def test_indented_line_continuing_a_paragraph_is_not_code() -> None:
    assert kinds("para\n    still the paragraph\n") == [("Paragraph", 1)]


def test_fence_inside_a_list_item() -> None:
    text = "- step one\n\n  ```\n  - not an item\n  ```\n- step two\n"
    assert kinds(text) == [("ListItem", 1), ("Code", 3), ("ListItem", 6)]


def test_fenced_code_inside_a_block_quote_is_code() -> None:
    text = "> Log:\n>\n> ```\n> human error in the log\n> ```\n\nafter\n"
    found = blocks(text)
    assert [(type(b).__name__, b.line) for b in found] == [("Paragraph", 1), ("Code", 3), ("Paragraph", 7)]
    assert found[1].end == 5


def test_unclosed_fence_in_a_quote_ends_with_the_quote() -> None:
    found = blocks("> ```\n> code\n\nprose\n")
    assert [(type(b).__name__, b.line) for b in found] == [("Code", 1), ("Paragraph", 4)]
    assert found[0].end == 2


# --- comments ------------------------------------------------------------------------------


def test_single_line_comment_is_a_comment_block() -> None:
    found = blocks("<!-- pmlint-disable PM501 -->\ntext\n")
    assert isinstance(found[0], Comment) and (found[0].line, found[0].end) == (1, 1)
    assert found[0].text == "<!-- pmlint-disable PM501 -->"


def test_multi_line_comment_is_one_block_with_its_text() -> None:
    found = blocks("para\n<!--\n## Not a heading\n| a | b |\n|---|---|\n-->\nafter\n")
    assert [type(b) for b in found] == [Paragraph, Comment, Paragraph]
    assert (found[1].line, found[1].end) == (2, 6)
    assert "## Not a heading" in found[1].text


def test_unclosed_comment_runs_to_the_end() -> None:
    found = blocks("<!-- draft\n## Timeline\n")
    assert [type(b) for b in found] == [Comment]
    assert found[0].end == 2


# --- headings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "level", "text"),
    [
        ("# Title", 1, "Title"),
        ("## Root Cause ##", 2, "Root Cause"),
        ("##   Root Cause   ", 2, "Root Cause"),
        ("### C#", 3, "C#"),
        ("## Use C# ##", 2, "Use C#"),
        ("   ## indented up to three", 2, "indented up to three"),
        ("##\tTab", 2, "Tab"),
        ("## #", 2, ""),
        ("##", 2, ""),
    ],
)
def test_atx_headings(line: str, level: int, text: str) -> None:
    (heading,) = blocks(line + "\n")
    assert isinstance(heading, Heading)
    assert (heading.level, heading.text) == (level, text)


@pytest.mark.parametrize("line", ["#hashtag", "####### seven", "    ## four spaces is code", "\\## escaped"])
def test_not_atx_headings(line: str) -> None:
    assert not any(isinstance(b, Heading) for b in blocks(line + "\n"))


def test_setext_headings_take_the_paragraph_line() -> None:
    found = blocks("Post-Mortem: Outage\n===\n\nRoot\nCause\n---\n")
    assert [(b.line, b.level, b.text) for b in found] == [(1, 1, "Post-Mortem: Outage"), (4, 2, "Root Cause")]


def test_dashes_after_a_blank_line_are_a_rule_not_a_heading() -> None:
    assert kinds("para\n\n---\n\nmore\n") == [("Paragraph", 1), ("Paragraph", 5)]


@pytest.mark.parametrize("rule", ["---", "***", "___", "- - -", " * * * ", "_____"])
def test_thematic_breaks_leave_no_block(rule: str) -> None:
    assert blocks(f"\n{rule}\n") == []


def test_dashes_under_a_list_item_are_a_rule() -> None:
    assert kinds("- item\n---\n") == [("ListItem", 1)]


def test_yaml_front_matter_is_not_prose_and_not_a_setext_heading() -> None:
    text = "---\ntitle: Outage\ndate: 2026-11-20\n---\n# Post-Mortem: Outage\n"
    found = blocks(text)
    assert [type(b) for b in found] == [Code, Heading]
    assert (found[0].line, found[0].end) == (1, 4)
    assert (found[1].line, found[1].level) == (5, 1)


def test_a_leading_rule_is_not_front_matter() -> None:
    text = "---\n\n# Post-Mortem: Outage\n\ntext\n\n---\n"
    assert kinds(text) == [("Heading", 3), ("Paragraph", 5)]


# --- lists ---------------------------------------------------------------------------------


def test_list_items_with_task_boxes() -> None:
    found = blocks("- [ ] open\n- [x] done\n* [X] done too\n+ plain\n1. [ ] numbered\n- [] not a box\n")
    assert [(b.line, b.marker, b.text, b.checked) for b in found] == [
        (1, "-", "open", False),
        (2, "-", "done", True),
        (3, "*", "done too", True),
        (4, "+", "plain", None),
        (5, "1.", "numbered", False),
        (6, "-", "[] not a box", None),
    ]


def test_list_item_continuations_keep_their_lines() -> None:
    (item,) = blocks("- first line\n  second line\nlazy third\n")
    assert isinstance(item, ListItem)
    assert item.more == [(2, "second line"), (3, "lazy third")]


def test_nested_items_record_their_indent() -> None:
    found = blocks("- a\n  - b\n    - c\n\t- tab\n")
    assert [(b.text, b.indent) for b in found] == [("a", 0), ("b", 2), ("c", 4), ("tab", 4)]


def test_numbered_line_inside_a_paragraph_is_text_unless_it_is_1() -> None:
    # CommonMark: only "1." may interrupt a paragraph ("in 2019. we..." stays prose).
    assert kinds("We upgraded in\n2019. Then it broke.\n") == [("Paragraph", 1)]
    assert kinds("Steps:\n1. restart\n") == [("Paragraph", 1), ("ListItem", 2)]


# --- tables --------------------------------------------------------------------------------


def test_table_rows_keep_their_source_lines() -> None:
    text = "| Time | Event |\n|---|---|\n| 10:00 | a |\n| 10:05 | b |\n\nafter\n"
    table, after = blocks(text)
    assert isinstance(table, Table) and table.header == ["Time", "Event"]
    assert [(r.line, r.cells) for r in table.rows] == [(3, ["10:00", "a"]), (4, ["10:05", "b"])]
    assert after.line == 6


def test_table_without_outer_pipes_and_with_alignment() -> None:
    (table,) = blocks("Time | Event\n:--- | ---:\n10:00 | a\n")
    assert table.header == ["Time", "Event"]
    assert table.rows[0].cells == ["10:00", "a"]


def test_escaped_pipes_stay_in_the_cell() -> None:
    (table,) = blocks("| Action | Owner |\n|---|---|\n| grep a \\| b | @x |\n")
    assert table.rows[0].cells == ["grep a | b", "@x"]


def test_rows_shorter_and_longer_than_the_header_are_kept_as_written() -> None:
    (table,) = blocks("| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |\n")
    assert [r.cells for r in table.rows] == [["1"], ["1", "2", "3", "4"]]


def test_header_and_delimiter_must_have_the_same_cell_count() -> None:
    assert kinds("| a | b |\n|---|\n| 1 | 2 |\n") == [("Paragraph", 1)]


def test_table_ends_at_a_blank_line_or_a_new_block() -> None:
    assert kinds("| a |\n|---|\n| 1 |\n## Next\n") == [("Table", 1), ("Heading", 4)]
    assert kinds("| a |\n|---|\n| 1 |\n```\ncode\n```\n") == [("Table", 1), ("Code", 4)]


def test_table_with_no_rows() -> None:
    (table,) = blocks("| Action | Owner |\n|---|---|\n")
    assert table.rows == []


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        ("| a | b |", ["a", "b"]),
        ("a | b", ["a", "b"]),
        ("|a|", ["a"]),
        ("| a \\| b |", ["a | b"]),
        ("| trailing escaped \\|", ["trailing escaped |"]),
        ("||", [""]),
        ("|", [""]),
    ],
)
def test_split_cells(row: str, cells: list[str]) -> None:
    assert split_cells(row) == cells


# --- inline: masking -----------------------------------------------------------------------


def same_shape(original: str, masked: str) -> bool:
    """Same length and the same line breaks at the same offsets."""
    breaks = [i for i, c in enumerate(original) if c in "\r\n"]
    return len(original) == len(masked) and breaks == [i for i, c in enumerate(masked) if c in "\r\n"]


@pytest.mark.parametrize(
    ("text", "kept", "gone"),
    [
        ("Run `rm -rf human error` now", ["Run", "now"], ["human error"]),
        ("Use ``a ` b`` here", ["Use", "here"], ["a ` b"]),
        ("See <!-- human error --> later", ["See", "later"], ["human error"]),
        ("See [the runbook](https://x.example/careless) now", ["See", "[the runbook]", "now"], ["careless"]),
        ("See [wiki](https://en.wikipedia.org/wiki/Blame_(x)) now", ["[wiki]", "now"], ["Blame"]),
        ("Go to https://example.com/sloppy-page now", ["Go to", "now"], ["sloppy"]),
        ("Mail <https://example.com/lazy> now", ["Mail", "now"], ["lazy"]),
        ("A <span class='x'>tag</span> here", ["A", "tag", "here"], ["span"]),
        ("[ref]: https://example.com/negligent", [], ["negligent"]),
    ],
)
def test_mask_prose_blanks_what_is_not_prose_and_keeps_columns(text: str, kept: list[str], gone: list[str]) -> None:
    masked = mask_prose(text)
    assert same_shape(text, masked)
    for word in kept:
        assert masked.find(word) == text.find(word), word  # same column
    for word in gone:
        assert word not in masked


def test_mask_prose_comment_spanning_lines_in_a_paragraph() -> None:
    text = "Before <!-- reviewer note:\nhuman error, fix later --> after\nnext line\n"
    masked = mask_prose(text)
    assert same_shape(text, masked)
    assert "human error" not in masked
    assert masked.splitlines()[1].endswith(" after") and masked.splitlines()[2] == "next line"


def test_mask_prose_does_not_join_comments_across_a_blank_line() -> None:
    text = "Stray <!-- in prose\n\nhuman error -->\n"
    assert mask_prose(text) == text


def test_mask_prose_keeps_crlf_line_ends() -> None:
    text = "[a]: https://example.com/x\r\nnext `code`\r\n<!-- c -->\r\n"
    masked = mask_prose(text)
    assert same_shape(text, masked)
    assert split_lines(masked)[1] == "next       "


def test_mask_prose_leaves_plain_text_alone() -> None:
    text = "Plain text: 100% of users, a < b > c, price $5 (approx.)\n"
    assert mask_prose(text) == text


# --- inline: handles, normalisation ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@maria, @kenji", ["maria", "kenji"]),
        ("by @platform-team/sre on call", ["platform-team/sre"]),
        ("(@lee)", ["lee"]),
        ("@lee.", ["lee"]),
        ("mail maria@example.com", []),
        ("`@incode`", []),
        ("@-bad @bad- @a--b", []),
        ("@" + "a" * 39, ["a" * 39]),
        ("@" + "a" * 40, []),
        ("email@@x", []),
        ("@ alone", []),
    ],
)
def test_handles(text: str, expected: list[str]) -> None:
    assert handles(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Add an alert for pool > 80%", "add an alert for pool > 80%."),
        ("**Add** `alert`  for\tpool", "Add alert for pool"),
        ("Write runbook: _db_ exhausted.", "write runbook: db exhausted"),
        ("Straße", "STRASSE"),  # case folding, not lower()
        ("  padded  ", "padded"),
    ],
)
def test_normalise_action_equal(a: str, b: str) -> None:
    assert normalise_action(a) == normalise_action(b)


@pytest.mark.parametrize(("a", "b"), [("Add alert", "Add alerts"), ("v1.2", "v12"), ("Add alert!", "Add alert")])
def test_normalise_action_different(a: str, b: str) -> None:
    assert normalise_action(a) != normalise_action(b)


def test_normalise_action_drops_one_trailing_period_only() -> None:
    assert normalise_action("Done..") == "done."
    assert normalise_action("Done .") == "done"


def test_plain_strips_wrapping_markers() -> None:
    assert plain("  **2026-11-20**  ") == "2026-11-20"
    assert plain("`P1`") == "P1"
    assert plain("_x_y_") == "x_y"


# --- hostile input: linear time --------------------------------------------------------------

N = 20_000
HOSTILE = {
    "blanks inside a heading": "## a" + " " * N + "b" + " " * N + "\n",
    "blanks inside a header field": "# T\nDate: a" + " " * N + "b\n## A\n",
    "blanks and tabs before a hard break": "# T\nDate: a" + " \t" * N + "b\n",
    "deep indentation": "- a\n" + " " * (50 * N) + "- b\n",
    "many link openers": "](" * N + "\n",
    "link with blanks": "[a]( " + " " * N + "\n",
    "many comment openers": "<!--" * N + "\n",
    "comment openers on many lines": "x <!--\n" * N + "-->\n",
    "long punctuation heading": "## a" + "-!" * N + "b\n",
    "delimiter row with blanks": "| a |\n|---" + " " * N + "x\n",
    "many backtick runs": "".join("`" * k + " " for k in range(1, 200)) + "\n",
    "many pipes": "|" * N + "\n" + "|-" * N + "\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_scanner_and_masking_stay_linear_on_hostile_lines(name: str) -> None:
    from pmlint.parse.document import parse_document

    text = HOSTILE[name]
    started = time.process_time()
    parse_document(text, "doc.md")
    # Each case took 2-25 s with backtracking regexes; linear code takes milliseconds.
    assert time.process_time() - started < 1.0
