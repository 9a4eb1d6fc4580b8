"""Finding the log lines `--match` keeps, streamed: a big log is read in fixed-size chunks
and searched as bytes, so memory stays flat however long the log is.

A `--match` that is a plain list of words (the default) is searched word by word. Each word
is found through its rarest byte (the fewest in the file's first chunk): a one-byte search
is a `memchr`, several times faster than a search for the whole word, and each place that
byte appears is checked for the word. In a file where even that byte is common (more than
one in RARE_SPACING bytes) the checks would cost more than they save, and the word is
searched whole. Any other `--match` is one compiled regex search.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

from pmlint.evidence.events import Tally, TimelineError

DEFAULT_MATCH = "ERROR|CRITICAL|FATAL|PANIC|Traceback"
CHUNK = 1 << 16  # 64 KiB: searched once per word while it sits in the CPU cache
LONGEST_LINE = 1 << 20  # a longer "line" is cut: memory stays bounded on a file without newlines
RARE_SPACING = 256  # a byte seen more often than this is not worth a memchr and a check per sighting
# A `--match` that is only words separated by `|` is searched with bytes.find, word by word.
PLAIN_WORDS = re.compile(r"[A-Za-z0-9_ .:=/-]+(?:\|[A-Za-z0-9_ .:=/-]+)*")


class Matcher(NamedTuple):
    words: tuple[bytes, ...] | None  # a plain alternation of words, searched with bytes.find
    pattern: re.Pattern[bytes]


def matcher(expression: str) -> Matcher:
    """What `--match` keeps, compiled once for byte search."""
    try:
        pattern = re.compile(expression.encode("utf-8"), re.MULTILINE)
    except re.error as exc:
        raise TimelineError(f"--match: {expression!r} is not a regular expression: {exc}") from None
    words = None
    if PLAIN_WORDS.fullmatch(expression) and "." not in expression:
        words = tuple(dict.fromkeys(word.encode("ascii") for word in expression.split("|")))
    return Matcher(words if words and all(words) else None, pattern)


class _Word:
    """One word of a plain `--match` and how it is looked for in this file."""

    __slots__ = ("word", "rare", "offset", "credit")

    def __init__(self, word: bytes, sample: bytes) -> None:
        self.word = word
        counts = {word[at : at + 1]: sample.count(word[at : at + 1]) for at in range(len(word))}
        self.rare = min(counts, key=counts.__getitem__)  # the first of the rarest, on a tie
        self.offset = word.index(self.rare)
        if len(word) == 1 or counts[self.rare] * RARE_SPACING > len(sample):
            self.rare = b""  # searched whole
        # Sightings of the rare byte that are not the word, allowed before the word is searched
        # whole: one per RARE_SPACING bytes searched, with some saved up (a capped saving, so
        # that a file that turns noisy is noticed within a few chunks).
        self.credit = 4 * RARE_SPACING

    def lines(self, chunk: bytes, start: int, end: int, starts: dict[int, int]) -> None:
        """Adds the start -> end of every line of chunk[start:end] holding the word."""
        word, rare, offset = self.word, self.rare, self.offset
        find, rfind, startswith = chunk.find, chunk.rfind, chunk.startswith
        credit = min(self.credit + (end - start) // RARE_SPACING, 16 * RARE_SPACING)
        at = find(rare, start, end) if rare else find(word, start, end)
        while at >= 0:
            if rare:
                found = at - offset
                if found < start or not startswith(word, found):  # found < start: not in this piece
                    credit -= 1
                    if credit < 0:  # common here after all: the whole word from now on
                        rare = self.rare = b""
                        at = find(word, max(found, start), end)
                        continue
                    at = find(rare, at + 1, end)
                    continue
                at = found
            line_end = find(b"\n", at, end)
            starts[rfind(b"\n", 0, at) + 1] = line_end if line_end >= 0 else end
            if line_end < 0:
                break
            at = find(rare, line_end, end) if rare else find(word, line_end, end)
        self.credit = credit


def _pattern_lines(chunk: bytes, start: int, end: int, pattern: re.Pattern[bytes], starts: dict[int, int]) -> None:
    position = start
    search, find = pattern.search, chunk.find
    while position < end and (found := search(chunk, position, end)) is not None:
        line_start = chunk.rfind(b"\n", 0, found.start()) + 1
        line_end = find(b"\n", line_start, end)  # a match may go on past its first line: it is kept
        starts[line_start] = line_end if line_end >= 0 else end
        after = find(b"\n", found.end() if found.end() > found.start() else found.start(), end)
        position = after + 1 if after >= 0 else end


class _Scanner:
    """The matching lines of one file, piece by piece; counts the lines."""

    def __init__(self, match: Matcher, sample: bytes, tally: Tally) -> None:
        self.words = [_Word(word, sample) for word in match.words] if match.words is not None else None
        self.pattern = match.pattern
        self.tally = tally
        self.lines = 0  # in the pieces already searched

    def piece(self, chunk: bytes, start: int, end: int) -> Iterator[tuple[int, bytes, bytes, int]]:
        """(line number, line) of the matching lines of chunk[start:end], which starts a line
        and ends one (after its newline, or where a too long line or the file is cut)."""
        starts: dict[int, int] = {}  # line start -> line end, each line once
        if self.words is not None:
            for word in self.words:
                word.lines(chunk, start, end, starts)
        else:
            _pattern_lines(chunk, start, end, self.pattern, starts)
        before, counted, counted_to = self.lines, 0, start
        count = chunk.count
        for line_start in sorted(starts):
            counted += count(b"\n", counted_to, line_start)
            counted_to = line_start
            yield before + counted + 1, chunk[line_start : starts[line_start]], chunk, line_start
        newlines = counted + count(b"\n", counted_to, end)
        lines = newlines if chunk[end - 1 : end] == b"\n" else newlines + 1
        self.lines += lines
        self.tally.read += lines


def matching_lines(handle: BinaryIO, match: Matcher, tally: Tally) -> Iterator[tuple[int, bytes]]:
    """(line number, line) for every line that matches, read in chunks; counts the lines."""
    for number, line, _, _ in matching_lines_in_context(handle, match, tally):
        yield number, line


def matching_lines_in_context(
    handle: BinaryIO, match: Matcher, tally: Tally
) -> Iterator[tuple[int, bytes, bytes, int]]:
    """(line number, line, the piece of the file it is in, where it starts there) for every
    line that matches: the lines around a match can be read without reading the file again."""
    block = handle.read(CHUNK)
    scanner = _Scanner(match, block, tally)
    rest = b""  # the start of a line the last block cut
    while block:
        start = 0
        if rest:
            first = block.find(b"\n")
            if first < 0:  # the cut line goes on through this whole block
                rest += block
                if len(rest) >= LONGEST_LINE:  # no newline in a megabyte: searched as one (cut) line
                    yield from scanner.piece(rest, 0, len(rest))
                    rest = b""
                block = handle.read(CHUNK)
                continue
            if scanner.words is None:  # a regex may match across lines: it sees the block as read
                block = rest + block
            else:  # a word lies within a line: the cut line is searched alone, the block not copied
                head, start = rest + block[: first + 1], first + 1
                yield from scanner.piece(head, 0, len(head))
        end = block.rfind(b"\n", start) + 1
        if end == 0:  # no newline in the block after the cut line (if any)
            rest = block[start:]
            if not start and len(rest) >= LONGEST_LINE:  # the block alone is a megabyte
                yield from scanner.piece(rest, 0, len(rest))
                rest = b""
        else:
            if end > start:
                yield from scanner.piece(block, start, end)
            rest = block[end:]
        block = handle.read(CHUNK)
    if rest:  # the last line, without a newline
        yield from scanner.piece(rest, 0, len(rest))
