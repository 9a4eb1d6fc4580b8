"""Configuration: discovery (`[tool.pmlint]` in pyproject.toml, or `.pmlint.toml`) and
validation with pydantic, so a typo is one clear line instead of a silent default."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

Weekday = Literal["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
LevelSetting = Literal["error", "warning", "info", "off"]
FailOn = Literal["error", "warning", "never"]


class ConfigError(Exception):
    """A configuration problem: one line naming the file, the key and what was expected."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True)


class Template(Section):
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
    summary_sentences: tuple[int, int] = (2, 3)
    root_cause_min_words: int = Field(40, ge=0)


class Calendar(Section):
    country: str | None = None
    subdivision: str | None = None
    weekend: list[Weekday] = ["Sat", "Sun"]
    extra_holidays: list[dt.date] = []


class Blameless(Section):
    extra_phrases: list[str] = []
    allow: list[str] = []


class GitHub(Section):
    label: str = "postmortem-action"
    title_prefix: str = ""
    owners: dict[str, str] = {}
    max_writes: int = Field(30, ge=0)
    close_done: bool = True
    overdue_label: str = "overdue"
    remind_every: int = Field(7, ge=1)


class Config(Section):
    paths: list[str] = ["docs/incidents/*.md"]
    todo: str = "TODO.md"
    select: list[str] = ["ALL"]
    ignore: list[str] = []
    fail_on: FailOn = "error"
    max_file_size: int = Field(5_000_000, gt=0)
    levels: dict[str, LevelSetting] = {}
    per_file_ignores: dict[str, list[str]] = {}
    template: Template = Template()
    deadlines: dict[str, int] = {"SEV-1": 2, "SEV-2": 5}
    action_horizon: dict[str, int] = {"P1": 10, "P2": 30, "P3": 90}
    calendar: Calendar = Calendar()
    blameless: Blameless = Blameless()
    github: GitHub = GitHub()

    @field_validator("paths")
    @classmethod
    def _paths_not_empty(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("at least one glob")
        return value


@dataclass(frozen=True, slots=True)
class LoadedConfig:
    config: Config
    path: Path | None  # the file it came from, None for the defaults
    root: Path  # the project root: the config's folder, else the Git top level, else cwd


def _describe(error: dict[str, Any], table: str) -> str:
    key = table
    for part in error["loc"]:
        key += f"[{part}]" if isinstance(part, int) else f".{part}"
    if error["type"] == "extra_forbidden":
        return f"{key}: unknown key"
    return f"{key}: {error['msg'][0].lower()}{error['msg'][1:]}, got {error['input']!r}"


def validate(data: dict[str, Any], source: str, table: str) -> Config:
    try:
        return Config.model_validate(data)
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
