"""Secrets kept out of every sink. While a command holds a secret (the GitHub token, share's
webhook URL), `redacting` wraps stdout and stderr in one redacting writer, and the other
sinks (the step summary, the step outputs, an `--output` file) pass their text through
`scrub`, the same function: no message, report or traceback can carry the secret, whoever
wrote it (a server that echoes the token, a note quoting a reply, an exception).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO

_HIDERS: list[Callable[[str], str]] = []  # one per secret held, innermost last


def scrub(text: str) -> str:
    """`text` with every secret held now replaced."""
    for hide in _HIDERS:
        text = hide(text)
    return text


class RedactingWriter:
    """A text stream that scrubs what it writes. Whole lines are written through (a secret
    never spans a line); a partial line waits for its end, or for `flush`."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        self._pending += text
        end = self._pending.rfind("\n") + 1
        if end:
            self._stream.write(scrub(self._pending[:end]))
            self._pending = self._pending[end:]
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(scrub(self._pending))
            self._pending = ""
        self._stream.flush()

    def __getattr__(self, name: str) -> Any:  # encoding, isatty, fileno...: the stream's own
        return getattr(self._stream, name)


@contextlib.contextmanager
def redacting(hide: Callable[[str], str] | None) -> Iterator[None]:
    """Within the block, stdout, stderr and `scrub` hide the secret `hide` replaces; no-op
    for None (no secret held)."""
    if hide is None:
        yield
        return
    _HIDERS.append(hide)
    saved = sys.stdout, sys.stderr
    writers = RedactingWriter(saved[0]), RedactingWriter(saved[1])
    sys.stdout, sys.stderr = writers
    try:
        yield
    finally:
        for writer in writers:
            writer.flush()
        sys.stdout, sys.stderr = saved
        _HIDERS.remove(hide)
