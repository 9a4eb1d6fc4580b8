"""The configuration's schema: every setting of `[tool.pmlint]`, its type and its default.

Validated by pydantic when a file is read (`pmlint.config.load`), so a typo is one clear line
instead of a silent default."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, NamedTuple

from pmlint.config.records import AtLeast
from pmlint.read.files import is_absolute

Weekday = Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
LevelSetting = Literal["error", "warning", "info", "off"]
FailOn = Literal["error", "warning", "never"]


# The settings are NamedTuples, validated by pydantic (TypeAdapter) only when a file is read
# (pmlint.config.load, which turns the file's kebab-case keys into field names first), so
# a run whose configuration is cached never imports pydantic (docs/guides/development.md,
# "Records"). The defaults are shared
# between instances: a configuration is never changed once read. A number's lower bound is
# an `AtLeast` in its type; `check_values` raises ValueError for other values a type allows
# but pmlint cannot use.


def _inside_root(path: str, key: str) -> None:
    """Configured paths are relative to the project root and stay below it."""
    parts = path.replace("\\", "/").split("/")
    if not path.strip() or is_absolute(path) or ".." in parts:
        raise ValueError(f"{key} {path!r} must be a relative path inside the project root")


# The H1 of the default template: "Post-Mortem:", "Postmortem:", "Post-mortem:", then the title.
DEFAULT_TITLE_PATTERN = r"^post-?mortem\s*:\s*(?P<title>.*)$"


class TimelineForm(NamedTuple):
    """[tool.pmlint.template.timeline]: how the Timeline section is written."""

    zone: Literal["utc", "stated"] = "utc"
    """`utc`: times are UTC; `stated`: the section states its zone once (an IANA name or an
    abbreviation such as PST) and rows are converted to UTC."""
    form: Literal["table", "list", "either"] = "table"
    """`table`: a Time and Event table; `list`: `HH:MM`-led items; `either`."""


class Template(NamedTuple):
    """[tool.pmlint.template]: the fields and sections a post-mortem must have."""

    required_fields: list[str] = ["Date", "Severity", "Duration", "Impact", "Authors", "Status"]
    required_sections: list[str] = [
        "Executive Summary", "Timeline", "Root Cause", "Contributing Factors",
        "What Went Well", "What Went Poorly", "Action Items", "Acknowledgement",
    ]
    section_aliases: dict[str, list[str]] = {
        "What Went Poorly": ["What Went Wrong", "What Didn't Go Well", "What Went Badly"],
        "Acknowledgement": ["Acknowledgements", "Acknowledgment", "Acknowledgments", "Review", "Reviewers"],
        "Executive Summary": ["Summary"],
    }
    list_sections: list[str] = ["Contributing Factors", "What Went Well", "What Went Poorly"]
    severities: list[str] = ["SEV-1", "SEV-2", "SEV-3", "SEV-4"]
    statuses: list[str] = ["Draft", "Final"]
    priorities: list[str] = ["P1", "P2", "P3"]
    # Older names of PM108's `sentences` and PM109's `min-words` ([tool.pmlint.rules.PM108]):
    # still read when the rule's own option is not set; None leaves the rule's default.
    summary_sentences: tuple[int, int] | None = None
    root_cause_min_words: Annotated[int | None, AtLeast(0)] = None
    title_pattern: str = DEFAULT_TITLE_PATTERN
    """A regex (case-insensitive) the H1 must match, with a `title` group; `none`: any H1."""
    field_aliases: dict[str, list[str]] = {}
    """Other names a header field may be written under: `{ Authors = ["Owners"] }`."""
    timeline: TimelineForm = TimelineForm()
    """How the Timeline is written: `form` and `zone` ([tool.pmlint.template.timeline])."""
    author_handles: bool = True
    """Authors must hold @handles (PM103); `false`: plain names, `Name <e-mail>` and `ldap@` count too."""

    def check_values(self) -> None:
        if self.title_pattern.casefold() != "none":
            import re

            try:
                compiled = re.compile(self.title_pattern, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"title-pattern is not a regular expression: {exc}") from None
            if "title" not in compiled.groupindex:
                raise ValueError("title-pattern must have a (?P<title>...) group")
        if self.summary_sentences is not None:
            low, high = self.summary_sentences
            if not 0 <= low <= high:
                raise ValueError("summary-sentences must be [min, max] with 0 <= min <= max")


class Calendar(NamedTuple):
    """[tool.pmlint.calendar]: the business days that deadlines count."""

    country: str | None = None
    """Public holidays from the `holidays` package for this country code; unset: weekends only."""
    subdivision: str | None = None
    """The state or province for `country`'s regional holidays."""
    weekend: list[Weekday] = ["Sat", "Sun"]
    """Weekend days."""
    extra_holidays: list[dt.date] = []
    """More days off, as ISO dates."""


class Blameless(NamedTuple):
    """[tool.pmlint.blameless]: phrases added to and allowed by the blame rules."""

    extra_phrases: list[str] = []
    """More blaming phrases for PM501."""
    allow: list[str] = []
    """Phrases and verbs PM501 and PM502 let pass."""


class GitHub(NamedTuple):
    """[tool.pmlint.github]: how `pmlint sync` and `pmlint overdue --notify` use issues."""

    label: str = "postmortem-action"
    """The label `sync` finds and manages its issues by."""
    title_prefix: str = ""
    """Put before every issue title."""
    owners: dict[str, str] = {}
    """Document handle to GitHub login, for assignees."""
    max_writes: Annotated[int, AtLeast(0)] = 30
    """Write requests per `sync` or `overdue --notify` run."""
    close_done: bool = True
    """Close the issue when the TODO.md box is checked."""
    overdue_label: str = "overdue"
    """The label `overdue --notify` puts on the issues of overdue items."""
    remind_every: Annotated[int, AtLeast(1)] = 7
    """Calendar days between two reminders on one item."""


class Share(NamedTuple):
    """[tool.pmlint.share]: where `pmlint share` links to, what it records, and the Shared
    field that PM403 reads."""

    link_base: str | None = None
    """Where `pmlint share` links start, followed by the document's path
    (`https://github.com/acme/ops/blob/main`); unset: the GitHub repository's default branch,
    from GITHUB_SERVER_URL and GITHUB_REPOSITORY."""
    channel: str | None = None
    """Where the webhook posts (`#eng-all`), named in the record `share` writes."""
    field_name: str = "Shared"
    """The header field `share` writes and PM403 reads."""
    field_aliases: list[str] = ["Shared With", "Shared In", "Distribution"]
    """Other names PM403 and `share` accept for that field."""
    max_posts: Annotated[int, AtLeast(0)] = 10
    """Posts per `share` run; the rest wait for the next run."""

    def check_values(self) -> None:
        if self.link_base is not None and not self.link_base.startswith(("https://", "http://")):
            raise ValueError("link-base must be an http(s) URL")
        if not self.field_name.strip():
            raise ValueError("field-name must name a header field")


class Report(NamedTuple):
    """[tool.pmlint.report]: the header fields `pmlint report` reads beyond the template's."""

    services_field: str = "Services"
    """The header field naming the services or components an incident concerns (comma
    separated): an incident while an action of an earlier one on the same service was open
    is a repeat incident."""
    factors_field: str = "Factors"
    """The header field holding contributing-factor tags (`technical/deploy, process`)."""
    factors: dict[str, list[str]] = {
        "technical": ["deploy", "config", "capacity", "dependency", "monitoring"],
        "process": ["review", "testing", "runbook", "communication"],
        "human factors": ["fatigue", "handover", "knowledge"],
        "external": ["vendor", "network", "traffic"],
    }
    """The contributing-factor taxonomy: category -> sub-tags (`category/sub-tag`)."""

    def check_values(self) -> None:
        for key, value in (("services-field", self.services_field), ("factors-field", self.factors_field)):
            if not value.strip():
                raise ValueError(f"{key} must name a header field")
        if not self.factors:
            raise ValueError("factors must hold at least one category")


class Config(NamedTuple):
    """The whole [tool.pmlint] table, validated."""

    paths: list[str] = ["docs/incidents/*.md"]
    """Globs of post-mortem documents, relative to the project root (`*` stays in one folder, `**/` spans folders)."""
    todo: str = "TODO.md"
    """The TODO file that tracks action items, relative to the root."""
    select: list[str] = ["ALL"]
    """Rules to run: codes, names or prefixes; `ALL` is every rule but the opt-in PM308."""
    ignore: list[str] = []
    """Rules not to run."""
    fail_on: FailOn = "error"
    """The lowest level that makes the exit code 1."""
    max_file_size: Annotated[int, AtLeast(1)] = 5_000_000
    """Larger files are reported as PM001 and not read (bytes)."""
    levels: dict[str, LevelSetting] = {}
    """A level per rule: `{ PM305 = "error", PM206 = "off" }`."""
    per_file_ignores: dict[str, list[str]] = {}
    """Rules not to run on the files a glob matches: `{ "docs/incidents/2019-*.md" = ["PM1", "PM2"] }`."""
    template: Template = Template()
    deadlines: dict[str, int] = {"SEV-1": 2, "SEV-2": 5}
    """Business days from the incident to the post-mortem meeting, per severity (PM401); unlisted
    severities are not checked."""
    action_horizon: dict[str, int] = {"P1": 10, "P2": 30, "P3": 90}
    """Business days from the meeting (else Date) to an action's Due, per priority (PM306)."""
    calendar: Calendar = Calendar()
    blameless: Blameless = Blameless()
    github: GitHub = GitHub()
    # [tool.pmlint.rules.CODE] (or the rule's name): options of one rule, checked against the
    # rule's typed options when the configuration is read (pmlint.catalog.options).
    rules: dict[str, dict[str, Any]] = {}
    baseline: str | None = None
    """The baseline file (`pmlint check --write-baseline` writes it): findings it records per
    file and rule are not reported again."""
    share: Share = Share()
    runbooks: list[str] = ["docs/runbooks/**/*.md", "runbooks/**/*.md"]
    """Globs of runbook files, relative to the root (PM405)."""
    report: Report = Report()

    def check_values(self) -> None:
        if not self.paths:
            raise ValueError("paths must hold at least one glob")
        extra = [("baseline", self.baseline)] if self.baseline is not None else []
        globs = [("paths", p) for p in self.paths] + [("runbooks", p) for p in self.runbooks]
        for key, value in globs + [("todo", self.todo)] + extra:
            _inside_root(value, key)
