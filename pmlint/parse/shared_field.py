"""What a `Shared` header field must hold to say where a post-mortem was shared (PM403), and
the marks `pmlint share` writes into it.

A value counts when it names at least one place or moment: a link (`https://…`), a chat
channel (`#eng-all`), a mailing list (`eng-all@example.com`) or a date-stamped note
(`2026-11-25 weekly ops review`). Bracketed template prompts (`[#channel or link]`) do not
count. A value that `pmlint share` marked as pending (`pending: pmlint share …`) does not
count either: a post was started and its outcome is unknown until someone looks at the
channel. A person's own `Pending review` is no such mark: it is read like any other value.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pmlint.parse.document import Document, Field

PENDING_MARK = "pending: pmlint share"  # how every mark `pmlint share` writes begins
# A template prompt such as `[#channel, list or link]`: brackets not followed by a link target.
PROMPT = re.compile(r"\[[^\[\]]*\](?!\()")
LINK = re.compile(r"\bhttps?://[^\s<>()]+", re.IGNORECASE)
# `#eng-all`: not preceded by a word character or `&` (an HTML entity) or `/` (a URL
# fragment); a name made of word characters, dots and dashes that holds a letter.
CHANNEL = re.compile(r"(?<![\w&/])#[\w.-]+")
# The local part starts where no local-part character precedes it: one start per run, so the
# search stays linear on long runs of word characters without an `@`.
MAILING_LIST = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")


class SharedRecord(NamedTuple):
    """What a Shared value was read as."""

    kind: str  # "link", "channel", "mailing list", "dated note", "pending" or "" (nothing usable)
    text: str  # the part that qualified (for messages)


def read_shared(value: str) -> SharedRecord:
    """What the value of a Shared field records (see the module docstring)."""
    text = value.strip()
    if text.casefold().startswith(PENDING_MARK):
        return SharedRecord("pending", text)
    text = PROMPT.sub(" ", text)
    link = LINK.search(text)
    if link:
        return SharedRecord("link", link.group())
    for channel in CHANNEL.finditer(text):
        if any(char.isalpha() for char in channel.group()):  # `#123` is an issue, not a channel
            return SharedRecord("channel", channel.group())
    address = MAILING_LIST.search(text)
    if address:
        return SharedRecord("mailing list", address.group())
    date = ISO_DATE.search(text)
    if date and any(char.isalpha() for char in text):
        return SharedRecord("dated note", text)
    return SharedRecord("", text)


def is_shared(value: str) -> bool:
    return read_shared(value).kind not in ("", "pending")


def find_shared(doc: Document, names: list[str]) -> Field | None:
    """The document's Shared field under its name or the first of its aliases it uses."""
    for name in names:
        found = doc.field(name)
        if found is not None:
            return found
    return None
