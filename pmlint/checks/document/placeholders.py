"""PM105 template-placeholder: text left from the template (`[describe the impact]`, `YYYY-MM-DD`,
`@person`) in a header value or a section.

`placeholders(doc, ctx)` is shared: PM103 asks it whether a header value is template text, so a
field left as `YYYY-MM-DD` is reported once (PM105), not also as an invalid date; PM3xx and
PM2xx ask `placeholder_at` whether a cell is one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import NamedTuple

from pmlint.catalog.option_types import PM105Options
from pmlint.checks.context import Context
from pmlint.checks.registry import Problem, check
from pmlint.config.schema import Template
from pmlint.parse.document import Document, Memo

# `[text]` with no bracket inside; nested and adjacent brackets are judged by their neighbours.
BRACKETED = re.compile(r"\[([^\[\]]*)\]")
REFERENCE_LABEL = re.compile(r"^ {0,3}\[([^\]]+)\]:")
HAS_LETTER = re.compile(r"[^\W\d_]")
# Markers a writer leaves for later: `TBD`, `TODO`, `XXX`, `FIXME`, `???`, `<insert ...>`,
# `{{...}}` (not a Hugo shortcode `{{< >}}`, not `TODO.md`, not `todo` in prose).
MARKER = re.compile(
    r"(?<![\w@/.-])(?:TBD|TODO|XXX|FIXME)(?![\w/-]|\.\w)|\?{3,}|<insert\b[^>\n]{0,80}>"
    r"|\{\{(?![<%])[^{}\n]{1,80}\}\}",
    re.IGNORECASE,
)
UPPER_MARKERS = ("tbd", "todo", "xxx", "fixme")
MARKER_LITERALS = ("TBD", "TODO", "XXX", "FIXME", "???", "{{")
WHITESPACE = re.compile(r"\s+")


class Placeholder(NamedTuple):
    line: int
    column: int  # 1-based
    end: int  # 1-based column just past the placeholder
    text: str
    hint: str  # what to write instead


# What PM105 computes once per document (see `Document.derived`).
REFERENCE_LABELS: Memo[frozenset[str]] = Memo("reference_labels")
PLACEHOLDERS: Memo[list[Placeholder]] = Memo("placeholders")


@functools.cache
def _literal_pattern(literals: tuple[str, ...]) -> re.Pattern[str] | None:
    if not literals:
        return None
    # Longest first, so "X hours Y minutes" wins over any shorter literal inside it. The
    # look-arounds keep "YYYY-MM-DD-title.md" (a naming scheme) and "@personal" out.
    body = "|".join(re.escape(item) for item in sorted(literals, key=len, reverse=True))
    return re.compile(rf"(?<![\w@/-])(?:{body})(?![\w:/-])")


def _reference_labels(doc: Document) -> frozenset[str]:
    """Labels of the link reference definitions (`[label]: url`) in the document."""
    cached = doc.derived.get(REFERENCE_LABELS)
    if cached is None:
        cached = frozenset(
            WHITESPACE.sub(" ", match.group(1)).strip().casefold()
            for raw in doc.lines
            if raw.lstrip().startswith("[") and (match := REFERENCE_LABEL.match(raw))
        )
        doc.derived[REFERENCE_LABELS] = cached
    return cached


@functools.cache
def _citation() -> re.Pattern[str]:
    """[1], [2, 3], [4-6]: compiled for the first bracketed span, not at import."""
    return re.compile(r"^[\d\s,;–-]+$")


class _Prompts(NamedTuple):
    template: frozenset[str]  # the configured template's bracketed prompts, case folded
    words: frozenset[str]  # a bracket opening with one of these is an instruction
    slots: frozenset[str]  # a bracket holding only one of these is a slot to fill


def _is_bracket_placeholder(doc: Document, raw: str, start: int, end: int, content: str,
                            allowed: frozenset[str], prompts: _Prompts) -> bool:
    """Is `raw[start:end]` (a `[...]` span) template text rather than Markdown syntax?"""
    before = raw[start - 1] if start > 0 else ""
    after = raw[end] if end < len(raw) else ""
    if before in ("\\", "!", "[", "]") or (before and (before.isalnum() or before == "_")):
        return False  # escaped, an image, part of [a][b] or [[x]], or an index like a[0]
    if after in ("(", "[", "]", ":", "{"):
        return False  # an inline link, a full/collapsed reference, a definition, attributes
    text = content.strip()
    if len(text) < 2 or text.startswith("^") or _citation().match(text):
        return False  # [ ] / [x] task boxes, [a], footnotes [^1], citations [1] [2-4]
    if not HAS_LETTER.search(text) and not text.startswith("@"):
        return False  # [14:07], [0, 1], [...]
    label = WHITESPACE.sub(" ", text).casefold()
    if label in allowed:
        return False  # editorial marks and status tags: [sic], [redacted], [WIP]
    if label in _reference_labels(doc):
        return False  # a shortcut reference link
    return _is_template_text(label, prompts)


def _is_template_text(label: str, prompts: _Prompts) -> bool:
    """Template text rather than a chat stamp (`[8:27 AM]`), a tag (`[retroactive]`) or a
    bracketed name (`[Require approval for all outside contributors]`): one of the template's
    own prompts, a prompt for a handle (`[@names]`), or an instruction (`[Describe the
    impact]`, `[What happened?]`, `[Date]`, `[TBD]`, `[Draft | Final]`)."""
    if label in prompts.template or label.startswith("@") or label.endswith(("?", "...", "\u2026")):
        return True
    if "|" in label:
        return True  # a choice to make: `[Draft | Final]`
    words = label.split()
    first = words[0].strip(":,.;-")
    # `[Incident ticket]`, `[Dashboard link]`: a link's text whose link was never added.
    return first in prompts.words or label in prompts.slots or (len(words) <= 3 and words[-1] in prompts.slots)


class _Options(NamedTuple):
    literals: dict[str, str]  # literal -> what to write instead
    pattern: re.Pattern[str] | None
    allowed: frozenset[str]
    prompts: _Prompts


_OPTIONS: dict[int, tuple[PM105Options, Template, _Options]] = {}


@functools.cache
def _template_prompts() -> frozenset[str]:
    """The bracketed prompts of the template `pmlint new` writes."""
    from pmlint.catalog.rules import rules_dir

    text = (rules_dir() / "template.md").read_text(encoding="utf-8")
    return frozenset(WHITESPACE.sub(" ", m.group(1)).strip().casefold() for m in BRACKETED.finditer(text))


def _options(ctx: Context) -> _Options:
    """PM105's options and the template's own prompts, compiled once per set of options."""
    raw = ctx.options(PM105Options)
    template = ctx.config.template
    entry = _OPTIONS.get(id(raw))
    if entry is None or entry[0] is not raw or entry[1] is not template:
        literals = dict(raw.literals)
        allowed = frozenset(WHITESPACE.sub(" ", item).casefold() for item in raw.bracket_allow)
        # `pmlint new` writes `[Name]` for each configured field and section beyond its own.
        own = {name.casefold() for name in [*template.required_fields, *template.required_sections]}
        prompts = _Prompts(_template_prompts() | own, frozenset(w.casefold() for w in raw.prompt_words),
                           frozenset(w.casefold() for w in raw.slot_words))
        options = _Options(literals, _literal_pattern(tuple(literals)), allowed, prompts)
        entry = _OPTIONS[id(raw)] = (raw, template, options)
    return entry[2]


def placeholders(doc: Document, ctx: Context) -> list[Placeholder]:
    """Every template placeholder left in the document's prose, computed once."""
    cached = doc.derived.get(PLACEHOLDERS)
    if cached is not None:
        return cached
    options = _options(ctx)
    found: list[Placeholder] = []
    # Most documents hold neither a bracket nor a literal: one look at the whole text decides.
    joined = "\n".join([prose.text for prose in doc.prose])
    # (Substring tests first: the pattern's look-behind makes a regex search slow.)
    shown = _template_sections(doc)
    if "[" in joined or any(literal in joined for literal in options.literals):
        for prose in doc.prose:
            if not any(start <= prose.line <= end for start, end in shown):
                found.extend(_line_placeholders(doc, prose.line, prose.text, options))
    found.extend(m for m in _markers(doc, shown)
                 if not any(s.line == m.line and s.column <= m.column < s.end for s in found))  # `[TBD]` once
    found.extend(_guidance(doc, options.prompts))
    found.sort(key=lambda span: (span.line, span.column))
    doc.derived[PLACEHOLDERS] = found
    return found


def _template_sections(doc: Document) -> list[tuple[int, int]]:
    """The line spans of sections that show the template itself (`## Template`): an index
    page's copy of the template is no leftover."""
    return [(s.line, s.end) for s in doc.sections if "template" in s.key.split()]


def _guidance(doc: Document, prompts: _Prompts) -> list[Placeholder]:
    """The template's guidance comments left in (`<!-- What happened, for how long? -->`):
    one finding, at the first, however many there are."""
    guiding = []
    for comment in doc.comments:
        text = WHITESPACE.sub(" ", comment.text.replace("<!--", " ").replace("-->", " ")).strip()
        first = text.split(maxsplit=1)[0].strip(":,.;-").casefold() if text else ""
        if HAS_LETTER.search(text) and (first in prompts.words or text.endswith("?")) and len(text) < 400:
            guiding.append((comment, text))
    if not guiding:
        return []
    comment, text = guiding[0]
    shown = text if len(text) <= 50 else text[:47] + "..."
    more = f" ({len(guiding)} such comments)" if len(guiding) > 1 else ""
    column = doc.lines[comment.line - 1].find("<!--") + 1 or 1
    return [Placeholder(comment.line, column, column + 4, f"<!-- {shown} -->",
                        f"the template's guidance comment{more}; remove it once the section is written")]


def _markers(doc: Document, shown: list[tuple[int, int]]) -> list[Placeholder]:
    """`TBD`, `TODO`, `XXX`, `???`, `<insert ...>`, `{{...}}` left in the prose (read on the
    source line: `<insert ...>` is a tag to the prose mask). Code spans stay code."""
    found: list[Placeholder] = []
    source = "\n".join(doc.lines)
    # Most documents hold no marker: substring tests decide before any regex runs.
    if not any(marker in source for marker in MARKER_LITERALS) and "<insert" not in source.lower():
        return found
    for prose in doc.prose:
        raw = doc.lines[prose.line - 1]
        if not MARKER.search(raw) or any(start <= prose.line <= end for start, end in shown):
            continue
        if raw.lstrip().startswith("#"):
            continue  # `### 2) TODO Configuration`: a heading's status tag, not a gap in the text
        for match in MARKER.finditer(raw):
            text = match.group(0)
            if text.lower() in UPPER_MARKERS and not text.isupper():
                continue  # "todo" and "tbd" in a sentence are words, not markers
            if text[0] != "<" and prose.text[match.start():match.end()] != text:
                continue  # inside a code span or a URL
            if text.startswith("<") and "`" in raw[:match.start()] and raw[:match.start()].count("`") % 2:
                continue
            found.append(Placeholder(prose.line, match.start() + 1, match.end() + 1, text,
                                     "replace it with the real content"))
    return found


def _line_placeholders(doc: Document, line: int, text: str, options: _Options) -> list[Placeholder]:
    spans: list[Placeholder] = []
    if "[" in text:
        raw = doc.lines[line - 1]
        for match in BRACKETED.finditer(text):
            if _is_bracket_placeholder(doc, raw, match.start(), match.end(), match.group(1), options.allowed,
                                       options.prompts):
                spans.append(Placeholder(line, match.start() + 1, match.end() + 1, match.group(0),
                                         "replace it with the real content"))
    if options.pattern is not None:
        for match in options.pattern.finditer(text):
            column = match.start() + 1
            if any(span.column <= column < span.end for span in spans):
                continue  # "[@names]" is one placeholder, not two
            spans.append(Placeholder(line, column, match.end() + 1, match.group(0),
                                     options.literals.get(match.group(0), "replace it with the real value")))
    spans.sort(key=lambda span: span.column)
    return spans


def placeholder_at(doc: Document, ctx: Context, line: int, column: int) -> bool:
    """True when a template placeholder starts at `line`:`column` (PM105 reports it, so
    the rules that read that value stay quiet)."""
    return any(span.line == line and span.column == column for span in placeholders(doc, ctx))


@check("PM105")
def template_placeholder(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Template text left in: bracketed placeholders and literals such as YYYY-MM-DD."""
    for span in placeholders(doc, ctx):
        yield Problem(span.line, span.column, f"Template placeholder {span.text!r} left in; {span.hint}")
