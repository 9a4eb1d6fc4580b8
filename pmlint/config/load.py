"""Finding, reading and validating the configuration: `[tool.pmlint]` in pyproject.toml, or
`.pmlint.toml`, found upward from the current directory; `--config` overrides."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from pmlint.config.records import NotATable, check_tables, field_keys, kebab_path, table_keys
from pmlint.config.schema import Config
from pmlint.errors import ConfigError

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails


Record = TypeVar("Record", bound=tuple[Any, ...])


class RuleOptionTable(dict[type, tuple[Any, ...]]):
    """Every rule's options, by their record type (`PM305Options`): the rule's defaults with
    the project's [tool.pmlint.rules.CODE] applied, resolved and validated once, when the
    configuration is loaded (pmlint.catalog.options.rule_options). Checks, `share` and
    `pmlint rule` read this table; nothing resolves an option again."""

    __slots__ = ()

    def of(self, kind: type[Record]) -> Record:
        return typing.cast(Record, self[kind])


class LoadedConfig(NamedTuple):
    config: Config
    path: Path | None  # the file it came from, None for the defaults
    root: Path  # the project root: the config's folder, else the Git top level, else cwd
    table: str = "tool.pmlint"  # how messages name the settings' table in that file
    # Filled from `config` by pmlint.catalog.options.rule_options (the catalog holds the
    # defaults, a layer above this one) when a command loads the configuration.
    options: RuleOptionTable = RuleOptionTable()


def describe_error(error: ErrorDetails, table: str, kind: type = Config) -> str:
    """One line for pydantic's `error` in a table of type `kind`, named with the file's keys."""
    location = kebab_path(kind, tuple(error["loc"]))
    key = table
    for part in location:
        key += f"[{part}]" if isinstance(part, int) else f".{part}"
    if error["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
        import difflib

        close = difflib.get_close_matches(str(location[-1]), table_keys(kind, location[:-1]), n=1)
        return f"{key}: unknown key" + (f" (did you mean {close[0]}?)" if close else "")
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "value_error":
        return f"{key}: {message}"
    return f"{key}: {message[0].lower()}{message[1:]}, got {error['input']!r}"


def validate(data: dict[str, Any], source: str, table: str) -> Config:
    from pydantic import TypeAdapter, ValidationError

    try:
        config = TypeAdapter(Config).validate_python(field_keys(Config, data))
    except NotATable as exc:
        raise ConfigError(f"{source}: {'.'.join((table, *exc.path))}: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        more = len(exc.errors()) - 1
        suffix = f" (and {more} more)" if more else ""
        raise ConfigError(f"{source}: {describe_error(first, table)}{suffix}") from None
    for where, message in check_tables(config):
        raise ConfigError(f"{source}: {'.'.join((table, *where))}: {message}")
    return config


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


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None


def _parse_toml(path: Path, raw: bytes) -> dict[str, Any]:
    import tomllib  # here: a cached configuration is not parsed at all

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None


def _settings(path: Path) -> tuple[Config, str] | None:
    """The validated pmlint settings in `path` and how messages name their table; None for a
    pyproject.toml without them. Cached by the file's bytes: a hit neither parses the TOML
    nor imports pydantic."""
    from pmlint.config import cache

    raw = _read_bytes(path)
    where = cache.folder()
    hit = cache.load_file(where, path.name, raw) if where is not None else None
    if hit is not None and (hit[0] is None or _is_settings(hit[0])):
        return typing.cast("tuple[Config, str] | None", hit[0])
    found = _table(path, raw)
    settings = None if found is None else (validate(found[0], str(path), found[1]), found[1])
    if where is not None:
        cache.store_file(where, path.name, raw, settings)
    return settings


def _is_settings(value: object) -> bool:
    return (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Config)
            and isinstance(value[1], str))


def _table(path: Path, raw: bytes) -> tuple[dict[str, Any], str] | None:
    """The pmlint settings in `path` (whose bytes are `raw`), and how to name their table in
    messages."""
    data = _parse_toml(path, raw)
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
        settings = _settings(explicit)
        if settings is None:  # an explicit file without pmlint settings: the defaults
            settings = validated({}, str(explicit), "tool.pmlint"), "tool.pmlint"
        config, table = settings
        return LoadedConfig(config, explicit, explicit.resolve().parent, table)
    for folder in (cwd, *cwd.parents):
        for name in (".pmlint.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_symlink():
                from pmlint.read.files import outside_reason

                reason = outside_reason(candidate, folder.resolve())
                if reason is not None:
                    raise ConfigError(f"{candidate}: {reason}")
            if candidate.is_file():
                settings = _settings(candidate)
                if settings is not None:
                    return LoadedConfig(settings[0], candidate, folder, settings[1])
    return LoadedConfig(Config(), None, git_toplevel(cwd) or cwd)
