"""`pmlint share`: post each Final post-mortem that is not yet shared, then record it.

Never posted twice: the record is written ahead. Before a post, the document's Shared
field gets a pending mark (`pending: pmlint share started a post on D (id X)`); after the
webhook accepts the post, the mark becomes the record (`#eng-all (posted by pmlint share
on D, id X)`). A rerun skips a document whose field holds either, so:
- a crash or a kill between the mark and the record leaves the mark: the next run posts
  nothing for it and reports it, and PM403 keeps flagging it until a person checks the
  channel for the id and writes where it was shared (or deletes the line to post again);
- an answer lost after the request went out (the post probably went through) is recorded
  as shared, "delivery unconfirmed", and never resent;
- a post the webhook refused (4xx, 5xx after the retries, a rate limit over the cap) gets
  its file back byte for byte, and the next run tries again.
Only documents `pmlint check` finds no error in are posted (pmlint/share/gate.py); `--force`
posts the others too, except one holding a secret (PM701), which is never posted. The mark
is written under a lock on the file and only if the file is still due (`mark_if`), so two
runs on one checkout never both post a document.
What remains: a webhook that answers 5xx after posting would get the message a second time
on the next run; and the record lives in the working tree, so in CI the job must commit and
push it (examples/workflows/sync.yml does), or the next run posts again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from pmlint.catalog.option_types import PM403Options
from pmlint.config.load import LoadedConfig, RuleOptionTable, git_toplevel
from pmlint.config.schema import Config
from pmlint.engine.findings import Finding
from pmlint.errors import ConfigError
from pmlint.parse.document import Document, parse_document
from pmlint.parse.shared_field import PENDING_MARK, find_shared, read_shared
from pmlint.read.files import Unreadable, read_text, relative_posix
from pmlint.share.gate import Verdict, judge
from pmlint.share.message import BadLinkBase, Message, build_message, link_base, one_line, share_id
from pmlint.share.record import RecordError, mark_if, restore, write_shared
from pmlint.share.webhook import Webhook


class ShareError(ConfigError):
    """Nothing can be posted (no link base): one line, exit 2."""


class Outcome(NamedTuple):
    path: str  # relative to the current directory
    # posted, unconfirmed, would-post, failed, stopped, left, pending, not-recorded, unreadable, blocked
    state: str
    detail: str
    message: Message | None = None
    blockers: tuple[Finding, ...] = ()  # the findings that kept it from being posted (or that --force overrode)


@dataclass
class ShareReport:
    outcomes: list[Outcome] = field(default_factory=list)
    already_shared: int = 0
    drafts: int = 0

    def count(self, *states: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.state in states)


def final_statuses(options: RuleOptionTable) -> set[str]:
    """The statuses that mean Final, as PM403 reads them (with the project's options)."""
    return {name.casefold() for name in options.of(PM403Options).final_statuses}


def field_names(config: Config) -> list[str]:
    return [config.share.field_name, *config.share.field_aliases]


def pending_mark(day: dt.date, sid: str) -> str:
    return f"{PENDING_MARK} started a post on {day} (id {sid})"


def record_value(config: Config, day: dt.date, sid: str, confirmed: bool) -> str:
    # The configured channel is text, never markup: one line (a line break would start a
    # heading), `<`, `>` and `&` escaped (no comment, tag or `<!channel>`).
    where = _markdown_text(one_line(config.share.channel or "")) or "the team channel"
    note = "" if confirmed else "; delivery unconfirmed: the webhook gave no answer"
    return f"{where} (posted by pmlint share on {day}, id {sid}{note})"


@dataclass
class Sharer:
    config: Config
    options: RuleOptionTable  # the rules' options, as loaded (PM403's final statuses)
    root: Path  # resolved
    cwd: Path
    today: dt.date
    webhook: Webhook | None  # None: dry run
    env: Mapping[str, str]
    force: bool = False  # post documents with errors too (never one with a secret)
    report: ShareReport = field(default_factory=ShareReport)

    def __post_init__(self) -> None:
        from pmlint.project.repository import find_repo

        repository = None if self.config.share.link_base else find_repo(None, self.env, self.root)
        try:
            base = link_base(self.config.share.link_base, self.env, repository)
        except BadLinkBase as exc:
            raise ShareError(str(exc)) from None
        if base is None:
            raise ShareError("no link for the posts: set [tool.pmlint.share] link-base, or GITHUB_REPOSITORY "
                             "(or an origin remote on GitHub)")
        self.base = base
        # A GitHub link is relative to the repository; a configured base to the project root.
        self.link_root = self.root if self.config.share.link_base else (git_toplevel(self.root) or self.root)
        self.names = field_names(self.config)
        self.finals = final_statuses(self.options)
        self.stopped = False

    def run(self, paths: list[Path]) -> ShareReport:
        due: list[tuple[Path, str, Path, Document]] = []
        for given in paths:
            shown = relative_posix(given, self.cwd)
            path = given.resolve()  # write the file itself, never replace a symlink by a copy
            if not path.is_relative_to(self.root):
                self._add(shown, "unreadable", "leads outside the project root; not read")
                continue
            doc = self._read(path, shown)
            if doc is not None:
                due.append((given, shown, path, doc))
        verdicts = judge([given for given, *_ in due], self.config, self.options, self.root, self.cwd, self.today)
        posts = 0
        for _given, shown, path, doc in due:
            message = build_message(doc, relative_posix(path, self.link_root), self.base,
                                    self.config.template.section_aliases)
            verdict = verdicts.get(shown)
            if verdict is not None and (verdict.secret or not self.force):
                self._add(shown, "blocked", _blocked(verdict, shown), message, tuple(verdict.findings))
                continue
            if self.stopped or posts >= self.config.share.max_posts:
                limit = self.config.share.max_posts
                why = "stopped by the rate limit or the deadline" if self.stopped else f"max-posts ({limit}) reached"
                self._add(shown, "left", f"{why}; the next run posts it", message)
                continue
            posts += 1
            forced = f"posted with --force despite {verdict.describe()}" if verdict is not None else ""
            blockers = tuple(verdict.findings) if verdict is not None else ()
            if self.webhook is None:
                self._add(shown, "would-post", forced, message, blockers)
            else:
                self._post(path, shown, message, self.webhook, forced)
        return self.report

    def _add(self, shown: str, state: str, detail: str, message: Message | None = None,
             blockers: tuple[Finding, ...] = ()) -> None:
        self.report.outcomes.append(Outcome(shown, state, detail, message, blockers))

    def _read(self, path: Path, shown: str) -> Document | None:
        """The document if it is Final and not yet shared; the rest is counted or reported."""
        text = read_text(path, self.config.max_file_size)
        if isinstance(text, Unreadable):
            self._add(shown, "unreadable", text.message)
            return None
        doc = parse_document(text, relative_posix(path, self.root))
        state = self._state(doc)
        if state == "draft":
            self.report.drafts += 1
        elif state == "pending":
            self._add(shown, "pending", f"an earlier run started a post (id {share_id(doc.path)}) and did not finish; "
                      "look for the id in the channel, then write where it was shared, "
                      "or delete the field to post again")
        elif state == "shared":
            self.report.already_shared += 1
        return doc if state == "due" else None

    def _state(self, doc: Document) -> str:
        """draft, pending (a mark of an unfinished run), shared, or due (to be posted)."""
        status = doc.field("Status")
        if status is None or status.value.casefold() not in self.finals:
            return "draft"
        shared = find_shared(doc, self.names)
        kind = read_shared(shared.value).kind if shared is not None else ""
        return "pending" if kind == "pending" else "shared" if kind else "due"

    def _still_due(self, data: bytes) -> bool:
        """The file, as read again under the lock, still asks for a post."""
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
        return self._state(parse_document(text, "")) == "due"

    def _post(self, path: Path, shown: str, message: Message, webhook: Webhook, forced: str) -> None:
        try:
            marked_up = mark_if(path, pending_mark(self.today, message.share_id), self.names, self._still_due)
        except (RecordError, OSError) as exc:
            self._add(shown, "failed", f"not posted: cannot write the Shared field: {_reason(exc)}", message)
            return
        if marked_up is None:
            self._add(shown, "left", "not posted: the file changed since this run read it (another run marked "
                      "or shared it, or it was edited); the next run decides", message)
            return
        original, marked = marked_up
        result = webhook.post(message.payload())
        if webhook.out_of_time():
            self.stopped = True
        if result.result in ("delivered", "unconfirmed"):
            confirmed = result.result == "delivered"
            try:
                write_shared(path, record_value(self.config, self.today, message.share_id, confirmed), self.names)
            except (RecordError, OSError) as exc:
                self._add(shown, "not-recorded", f"posted, but the record could not be written ({_reason(exc)}); "
                          "the pending mark stays, so it is not posted again", message)
                return
            unconfirmed = "; recorded as shared so it is not posted twice: check the channel"
            detail = "; ".join(part for part in (forced, "" if confirmed else result.detail + unconfirmed) if part)
            self._add(shown, "posted" if confirmed else "unconfirmed", detail, message)
            return
        put_back = restore(path, marked, original)
        note = "" if put_back else "; the file changed meanwhile, so the pending mark was left in it"
        if result.result == "stopped":
            self.stopped = True
            self._add(shown, "stopped", f"not posted: {result.detail}{note}", message)
        else:
            self._add(shown, "failed", f"not posted: {result.detail}{note}", message)


def share(paths: list[str], loaded: LoadedConfig, cwd: Path, today: dt.date, url: str | None,
          env: Mapping[str, str], force: bool = False) -> ShareReport:
    """`pmlint share`: post the due documents among `paths` (default: the configured paths)
    to the webhook at `url`, or, with `url` None, say what would be posted (dry run)."""
    from pmlint.project.inputs import collect_inputs

    webhook = None
    if url is not None:
        from pmlint import __version__

        webhook = Webhook(url, user_agent=f"pmlint/{__version__}")
    root = loaded.root.resolve()
    inputs = collect_inputs(paths, loaded.config, root, cwd, force_exclude=False)
    sharer = Sharer(loaded.config, loaded.options, root, cwd, today, webhook, env, force)
    return sharer.run(inputs.documents)


def _blocked(verdict: Verdict, shown: str) -> str:
    if verdict.secret:
        return (f"not posted: it holds a secret ({verdict.describe()}); a post cannot be taken back, so not even "
                "--force posts it: revoke the secret, remove it, then run again")
    count = len(verdict.findings)
    return (f"not posted: {count} error{'s' if count != 1 else ''} ({verdict.describe()}); fix them "
            f"(pmlint check {shown}) or post anyway with --force")


def _markdown_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or type(exc).__name__
    return str(exc)
