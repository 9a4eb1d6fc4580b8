"""The typed post-mortem document: parsed once, read by every check."""

from __future__ import annotations

import functools
import re
from typing import Any, Generic, NamedTuple, TypeVar, cast

from pmlint.parse.front_matter import read_front_matter, read_toml_front_matter
from pmlint.parse.inline import EMPHASIS_AND_CODE, mask_prose, plain
from pmlint.parse.markdown import (
    Block,
    Code,
    Comment,
    Heading,
    ListItem,
    Paragraph,
    Table,
    TableRow,
    cell_start,
    scan,
    split_lines,
)

# `**Name:** value`, `**Name**: value`, `Name: value`, optionally as a list item.
# Possessive leading blanks and a greedy value (trimmed in `_read_field`): a lazy value before
# `\s*$` backtracks quadratically on long runs of blanks.
FIELD = re.compile(
    r"^\s*+(?:[-*+]\s++)?(?:\*\*|__)?\s*+([A-Za-z][A-Za-z0-9 /_-]{0,40}?)\s*"
    r"(?::\s*(?:\*\*|__)|(?:\*\*|__)\s*:|:)[ \t]*+(.*)"
)
# A hard line break at the end of a (right-trimmed) value: backslash or <br>.
HARD_BREAK = re.compile(r"(?:\\|<br\s*/?>)$", re.IGNORECASE)
# `Status: final<br> Owners: @Hixie` is two fields on one line.
LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
# Header-table headings that name the columns rather than a field.
TABLE_HEADINGS = frozenset({"", "field", "fields", "key", "name", "property", "item", "value"})
SECTION_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*[.)]?|[ivx]+[.)])\s+", re.IGNORECASE)
LEADING_PUNCTUATION = re.compile(r"^[\W_]+")
WHITESPACE = re.compile(r"\s+")


@functools.lru_cache(maxsize=4096)  # the same few titles recur in every document
def section_key(title: str) -> str:
    """How section titles compare: case folded, markers, numbering and edge punctuation gone."""
    key = EMPHASIS_AND_CODE.sub("", title).casefold().strip()
    key = SECTION_NUMBERING.sub("", key)
    key = LEADING_PUNCTUATION.sub("", key)
    # A closing remark names the same section: "Timeline (all times UTC)", "Timeline (PST)".
    if key.endswith(")") and "(" in key:
        key = key[: key.rindex("(")]
    # Trailing punctuation by hand: a `[\W_]+$` search is quadratic on long punctuation runs.
    end = len(key)
    while end and not key[end - 1].isalnum():
        end -= 1
    return WHITESPACE.sub(" ", key[:end])


T = TypeVar("T")


class Memo(Generic[T]):
    """The typed key of a value kept in `Document.derived`: the module that computes the
    value declares `KEY: Memo[Value] = Memo("name")`, and every reader gets `Value` back.
    Compared by identity: two modules may pick the same name."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Memo({self.name!r})"


class Derived:
    """Values computed from one document that several checks share (the parsed timeline,
    the action rows...), each under its `Memo` key, so each keeps its type."""

    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[Memo[Any], object] = {}

    def __contains__(self, key: Memo[Any]) -> bool:
        return key in self._values

    def __getitem__(self, key: Memo[T]) -> T:
        return cast(T, self._values[key])  # stored only by __setitem__ with the same key's type

    def __setitem__(self, key: Memo[T], value: T) -> None:
        self._values[key] = value

    def get(self, key: Memo[T]) -> T | None:
        return cast("T | None", self._values.get(key))


class Field(NamedTuple):
    name: str  # as written
    value: str  # trimmed, emphasis around the value removed
    line: int
    column: int  # where the value starts, 1-based
    front_matter: bool = False  # read from YAML front matter, where logins carry no "@"


class ProseLine:  # not a NamedTuple: one a line, built and read in hot loops
    """One prose line of the document, masked (see `Document.prose`)."""

    __slots__ = ("line", "text")

    def __init__(self, line: int, text: str) -> None:
        self.line = line
        self.text = text  # the source line with code spans, comments, URLs and tags blanked out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ProseLine) and (self.line, self.text) == (other.line, other.text)

    def __repr__(self) -> str:
        return f"ProseLine({self.line}, {self.text!r})"


class DocTable(NamedTuple):
    line: int
    columns: list[str]  # header cells, case folded and without markers
    rows: list[TableRow]

    def column(self, *names: str) -> int | None:
        """Index of the first column whose header is one of `names` (case-insensitive)."""
        for name in names:
            try:
                return self.columns.index(name.casefold())
            except ValueError:
                continue
        return None


class Section:
    """An H2 section: its title, the lines it spans and the blocks in it."""

    __slots__ = ("title", "key", "line", "end", "tables", "items", "paragraphs", "has_code", "prose", "headings")

    def __init__(self, title: str, key: str, line: int, end: int) -> None:
        self.title = title
        self.key = key
        self.line = line
        self.end = end  # last line of the section
        self.tables: list[DocTable] = []
        self.items: list[ListItem] = []
        self.paragraphs: list[Paragraph] = []
        self.has_code = False
        self.prose: list[ProseLine] = []
        self.headings: list[Heading] = []  # headings inside it, other than H2

    def __repr__(self) -> str:
        return f"Section({self.title!r}, line {self.line}-{self.end})"

    @property
    def has_content(self) -> bool:
        return bool(self.tables or self.items or self.paragraphs or self.has_code)

    def text(self) -> str:
        """The section's prose as one string (masked), for word and sentence counts."""
        return " ".join(p.text.strip() for p in self.prose)


class Document:
    """A parsed post-mortem: header fields, H2 sections and prose, with source line numbers."""

    __slots__ = ("path", "lines", "title", "fields", "header_line", "sections", "comments", "prose", "headings",
                 "derived", "found_sections")

    def __init__(self, path: str, lines: list[str]) -> None:
        self.path = path  # relative to the project root, "/" separators
        self.lines = lines
        self.title: Heading | None = None
        self.fields: dict[str, Field] = {}  # case-folded name -> first field
        self.header_line = 1  # where header fields belong: the H1's line, else 1
        self.sections: list[Section] = []
        self.comments: list[Comment] = []
        self.prose: list[ProseLine] = []
        self.headings: list[Heading] = []  # every heading but the title and H2s
        # Derived data that several checks share (the parsed timeline, action rows...).
        self.derived = Derived()
        # `section()`'s answers by (title key, alias keys).
        self.found_sections: dict[tuple[str, tuple[str, ...]], Section | None] = {}

    def __repr__(self) -> str:
        return f"Document({self.path!r})"

    def field(self, name: str) -> Field | None:
        return self.fields.get(name.casefold())

    def section(self, name: str, aliases: dict[str, list[str]] | None = None) -> Section | None:
        """The first H2 section called `name` or one of its configured aliases."""
        # Checks ask for the same few sections many times. The cache key holds the aliases
        # that apply, so asking without aliases first cannot hide an aliased section later.
        key = section_key(name)
        alternatives = tuple(
            section_key(alt)
            for canonical, names in (aliases or {}).items()
            if section_key(canonical) == key
            for alt in names
        )
        if (key, alternatives) in self.found_sections:
            return self.found_sections[key, alternatives]
        self.found_sections[key, alternatives] = found = self._find_section({key, *alternatives})
        return found

    def _find_section(self, wanted: set[str]) -> Section | None:
        return find_section(self.sections, wanted)


def qualifies(key: str, wanted: str) -> bool:
    """`key` is `wanted` followed by a qualifier: "timeline of events", "timeline (pst) 7/5"."""
    return bool(wanted) and key.startswith(wanted) and len(key) > len(wanted) and key[len(wanted)] in " (:-,"


def find_section(sections: list[Section], wanted: set[str] | frozenset[str]) -> Section | None:
    """The first section titled exactly one of `wanted` (keys), else the first whose title is
    one of them followed by a qualifier."""
    for section in sections:
        if section.key in wanted:
            return section
    for section in sections:
        if any(qualifies(section.key, key) for key in wanted):
            return section
    return None


def _prose_lines(masked: list[str], numbers: list[int]) -> list[ProseLine]:
    return [ProseLine(n, masked[n - 1]) for n in numbers]


def _without_comments(value: str) -> str:
    """`value` without its `<!-- ... -->` comments; linear, unlike a `<!--.*?-->` search on a
    line full of unclosed `<!--`."""
    parts = []
    position = 0
    while True:
        start = value.find("<!--", position)
        end = value.find("-->", start + 4) if start >= 0 else -1
        if end < 0:
            break
        parts.append(value[position:start])
        position = end + 3
    parts.append(value[position:])
    return "".join(parts)


def _read_field(number: int, raw: str, offset: int = 0) -> Field | None:
    match = FIELD.match(raw)
    if not match:
        return None
    value = match.group(2).rstrip()
    if "<!--" in value:
        # `**Date:** 2026-01-01 <!-- incident date, UTC -->`: a comment is never the value.
        value = _without_comments(value).rstrip()
    value = HARD_BREAK.sub("", value).strip()
    column = offset + match.start(2) + 1
    return Field(match.group(1).strip(), plain(value), number, column)


def _read_fields(number: int, raw: str) -> list[Field]:
    """The fields of one header line; `<br>` separates fields written on one line."""
    if "<br" not in raw.lower():
        found = _read_field(number, raw)
        return [found] if found else []
    fields = []
    start = 0
    for match in [*LINE_BREAK_TAG.finditer(raw), None]:
        end = match.start() if match else len(raw)
        found = _read_field(number, raw[start:end], start)
        if found is not None:
            fields.append(found)
        start = match.end() if match else end
    return fields


class _Header:
    """Collects the header fields: field lines, a field followed by a list (`Authors:` then
    `- @maria`), a two-column table and YAML front matter."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.awaiting: Field | None = None  # an empty field a list may fill
        self.items: list[tuple[int, int, str]] = []  # (line, column, text) of that list

    def add(self, found: Field) -> None:
        self.flush()
        key = found.name.casefold()
        if key not in self.doc.fields:
            self.doc.fields[key] = found
            if not found.value:
                self.awaiting = found

    def flush(self) -> None:
        awaiting, items = self.awaiting, self.items
        self.awaiting, self.items = None, []
        if awaiting is None or not items:
            return
        line, column, _ = items[0]
        value = ", ".join(plain(text) for _, _, text in items if text.strip())
        self.doc.fields[awaiting.name.casefold()] = Field(awaiting.name, value, line, column)

    def list_item(self, block: ListItem, lines: list[str]) -> None:
        numbers = _block_line_numbers(block)
        found = [f for n in numbers for f in _read_fields(n, lines[n - 1])]
        if found:
            for field_ in found:
                self.add(field_)
        elif self.awaiting is not None:
            source = lines[block.line - 1]
            at = source.find(block.text) if block.text else -1
            self.items.append((block.line, at + 1 if at >= 0 else 1, block.text))

    def table(self, block: Table, lines: list[str]) -> None:
        self.flush()
        if len(block.header) != 2:
            return
        header = [plain(cell).rstrip(":").strip() for cell in block.header]
        pairs = [] if header[0].casefold() in TABLE_HEADINGS else [(block.line, block.header)]
        pairs += [(row.line, row.cells) for row in block.rows if len(row.cells) >= 2]
        for number, cells in pairs:
            name = plain(cells[0]).rstrip(":").strip()
            if name and FIELD.match(name + ":"):
                self.add(Field(name, plain(cells[1]).strip(), number, cell_start(lines[number - 1], 1)))

    def front_matter(self, lines: list[str], end: int) -> None:
        read = read_toml_front_matter if lines[0].rstrip() == "+++" else read_front_matter
        for raw in read(lines[1 : end - 1], 2):
            self.add(Field(raw.name, plain(raw.value), raw.line, raw.column, front_matter=True))
        self.flush()


def _block_line_numbers(block: Paragraph | ListItem | Table | Heading) -> list[int]:
    if isinstance(block, Paragraph):
        return [n for n, _ in block.lines]
    if isinstance(block, ListItem):
        return [block.line] + [n for n, _ in block.more]
    if isinstance(block, Table):
        return [block.line] + [row.line for row in block.rows]
    return [block.line]


def parse_document(text: str, path: str, field_aliases: dict[str, list[str]] | None = None) -> Document:
    """Parse post-mortem Markdown (BOM already removed) into a Document.

    `field_aliases` maps a field name to the other names it may be written under."""
    if text.startswith("\ufeff"):
        text = text[1:]  # files.read_text removes it; callers passing raw text get the same lines
    lines = split_lines(text)
    # Masking the whole text at once is much faster than line by line; lines stay aligned.
    masked = split_lines(mask_prose(text)) if text else []
    doc = Document(path=path, lines=lines)
    current: Section | None = None
    seen_h2 = False
    header = _Header(doc)

    blocks = scan(lines)
    h1_sections = _h1_sections(blocks)
    for block in blocks:
        if isinstance(block, Code) and block.line == 1 and lines and lines[0].rstrip() in ("---", "+++"):
            header.front_matter(lines, block.end)
            continue
        if isinstance(block, Comment):
            doc.comments.append(block)
            continue
        if isinstance(block, Heading):
            heading_line, level, title = block
            if level == 1 and h1_sections is not None and heading_line != h1_sections:
                level = 2  # a document written entirely in H1 sections: `# Timeline` is a section
            if level == 1 and doc.title is None and not seen_h2:
                doc.title = block
                doc.header_line = heading_line
                doc.prose.extend(_prose_lines(masked, [heading_line]))
                continue
            if level == 2 and current is None and not title.strip():
                continue  # an empty `##` above the header fields: they are still the header
            if level == 2:
                seen_h2 = True
                header.flush()
                if current is not None:
                    current.end = heading_line - 1
                current = Section(title, section_key(title), heading_line, len(lines))
                doc.sections.append(current)
                doc.prose.extend(_prose_lines(masked, [heading_line]))
                continue
            doc.headings.append(block)
            if current is not None:
                current.headings.append(block)
        if isinstance(block, Code):
            if current is not None:
                current.has_code = True
            continue

        prose = _prose_lines(masked, _block_line_numbers(block))
        doc.prose.extend(prose)
        if current is None:
            # The header: fields are the lines between the H1 and the first H2.
            if isinstance(block, Paragraph) and not block.quoted:
                header.flush()
                for number, raw in block.lines:
                    for found in _read_fields(number, raw):
                        header.add(found)
            elif isinstance(block, ListItem):
                # Lazy continuation lines (`- **Date:** x` then `**Severity:** y`) hold fields too.
                header.list_item(block, lines)
            elif isinstance(block, Table):
                header.table(block, lines)
            continue
        current.prose.extend(prose)
        if isinstance(block, Table):
            columns = [section_key(cell) for cell in block.header]
            current.tables.append(DocTable(block.line, columns, block.rows))
        elif isinstance(block, ListItem):
            current.items.append(block)
        elif isinstance(block, Paragraph):
            current.paragraphs.append(block)
        # Headings below H2 only structure the section; their text is prose (added above).
    header.flush()
    _apply_aliases(doc, field_aliases or {})
    return doc


def _h1_sections(blocks: list[Block]) -> int | None:
    """For a document with no H2 and several H1s, the line of the H1 that is its title (0 when
    text comes before the first H1, so every H1 is a section); None for other documents."""
    h1s = []
    text_first = False
    for block in blocks:
        if isinstance(block, Heading):
            if block.level == 2:
                return None
            if block.level == 1:
                h1s.append(block.line)
        elif not h1s and isinstance(block, (Paragraph, ListItem, Table)):
            text_first = True
    if len(h1s) < 2:
        return None
    return 0 if text_first else h1s[0]


def _apply_aliases(doc: Document, aliases: dict[str, list[str]]) -> None:
    """A field written under one of its aliases answers to its own name too."""
    for name, alternatives in aliases.items():
        if name.casefold() in doc.fields:
            continue
        for alternative in alternatives:
            found = doc.fields.get(alternative.casefold())
            if found is not None:
                doc.fields[name.casefold()] = found
                break
