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


TOML_KEY = re.compile(r"^[ \t]*[A-Za-z0-9_\"'-][\w.\"' -]*=")


def _front_matter_end(lines: list[str]) -> int:
    """Index of the line closing YAML front matter (`---` on line 1 up to `---`/`...`), else -1.

    Without this, the closing `---` would turn the YAML into a setext H2 and the real H1
    would no longer be the title.
    """
    # Only a block that starts with a `key:` line and has no blank line: a document that merely
    # opens with a `---` rule must not lose its text.
    if len(lines) >= 3 and lines[0].rstrip() == "+++" and TOML_KEY.match(lines[1]):
        # TOML front matter (Hugo, Zola): `+++` to `+++`, blank lines allowed inside.
        return next((i for i in range(2, len(lines)) if lines[i].rstrip() == "+++"), -1)
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


class _Scan:
    """Where `scan` is: the blocks so far, the next line, and what a line may continue (the
    open paragraph, the open list item, whether a blank line came before)."""

    __slots__ = ("lines", "count", "blocks", "index", "paragraph", "item", "previous_blank")

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.count = len(lines)
        self.blocks: list[Block] = []
        self.index = 0
        self.paragraph: Paragraph | None = None
        self.item: ListItem | None = None  # the open list item that indented lines continue
        self.previous_blank = True

    def add(self, block: Block, end: int, *, close_item: bool = False) -> None:
        """Append `block`, which ends on 0-based line `end`; scanning resumes after it."""
        self.blocks.append(block)
        self.index = end + 1
        self.paragraph = None
        if close_item:
            self.item = None
        self.previous_blank = False


def _indented_code(scan: _Scan) -> None:
    lines, index = scan.lines, scan.index
    end = index
    while end + 1 < scan.count and (not lines[end + 1].strip() or _indent_width(lines[end + 1]) >= 4):
        end += 1
    while end > index and not lines[end].strip():
        end -= 1
    scan.add(Code(index + 1, end + 1), end)


def _fence(scan: _Scan, body: str) -> bool:
    fence = FENCE_OPEN.match(body)
    if not fence or (fence.group(2)[0] == "`" and "`" in fence.group(3)):
        return False
    marker = fence.group(2)
    end = scan.index + 1
    while end < scan.count:
        closing = scan.lines[end].strip()
        if closing.startswith(marker[0] * len(marker)) and not closing.strip(marker[0]):
            break
        end += 1
    scan.add(Code(scan.index + 1, min(end, scan.count - 1) + 1), end)
    return True


def _comment(scan: _Scan, body: str) -> bool:
    if not COMMENT_OPEN.match(body):
        return False
    lines, index = scan.lines, scan.index
    end = index
    if "-->" not in body[body.index("<!--") + 4 :]:
        end += 1
        while end < scan.count and "-->" not in lines[end]:
            end += 1
    end = min(end, scan.count - 1)
    text = "\n".join([body] + lines[index + 1 : end + 1])
    scan.add(Comment(index + 1, end + 1, text), end)
    return True


def _atx_heading(scan: _Scan, line: str) -> bool:
    heading = ATX_HEADING.match(line)
    if not heading:
        return False
    scan.add(Heading(scan.index + 1, len(heading.group(1)), _heading_text(heading.group(2))), scan.index,
             close_item=True)
    return True


def _setext_heading(scan: _Scan, line: str) -> bool:
    underline = SETEXT_UNDERLINE.match(line)
    paragraph = scan.paragraph
    if not underline or paragraph is None or paragraph.quoted:
        return False
    # The open paragraph was a setext heading all along.
    scan.blocks.pop()  # the open paragraph is always the last block
    text = " ".join(part.strip() for _, part in paragraph.lines)
    level = 1 if underline.group(1)[0] == "=" else 2
    scan.add(Heading(paragraph.line, level, text), scan.index, close_item=True)
    return True


def _thematic_break(scan: _Scan, line: str) -> bool:
    if not THEMATIC_BREAK.match(line):
        return False
    scan.paragraph = scan.item = None
    scan.previous_blank = False
    scan.index += 1
    return True


def _table(scan: _Scan, body: str) -> bool:
    lines, index = scan.lines, scan.index
    if not _is_table_start(body, lines[index + 1] if index + 1 < scan.count else None):
        return False
    rows: list[TableRow] = []
    end = index + 2
    while end < scan.count and lines[end].strip() and not _interrupts(lines[end]):
        rows.append(TableRow(end + 1, split_cells(lines[end])))
        end += 1
    scan.add(Table(index + 1, split_cells(body), rows), end - 1)
    return True


def _block_quote(scan: _Scan, line: str) -> bool:
    quote = BLOCK_QUOTE.match(line)
    if not quote:
        return False
    number = scan.index + 1
    start = quote.end()
    while (nested := _quote_marker_end(line, start)) != -1:  # nested quote markers
        start = nested
    content = line[start:]
    fence = FENCE_OPEN.match(content) if content.lstrip()[:1] in ("`", "~") else None
    if fence and not (fence.group(2)[0] == "`" and "`" in fence.group(3)):
        # Quoted logs and commands are code, not prose.
        end = _quoted_fence_end(scan.lines, scan.index, fence.group(2))
        scan.add(Code(number, end + 1), end, close_item=True)
        return True
    if scan.paragraph is not None and scan.paragraph.quoted:
        scan.paragraph.lines.append((number, content))
    else:
        scan.paragraph = Paragraph(number, [(number, content)], quoted=True)
        scan.blocks.append(scan.paragraph)
    scan.item = None
    scan.previous_blank = False
    scan.index += 1
    return True


def _list_item(scan: _Scan, line: str) -> bool:
    listed = LIST_ITEM.match(line)
    # An ordered item interrupts a paragraph only when it starts at 1.
    if not listed or (scan.paragraph is not None and scan.item is None and listed.group(2)[0].isdigit()
                      and listed.group(2)[:-1] != "1"):
        return False
    text = listed.group(3) or ""
    checked = None
    box = TASK_BOX.match(text)
    if box:
        checked = box.group(1) != " "
        text = text[box.end() :]
    scan.item = ListItem(scan.index + 1, _indent_width(listed.group(1)), listed.group(2), text.rstrip(), checked, [])
    scan.add(scan.item, scan.index)
    return True


def _text_line(scan: _Scan, line: str, stripped: str, indent: int) -> None:
    """A line no block starts on: it continues the open list item (indented, or lazily), or
    the open paragraph, or opens a paragraph."""
    number = scan.index + 1
    item = scan.item
    if item is not None and (indent > item.indent or not scan.previous_blank):
        item.more.append((number, stripped))
    else:
        if scan.paragraph is not None and not scan.paragraph.quoted:
            scan.paragraph.lines.append((number, line))
        else:
            scan.paragraph = Paragraph(number, [(number, line)])
            scan.blocks.append(scan.paragraph)
        scan.item = None
    scan.previous_blank = False
    scan.index += 1


def scan(lines: list[str]) -> list[Block]:
    """Scan source lines (no line endings) into blocks with 1-based line numbers: each line
    is tried against the block kinds in CommonMark's order of precedence, by its first
    character (most lines are plain text and go straight to `_text_line`)."""
    state = _Scan(lines)
    front_matter = _front_matter_end(lines)
    if front_matter > 0:
        # metadata, like code: never prose or content
        state.add(Code(1, front_matter + 1), front_matter)
        state.previous_blank = True

    while state.index < state.count:
        line = lines[state.index]
        stripped = line.strip()
        if not stripped:
            state.paragraph = None
            state.previous_blank = True
            state.index += 1
            continue
        indent = _indent_width(line)
        # Indented code: only outside a list item, and not as a paragraph continuation.
        if indent >= 4 and state.item is None and state.paragraph is None:
            _indented_code(state)
            continue
        # Inside a list item, deeper indentation belongs to the item: strip it for block rules.
        body = line.lstrip() if state.item is not None and indent > state.item.indent else line
        first = stripped[0]
        if first in "`~" and _fence(state, body):
            continue
        if first == "<" and _comment(state, body):
            continue
        if first == "#" and _atx_heading(state, line):
            continue
        if first in "=-" and _setext_heading(state, line):
            continue
        if first in "-*_" and _thematic_break(state, line):
            continue
        if "|" in body and _table(state, body):
            continue
        if first == ">" and _block_quote(state, line):
            continue
        if (first in "-*+" or first.isdigit()) and _list_item(state, line):
            continue
        _text_line(state, line, stripped, indent)
    return state.blocks
