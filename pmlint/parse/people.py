"""The people a post-mortem names: by handle, by the name behind a handle, by plain name.

`@priya` is Priya and `@kenji-t` is Kenji: the first part of a login, when it reads as a
name. Plain names come from the values that list people (Authors, Owners, Created By, front
matter authors, an action table's Owner column, the Acknowledgement) and from a byline in
the header ("by Maria Lopez and Kenji"). The blame and review rules use all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from pmlint.parse.document import Document
from pmlint.parse.inline import HANDLE, handles

PARENTHETICAL = re.compile(r"\([^()\n]*\)")
NAME_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
NAME_SPLIT = re.compile(r"[,;/&+]|\band\b|\bor\b")
LOGIN_PART = re.compile(r"[-_.]")
# "by Maria Lopez and Kenji", "Written by @maria": a byline's names follow the last " by ".
BYLINE = re.compile(r"(?:^|[\s*_(])by[ \t]+(\S.{0,200})$", re.IGNORECASE)
LOGIN = re.compile(r"[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}")
SHORTEST_NAME = 3  # "@al" is no name to look for in prose; "@bob" is Bob


class People(NamedTuple):
    handles: frozenset[str]  # logins, case folded
    names: frozenset[str]  # name words as written ("Priya", "Lopez"), from handles and plain names


def handle_name(login: str) -> str | None:
    """The first name a login stands for: `priya` => Priya, `kenji-t` => Kenji; None for a
    team (`org/team`) or a login whose first part is no word (`j2`, `al`)."""
    if "/" in login:
        return None
    first = LOGIN_PART.split(login, maxsplit=1)[0]
    if len(first) < SHORTEST_NAME or not first.isalpha():
        return None
    return first[:1].upper() + first[1:].lower()


def _name_chunks(value: str) -> Iterator[str]:
    """Plain-name candidates in a people value: `Maria Lopez (@maria), Kenji and Lee`."""
    value = PARENTHETICAL.sub(" ", value)
    value = HANDLE.sub(" ", value)
    for chunk in NAME_SPLIT.split(value):
        yield chunk.strip(" \t*_~`.:")


def listed_names(value: str, not_names: frozenset[str]) -> list[str]:
    """The plain names a people value lists: one to four capitalised words each."""
    found = []
    for chunk in _name_chunks(value):
        words = chunk.split()
        if not 1 <= len(words) <= 4 or not words[0][:1].isupper():
            continue
        if all(NAME_WORD.fullmatch(w) and w.casefold() not in not_names for w in words):
            found.append(" ".join(words))
    return found


def plain_names(value: str, not_names: frozenset[str]) -> set[str]:
    """The name words of the people a value lists (first and last names each count)."""
    return {w for name in listed_names(value, not_names) for w in name.split() if len(w) > 1}


def bylines(doc: Document) -> list[str]:
    """What follows "by" on the header's lines (between the H1 and the first H2)."""
    end = doc.sections[0].line if doc.sections else len(doc.lines) + 1
    found = []
    for prose in doc.prose:
        if prose.line >= end:
            break
        match = BYLINE.search(prose.text)
        if match:
            found.append(match.group(1))
    return found


def document_people(doc: Document, values: Iterable[str], not_names: frozenset[str]) -> People:
    """Everyone the document names: every handle in its prose and the names behind them, and
    the plain names in `values` (the people fields, owners, reviewers) and its bylines."""
    logins: set[str] = set()
    names: set[str] = set()
    for prose in doc.prose:
        if "@" in prose.text:
            for match in HANDLE.finditer(prose.text):
                login = match.group(0)[1:]
                logins.add(login.casefold())
                name = handle_name(login)
                if name is not None and name.casefold() not in not_names:
                    names.add(name)
    for value in [*values, *bylines(doc)]:
        names |= plain_names(value, not_names)
        # A bare login in a people value (front matter `authors: [priya]`) is a handle too.
        for chunk in _name_chunks(value):
            if chunk.islower() and LOGIN.fullmatch(chunk) and (name := handle_name(chunk)) is not None:
                logins.add(chunk.casefold())
                names.add(name)
        for match in HANDLE.finditer(value):  # front matter (`authors: [priya]`) is no prose
            logins.add(match.group(0)[1:].casefold())
    return People(frozenset(logins), frozenset(names))


# `Jane Doe <jane@example.com>`, `jane@example.com`, Google's `serathius@`.
ADDRESS = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[\w-]+\.[\w.-]+)?(?![\w@])")  # starts only at a run's start: linear


def names_people(value: str) -> bool:
    """`value` names at least one person: a handle, a plain name, an e-mail address or an
    `ldap@` login (the forms teams write authors in)."""
    return bool(handles(value) or ADDRESS.search(value) or listed_names(value, frozenset()))
