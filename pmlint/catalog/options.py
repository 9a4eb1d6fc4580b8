"""Rule options resolved once: the rule's defaults from rules/, with what the project sets
under `[tool.pmlint.rules.CODE]` (or `[tool.pmlint.rules.<rule-name>]`), into the typed
table `LoadedConfig.options` (`rule_options`) that checks, `share` and `pmlint rule` read.

A list option given in the project replaces the default; `extend-<option>` adds to it (for a
table of lists, such as PM205's `milestones`, list by list), as ruff's `extend-select` does.
Without project settings the defaults are built without pydantic, so a run with no
configuration file never imports it.
"""

from __future__ import annotations

import functools
import typing
from pathlib import Path
from typing import Any, NamedTuple

from pmlint.catalog.option_types import OPTION_TYPES, RuleOptions, build, extendable
from pmlint.catalog.rules import by_name_or_code, load_catalog
from pmlint.config.load import LoadedConfig, RuleOptionTable
from pmlint.config.records import NotATable, check_tables, field_keys, field_types, is_record, kebab
from pmlint.config.schema import Config
from pmlint.errors import ConfigError

EXTEND = "extend-"

# Settings of [tool.pmlint.template] that predate rule options and still set them when the
# rule's own option is not given: (code, option) <- Template attribute.
TEMPLATE_ALIASES: dict[tuple[str, str], str] = {
    ("PM108", "sentences"): "summary_sentences",
    ("PM109", "min-words"): "root_cause_min_words",
}


@functools.cache
def default_options(code: str) -> RuleOptions:
    """The rule's options as its TOML sets them."""
    kind = OPTION_TYPES[code]
    return typing.cast(RuleOptions, build(kind, load_catalog()[code].options))


def _adapt(hint: Any, value: Any, where: str) -> Any:
    from pydantic import TypeAdapter, ValidationError

    from pmlint.config.load import describe_error

    try:
        return TypeAdapter(hint).validate_python(field_keys(hint, value) if is_record(hint) else value)
    except NotATable as exc:
        raise ConfigError(f"{where}: {exc}") from None
    except ValidationError as exc:
        # Lists are read as tuples (immutable, hashable); the user wrote a list.
        message = describe_error(exc.errors()[0], where, hint if is_record(hint) else tuple)
        raise ConfigError(message.replace("valid tuple", "valid list")) from None


def _checked(options: RuleOptions, where: str) -> RuleOptions:
    for _, message in check_tables(options):
        raise ConfigError(f"{where}: {message}")
    return options


def _extended(base: Any, extra: Any) -> Any:
    if isinstance(base, dict):
        merged = dict(base)
        for key, item in extra.items():
            merged[key] = tuple(merged.get(key, ())) + tuple(item) if isinstance(item, tuple) else item
        return merged
    return tuple(base) + tuple(extra)


def _unknown_option(code: str, key: str, names: list[str]) -> str:
    import difflib

    if not names:
        return f"unknown option ({code} has no options)"
    close = difflib.get_close_matches(key, names + [EXTEND + n for n in names], n=1)
    return f"unknown option (did you mean {close[0]}?)" if close else f"unknown option (options: {', '.join(names)})"


class Configured(NamedTuple):
    """What a project sets for one rule."""

    where: str  # "<file>: tool.pmlint.rules.<key as written>", for messages
    settings: dict[str, Any]  # as written, to validate
    validated: dict[str, Any]  # options already validated by the Config schema (old template keys)


def resolve(code: str, settings: dict[str, Any], where: str, validated: dict[str, Any] | None = None) -> RuleOptions:
    """The rule's options with the project's `settings` applied; ConfigError names the key.
    Only `settings` need pydantic: a run that sets only `validated` options does not import it."""
    kind = OPTION_TYPES.get(code)
    fields = field_types(kind) if kind else {}
    names = [kebab(name) for name in fields]
    replaced: dict[str, Any] = {}
    extends: dict[str, Any] = {}
    for key, value in settings.items():
        base = key.removeprefix(EXTEND)
        if key in names:
            replaced[key] = value
        elif key.startswith(EXTEND) and base in names:
            if not extendable(fields[base.replace("-", "_")]):
                raise ConfigError(f"{where}.{key}: {base} is not a list; set {base} instead")
            extends[base] = value
        else:
            raise ConfigError(f"{where}.{key}: {_unknown_option(code, key, names)}")
    if kind is None:
        return ()  # an empty table for a rule without options
    options: Any = default_options(code)
    if validated:
        options = _checked(options._replace(**{name.replace("-", "_"): value for name, value in validated.items()}),
                           where)
    if replaced:
        merged = {**load_catalog()[code].options, **(validated or {}), **replaced}
        options = _checked(_adapt(kind, merged, where), where)
    for base, extra in extends.items():
        field = base.replace("-", "_")
        value = _extended(getattr(options, field), _adapt(fields[field], extra, f"{where}.{EXTEND}{base}"))
        options = _checked(options._replace(**{field: value}), f"{where}.{EXTEND}{base}")
    return typing.cast(RuleOptions, options)


def _rule_code(key: str, where: str) -> str:
    import difflib

    index = by_name_or_code()
    rule = index.get(key) or index.get(key.upper())
    if rule is None:
        close = difflib.get_close_matches(key, list(index), n=1)
        hint = f" (did you mean {close[0]}?)" if close else "; `pmlint rules` lists them"
        raise ConfigError(f"{where}.{key}: unknown rule{hint}")
    return rule.code


def project_settings(
    config: Config, source: str = "configuration", table: str = "tool.pmlint"
) -> dict[str, Configured]:
    """What the project sets, by rule code: its [tool.pmlint.rules] tables, and the old
    [tool.pmlint.template] keys where the rule's own option is not set."""
    found: dict[str, Configured] = {}
    for key, settings in config.rules.items():
        where = f"{source}: {table}.rules"
        code = _rule_code(key, where)
        if code in found:
            raise ConfigError(f"{where}.{key}: {code} is already set under another name")
        found[code] = Configured(f"{where}.{key}", dict(settings), {})
    for (code, option), attribute in TEMPLATE_ALIASES.items():
        value = getattr(config.template, attribute)
        entry = found.get(code, Configured(f"{source}: {table}.template", {}, {}))
        if value is not None and option not in entry.settings:
            found[code] = entry._replace(validated={**entry.validated, option: value})
    return found


def _resolve_configured(found: dict[str, Configured]) -> dict[str, RuleOptions]:
    """`resolve` for every rule the project sets, through the configuration cache: a
    project's options are validated (with pydantic) once per content, not on every run."""
    from pmlint.catalog import option_types
    from pmlint.config import cache, records

    folder = cache.folder()
    if folder is None or not any(entry.settings for entry in found.values()):
        # Without settings (only the old template keys, already validated), no pydantic.
        return {code: resolve(code, entry.settings, entry.where, entry.validated) for code, entry in found.items()}
    # Not `entry.where`: it only names the key in messages, and a cached entry had none.
    data = {code: {"defaults": load_catalog()[code].options, "settings": entry.settings,
                   "validated": entry.validated} for code, entry in found.items()}
    digest = cache.key(data, "rules", (option_types.__file__, records.__file__, __file__))
    resolved = cache.load(folder, digest, dict)
    if resolved is None:
        resolved = {code: resolve(code, entry.settings, entry.where, entry.validated) for code, entry in found.items()}
        cache.store(folder, digest, resolved)
    return resolved


def rule_options(config: Config, source: str = "configuration", table: str = "tool.pmlint") -> RuleOptionTable:
    """Every rule's options for this project, by record type; ConfigError (one line naming
    the file and the key) for an unknown rule, an unknown option or a wrong value."""
    resolved = _resolve_configured(project_settings(config, source, table))
    options = RuleOptionTable()
    for code, kind in OPTION_TYPES.items():
        options[kind] = resolved[code] if code in resolved else default_options(code)
    return options


def toml_value(value: Any) -> str:
    """`value` written as inline TOML, as a user would set it."""
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if is_record(type(value)):
        value = {kebab(name): item for name, item in value._asdict().items()}
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return str(value)


def toml_key(key: str) -> str:
    import json

    return key if key.replace("-", "").replace("_", "").isalnum() else json.dumps(key, ensure_ascii=False)


def project_values(config: Config, options: RuleOptionTable, code: str) -> dict[str, Any]:
    """The options of rule `code` the project sets (directly or with extend-), by name, with
    the values the rule uses (from the resolved `options`)."""
    entry = project_settings(config).get(code)
    if entry is None:
        return {}
    named = {key.removeprefix(EXTEND) for key in [*entry.settings, *entry.validated]}
    return {
        kebab(name): value
        for name, value in typing.cast(Any, options[OPTION_TYPES[code]])._asdict().items()
        if kebab(name) in named
    }


def load_resolved(config_option: Path | None, folder: Path) -> LoadedConfig:
    """The configuration found from `folder` (or `config_option`), with every rule's options
    resolved into `options` and the calendar's country checked: what every command and the
    server run with. ConfigError (one line naming the file) if bad."""
    from pmlint.config.load import load_config

    loaded = load_config(config_option, folder)
    config = loaded.config
    source = str(loaded.path) if loaded.path is not None else "configuration"
    loaded = loaded._replace(options=rule_options(config, source, loaded.table))
    if config.calendar.country:
        from pmlint.config.calendar import check_calendar

        try:
            check_calendar(config.calendar)
        except ValueError as exc:
            raise ConfigError(f"{source}: {exc}") from None
    return loaded
