"""Slack workspace exports: `<channel>/<YYYY-MM-DD>.json`, an array of messages with
`ts` (epoch seconds as a string), `user` (an ID, named through the export's `users.json`)
and `text` (mentions shown by name, without `@`: a handle in the Timeline is someone the
Acknowledgement must name). The channel is the folder's name; `ts` and the channel identify a message.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pmlint.evidence.events import Event, Source, Tally
from pmlint.evidence.linefmt import table_message
from pmlint.evidence.times import Clock, from_epoch

DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.json")
METADATA = {"users.json", "channels.json", "groups.json", "dms.json", "mpims.json", "integration_logs.json",
            "canvases.json", "org_users.json", "content_flags.json"}
# Membership notices say nothing about the incident.
NOTICES = {"channel_join", "channel_leave", "group_join", "group_leave"}
MENTION = re.compile(r"<@([A-Z0-9]{2,32})(?:\|[^<>]{0,200})?>")
# Slack's own markup: `<url|label>` reads as its label, `<url>` as the url, `<!here>` as @here.
LINK = re.compile(
    r"<([^<>|@!][^<>|]{0,2000})\|([^<>]{1,500})>|<([^<>|@!][^<>]{0,2000})>|<!([a-z]{1,20})(?:\|[^<>]{0,200})?>"
)


def looks_like(data: Any) -> bool:
    return (isinstance(data, list) and bool(data) and isinstance(data[0], dict)
            and "ts" in data[0] and ("type" in data[0] or "user" in data[0]))


def is_metadata(path: Path) -> bool:
    """The export's own index files: read for names, not as evidence."""
    return path.name in METADATA


# users.json of a large workspace is a few MB; past this the IDs are shown instead of names.
LARGEST_USERS = 32 << 20


@functools.lru_cache(maxsize=16)  # every day file of a channel asks for the same names
def _names(folder: Path) -> dict[str, str]:
    """User ID -> display name, from the users.json next to the channel folders."""
    names: dict[str, str] = {}
    for candidate in (folder.parent / "users.json", folder.parent / "org_users.json"):
        try:
            if candidate.stat().st_size > LARGEST_USERS:
                continue  # names are a nicety: a huge or endless file is not read for them
            with candidate.open("rb") as handle:
                users = json.loads(handle.read(LARGEST_USERS))
        except (OSError, ValueError, RecursionError):
            continue
        for user in users if isinstance(users, list) else []:
            if isinstance(user, dict) and user.get("id"):
                given = user.get("profile")
                profile = given if isinstance(given, dict) else {}
                names[user["id"]] = (
                    profile.get("display_name") or user.get("real_name") or user.get("name") or user["id"]
                )
    return names


def _body(message: dict[str, Any]) -> str:
    """What the message says: its text, else (a bot post) its first attachment's."""
    text = message.get("text")
    if isinstance(text, str) and text.strip():
        return text
    for attachment in message.get("attachments") or []:
        if isinstance(attachment, dict):
            for key in ("text", "fallback", "title", "pretext"):
                if isinstance(attachment.get(key), str) and attachment[key].strip():
                    return str(attachment[key])
    return ""


def readable(text: str, names: dict[str, str]) -> str:
    """A message as Slack shows it: mentions by name, links by label, entities unescaped."""
    text = MENTION.sub(lambda m: names.get(m.group(1), m.group(1)), text)
    text = LINK.sub(lambda m: m.group(2) or m.group(3) or f"@{m.group(4)}", text)
    return html.unescape(text) if "&" in text else text


def read(source: Source, clock: Clock, tally: Tally) -> Iterator[Event]:
    folder = source.path.parent
    channel = folder.name
    names = _names(folder)
    for message in source.data if isinstance(source.data, list) else []:
        if not isinstance(message, dict):
            continue
        tally.read += 1
        if message.get("subtype") in NOTICES:
            continue
        moment = from_epoch(message.get("ts"))
        if moment is None:
            tally.no_time += 1
            continue
        user = message.get("user")
        who = names.get(user, "") if isinstance(user, str) else ""
        given = message.get("bot_profile")
        profile: dict[str, Any] = given if isinstance(given, dict) else {}
        who = who or message.get("user_name") or message.get("username") or profile.get("name") \
            or (user if isinstance(user, str) else "") or ("bot" if message.get("bot_id") else "")
        text = readable(_body(message), names)
        yield Event(moment, "slack", table_message(f"#{channel} {who}: {text}".replace(" : ", ": ")),
                    f"{source.shown} ts {message.get('ts')}", ("slack", channel, str(message.get("ts"))))
