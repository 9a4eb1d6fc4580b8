"""Section checks: required sections (PM104), empty sections (PM106), the length of the
Executive Summary (PM108) and the depth of the Root Cause (PM109). Template placeholders
(PM105) are in `placeholders.py`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from pmlint.catalog.option_types import PM108Options, PM109Options
from pmlint.checks.context import Context
from pmlint.checks.document.placeholders import placeholders
from pmlint.checks.registry import Problem, check
from pmlint.config.schema import Template
from pmlint.parse.document import Document, Memo, Section, find_section, section_key
from pmlint.parse.inline import BARE_URL, mask_prose

WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
# A run of sentence terminators, closing quotes or brackets, then a space or the end.
TERMINATOR = re.compile(r"[.!?…]+[\"'”’)\]*_]*(?=\s|$)")
DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # e.g, u.s, i.e (final period cut)

# What these checks compute once per document (see `Document.derived`).
SECTIONS_FOUND: Memo[tuple[Template, dict[str, Section | None]]] = Memo("sections_found")

# ---------------------------------------------------------------------------------------
# Helpers shared by several checks


class _Names:
    """Section keys of one template, computed once: a section name's keys (itself and its
    aliases, as Document.section matches them), and which names are required."""

    def __init__(self, template: Template) -> None:
        self.template = template
        self.required = frozenset(section_key(name) for name in template.required_sections)
        lists = frozenset(section_key(name) for name in template.list_sections)
        # What PM106 looks at: every required section, and list sections even when optional.
        self.checked = [(name, section_key(name) in lists) for name in template.required_sections]
        self.checked += [(name, True) for name in template.list_sections if section_key(name) not in self.required]
        self._keys: dict[str, frozenset[str]] = {}

    def keys(self, name: str) -> frozenset[str]:
        keys = self._keys.get(name)
        if keys is None:
            wanted = {section_key(name)}
            for canonical, alternatives in self.template.section_aliases.items():
                if section_key(canonical) in wanted:
                    wanted.update(section_key(alt) for alt in alternatives)
            keys = self._keys[name] = frozenset(wanted)
        return keys


_NAMES: dict[int, _Names] = {}


def _names(template: Template) -> _Names:
    names = _NAMES.get(id(template))
    if names is None or names.template is not template:
        names = _NAMES[id(template)] = _Names(template)
    return names


def _find(doc: Document, name: str, template: Template) -> Section | None:
    """`doc.section(name, aliases)`, with keys computed once per template and each answer
    kept on the document (PM104, PM106, PM108 and PM109 ask for the same sections)."""
    cached = doc.derived.get(SECTIONS_FOUND)
    if cached is None or cached[0] is not template:
        cached = doc.derived[SECTIONS_FOUND] = (template, {})
    found: dict[str, Section | None] = cached[1]
    if name in found:
        return found[name]
    keys = _names(template).keys(name)
    section = find_section(doc.sections, keys)
    found[name] = section
    return section


def _required(name: str, template: Template) -> bool:
    return section_key(name) in _names(template).required


def _skipped_by_pm106(section: Section, name: str, template: Template) -> bool:
    """An empty required section is PM106's finding; length rules then say nothing more."""
    return not section.has_content and _required(name, template)


# ---------------------------------------------------------------------------------------
# PM104 / PM106: required sections and their content


def _misleveled_heading(doc: Document, keys: frozenset[str]) -> tuple[int, int, str] | None:
    """A non-H2 heading (`### Root Cause`) that would be the section at level 2."""
    for heading in doc.headings:
        if section_key(heading.text) in keys:
            return heading.line, heading.level, heading.text
    return None


def _unrecognised_heading(doc: Document, keys: frozenset[str], claimed: set[int]) -> Section | None:
    """An H2 that names the section among other words (`## Incident Timeline`,
    `## Root Cause Analysis`) and does not stand for another required section."""
    for section in doc.sections:
        if section.line in claimed:
            continue
        if any(re.search(rf"(?<!\w){re.escape(key)}(?!\w)", section.key) for key in keys if key):
            return section
    return None


@check("PM104")
def missing_section(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Each required section (or one of its aliases) must be an H2 heading."""
    template = ctx.config.template
    required = template.required_sections
    present = {name: _find(doc, name, template) for name in required}
    claimed = {section.line for section in present.values() if section is not None}
    last_line = max(len(doc.lines), 1)
    for index, name in enumerate(required):
        if present[name] is not None:
            continue
        keys = _names(template).keys(name)
        wrong_level = _misleveled_heading(doc, keys)
        if wrong_level is not None:
            line, level, text = wrong_level
            yield Problem(line, 1, f"Required section {name!r} is missing: '{'#' * level} {text}' is a "
                                   f"level-{level} heading; make it '## {text}'")
            continue
        near = _unrecognised_heading(doc, keys, claimed)
        if near is not None:
            yield Problem(near.line, 1, f"Required section {name!r} is missing: '## {near.title}' is not "
                                        f"recognised as it; rename it '## {name}' or add a section alias")
            continue
        # Point where the heading belongs: before the next required section that exists.
        following = next((present[later] for later in required[index + 1:] if present[later] is not None), None)
        if following is not None:
            yield Problem(following.line, 1,
                          f"Required section {name!r} is missing; add '## {name}' before '## {following.title}'")
        else:
            yield Problem(last_line, 1, f"Required section {name!r} is missing; add '## {name}' at the end")


def _has_list_item(section: Section) -> bool:
    return any(item.text.strip() or item.more for item in section.items)


@check("PM106")
def empty_section(doc: Document, ctx: Context) -> Iterator[Problem]:
    """A required section with no content; a list section without a list item."""
    template = ctx.config.template
    seen: set[int] = set()
    for name, is_list in _names(template).checked:
        section = _find(doc, name, template)
        if section is None or section.line in seen:
            continue  # a missing section is PM104's finding
        seen.add(section.line)
        if not section.has_content:
            hint = "write one '- ' bullet per point" if is_list else "fill it in, or say why it does not apply"
            yield Problem(section.line, 1, f"Section {section.title!r} is empty; {hint}")
        elif is_list and not _has_list_item(section):
            yield Problem(
                section.line, 1, f"Section {section.title!r} has no list item; write one '- ' bullet per point"
            )


# ---------------------------------------------------------------------------------------
# PM108: Executive Summary length


def _sentence_text(raw: str) -> str:
    """Masked prose for sentence counting, with the period that ends a URL given back:
    "see https://example.com/x. Then" must still end a sentence."""
    masked = mask_prose(raw)
    if "://" in raw or "www." in raw:
        for match in BARE_URL.finditer(raw):
            url = match.group(0)
            tail = len(url) - len(url.rstrip(".!?"))
            if tail and masked[match.end() - tail: match.end()].strip() == "":
                masked = masked[: match.end() - tail] + raw[match.end() - tail: match.end()] + masked[match.end():]
    return masked


def _is_boundary(text: str, match: re.Match[str], abbreviations: frozenset[str]) -> bool:
    """Does this terminator end a sentence? Only a single period can be an abbreviation's."""
    rest = text[match.end():].lstrip()
    if not rest:
        return True
    if rest[0].islower():
        return False  # "e.g. the", "etc. and", "approx. five", "wait... what"
    mark = match.group(0)
    if not mark.startswith(".") or mark.startswith(".."):
        return True
    before = text[max(0, match.start() - 40): match.start()].rsplit(None, 1)
    if not before:
        return True
    word = before[-1].lstrip("([{\"'“‘*_").casefold()
    if word in abbreviations:
        return False  # "i.e. The", "vs. Redis"
    # An initial ("J. Smith") or a dotted acronym ("U.S. East") does not end a sentence.
    return not (len(word) == 1 and word.isalpha()) and DOTTED.fullmatch(word) is None


def count_sentences(text: str, abbreviations: frozenset[str]) -> int:
    """Sentences in one block of prose; text after the last terminator counts as one.

    A period inside a token (99.9%, v2.3.0, e.g) is never a terminator: TERMINATOR needs a
    space or the end after it.
    """
    count = 0
    start = 0
    for match in TERMINATOR.finditer(text):
        if not _is_boundary(text, match, abbreviations):
            continue
        if WORD.search(text, start, match.start()):
            count += 1
        start = match.end()
    if WORD.search(text, start):
        count += 1
    return count


@functools.cache
def _abbreviations(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word.casefold().rstrip(".") for word in words)


def _summary_blocks(section: Section) -> list[str]:
    """The summary's paragraphs and list items, each as one masked string."""
    blocks = [" ".join(_sentence_text(raw) for _, raw in paragraph.lines) for paragraph in section.paragraphs]
    blocks += [" ".join([_sentence_text(item.text)] + [_sentence_text(raw) for _, raw in item.more])
               for item in section.items]
    return blocks


@check("PM108")
def summary_length(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Executive Summary must hold the option `sentences` sentences (inclusive range)."""
    template = ctx.config.template
    section = _find(doc, "Executive Summary", template)
    if section is None or _skipped_by_pm106(section, "Executive Summary", template):
        return
    options = ctx.options(PM108Options)
    abbreviations = _abbreviations(options.abbreviations)
    count = sum(count_sentences(block, abbreviations) for block in _summary_blocks(section))
    low, high = options.sentences
    if low <= count <= high:
        return
    wanted = f"{low}" if low == high else f"{low}-{high}"
    noun = "sentence" if count == 1 else "sentences"
    advice = "say what happened, the impact and the cause" if count < low else "move the details to later sections"
    yield Problem(section.line, 1, f"{section.title} has {count} {noun}; write {wanted} ({advice})")


# ---------------------------------------------------------------------------------------
# PM109: Root Cause depth


def count_words(section: Section) -> int:
    """Words of the section's prose (code, URLs and comments masked), sub-headings left out."""
    headings = {heading.line for heading in section.headings}
    text = " ".join([prose.text for prose in section.prose if prose.line not in headings])
    return len(WORD.findall(text))


@check("PM109")
def shallow_root_cause(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Root Cause must explain the mechanism in at least the option `min-words` words."""
    template = ctx.config.template
    minimum = ctx.options(PM109Options).min_words
    section = _find(doc, "Root Cause", template)
    if minimum <= 0 or section is None or _skipped_by_pm106(section, "Root Cause", template):
        return
    if any(section.line < span.line <= section.end for span in placeholders(doc, ctx)):
        return  # still the template's prompt: PM105 asks for the real text first
    words = count_words(section)
    if words < minimum:
        yield Problem(section.line, 1, f"{section.title} has {words} words (minimum {minimum}); explain how the "
                                       "failure happened and why safeguards did not stop it")
