"""The log scanner: the lines `--match` keeps and their numbers are those of a plain
line-by-line reading, however chunks fall, however long lines are, whichever way each word
is looked for (through its rarest byte, or whole)."""

from __future__ import annotations

import io
import random
import re

import pytest

from pmlint.evidence import scan
from pmlint.evidence.events import Tally


def reference(data: bytes, keep: re.Pattern[bytes], chunk: int, longest: int) -> tuple[list[tuple[int, bytes]], int]:
    """The reading the scanner must match: chunk by chunk, a line without a newline for
    `longest` bytes cut at the end of the chunk that reaches it, each line searched alone."""
    found, before, rest, position = [], 0, b"", 0
    while True:
        block = data[position : position + chunk]
        position += len(block)
        buffer = rest + block
        if not buffer:
            return found, before
        end = buffer.rfind(b"\n") + 1 if block else len(buffer)
        if end == 0:
            if len(buffer) < longest:
                rest = buffer
                continue
            end = len(buffer)
        lines = buffer[:end].split(b"\n")
        if lines[-1] == b"":
            lines.pop()
        found += [(before + number, line) for number, line in enumerate(lines, start=1) if keep.search(line)]
        before += len(lines)
        rest = buffer[end:]


def random_log(seed: int) -> bytes:
    rng = random.Random(seed)
    words = [b"ERROR", b"CRITICAL", b"INFO", b"RRR", b"ERRO", b"CRIT", b"R", b"x" * 90]
    lines = []
    for _ in range(rng.randint(50, 400)):
        parts = [rng.choice(words) for _ in range(rng.randint(0, 12))]
        if rng.random() < 0.03:
            parts.append(b"y" * rng.randint(100, 700))  # longer than the cut length below
        lines.append(b" ".join(parts) + (b"\r" if rng.random() < 0.2 else b""))
    return b"\n".join(lines) + (b"\n" if rng.random() < 0.5 else b"")


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("chunk", [5, 64, 333, 1 << 16])
@pytest.mark.parametrize("expression", ["ERROR|CRITICAL", "RRR|ERROR", "R", r"ERR[O]R|CRIT\w+"])
def test_the_lines_kept_and_their_numbers_are_those_of_a_line_by_line_reading(
    monkeypatch, seed: int, chunk: int, expression: str
) -> None:
    monkeypatch.setattr(scan, "CHUNK", chunk)
    monkeypatch.setattr(scan, "LONGEST_LINE", 256)
    data = random_log(seed)
    tally = Tally()
    found = list(scan.matching_lines(io.BytesIO(data), scan.matcher(expression), tally))
    want, lines = reference(data, re.compile(expression.encode()), chunk, 256)
    assert found == want
    assert tally.read == lines


def test_a_word_whose_rarest_byte_turns_common_is_searched_whole_and_still_found() -> None:
    word = scan._Word(b"ERROR", sample=b"2026-11-20 14:00:00 INFO ok\n" * 100)
    assert word.rare == b"E"  # absent from the sample: the first of the rarest
    noisy = b"EEEEEEEEEEEEEEEEEEEE EOE\n" * 400 + b"a ERROR b\n" + b"EEEE\n" * 10 + b"ERROR\n"
    starts: dict[int, int] = {}
    word.lines(noisy, 0, len(noisy), starts)
    assert word.rare == b""  # too many sightings that were not the word
    assert [noisy[start:end] for start, end in sorted(starts.items())] == [b"a ERROR b", b"ERROR"]


def test_a_word_whose_bytes_are_all_common_is_searched_whole_from_the_start() -> None:
    assert scan._Word(b"err", sample=b"error err errand\n" * 100).rare == b""
    assert scan._Word(b"E", sample=b"").rare == b""  # one byte: its own search is the memchr
