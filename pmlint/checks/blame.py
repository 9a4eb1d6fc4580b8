"""Blameless language (PM501, PM502): blaming vocabulary, and a person as the cause.

Both rules read only prose: `doc.prose` already blanks code spans, comments and URLs (fenced
code is not prose at all); quoted commands (`"git push --force"`) are blanked here. Phrase and
verb lists, with a systemic rewording hint for each, live in rules/PM501.toml and PM502.toml;
`[tool.pmlint.blameless]` adds phrases (`extra-phrases`) and allows others (`allow`).

Speed: most documents hold no blame at all, so each rule first runs a few literal-prefixed
regexes over the lower-cased source (as fast as `str.find`), and only a document with a
candidate pays for the joined prose, the combined regex and the people of the document.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from pmlint.catalog.option_types import HintedPhrase, PM501Options, PM502Options
from pmlint.checks.context import Context
from pmlint.checks.registry import Problem, check
from pmlint.parse.action_table import action_rows
from pmlint.parse.document import Document, Memo
from pmlint.parse.inline import HANDLE
from pmlint.parse.people import NAME_WORD, PARENTHETICAL, document_people
from pmlint.parse.phrases import (
    GAP,
    Phrase,
    PhraseSet,
    Prose,
    allow_regex,
    compile_phrases,
)

EXTRA_HINT = "describe the condition that made the action possible, not the person"
QUOTED = re.compile(r'"([^"\n]{1,200})"|\u201c([^\u201d\n]{1,200})\u201d')
FLAG = re.compile(r"(?:^|\s)--?[A-Za-z]")
CLAUSE_BREAK = re.compile(r"[.;:!?,()|\u2014\u2013]|\n\n| - ")
TOKEN = re.compile(r"\S+")
TOKEN_EDGES = "*_~[]\"`\u201c\u201d"
# Not after a blank: a search through a run of blanks tries it once, not at every blank.
PASSIVE = re.compile(rf"(?<![ \t\xa0\n]){GAP}been{GAP}(\w+)", re.IGNORECASE)
# "One of the engineers ... and he wasn't aware": the role a later "he" stands for.
ROLE_BEFORE = re.compile(
    r"\b(?:[Oo]ne of the|[Tt]he|[Aa]n?|[Oo]ur)[ \t]+(?:[\w-]{1,30}[ \t]+){0,2}?"
    r"(?:engineers?|operators?|developers?|admins?|administrators?|on-?call|reviewers?|maintainers?|members?|staff"
    r"|contractors?)\b"
)
# A line of a chat log (`[10:02] alice: ...`, `<bob> ...`): quoted talk, not the document's prose.
CHAT_LINE = re.compile(r"^[ \t>*-]*(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?[ \t]*)?(?:<[\w.-]{1,40}>|@?[\w.-]{1,40}:)[ \t]")
# What the blame rules compute once per document (see `Document.derived`).
LOWERED: Memo[str] = Memo("blame_lowered")
PROSE: Memo[Prose] = Memo("blame_prose")
NAMES: Memo[frozenset[str]] = Memo("blame_names")


def _entries(listed: tuple[HintedPhrase, ...]) -> list[Phrase]:
    """A phrase-list option as phrases, each with its hint (a general one when it has none)."""
    return [Phrase(entry.phrase, entry.hint or EXTRA_HINT) for entry in listed]


def _allowed(ctx: Context) -> tuple[str, ...]:
    """Allowed phrases: the PM501 defaults plus the configured ones."""
    return ctx.options(PM501Options).allow + tuple(ctx.config.blameless.allow)


@functools.lru_cache(maxsize=16)
def _blame_phrases(listed: tuple[HintedPhrase, ...], extra: tuple[str, ...], allow: tuple[str, ...]) -> PhraseSet:
    return compile_phrases(_entries(listed) + [Phrase(p, EXTRA_HINT) for p in extra], allow)


@functools.lru_cache(maxsize=16)
def _failure_verbs(listed: tuple[HintedPhrase, ...], allow: tuple[str, ...]) -> PhraseSet:
    return compile_phrases(_entries(listed), allow)


# --- the prose of a document ---------------------------------------------------------------


def _lowered(doc: Document) -> str:
    cached = doc.derived.get(LOWERED)
    if cached is None:
        cached = doc.derived[LOWERED] = "\n".join(doc.lines).lower()
    return cached


def _mask_quoted_commands(text: str, command_words: frozenset[str]) -> str:
    """Blank a double-quoted span that looks like a command: it starts with a command name
    (`"git push --force"`), holds a flag (`"--no-verify"`) or a shell prompt (`"$ make"`)."""

    def blank(match: re.Match[str]) -> str:
        inner = (match.group(1) or match.group(2) or "").strip()
        first = inner.split(maxsplit=1)[0] if inner else ""
        if first in command_words or first == "$" or FLAG.search(inner):
            return " " * (match.end() - match.start())
        return match.group(0)

    return QUOTED.sub(blank, text)


def prose(doc: Document, ctx: Context) -> Prose:
    """The document's prose for the blame rules: quoted commands and allowed phrases blanked.

    Consecutive lines are joined with a line break (a phrase may wrap), others with a blank
    line, which no phrase crosses.
    """
    cached = doc.derived.get(PROSE)
    if cached is not None:
        return cached
    parts: list[str] = []
    starts: list[int] = []
    numbers: list[int] = []
    offset = 0
    previous = None
    for line in doc.prose:
        if CHAT_LINE.match(doc.lines[line.line - 1]):
            continue  # a pasted chat line is what someone said then, not the document's prose
        if previous is not None:
            separator = "\n" if line.line == previous + 1 else "\n\n"
            parts.append(separator)
            offset += len(separator)
        starts.append(offset)
        numbers.append(line.line)
        parts.append(line.text)
        offset += len(line.text)
        previous = line.line
    text = "".join(parts)
    if '"' in text or "\u201c" in text:
        text = _mask_quoted_commands(text, frozenset(ctx.options(PM501Options).command_words))
    allow = allow_regex(_allowed(ctx))
    if allow is not None:
        text = allow.sub(lambda m: " " * (m.end() - m.start()), text)
    doc.derived[PROSE] = result = Prose(text, text.lower(), starts, numbers)
    return result


# --- PM501 ---------------------------------------------------------------------------------


@check("PM501")
def blame_language(doc: Document, ctx: Context) -> Iterator[Problem]:
    """Prose holds blaming vocabulary ("human error", "careless", "whose fault").

    One finding per occurrence, at the phrase, quoting it with the rule's rewording hint.
    """
    extra = tuple(ctx.config.blameless.extra_phrases)
    phrases = _blame_phrases(ctx.options(PM501Options).phrases, extra, _allowed(ctx))
    groups = phrases.candidates(_lowered(doc))
    if not groups:
        return
    text = prose(doc, ctx)
    for start, end, phrase in phrases.find(text, groups):
        line, column = text.position(start)
        quoted = " ".join(text.text[start:end].split())
        yield Problem(line, column, f'Blaming language "{quoted}": {phrase.hint}')


# --- PM502 ---------------------------------------------------------------------------------


def _strip(token: str) -> str:
    return token.strip(TOKEN_EDGES)


def people_names(doc: Document, ctx: Context) -> frozenset[str]:
    """Names of the people the document names: plain names of the authors, owners and
    reviewers (first and last names each count), bylines, and the names behind handles."""
    cached = doc.derived.get(NAMES)
    if cached is not None:
        return cached
    options = ctx.options(PM502Options)
    not_names = frozenset(w.casefold() for w in options.not_names)
    values = [f.value for f in (doc.field(n) for n in options.people_fields) if f]
    values += [row.owner for row in action_rows(doc, ctx.config.template) if row.owner]
    section = doc.section("Acknowledgement", ctx.config.template.section_aliases)
    for line in section.prose if section else ():
        text = line.text.strip(" \t|-*+")
        # "Reviewed and approved by: Maria Lopez, Kenji": the names follow the last colon or "by".
        cut = max(text.rfind(":"), text.lower().rfind(" by "))
        values.append(text[cut + 1 :] if cut >= 0 else text)
    result = document_people(doc, values, not_names).names
    doc.derived[NAMES] = result
    return result


class Subject(NamedTuple):
    text: str
    offset: int


def _subject(text: str, end: int, names: frozenset[str], options: dict[str, Any]) -> Subject | None:
    """The person right before `end` in the same clause, if any: only adverbs and auxiliaries
    may stand between ("@x probably should have"); a person after "by", "to"... is an object."""
    start = max(0, end - 160)  # a subject and a few adverbs; keeps long lines linear
    window = PARENTHETICAL.sub(lambda m: " " * (m.end() - m.start()), text[start:end])
    breaks = list(CLAUSE_BREAK.finditer(window))
    clause_start = breaks[-1].end() if breaks else 0
    tokens = [(start + m.start(), _strip(m.group(0))) for m in TOKEN.finditer(window, clause_start)]
    index = len(tokens) - 1
    while index >= 0 and (tokens[index][1].lower() in options["_gap"] or _adverb(tokens[index][1])):
        index -= 1
    if index < 0:
        return None
    person = _person(tokens[index][1], names, text, tokens[index][0])
    if person is None:
        role = _role(tokens, index, options["_roles"])
        if role is None or (role > 0 and tokens[role - 1][1].lower() in options["_objects"]):
            return None
        return Subject(" ".join(token for _, token in tokens[role : index + 1]), tokens[role][0])
    first = index
    while first > 0 and person in names and tokens[first - 1][1] in names:
        first -= 1  # "Maria Lopez"
    if first < index:
        person = " ".join(token for _, token in tokens[first : index + 1])
    offset = tokens[first][0]
    # "@a and @b forgot": look past the other people for a word that makes them objects.
    while first > 1 and tokens[first - 1][1].lower() in ("and", "or", "&") and _person(
        tokens[first - 2][1], names, text, tokens[first - 2][0]
    ):
        first -= 2
    if first > 0 and tokens[first - 1][1].lower() in options["_objects"]:
        return None
    return Subject(person, offset)


def _adverb(word: str) -> bool:
    return len(word) > 4 and word.lower().endswith("ly") and word.isalpha()


ROLE_DETERMINERS = frozenset({"the", "a", "an", "one", "our", "their", "its", "another", "some", "several",
                              "two", "three", "that", "this", "his", "her", "whose", "every", "each"})


def _role(tokens: list[tuple[int, str]], index: int, roles: frozenset[str]) -> int | None:
    """Where a role noun phrase ending at `index` starts ("the on-call engineer", "node
    operators", "one of the engineers", "a new member of Ken Labs", "the vendor's staff"),
    or None. A role in the singular needs a determiner; a plural one stands alone."""
    words = [token.lower().rstrip(",") for _, token in tokens]
    head = index
    # "a new member of Ken Labs": past a capitalised name after "of" to the role before it.
    names_after = head
    while names_after >= 0 and tokens[names_after][1][:1].isupper() and names_after > index - 3:
        names_after -= 1
    if names_after < index and names_after >= 1 and words[names_after] == "of":
        head = names_after - 1
    word = words[head]
    singular = word[:-1] if word.endswith("s") and word[:-1] in roles else None
    if word not in roles and singular is None:
        return None
    start = head
    while start > 0 and start > head - 3 and words[start - 1] not in ROLE_DETERMINERS and (
        words[start - 1].isalpha() or words[start - 1].endswith(("'s", "\u2019s")) or "-" in words[start - 1]
    ) and words[start - 1] not in ("and", "or", "but", "when", "if", "because", "so", "then", "that", "which"):
        start -= 1  # "node operators", "the vendor's staff", "the on-call engineer"
    if start > 0 and words[start - 1] in ROLE_DETERMINERS:
        start -= 1
    elif singular is None and word not in ("i",):
        return None  # "engineer" alone is a noun used as a modifier, not a subject
    if start >= 2 and words[start - 1] == "of" and words[start - 2] in ("one", "some", "two", "several", "each"):
        start -= 2  # "one of the engineers"
    return start


def _person(token: str, names: frozenset[str], text: str, offset: int) -> str | None:
    """How to name `token` if it is a person (a handle, a known name, or "he"/"she" after a
    person on the same line: "he (@maria)"), else None."""
    if token.startswith("@"):
        return token if HANDLE.fullmatch(token) else None
    if token in names or token == "I":
        return token
    if token.lower() in ("he", "she"):
        # "@x spent hours ... when he should have": the person named before on the line.
        before = text[max(text.rfind("\n", 0, offset) + 1, offset - 300) : offset]
        people = [m.group(0) for m in HANDLE.finditer(before)]
        people += [w for w in NAME_WORD.findall(before) if w in names]
        people += [m.group(0) for m in ROLE_BEFORE.finditer(before)]
        if people:
            return f"{token} ({', '.join(dict.fromkeys(people))})"
    return None


def _passive(text: str, start: int, end: int, participles: frozenset[str]) -> bool:
    """ "@x should have been paged": the person is the object, not the cause."""
    if "should" not in text[start:end].lower():
        return False
    after = PASSIVE.match(text, end)
    if after is None:
        return False
    word = after.group(1).lower()
    return word.endswith(("ed", "en")) or word in participles


def _pm502_options(ctx: Context) -> dict[str, Any]:
    typed = ctx.options(PM502Options)
    return {
        "_gap": frozenset(w.lower() for w in typed.subject_gap_words),
        "_objects": frozenset(w.lower() for w in typed.object_words),
        "_participles": frozenset(w.lower() for w in typed.participles),
        "_roles": frozenset(w.lower() for w in typed.roles),
    }


@check("PM502")
def person_as_cause(doc: Document, ctx: Context) -> Iterator[Problem]:
    """A person (a handle, or the name of an author, owner or reviewer) is the subject of a
    failure verb in the same clause: "@kenji forgot to check", "Maria should have known".

    The finding points at the person and gives the verb's rewording hint.
    """
    verbs = _failure_verbs(ctx.options(PM502Options).verbs, _allowed(ctx))
    groups = verbs.candidates(_lowered(doc))
    if not groups:
        return
    text = prose(doc, ctx)
    options = _pm502_options(ctx)
    names: frozenset[str] | None = None
    for start, end, verb in verbs.find(text, groups):
        if _passive(text.text, start, end, options["_participles"]):
            continue
        if names is None:
            names = people_names(doc, ctx)
        subject = _subject(text.text, start, names, options)
        if subject is None:
            continue
        line, column = text.position(subject.offset)
        said = " ".join(text.text[start:end].split())
        yield Problem(line, column, f'{subject.text} is the subject of "{said}": {verb.hint}')
