"""Inline text helpers: prose masking, handles, and the action-text normalisation."""

from __future__ import annotations

import re

BACKTICKS = re.compile(r"`+")
# The destination of an inline link or image: "](url)", "](url "title")", one level of
# balanced parentheses in the URL (Wikipedia links). Possessive, and "(" ends the URL: the
# pattern fails fast, so a line full of "](" stays linear.
# No pattern here may match a line break: masking keeps every line where it was.
LINK_DESTINATION = re.compile(
    r"\]\([ \t]*+<?(?:[^()\s]|\([^()\s]*\))*+>?(?:[ \t]++(?:\"[^\"\n]*+\"|'[^'\n]*+'))?[ \t]*+\)"
)
# `[^\r\n]`: a CRLF file keeps its CR, so its lines split the same way after masking.
REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S[^\r\n]*", re.MULTILINE)
NOT_LINE_BREAK = re.compile(r"[^\r\n]")
BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>")
BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>()]+|\bwww\.[^\s<>()]+")
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:[ \t][^<>\n]*)?/?>")

# GitHub logins: alphanumerics and single inner hyphens, at most 39 characters; teams are
# @org/slug. The look-behind keeps e-mail addresses (a@b.com) out.
HANDLE = re.compile(
    r"(?<![\w@/.`])@([A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38})(?:/([A-Za-z0-9][A-Za-z0-9_.-]*))?(?![\w-])"
)

EMPHASIS_AND_CODE = re.compile(r"[*_`~]+")
WHITESPACE = re.compile(r"\s+")


def code_spans(text: str) -> list[tuple[int, int]]:
    """Where the code spans of `text` start and end: a run of backticks closed by the next
    run of the same length on the same line (CommonMark); an unclosed run is literal text.

    Linear: every run is looked at once, and each knows the next run of its length, so a
    line of runs of different lengths costs no rescan (a backtracking regex is quadratic).
    """
    spans: list[tuple[int, int]] = []
    runs = [(m.start(), m.end()) for m in BACKTICKS.finditer(text)]
    following: list[int] = [-1] * len(runs)  # index of the next run of the same length on the same line
    last_seen: dict[tuple[int, int], int] = {}
    lines = 0
    line_of = []
    position = 0
    for start, _end in runs:
        lines += text.count("\n", position, start)
        position = start
        line_of.append(lines)
    for index in range(len(runs) - 1, -1, -1):
        start, end = runs[index]
        key = (line_of[index], end - start)
        following[index] = last_seen.get(key, -1)
        last_seen[key] = index
    index = 0
    while index < len(runs):
        close = following[index]
        if close == -1:
            index += 1
            continue
        spans.append((runs[index][0], runs[close][1]))
        index = close + 1
    return spans


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return text
    out, position = [], 0
    for start, end in spans:
        out += [text[position:start], " " * (end - start)]
        position = end
    out.append(text[position:])
    return "".join(out)


def _blank(match: re.Match[str]) -> str:
    return " " * (match.end() - match.start())


def _blank_destination(match: re.Match[str]) -> str:
    # Keep the "]" so the link text stays readable prose; blank the URL part.
    return "]" + " " * (match.end() - match.start() - 1)


def _mask_comments(text: str) -> str:
    """Blank `<!-- ... -->`, also across lines within one paragraph, keeping line breaks.

    Linear: the position of the next `-->` and of the next blank line are found once and
    reused for every `<!--` before them, and an unclosed `<!--` ends the search.
    """
    out: list[str] = []
    position = emitted = 0
    # Cached: the first "-->", line break and blank line at or after some earlier start.
    close = newline = blank = -2
    while True:
        start = text.find("<!--", position)
        if start < 0:
            break
        if close < start + 4:
            close = text.find("-->", start + 4)
            if close < 0:
                break  # no comment closes after here
        if newline != -1 and newline < start:
            newline = text.find("\n", start)
        if newline != -1 and newline < close:  # spans lines: only within one paragraph
            if blank != -1 and blank < start:
                found = BLANK_LINE.search(text, start)
                blank = found.start() if found else -1
            if blank != -1 and blank < close:
                position = start + 4
                continue
        end = close + 3
        out.append(text[emitted:start])
        out.append(NOT_LINE_BREAK.sub(" ", text[start:end]))
        position = emitted = end
        close = -2
    if not out:
        return text
    out.append(text[emitted:])
    return "".join(out)


def mask_prose(text: str) -> str:
    """Blank out what is never prose (code spans, comments, URLs, tags), keeping columns.

    Works on one line or a whole document: no line break is ever blanked. Phrase rules
    search the result; a match's offset is still its column in the source.
    """
    if "]:" in text:
        text = REFERENCE_DEFINITION.sub(_blank, text)
    if "`" in text:
        text = _blank_spans(text, code_spans(text))
    if "<" in text:
        if "<!--" in text:
            text = _mask_comments(text)
        text = AUTOLINK.sub(_blank, text)
        text = HTML_TAG.sub(_blank, text)
    if "](" in text:
        text = LINK_DESTINATION.sub(_blank_destination, text)
    if "://" in text or "www." in text:
        text = BARE_URL.sub(_blank, text)
    return text


def blank_code_spans(text: str) -> str:
    """`text` with its code spans blanked (same length, line breaks kept)."""
    return _blank_spans(text, code_spans(text)) if "`" in text else text


def blank_comments(text: str) -> str:
    """`text` with each one-line HTML comment blanked (same width)."""
    return _drop_comments(text, None) if "<!--" in text else text


def drop_comments(text: str) -> str:
    """`text` without its one-line HTML comments."""
    return _drop_comments(text, "") if "<!--" in text else text


def handles(text: str) -> list[str]:
    """Every @login and @org/team in `text`, in order, as written without the @."""
    return [m.group(0)[1:] for m in HANDLE.finditer(text)]


def normalise_action(text: str) -> str:
    """The identity of an action item: emphasis and code markers removed, whitespace
    collapsed, case folded, a trailing period dropped."""
    text = EMPHASIS_AND_CODE.sub("", text)
    text = WHITESPACE.sub(" ", text).strip().casefold()
    return text[:-1].rstrip() if text.endswith(".") else text


MARKERS = "*_`~"


def plain(text: str) -> str:
    """A cell or field value without the emphasis or code markers wrapped around it."""
    return text.strip().strip(MARKERS).strip()


def unwrap(text: str) -> str:
    """`text` without the emphasis or code markers wrapped around ALL of it (`**Add an
    alert**`, `` `14:05` ``); markers that open or close only a part of it stay, so
    ``Run `make check` `` keeps its closing backtick (`plain` strips any). Text made only
    of markers and a little more falls back to `plain`."""
    text = text.strip()
    while text:
        lead = len(text) - len(text.lstrip(MARKERS))
        trail = len(text) - len(text.rstrip(MARKERS))
        n = min(lead, trail)
        if n == 0 or 2 * n >= len(text) or text[:n] != text[-n:][::-1] or text[:n] in text[n:-n]:
            return plain(text) if n and 2 * n >= len(text) else text
        text = text[n:-n].strip()
    return text


# What `plain_text` removes from prose: a backslash escape keeps its character; `*` and `~`
# runs go; a `_` run goes only at a word's edge (`pool_max_connections` keeps its
# underscores, as CommonMark does). Each alternative starts only where a run starts, so a
# long run is read once.
_MARKUP = re.compile(r"\\([!-/:-@\[-`{-~])|\*++|~++|(?<!\w)_++|(?<!_)_++(?!\w)")


def _unlink(text: str) -> str:
    """`[text](url)` and `![alt](url)` as their text. Linear: each search for the opening
    bracket stops at the end of the previous link."""
    out: list[str] = []
    position = 0
    for found in LINK_DESTINATION.finditer(text):
        opening = text.rfind("[", position, found.start())
        if opening < 0:
            continue
        start = opening - 1 if opening > position and text[opening - 1] == "!" else opening
        out += [text[position:start], text[opening + 1 : found.start()]]
        position = found.end()
    return "".join(out) + text[position:]


def _run_length(text: str, start: int) -> int:
    end = start
    while end < len(text) and text[end] == "`":
        end += 1
    return end - start


def _drop_comments(text: str, replace: str | None = " ") -> str:
    """`text` with each one-line `<!-- ... -->` made `replace` (None: blanks of its width).
    Linear: an unclosed `<!--` ends the search (a lazy regex rescans the rest of the text
    from each one)."""
    out: list[str] = []
    position, close = 0, -1
    while (start := text.find("<!--", position)) >= 0:
        if close < start + 4:  # the next "-->" is found once for every "<!--" before it
            close = text.find("-->", start + 4)
        if close < 0:
            break
        newline = text.find("\n", start + 4, close)
        if newline >= 0:  # one line only, as before: look again after this line break
            out.append(text[position:newline])
            position = newline
            continue
        out += [text[position:start], " " * (close + 3 - start) if replace is None else replace]
        position = close + 3
    return "".join(out) + text[position:]


def _plain_prose(text: str) -> str:
    if "<" in text:
        text = _drop_comments(text)
        text = AUTOLINK.sub(lambda m: m.group()[1:-1], text)
        text = HTML_TAG.sub("", text)
    if "](" in text:
        text = _unlink(text)
    return _MARKUP.sub(lambda m: m.group(1) or "", text)


def plain_text(markdown: str) -> str:
    """Inline Markdown as the text a reader sees: emphasis, code markers, link targets,
    HTML tags and comments removed, whitespace collapsed. For titles and JSON; an item's
    identity stays `normalise_action`."""
    parts: list[str] = []
    position = 0
    for start, end in code_spans(markdown) if "`" in markdown else ():
        ticks = _run_length(markdown, start)
        parts += [_plain_prose(markdown[position:start]), markdown[start + ticks : end - ticks]]
        position = end
    parts.append(_plain_prose(markdown[position:]))
    return WHITESPACE.sub(" ", "".join(parts)).strip()


MAX_WRAP = 16  # markers on one side: more is no wrapping a writer meant


def unwrap_cell(cell: str, markers: str) -> str:
    """A table cell, whitespace collapsed, without the `markers` wrapped in pairs around
    it (`**14:00**`, `` `14:00` ``, `*_x_*`), as `^([markers]+)(.*?)\1$` would peel them.

    Works on indices and looks at no more than MAX_WRAP markers a side: a cell of
    thousands of markers costs one pass (that backtracking regex was quadratic on it)."""
    text = " ".join(cell.split())
    start, end = 0, len(text)
    while size := _wrapping(text, start, end, markers):
        inner, stop = start + size, end - size
        while inner < stop and text[inner] == " ":
            inner += 1
        while stop > inner and text[stop - 1] == " ":
            stop -= 1
        if inner == stop:
            break  # markers around nothing: not a wrapped value
        start, end = inner, stop
    return text[start:end]


def _wrapping(text: str, start: int, end: int, markers: str) -> int:
    """How many markers open `text[start:end]` and close it in the same order, longest
    first; 0 if none."""
    lead = 0
    while lead < MAX_WRAP and start + lead < end and text[start + lead] in markers:
        lead += 1
    for size in range(min(lead, (end - start) // 2), 0, -1):
        if text[start : start + size] == text[end - size : end]:
            return size
    return 0

