"""YAML (`---`) and TOML (`+++`) front matter as header fields: the simple forms post-mortem
archives use.

Read by hand rather than with a YAML library: only `key: value`, `key: [a, b]` and a key
followed by `  - item` lines are fields; anything else (nested maps, anchors, block scalars)
is skipped, never executed or guessed at. Values keep their line and column, so a finding
about `date:` points into the front matter.
"""

from __future__ import annotations

import re
from typing import NamedTuple

KEY = re.compile(r"^([A-Za-z_][\w .-]{0,40}?)[ \t]*:(?:[ \t]+|$)")
ITEM = re.compile(r"^[ \t]+-[ \t]+")
QUOTES = "\"'"


class RawField(NamedTuple):
    name: str
    value: str  # list values joined with ", "
    line: int  # 1-based
    column: int  # 1-based, where the value starts


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in QUOTES:
        return value[1:-1]
    if " #" in value:  # a YAML comment after a plain value
        value = value[: value.index(" #")].rstrip()
    return value


def _flow_list(value: str) -> str | None:
    """`[a, "b"]` as `a, b`; None when the value is not a one-line list."""
    if not (value.startswith("[") and value.endswith("]")):
        return None
    return ", ".join(part for part in (_unquote(p) for p in value[1:-1].split(",")) if part)


def read_front_matter(lines: list[str], first: int) -> list[RawField]:
    """Fields of the front matter whose lines are `lines`, the first being line `first`."""
    fields: list[RawField] = []
    index = 0
    while index < len(lines):
        raw = lines[index]
        match = KEY.match(raw)
        index += 1
        if match is None:
            continue
        value = raw[match.end():].rstrip()
        column = match.end() + 1
        if value:
            listed = _flow_list(value)
            fields.append(RawField(match.group(1), listed if listed is not None else _unquote(value),
                                   first + index - 1, column))
            continue
        items: list[str] = []
        start = index
        while index < len(lines) and (item := ITEM.match(lines[index])):
            items.append(_unquote(lines[index][item.end():]))
            index += 1
        if items:
            item_column = ITEM.match(lines[start])
            fields.append(RawField(match.group(1), ", ".join(i for i in items if i), first + start,
                                   item_column.end() + 1 if item_column else 1))
        else:
            fields.append(RawField(match.group(1), "", first + index - 1, column))
    return fields


TOML_LINE = re.compile(r"^([A-Za-z_][\w-]{0,40})[ \t]*=[ \t]*(\S.*)$")
TOML_TABLE = re.compile(r"^[ \t]*\[")


def _toml_value(value: str) -> str | None:
    """One TOML value as field text: strings, dates, numbers and arrays of them."""
    import tomllib  # lazy: only documents with TOML front matter need it

    try:
        parsed = tomllib.loads(f"v = {value}")["v"]
    except tomllib.TOMLDecodeError:
        return None
    if isinstance(parsed, list):
        return ", ".join(str(v) for v in parsed if not isinstance(v, (dict, list)))
    return None if isinstance(parsed, dict) else str(parsed).lower() if isinstance(parsed, bool) else str(parsed)


def read_toml_front_matter(lines: list[str], first: int) -> list[RawField]:
    """Top-level one-line keys of TOML front matter (`+++`); tables (`[params]`) end them."""
    fields: list[RawField] = []
    for index, raw in enumerate(lines):
        if TOML_TABLE.match(raw):
            break
        match = TOML_LINE.match(raw)
        if match is None:
            continue
        value = _toml_value(match.group(2).strip())
        if value is not None:
            column = match.start(2) + 1 + (1 if match.group(2)[:1] in QUOTES else 0)
            fields.append(RawField(match.group(1), value, first + index, column))
    return fields
