"""Positions as LSP counts them: lines broken at CR, LF or CRLF only, columns in the code
units of the negotiated encoding (UTF-16 unless the client offers another: an emoji is two
UTF-16 units, four UTF-8 ones), and the edits that turn one text into another."""

from __future__ import annotations

import difflib
import re

from lsprotocol import types

LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def lines(text: str) -> list[str]:
    """The lines of `text`, each with its line break (the last may have none)."""
    return LINE.findall(text)


UTF16 = "utf-16"


def _char_units(char: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(char.encode("utf-8", "surrogatepass"))
    if encoding == "utf-32":
        return 1
    return 2 if ord(char) > 0xFFFF else 1


def units(text: str, encoding: str = UTF16) -> int:
    """The length of `text` in code units of `encoding`."""
    if encoding == "utf-32" or text.isascii():
        return len(text)
    return sum(_char_units(char, encoding) for char in text)


def column(line: str, index: int, encoding: str = UTF16) -> int:
    """The column of the code point at `index` of `line`."""
    return units(line[:index], encoding)


def index(line: str, character: int, encoding: str = UTF16) -> int:
    """The code point index of column `character` of `line` (clamped to the line)."""
    counted = 0
    for position, char in enumerate(line):
        if counted >= character:
            return position
        counted += _char_units(char, encoding)
    return len(line)


def position(source: list[str], line: int, index_in_line: int, encoding: str = UTF16) -> types.Position:
    """The position of 0-based `line` and code point `index_in_line` in `source` (lines
    without their breaks)."""
    text = source[line] if 0 <= line < len(source) else ""
    return types.Position(line=line, character=column(text, index_in_line, encoding))


def end_of(text_lines: list[str], number: int, encoding: str = UTF16) -> types.Position:
    """Where 0-based line `number` starts; the end of the text past its last line."""
    if number < len(text_lines):
        return types.Position(line=number, character=0)
    if not text_lines:
        return types.Position(line=0, character=0)
    last = text_lines[-1]
    if last.endswith(("\n", "\r")):
        return types.Position(line=len(text_lines), character=0)
    return types.Position(line=len(text_lines) - 1, character=units(last, encoding))


def edits(old: str, new: str, encoding: str = UTF16) -> list[types.TextEdit]:
    """Line edits that turn `old` into `new`, touching only the lines that differ: an
    editor keeps its cursor and marks on every other line."""
    before, after = lines(old), lines(new)
    found = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, first, last, new_first, new_last in matcher.get_opcodes():
        if tag == "equal":
            continue
        found.append(types.TextEdit(
            range=types.Range(start=end_of(before, first, encoding), end=end_of(before, last, encoding)),
            new_text="".join(after[new_first:new_last]),
        ))
    return found
