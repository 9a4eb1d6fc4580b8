"""Writing where a post-mortem was shared into its `Shared` header field.

Only one line changes: the value of an existing Shared field (its name, its emphasis and a
trailing hard break or trailing spaces stay), or a new field line inserted right after the
Status line, written in the Status line's own style (`**Status:** Final` gives
`**Shared:** …`, `- Status: Final` gives `- Shared: …`) and with its line ending. Every other
byte (BOM, CRLF, trailing spaces, a missing final newline) is kept; the file is replaced
atomically with the project's `write_atomic`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from pmlint.parse.document import parse_document
from pmlint.parse.shared_field import find_shared
from pmlint.read.files import BOM, write_atomic

BOM_BYTES = BOM.encode("utf-8")
HARD_BREAKS = ("\\", "<br>", "<br/>", "<br />")


class RecordError(Exception):
    """The document cannot take the record: one line, naming what is wrong."""


def _line_end(text: str) -> str:
    """What follows the value on a field line: a hard break and trailing blanks."""
    stripped = text.rstrip(" \t")
    for mark in HARD_BREAKS:
        if stripped.lower().endswith(mark):
            value = stripped[: len(stripped) - len(mark)]
            return text[len(value.rstrip(" \t")):] if mark != "\\" else text[len(value):]
    return text[len(stripped):]


def _decode(chunk: bytes) -> tuple[str, bytes]:
    ending = b"\r" if chunk.endswith(b"\r") else b""
    return chunk[: len(chunk) - len(ending)].decode("utf-8"), ending


def with_shared(data: bytes, value: str, names: list[str]) -> bytes:
    """The document's bytes with its Shared field set to `value` (see the module docstring).
    `names[0]` names a new field; the others are aliases an existing field may use."""
    bom = data.startswith(BOM_BYTES)
    body = data[len(BOM_BYTES):] if bom else data
    try:
        doc = parse_document(body.decode("utf-8"), "")
    except UnicodeDecodeError:
        raise RecordError("not valid UTF-8") from None
    chunks = body.split(b"\n")  # as split_lines numbers lines: on LF, a CR kept before it
    existing = find_shared(doc, names)
    if existing is not None:
        text, ending = _decode(chunks[existing.line - 1])
        start = existing.column - 1
        rest = text[start:]
        kept_end = _line_end(rest)
        head = text[:start] if rest.strip() or text[:start].endswith((" ", "\t")) else text[:start] + " "
        # The value may sit inside emphasis (`**#eng-all**`): replace the whole value.
        chunks[existing.line - 1] = (head + value + kept_end).encode("utf-8") + ending
    else:
        status = doc.field("Status")
        if status is None:
            raise RecordError("no Status field to put the Shared field after")
        text, ending = _decode(chunks[status.line - 1])
        prefix = text[: status.column - 1]
        at = prefix.find(status.name)
        if at < 0:
            raise RecordError(f"cannot read the Status line {status.line}")
        new_prefix = prefix[:at] + names[0] + prefix[at + len(status.name):]
        line = new_prefix + value + _line_end(text[status.column - 1:])
        chunks.insert(status.line, line.encode("utf-8") + ending)
    return (BOM_BYTES if bom else b"") + b"\n".join(chunks)


def write_shared(path: Path, value: str, names: list[str]) -> tuple[bytes, bytes]:
    """Set the Shared field of the file at `path`; the bytes before and after. Refused
    (WriteRefused, an OSError) when the file changed after it was read."""
    before = path.read_bytes()
    after = with_shared(before, value, names)
    if after != before:
        write_atomic(path, after, expected=before)
    return before, after


def mark_if(path: Path, value: str, names: list[str], due: Callable[[bytes], bool]) -> tuple[bytes, bytes] | None:
    """Set the Shared field to `value` only if the file, read under an exclusive lock, is
    still `due`; None when it is not (another run marked or shared it, or a person edited
    it). Every `pmlint share` takes the same lock, so two runs on one checkout cannot both
    find a document unmarked and both post it."""
    with _locked(path):
        before = path.read_bytes()
        if not due(before):
            return None
        after = with_shared(before, value, names)
        write_atomic(path, after, expected=before)
        return before, after


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive advisory lock on the file (flock; where there is none, `write_atomic`'s
    `expected` check alone). Whoever waited reads the file again by its path once it holds
    the lock, so the inode that a write replaced does not matter."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    with path.open("rb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def restore(path: Path, expected: bytes, original: bytes) -> bool:
    """Put `original` back if the file still holds `expected` (what this run wrote); False
    when someone changed it since, so that their edit is not lost."""
    try:
        if path.read_bytes() != expected:
            return False
    except OSError:
        return False
    write_atomic(path, original)
    return True
