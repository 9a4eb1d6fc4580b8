"""The message `pmlint share` posts for one post-mortem: title, severity, date, Executive
Summary and a link, as Slack-compatible `{"text": …}` JSON.

The text is plain enough for every service that takes this shape: one bold line (`*…*`),
the summary, the link as a bare URL (Slack, Mattermost, Rocket.Chat and Teams all turn it
into a link), and the share id, which the document's `Shared` field also records, so a
person can search the channel for it. `&`, `<` and `>` are escaped as Slack asks, which
also keeps a document from writing Slack's `<!channel>`; `@here`-style broadcasts in
the summary are broken with a zero-width space so that sharing never pings a channel.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from pmlint.catalog.template import bare_title
from pmlint.parse.document import Document
from pmlint.parse.inline import drop_comments

SUMMARY_CHARACTERS = 1500
# What a link base may not hold: a blank, a control or non-ASCII character (a line break
# would end the link and start a line of its own), or what Slack reads as markup (`<!channel>`).
UNSAFE_IN_LINK = re.compile(r"[^!-~]|[<>|\"`]")
BROADCAST = re.compile(r"@(here|channel|everyone|all)\b", re.IGNORECASE)


class Message(NamedTuple):
    path: str  # the document, relative to the project root
    title: str
    severity: str
    date: str
    summary: str
    link: str
    share_id: str

    def text(self) -> str:
        facts = ", ".join(part for part in (self.severity, self.date) if part)
        head = f"*Post-mortem: {_escape(self.title)}*" + (f" ({_escape(facts)})" if facts else "")
        lines = [head]
        if self.summary:
            lines.append(_escape(self.summary))
        lines += [_escape(self.link), f"pmlint share id {self.share_id}"]
        return "\n".join(lines)

    def payload(self) -> bytes:
        return json.dumps({"text": self.text()}, ensure_ascii=False).encode("utf-8")


def _escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return BROADCAST.sub(lambda match: "@\u200b" + match.group(1), text)


def share_id(path: str) -> str:
    """A short id, stable for a document path: the same in the post and in the record."""
    return hashlib.sha256(path.encode("utf-8")).hexdigest()[:10]


def summary_of(doc: Document, aliases: dict[str, list[str]]) -> str:
    """The Executive Summary as written, paragraphs on their own lines, comments dropped."""
    section = doc.section("Executive Summary", aliases)
    if section is None:
        return ""
    paragraphs: list[str] = []
    current: list[str] = []
    for raw in doc.lines[section.line : section.end]:
        line = drop_comments(raw).strip()
        if line and line != "---":
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    text = "\n".join(paragraphs)
    if len(text) > SUMMARY_CHARACTERS:
        text = text[:SUMMARY_CHARACTERS].rsplit(" ", 1)[0] + " …"
    return text


def default_branch(env: Mapping[str, str]) -> str:
    """The repository's default branch from the Actions event payload, else `HEAD`, which
    GitHub resolves to the default branch in a `blob/` link."""
    event = env.get("GITHUB_EVENT_PATH")
    if event:
        try:
            data = json.loads(Path(event).read_text(encoding="utf-8"))
            branch = data.get("repository", {}).get("default_branch")
        except (OSError, ValueError, AttributeError):
            branch = None
        if isinstance(branch, str) and branch.strip():
            return branch.strip()
    return "HEAD"


class BadLinkBase(ValueError):
    """The link base is no URL a message can carry as a link."""


def one_line(text: str) -> str:
    """`text` with every run of blanks and line breaks made one space."""
    return " ".join(text.split())


def link_base(configured: str | None, env: Mapping[str, str], repository: str | None) -> str | None:
    """Where document links start: `share.link-base`, else the GitHub repository's default
    branch (GITHUB_SERVER_URL, the repository: GITHUB_REPOSITORY, else the origin remote);
    None when neither is known. BadLinkBase
    for a base that is no http(s) URL or holds what would end the link or become markup."""
    if configured:
        base = configured.strip().rstrip("/")
        if not base.lower().startswith(("https://", "http://")) or UNSAFE_IN_LINK.search(base):
            raise BadLinkBase("[tool.pmlint.share] link-base must be an http(s) URL without blanks, line breaks, "
                              "non-ASCII characters or any of < > | \" `")
        return base
    if not repository:
        return None
    server = (env.get("GITHUB_SERVER_URL") or "https://github.com").rstrip("/")
    branch = urllib.parse.quote(default_branch(env), safe="")
    return f"{server}/{repository}/blob/{branch}"


def link(base: str, path: str) -> str:
    return f"{base}/{urllib.parse.quote(path, safe='/')}"


def build_message(doc: Document, linked_path: str, base: str, aliases: dict[str, list[str]]) -> Message:
    """The message for `doc`; `linked_path` is its path below `base`."""
    title = bare_title(doc.title.text) if doc.title is not None else doc.path
    severity, date = doc.field("Severity"), doc.field("Date")
    return Message(
        path=doc.path,
        title=title,
        severity=severity.value if severity else "",
        date=date.value if date else "",
        summary=summary_of(doc, aliases),
        link=link(base, linked_path),
        share_id=share_id(doc.path),
    )
