"""Finding, reading and validating the configuration: `[tool.pmlint]` in pyproject.toml, or
`.pmlint.toml`, found upward from the current directory; `--config` overrides."""

from __future__ import annotations

import dataclasses
import difflib
import tomllib
import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pmlint.config.schema import Config
from pmlint.errors import ConfigError

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails


class LoadedConfig(NamedTuple):
    config: Config
    path: Path | None  # the file it came from, None for the defaults
    root: Path  # the project root: the config's folder, else the Git top level, else cwd
    table: str = "tool.pmlint"  # how messages name the settings' table in that file


def describe_error(error: ErrorDetails, table: str) -> str:
    key = table
    for part in error["loc"]:
        key += f"[{part}]" if isinstance(part, int) else f".{part}"
    if error["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
        close = difflib.get_close_matches(str(error["loc"][-1]), _keys_at(error["loc"][:-1]), n=1)
        return f"{key}: unknown key" + (f" (did you mean {close[0]}?)" if close else "")
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "value_error":
        return f"{key}: {message}"
    return f"{key}: {message[0].lower()}{message[1:]}, got {error['input']!r}"


def _keys_at(path: tuple[Any, ...]) -> list[str]:
    """The keys the settings table at `path` (("calendar",) is [tool.pmlint.calendar])
    accepts, as written in the file; [] where it is not a table of known keys."""
    table: Any = Config
    for part in path:
        if not dataclasses.is_dataclass(table):
            return []
        hints = typing.get_type_hints(table)
        name = next((f.name for f in dataclasses.fields(table) if f.name.replace("_", "-") == part), None)
        if name is None:
            return []
        table = hints[name]
    if not dataclasses.is_dataclass(table):
        return []
    return [f.name.replace("_", "-") for f in dataclasses.fields(table)]


def validate(data: dict[str, Any], source: str, table: str) -> Config:
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(Config).validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        more = len(exc.errors()) - 1
        suffix = f" (and {more} more)" if more else ""
        raise ConfigError(f"{source}: {describe_error(first, table)}{suffix}") from None


def validated(data: dict[str, Any], source: str, table: str) -> Config:
    """`validate`, through the content-keyed cache (a hit does not import pydantic)."""
    from pmlint.config import cache

    where = cache.folder()
    if where is None:
        return validate(data, source, table)
    digest = cache.key(data, table)
    config = cache.load(where, digest)
    if config is None:
        config = validate(data, source, table)
        cache.store(where, digest, config)
    return config


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
        return LoadedConfig(validated(data, str(explicit), table), explicit, explicit.resolve().parent, table)
    for folder in (cwd, *cwd.parents):
        for name in (".pmlint.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_symlink():
                from pmlint.read.files import outside_reason

                reason = outside_reason(candidate, folder.resolve())
                if reason is not None:
                    raise ConfigError(f"{candidate}: {reason}")
            if candidate.is_file():
                found = _table(candidate)
                if found is not None:
                    return LoadedConfig(validated(found[0], str(candidate), found[1]), candidate, folder, found[1])
    return LoadedConfig(Config(), None, git_toplevel(cwd) or cwd)
