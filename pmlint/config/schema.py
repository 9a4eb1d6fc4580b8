"""Configuration: discovery (`[tool.pmlint]` in pyproject.toml, or `.pmlint.toml`) and
validation with pydantic, so a typo is one clear line instead of a silent default."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pmlint.errors import ConfigError
from pmlint.read.files import is_absolute

Weekday = Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
LevelSetting = Literal["error", "warning", "info", "off"]
FailOn = Literal["error", "warning", "never"]


def _kebab(name: str) -> str:
    return name.replace("_", "-")


# The settings are plain dataclasses, validated by pydantic (TypeAdapter) only when a file
# is read: building pydantic models costs ~100 ms at import, which a pre-commit run on one
# file without configuration should not pay. pydantic reads this dict as its ConfigDict.
PYDANTIC_CONFIG = {"extra": "forbid", "alias_generator": _kebab, "populate_by_name": True}


def _at_least(value: int, minimum: int, key: str) -> None:
    if value < minimum:
        raise ValueError(f"{key} must be at least {minimum}")


def _inside_root(path: str, key: str) -> None:
    """Configured paths are relative to the project root and stay below it."""
    parts = path.replace("\\", "/").split("/")
    if not path.strip() or is_absolute(path) or ".." in parts:
        raise ValueError(f"{key} {path!r} must be a relative path inside the project root")


@dataclass(frozen=True)
class Template:
    """[tool.pmlint.template]: the fields and sections a post-mortem must have."""

    __pydantic_config__ = PYDANTIC_CONFIG
    required_fields: list[str] = field(
        default_factory=lambda: ["Date", "Severity", "Duration", "Impact", "Authors", "Status"]
    )
    required_sections: list[str] = field(
        default_factory=lambda: [
            "Executive Summary", "Timeline", "Root Cause", "Contributing Factors",
            "What Went Well", "What Went Poorly", "Action Items", "Acknowledgement",
        ]
    )
    section_aliases: dict[str, list[str]] = field(
        default_factory=lambda: {
            "What Went Poorly": ["What Went Wrong", "What Didn't Go Well", "What Went Badly"],
            "Acknowledgement": ["Acknowledgements", "Acknowledgment", "Acknowledgments", "Review", "Reviewers"],
            "Executive Summary": ["Summary"],
        }
    )
    list_sections: list[str] = field(default_factory=lambda: ["Contributing Factors", "What Went Well", "What Went Poorly"])
    severities: list[str] = field(default_factory=lambda: ["SEV-1", "SEV-2", "SEV-3", "SEV-4"])
    statuses: list[str] = field(default_factory=lambda: ["Draft", "Final"])
    priorities: list[str] = field(default_factory=lambda: ["P1", "P2", "P3"])
    summary_sentences: tuple[int, int] = (2, 3)
    root_cause_min_words: int = 40

    def __post_init__(self) -> None:
        _at_least(self.root_cause_min_words, 0, "root-cause-min-words")
        low, high = self.summary_sentences
        if not 0 <= low <= high:
            raise ValueError("summary-sentences must be [min, max] with 0 <= min <= max")


@dataclass(frozen=True)
class Calendar:
    """[tool.pmlint.calendar]: the business days that deadlines count."""

    __pydantic_config__ = PYDANTIC_CONFIG
    country: str | None = None
    subdivision: str | None = None
    weekend: list[Weekday] = field(default_factory=lambda: ["Sat", "Sun"])
    extra_holidays: list[dt.date] = field(default_factory=list)


@dataclass(frozen=True)
class Blameless:
    """[tool.pmlint.blameless]: phrases added to and allowed by the blame rules."""

    __pydantic_config__ = PYDANTIC_CONFIG
    extra_phrases: list[str] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class GitHub:
    """[tool.pmlint.github]: how `pmlint sync` and `pmlint overdue --notify` use issues."""

    __pydantic_config__ = PYDANTIC_CONFIG
    label: str = "postmortem-action"
    title_prefix: str = ""
    owners: dict[str, str] = field(default_factory=dict)
    max_writes: int = 30
    close_done: bool = True
    overdue_label: str = "overdue"
    remind_every: int = 7

    def __post_init__(self) -> None:
        _at_least(self.max_writes, 0, "max-writes")
        _at_least(self.remind_every, 1, "remind-every")


@dataclass(frozen=True)
class Config:
    """The whole [tool.pmlint] table, validated."""

    __pydantic_config__ = PYDANTIC_CONFIG
    paths: list[str] = field(default_factory=lambda: ["docs/incidents/*.md"])
    todo: str = "TODO.md"
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    fail_on: FailOn = "error"
    max_file_size: int = 5_000_000
    levels: dict[str, LevelSetting] = field(default_factory=dict)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    template: Template = field(default_factory=Template)
    deadlines: dict[str, int] = field(default_factory=lambda: {"SEV-1": 2, "SEV-2": 5})
    action_horizon: dict[str, int] = field(default_factory=lambda: {"P1": 10, "P2": 30, "P3": 90})
    calendar: Calendar = field(default_factory=Calendar)
    blameless: Blameless = field(default_factory=Blameless)
    github: GitHub = field(default_factory=GitHub)

    def __post_init__(self) -> None:
        if not self.paths:
            raise ValueError("paths must hold at least one glob")
        for key, value in [("paths", p) for p in self.paths] + [("todo", self.todo)]:
            _inside_root(value, key)
        _at_least(self.max_file_size, 1, "max-file-size")


class LoadedConfig(NamedTuple):
    config: Config
    path: Path | None  # the file it came from, None for the defaults
    root: Path  # the project root: the config's folder, else the Git top level, else cwd


def _describe(error: dict[str, Any], table: str) -> str:
    key = table
    for part in error["loc"]:
        key += f"[{part}]" if isinstance(part, int) else f".{part}"
    if error["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
        return f"{key}: unknown key"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "value_error":
        return f"{key}: {message}"
    return f"{key}: {message[0].lower()}{message[1:]}, got {error['input']!r}"


def validate(data: dict[str, Any], source: str, table: str) -> Config:
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(Config).validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = len(exc.errors()) - 1
        suffix = f" (and {more} more)" if more else ""
        raise ConfigError(f"{source}: {_describe(first, table)}{suffix}") from None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def _table(path: Path) -> tuple[dict[str, Any], str] | None:
    """The pmlint settings in `path`, and how to name their table in messages."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "pmlint" not in tool:
            return None
        section = tool["pmlint"]
        if not isinstance(section, dict):
            raise ConfigError(f"{path}: tool.pmlint: expected a table")
        return section, "tool.pmlint"
    if set(data) == {"tool"} and isinstance(data["tool"], dict) and "pmlint" in data["tool"]:
        return data["tool"]["pmlint"], "tool.pmlint"
    return data, "pmlint"


def git_toplevel(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def load_config(explicit: Path | None = None, cwd: Path | None = None) -> LoadedConfig:
    """Find, read and validate the configuration; raise ConfigError with one line if bad."""
    cwd = (cwd or Path.cwd()).resolve()
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: no such configuration file")
        found = _table(explicit)
        data, table = found if found is not None else ({}, "tool.pmlint")
        return LoadedConfig(validate(data, str(explicit), table), explicit, explicit.resolve().parent)
    for folder in (cwd, *cwd.parents):
        for name in (".pmlint.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file():
                found = _table(candidate)
                if found is not None:
                    return LoadedConfig(validate(found[0], str(candidate), found[1]), candidate, folder)
    return LoadedConfig(Config(), None, git_toplevel(cwd) or cwd)
