"""Phrase lists as fast matchers, for the rules that read prose (PM501, PM502).

A list is compiled once into groups that share a key word. A document is first tested with
one literal search per key word on its lower-cased source (sre searches a leading literal as
fast as `str.find`), and only a document holding a key word pays for the exact search, which
runs on the joined prose. Phrases match as whole words, case-insensitively, with either
apostrophe (' or \u2019), "didn't" also as "did not", and may wrap onto the next line.
"""

from __future__ import annotations

import functools
import os
import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import NamedTuple

APOSTROPHE = "['\u2019]"
# Blanks between two words of a phrase: spaces, or one line break (a wrapped paragraph).
# Possessive: blanks before and after a line break are read one way only.
GAP = r"(?:[ \t\xa0]++(?:\n[ \t\xa0]*+)?+|\n[ \t\xa0]*+)"
JOINER = rf"(?:{GAP}|-)"  # "screwed-up" is "screwed up"
# Too frequent to be a prefilter's key word when the phrase has another.
COMMON_WORDS = frozenset({"a", "an", "at", "be", "been", "error", "errors", "had", "has", "have",
    "is", "not", "of", "on", "s", "the", "this", "to", "up", "was", "who"})


class Prose(NamedTuple):
    """Every prose line joined in one string, with where each line starts in it."""

    text: str
    lowered: str
    starts: list[int]
    lines: list[int]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of an offset in `text`, both 1-based."""
        index = bisect_right(self.starts, offset) - 1
        return self.lines[index], offset - self.starts[index] + 1


class Phrase(NamedTuple):
    text: str  # as listed
    hint: str


@functools.cache
def _compiled(source: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(source, flags)


class Group(NamedTuple):
    """Phrases sharing a key word. `key` and `full` run on the lower-cased source; `exact`
    on lower-cased prose (`exact_ci` where lower-casing changes the length of the text).

    Only `key` is compiled up front: the others are needed only where the key word occurs,
    which most documents never hold, and compiling them all would slow every run."""

    key: re.Pattern[str]
    sources: tuple[str, str, str]  # full, exact, exact_ci

    @property
    def full(self) -> re.Pattern[str]:
        return _compiled(self.sources[0])

    @property
    def exact(self) -> re.Pattern[str]:
        """Its group p<i> is PhraseSet.phrases[i]."""
        return _compiled(self.sources[1])

    @property
    def exact_ci(self) -> re.Pattern[str]:
        return _compiled(self.sources[2], re.IGNORECASE)

    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return (self.key, self.full, self.exact, self.exact_ci)


class PhraseSet(NamedTuple):
    phrases: tuple[Phrase, ...]
    groups: tuple[Group, ...]

    def candidates(self, lowered: str) -> list[Group]:
        """The groups that may match in `lowered` (never missing one that does)."""
        return [g for g in self.groups if g.key.search(lowered) and g.full.search(lowered)]

    def find(self, prose: Prose, groups: list[Group]) -> list[tuple[int, int, Phrase]]:
        """Every phrase occurrence in the prose, in order, starting at a word start."""
        same = len(prose.lowered) == len(prose.text)
        found = []
        for group in groups:
            regex, text = (group.exact, prose.lowered) if same else (group.exact_ci, prose.text)
            for match in regex.finditer(text):
                start = match.start()
                # The start boundary is tested here: a look-behind before the alternation would
                # cost sre its literal-prefix search.
                if start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
                    continue
                found.append((start, match.end(), self.phrases[int(match.lastgroup[1:])]))  # type: ignore[index]
        found.sort(key=lambda item: item[0])
        return found


def _word(word: str) -> str:
    """One word of a phrase as a pattern: either apostrophe, "didn't" also "did not"."""
    if len(word) > 3 and re.search(r"n['\u2019]t$", word):
        return f"{re.escape(word[:-3])}(?:n{APOSTROPHE}t|{GAP}not)"
    return "".join(APOSTROPHE if ch in "'\u2019" else re.escape(ch) for ch in word)


def _words(phrase: str) -> list[str]:
    return phrase.strip().split()


def phrase_pattern(phrase: str) -> str:
    """`phrase` as a pattern, without boundaries. A leading apostrophe ("'s fault") attaches
    to the word before it, which becomes part of the match ("Kenji's fault")."""
    words = _words(phrase)
    body = JOINER.join(_word(w) for w in words)
    if words and words[0][0] in "'\u2019":
        # The look-behind keeps a long word linear: no attempt starts inside it.
        body = r"(?<![\w/@-])@?\w[\w/-]*+" + body
    return body


def _prefilter_pattern(phrase: str) -> str:
    """`phrase` as a pattern for the lower-cased source: leading apostrophes dropped."""
    words = _words(phrase.lower())
    words[0] = words[0].lstrip("'\u2019") or words[0]
    return JOINER.join(_word(w) for w in words)


def _key_word(phrase: str) -> str:
    """The literal that a prefilter searches for: the phrase's longest uncommon word (letters
    only; "didn't" is "did", ranked as long as "didn't"), so most documents are ruled out by
    one `str.find`-like scan."""
    best, best_score = "", (False, 0)
    for word in _words(phrase.lower()):
        literal = re.match(r"[^\W\d_]*", word.lstrip("'\u2019")).group(0)  # type: ignore[union-attr]
        length = len(literal)
        if re.search(r"n['\u2019]t$", word):
            literal, length = word[:-3], len(word)
        score = (literal not in COMMON_WORDS, length)
        if literal and score > best_score:
            best, best_score = literal, score
    return best


def _group(key: str, members: list[tuple[int, Phrase]]) -> Group:
    literal = re.escape(key)
    full = "|".join(sorted({_prefilter_pattern(p.text) for _, p in members}))
    lowered = "|".join(f"(?P<p{i}>{phrase_pattern(p.text.lower())})" for i, p in members)
    cased = "|".join(f"(?P<p{i}>{phrase_pattern(p.text)})" for i, p in members)
    return Group(
        # The literal first, then the word-start test: sre searches it like `str.find`.
        re.compile(rf"{literal}(?<![\w-]{literal})"),
        (full, rf"(?:{lowered})(?![\w-])", rf"(?:{cased})(?![\w-])"),
    )


def _groups(phrases: list[Phrase]) -> tuple[Group, ...]:
    """One group per key word; key words sharing four letters or more share one group
    ("negligent", "negligence": "negligen"), so each costs one scan of the source."""
    by_key: dict[str, list[tuple[int, Phrase]]] = {}
    for index, phrase in enumerate(phrases):
        by_key.setdefault(_key_word(phrase.text), []).append((index, phrase))
    merged: list[tuple[str, list[tuple[int, Phrase]]]] = []
    for key in sorted(by_key):
        if merged:
            last, members = merged[-1]
            common = os.path.commonprefix([last, key])
            if len(common) >= 4 or key.startswith(last):
                merged[-1] = (common, members + by_key[key])
                continue
        merged.append((key, list(by_key[key])))
    return tuple(_group(key, members) for key, members in merged)


def _normal(phrase: str) -> str:
    return " ".join(phrase.replace("\u2019", "'").casefold().split())


def compile_phrases(phrases: Iterable[Phrase], allow: Iterable[str] = ()) -> PhraseSet:
    """Compile `phrases`, dropping those that `allow` names exactly."""
    allowed = {_normal(a) for a in allow}
    kept: list[Phrase] = []
    seen: set[str] = set()
    for phrase in phrases:
        key = _normal(phrase.text)
        if key and any(ch.isalnum() for ch in key) and key not in allowed and key not in seen:
            seen.add(key)
            kept.append(phrase)
    return PhraseSet(tuple(kept), _groups(kept))


@functools.lru_cache(maxsize=16)
def allow_regex(allow: tuple[str, ...]) -> re.Pattern[str] | None:
    """Allowed phrases as one regex; the last word may go on ("lazy load" allows "lazy-loaded")."""
    patterns = [phrase_pattern(a) + r"[\w-]*" for a in allow if any(ch.isalnum() for ch in a)]
    if not patterns:
        return None
    return re.compile(rf"(?<![\w-])(?:{'|'.join(patterns)})", re.IGNORECASE)


class Keywords(NamedTuple):
    """A keyword list as a matcher: whole words, case-insensitive, `*` a prefix wildcard, and
    the words of a phrase separated by any spaces or hyphens ("rolled back", "all-clear").

    A regex alternation tried at every position is slow (it costs more than parsing the
    document); `str.find` of each keyword's first word, then one anchored match of only the
    keywords that begin with that word, is not.
    """

    stems: tuple[str, ...]  # the first word of every keyword
    patterns: dict[str, re.Pattern[str]]  # the keywords that begin with each stem
    pattern: re.Pattern[str]  # every keyword

    def found_in(self, text: str) -> bool:
        """True when a keyword occurs in `text`, which must be lower case."""
        for stem in self.stems:
            at = text.find(stem)
            if at < 0:
                continue
            pattern = self.patterns[stem]
            while at >= 0:
                before = text[at - 1] if at else " "
                if not (before.isalnum() or before == "_") and pattern.match(text, at):
                    return True
                at = text.find(stem, at + 1)
        return False


@functools.cache
def keywords(words: tuple[str, ...]) -> Keywords:
    """The matcher for a keyword list from rules/ (built once per list)."""
    parts: dict[str, list[str]] = {}
    for keyword in (word.strip().lower() for word in words):
        phrase = keyword.rstrip("*").split()
        if not phrase:
            continue
        parts.setdefault(phrase[0], []).append(
            r"[\s-]+".join(map(re.escape, phrase)) + (r"\w*" if keyword.endswith("*") else ""))
    every = [part for group in parts.values() for part in group]
    # An empty list matches nothing: (?!) never matches.
    pattern = re.compile(r"(?:" + "|".join(every) + r")(?!\w)" if every else r"(?!)")
    patterns = {stem: re.compile(r"(?:" + "|".join(group) + r")(?!\w)") for stem, group in parts.items()}
    return Keywords(tuple(sorted(parts)), patterns, pattern)
