"""LSP positions and edits: lines break at CR, LF and CRLF only; columns count the
negotiated encoding's code units; edits touch only the lines that differ."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types

from pmlint.server import text


def apply(source: str, edits: list[types.TextEdit]) -> str:
    lines = text.lines(source)

    def offset(position: types.Position) -> int:
        before = sum(len(line) for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        return before + text.index(line, position.character)

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        source = source[: offset(edit.range.start)] + edit.new_text + source[offset(edit.range.end):]
    return source


def test_columns_count_utf16_units_unless_another_encoding_was_negotiated() -> None:
    line = "| 😀 | @maria |"
    at = line.index("@")
    assert text.column(line, at) == at + 1  # the emoji is two UTF-16 units
    assert text.column(line, at, "utf-8") == at + 3
    assert text.column(line, at, "utf-32") == at
    assert text.index(line, text.column(line, at)) == at


def test_a_form_feed_or_line_separator_does_not_break_a_line() -> None:
    assert text.lines("a\x0cb\u2028c\r\nd\re\nf") == ["a\x0cb\u2028c\r\n", "d\r", "e\n", "f"]


def test_appending_after_a_last_line_without_newline_keeps_every_other_byte() -> None:
    old = "# TODO\r\n\r\n- [ ] a _(ref: x.md)_"
    new = old + "\r\n- [ ] b _(ref: x.md)_\r\n"
    edits = text.edits(old, new)
    assert apply(old, edits) == new
    assert [e.range.start.line for e in edits] == [2]  # the lines before are not touched


@given(st.lists(st.sampled_from(["a\n", "b\r\n", "😀\n", "c", ""]), max_size=8),
       st.lists(st.sampled_from(["a\n", "b\r\n", "😀\n", "d\n", ""]), max_size=8))
def test_edits_turn_any_text_into_any_other(old: list[str], new: list[str]) -> None:
    before, after = "".join(old), "".join(new)
    assert apply(before, text.edits(before, after)) == after
