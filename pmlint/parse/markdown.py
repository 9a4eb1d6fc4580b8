"""A line-oriented Markdown block scanner with exact source lines.

Why not mistune (the design's first choice): mistune 3 tokens carry no source positions, so
no finding could point at its line, and a full mistune parse of a document alone spends the
speed budget (`bench/speed.py`); markdown-it-py has line maps but is slower still. Post-mortems are block-structured
text, and what the rules need is the block structure (headings, fences, comments, tables,
list items, paragraphs) with line numbers; inline structure (code spans, links) is masked per
line in `inline.py`. The block rules follow CommonMark/GFM where they matter here: ATX and
setext headings, backtick and tilde fences, indented code, HTML comments, GFM pipe tables,
list items and task boxes, block quotes, thematic breaks.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Group 2 is the raw heading text, trailing blanks and any closing `#`s included
# (`_heading_text` trims them). No lazy `.*?` before a `[ \t]*$`: that backtracks
# quadratically on long runs of blanks.
ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*))?$")
SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
THEMATIC_BREAK = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
LIST_ITEM = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*)|[ \t]*$)")
TASK_BOX = re.compile(r"^\[([ xX])\](?:[ \t]+|$)")
BLOCK_QUOTE = re.compile(r"^ {0,3}>[ ]?")
COMMENT_OPEN = re.compile(r"^ {0,3}<!--")
# Possessive quantifiers: adjacent `[ \t]*` runs must not trade blanks (quadratic on long runs).
TABLE_DELIMITER = re.compile(r"^[ \t]*+\|?[ \t]*+:?-++:?[ \t]*+(?:\|[ \t]*+:?-++:?[ \t]*+)*+\|?[ \t]*+$")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
FRONT_MATTER_KEY = re.compile(r"^[A-Za-z_][\w.-]*[ \t]*:")


class Heading(NamedTuple):
    line: int
    level: int
    text: str


class Paragraph(NamedTuple):
    line: int
    lines: list[tuple[int, str]]
    quoted: bool = False


class ListItem(NamedTuple):
    line: int
    indent: int
    marker: str
    text: str
    checked: bool | None
    # Continuation lines of the item, each (line number, text); `scan` appends to it.
    more: list[tuple[int, str]]


# A slotted class, not a NamedTuple: there are dozens a document, and a slotted class is
# built faster and its attributes read faster (ProseLine in document.py likewise).
class TableRow:
    """One body row of a table: its line and its cells (escaped pipes unescaped)."""

    __slots__ = ("line", "cells")

    def __init__(self, line: int, cells: list[str]) -> None:
        self.line = line
        self.cells = cells

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TableRow) and (self.line, self.cells) == (other.line, other.cells)

    def __repr__(self) -> str:
        return f"TableRow({self.line}, {self.cells!r})"


class Table(NamedTuple):
    line: int
    header: list[str]
    rows: list[TableRow]


class Code(NamedTuple):
    line: int
    end: int


class Comment(NamedTuple):
    line: int
    end: int
    text: str


Block = Heading | Paragraph | ListItem | Table | Code | Comment


def split_lines(text: str) -> list[str]:
    """Split on LF only, dropping a CR before it: line numbers match what editors and GitHub show.

    `str.splitlines` would also split on form feeds, vertical tabs and Unicode separators,
    which shifts every later line number.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def split_cells(row: str) -> list[str]:
    """Cells of a GFM table row: unescaped pipes split, the outer pipes are optional."""
    stripped = row.strip()
    if stripped.startswith("|"):
        stripped = stripped[1:]
    if stripped.endswith("|") and not stripped.endswith("\\|"):
        stripped = stripped[:-1]
    if "\\" not in stripped:
        return [cell.strip() for cell in stripped.split("|")]
    return [cell.strip().replace("\\|", "|") for cell in UNESCAPED_PIPE.split(stripped)]


def cell_start(source: str, index: int) -> int:
    """1-based column where cell `index` of a table row's source line starts (escaped pipes
    do not split; an empty cell points at the pipe that closes it)."""
    position = len(source) - len(source.lstrip())
    if source.startswith("|", position):
        position += 1
    for _ in range(index):
        match = UNESCAPED_PIPE.search(source, position)
        if match is None:
            return 1
        position = match.end()
    rest = source[position:]
    return position + len(rest) - len(rest.lstrip()) + 1


def _indent_width(line: str) -> int:
    # The common case without a Python loop: `lstrip()` without arguments is the fast one,
    # and deeply nested lists have thousands of leading blanks.
    lead = len(line) - len(line.lstrip())
    if not lead or line.count(" ", 0, lead) == lead:
        return lead
    width = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _is_table_start(line: str, next_line: str | None) -> bool:
    if next_line is None or "|" not in line or "-" not in next_line:
        return False
    if not TABLE_DELIMITER.match(next_line):
        return False
    # GFM: the header row must have as many cells as the delimiter row.
    return len(split_cells(line)) == len(split_cells(next_line))


def _heading_text(raw: str | None) -> str:
    """Heading text without the optional closing sequence (`## Title ##`); `C#` keeps its `#`."""
    if not raw:
        return ""
    text = raw.strip()
    body = text.rstrip("#")
    if len(body) < len(text) and (not body or body[-1] in " \t"):
        text = body
    return text.strip()


def _front_matter_end(lines: list[str]) -> int:
    """Index of the line closing YAML front matter (`---` on line 1 up to `---`/`...`), else -1.

    Without this, the closing `---` would turn the YAML into a setext H2 and the real H1
    would no longer be the title.
    """
    # Only a block that starts with a `key:` line and has no blank line: a document that merely
    # opens with a `---` rule must not lose its text.
    if len(lines) < 3 or lines[0].rstrip() != "---" or not FRONT_MATTER_KEY.match(lines[1]):
        return -1
    for index in range(2, len(lines)):
        line = lines[index].rstrip()
        if line in ("---", "..."):
            return index
        if not line:
            return -1
    return -1


def _quoted_fence_end(lines: list[str], start: int, marker: str) -> int:
    """Index of the last line of a fenced block opened inside a block quote at `start`."""
    end = start + 1
    while end < len(lines):
        quote = BLOCK_QUOTE.match(lines[end])
        if not quote:
            return end - 1  # the quote ended: so does the fence
        content = lines[end][quote.end() :].strip()
        skip = 0  # nested markers, by index: slicing once per ">" is quadratic on a line of them
        while skip < len(content) and (content[skip] == ">" or content[skip].isspace()):
            skip += 1
        content = content[skip:]
        if content.startswith(marker) and not content.strip(marker[0]):
            return end
        end += 1
    return len(lines) - 1


def _quote_marker_end(line: str, at: int) -> int:
    """Where the text after a block quote marker (`>` after up to 3 spaces, then an optional
    space) at `line[at]` starts; -1 if there is none. BLOCK_QUOTE by index: slicing the
    line once per `>` would make a line of them quadratic."""
    index = at
    while index < at + 3 and index < len(line) and line[index] == " ":
        index += 1
    if index >= len(line) or line[index] != ">":
        return -1
    index += 1
    return index + 1 if index < len(line) and line[index] == " " else index


BLOCK_START_CHARS = frozenset("#`~<>-*_")


def _interrupts(line: str) -> bool:
    """True when `line` starts a new block that ends a table or a lazy paragraph."""
    first = line.lstrip()[:1]
    if first not in BLOCK_START_CHARS:
        return False
    return bool(
        ATX_HEADING.match(line)
        or FENCE_OPEN.match(line)
        or COMMENT_OPEN.match(line)
        or BLOCK_QUOTE.match(line)
        or THEMATIC_BREAK.match(line)
    )


def scan(lines: list[str]) -> list[Block]:  # noqa: C901 - one state machine reads best whole
    """Scan source lines (no line endings) into blocks with 1-based line numbers."""
    blocks: list[Block] = []
    count = len(lines)
    index = 0
    paragraph: Paragraph | None = None
    item: ListItem | None = None  # the open list item that indented lines continue
    previous_blank = True

    front_matter = _front_matter_end(lines)
    if front_matter > 0:
        blocks.append(Code(1, front_matter + 1))  # metadata, like code: never prose or content
        index = front_matter + 1

    while index < count:
        line = lines[index]
        number = index + 1
        stripped = line.strip()

        if not stripped:
            paragraph = None
            previous_blank = True
            index += 1
            continue

        indent = _indent_width(line)

        # Indented code: only outside a list item, and not as a paragraph continuation.
        if indent >= 4 and item is None and paragraph is None:
            end = index
            while end + 1 < count and (not lines[end + 1].strip() or _indent_width(lines[end + 1]) >= 4):
                end += 1
            while end > index and not lines[end].strip():
                end -= 1
            blocks.append(Code(number, end + 1))
            index = end + 1
            previous_blank = False
            continue

        # Inside a list item, deeper indentation belongs to the item: strip it for block rules.
        body = line
        if item is not None and indent > item.indent:
            body = line.lstrip()
        # Block starts are recognised by their first character; most lines are plain text.
        first = stripped[0]

        fence = FENCE_OPEN.match(body) if first in "`~" else None
        if fence and not (fence.group(2)[0] == "`" and "`" in fence.group(3)):
            marker = fence.group(2)
            end = index + 1
            while end < count:
                closing = lines[end].strip()
                if closing.startswith(marker[0] * len(marker)) and not closing.strip(marker[0]):
                    break
                end += 1
            blocks.append(Code(number, min(end, count - 1) + 1))
            index = end + 1
            paragraph = None
            previous_blank = False
            continue

        if first == "<" and COMMENT_OPEN.match(body):
            end = index
            if "-->" not in body[body.index("<!--") + 4 :]:
                end += 1
                while end < count and "-->" not in lines[end]:
                    end += 1
            end = min(end, count - 1)
            text = "\n".join([body] + lines[index + 1 : end + 1])
            blocks.append(Comment(number, end + 1, text))
            index = end + 1
            paragraph = None
            previous_blank = False
            continue

        heading = ATX_HEADING.match(line) if first == "#" else None
        if heading:
            blocks.append(Heading(number, len(heading.group(1)), _heading_text(heading.group(2))))
            paragraph = item = None
            previous_blank = False
            index += 1
            continue

        underline = SETEXT_UNDERLINE.match(line) if first in "=-" else None
        if underline and paragraph is not None and not paragraph.quoted:
            # The open paragraph was a setext heading all along.
            blocks.pop()  # the open paragraph is always the last block
            text = " ".join(part.strip() for _, part in paragraph.lines)
            level = 1 if underline.group(1)[0] == "=" else 2
            blocks.append(Heading(paragraph.line, level, text))
            paragraph = item = None
            previous_blank = False
            index += 1
            continue

        if first in "-*_" and THEMATIC_BREAK.match(line):
            paragraph = item = None
            previous_blank = False
            index += 1
            continue

        next_line = lines[index + 1] if index + 1 < count else None
        if "|" in body and _is_table_start(body, next_line):
            rows: list[TableRow] = []
            end = index + 2
            while end < count and lines[end].strip() and not _interrupts(lines[end]):
                rows.append(TableRow(end + 1, split_cells(lines[end])))
                end += 1
            blocks.append(Table(number, split_cells(body), rows))
            index = end
            paragraph = None
            previous_blank = False
            continue

        quote = BLOCK_QUOTE.match(line) if first == ">" else None
        if quote:
            start = quote.end()
            while (nested := _quote_marker_end(line, start)) != -1:  # nested quote markers
                start = nested
            content = line[start:]
            fence = FENCE_OPEN.match(content) if content.lstrip()[:1] in ("`", "~") else None
            if fence and not (fence.group(2)[0] == "`" and "`" in fence.group(3)):
                # Quoted logs and commands are code, not prose.
                end = _quoted_fence_end(lines, index, fence.group(2))
                blocks.append(Code(number, end + 1))
                index = end + 1
                paragraph = item = None
                previous_blank = False
                continue
            if paragraph is not None and paragraph.quoted:
                paragraph.lines.append((number, content))
            else:
                paragraph = Paragraph(number, [(number, content)], quoted=True)
                blocks.append(paragraph)
            item = None
            previous_blank = False
            index += 1
            continue

        listed = LIST_ITEM.match(line) if first in "-*+" or first.isdigit() else None
        if listed and not (paragraph is not None and item is None and listed.group(2)[0].isdigit()
                           and listed.group(2)[:-1] != "1"):
            text = listed.group(3) or ""
            checked = None
            box = TASK_BOX.match(text)
            if box:
                checked = box.group(1) != " "
                text = text[box.end() :]
            item = ListItem(number, _indent_width(listed.group(1)), listed.group(2), text.rstrip(), checked, [])
            blocks.append(item)
            paragraph = None
            previous_blank = False
            index += 1
            continue

        if item is not None and (indent > item.indent or not previous_blank):
            # A continuation line of the open item (indented, or lazy).
            item.more.append((number, stripped))
            previous_blank = False
            index += 1
            continue

        if paragraph is not None and not paragraph.quoted:
            paragraph.lines.append((number, line))
        else:
            paragraph = Paragraph(number, [(number, line)])
            blocks.append(paragraph)
        item = None
        previous_blank = False
        index += 1

    return blocks
