"""The hidden markers pmlint writes into issue bodies and comments.

An issue belongs to an action item when its body holds `<!-- pmlint:action id=ID -->`
(ID from `pmlint.items.model.item_id`) and it carries the managed label. The marker is found
again by `parse_marker`, which reads the last one, so an action text that quotes a marker
cannot take over another item's issue.
"""

from __future__ import annotations

import re

_ACTION = re.compile(r"<!--\s*pmlint:action\s+id=([0-9a-f]{8,64})\s*-->")
_CLOSED = re.compile(r"<!--\s*pmlint:closed\s+id=([0-9a-f]{8,64})\s*-->")


def marker(item_id: str) -> str:
    """The body marker of the action item `item_id`."""
    return f"<!-- pmlint:action id={item_id} -->"


def parse_marker(body: str | None) -> str | None:
    """The item id of the last action marker in an issue body, or None."""
    found = _ACTION.findall(body or "")
    return found[-1] if found else None


# The body marker of the review dashboard (`pmlint report --dashboard-issue`): it carries
# the managed label too, so that the one listing finds it, but it is no action's issue.
REPORT_MARKER = "<!-- pmlint:report -->"


def is_dashboard(body: str | None) -> bool:
    """True for the review dashboard's body: its marker and no action marker."""
    return REPORT_MARKER in (body or "") and parse_marker(body) is None


def closed_marker(item_id: str) -> str:
    """The marker of the comment pmlint writes when it closes an item's issue."""
    return f"<!-- pmlint:closed id={item_id} -->"


def has_closed_marker(body: str | None, item_id: str) -> bool:
    return item_id in _CLOSED.findall(body or "")


# U+200B (zero-width space) after `#` or `<`: the text reads the same, but `#123` is no
# cross-reference and `<script` no tag. Titles are plain text on GitHub (an entity would
# show as typed), so they get the character itself.
ZERO_WIDTH = "\u200b"
_REFERENCE_OR_TAG = re.compile(r"(?<=#)(?=\d)|(?<=<)(?=[A-Za-z/!?])")


def neutralise_title(text: str) -> str:
    """Plain text made safe for an issue title: no issue reference, no HTML tag."""
    return _REFERENCE_OR_TAG.sub(ZERO_WIDTH, text)


def neutralise(text: str) -> str:
    """User text made safe to place in a body: no HTML comment can open or close in it."""
    return text.replace("<!--", "&lt;!--").replace("-->", "--&gt;")
