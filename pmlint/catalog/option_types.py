"""The type of every rule's options: one frozen dataclass per rule that has options, keyed
by the rule's code in OPTION_TYPES.

The defaults (word lists, keyword lists, thresholds) and each option's description live in
the rule's TOML under `[options]` and `[option-descriptions]`; this module says what each
option is. A project sets them under `[tool.pmlint.rules.CODE]` (see pmlint.catalog.options).
Field names are the TOML keys with `-` written `_`.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

from pmlint.config.schema import PYDANTIC_CONFIG

Words = tuple[str, ...]


def _at_least(value: int, minimum: int, key: str) -> None:
    if value < minimum:
        raise ValueError(f"{key} must be at least {minimum}")


@dataclass(frozen=True)
class RuleOptions:
    """The base of every rule's options; CODE names the rule they belong to."""

    CODE: ClassVar[str] = ""
    __pydantic_config__ = PYDANTIC_CONFIG


@dataclass(frozen=True)
class HintedPhrase:
    """A phrase the blame rules look for, with the rewording hint shown when it is found."""

    __pydantic_config__ = PYDANTIC_CONFIG
    phrase: str
    hint: str = ""


@dataclass(frozen=True)
class PM105Options(RuleOptions):
    CODE: ClassVar[str] = "PM105"
    literals: dict[str, str]
    bracket_allow: Words
    prompt_words: Words
    slot_words: Words


@dataclass(frozen=True)
class PM108Options(RuleOptions):
    CODE: ClassVar[str] = "PM108"
    sentences: tuple[int, int]
    abbreviations: Words

    def __post_init__(self) -> None:
        low, high = self.sentences
        if not 0 <= low <= high:
            raise ValueError("sentences must be [min, max] with 0 <= min <= max")


@dataclass(frozen=True)
class PM109Options(RuleOptions):
    CODE: ClassVar[str] = "PM109"
    min_words: int

    def __post_init__(self) -> None:
        _at_least(self.min_words, 0, "min-words")


@dataclass(frozen=True)
class PM201Options(RuleOptions):
    CODE: ClassVar[str] = "PM201"
    time_columns: Words
    event_columns: Words
    date_columns: Words


@dataclass(frozen=True)
class PM203Options(RuleOptions):
    CODE: ClassVar[str] = "PM203"
    utc_words: Words
    zones: dict[str, str]


@dataclass(frozen=True)
class PM205Options(RuleOptions):
    CODE: ClassVar[str] = "PM205"
    milestones: dict[str, Words]


@dataclass(frozen=True)
class PM206Options(RuleOptions):
    CODE: ClassVar[str] = "PM206"
    tolerance_minutes: int
    tolerance_percent: int
    impact_words: Words

    def __post_init__(self) -> None:
        _at_least(self.tolerance_minutes, 0, "tolerance-minutes")
        _at_least(self.tolerance_percent, 0, "tolerance-percent")


@dataclass(frozen=True)
class PM305Options(RuleOptions):
    CODE: ClassVar[str] = "PM305"
    min_words: int
    vague_openings: Words

    def __post_init__(self) -> None:
        _at_least(self.min_words, 0, "min-words")


@dataclass(frozen=True)
class PM402Options(RuleOptions):
    CODE: ClassVar[str] = "PM402"
    final_statuses: Words
    ignore_handles: Words


@dataclass(frozen=True)
class PM403Options(RuleOptions):
    CODE: ClassVar[str] = "PM403"
    final_statuses: Words


@dataclass(frozen=True)
class PM404Options(RuleOptions):
    CODE: ClassVar[str] = "PM404"
    titles: Words
    step_words: Words
    min_steps: int

    def __post_init__(self) -> None:
        _at_least(self.min_steps, 1, "min-steps")


@dataclass(frozen=True)
class PM405Options(RuleOptions):
    CODE: ClassVar[str] = "PM405"
    final_statuses: Words


@dataclass(frozen=True)
class PM501Options(RuleOptions):
    CODE: ClassVar[str] = "PM501"
    phrases: tuple[HintedPhrase, ...]
    allow: Words
    command_words: Words


@dataclass(frozen=True)
class PM502Options(RuleOptions):
    CODE: ClassVar[str] = "PM502"
    verbs: tuple[HintedPhrase, ...]
    subject_gap_words: Words
    object_words: Words
    participles: Words
    people_fields: Words
    not_names: Words


OPTION_TYPES: dict[str, type[RuleOptions]] = {
    kind.CODE: kind
    for kind in (
        PM105Options, PM108Options, PM109Options, PM201Options, PM203Options, PM205Options,
        PM206Options, PM305Options, PM402Options, PM403Options, PM404Options, PM405Options, PM501Options,
        PM502Options,
    )
}


class OptionSpec(NamedTuple):
    """One option of a rule, as documentation shows it."""

    name: str  # the TOML key, kebab-case
    type: str  # e.g. "int", "list[str]", "dict[str, list[str]]"
    default: Any  # as written in the rule's TOML
    description: str
    extendable: bool  # `extend-<name>` adds to the default


def kebab(name: str) -> str:
    return name.replace("_", "-")


def hints(kind: type) -> dict[str, Any]:
    """The dataclass's fields and their types (ClassVars left out)."""
    types = typing.get_type_hints(kind)
    return {field.name: types[field.name] for field in dataclasses.fields(kind)}


def _type_name(hint: Any) -> str:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return f"list[{_type_name(args[0])}]"
    if origin is tuple:
        return "[" + ", ".join(_type_name(a) for a in args) + "]"
    if origin is dict:
        return f"dict[{_type_name(args[0])}, {_type_name(args[1])}]"
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        fields = ", ".join(f"{kebab(n)}: {_type_name(h)}" for n, h in hints(hint).items())
        return "{" + fields + "}"
    return getattr(hint, "__name__", str(hint))


def extendable(hint: Any) -> bool:
    """Lists, and tables (of lists), can be extended; numbers and pairs cannot."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    return origin is dict or (origin is tuple and len(args) == 2 and args[1] is Ellipsis)


def build(hint: Any, value: Any) -> Any:
    """The rule's own TOML value as `hint` (trusted data: the catalog test validates it)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        items = args[:1] * len(value) if len(args) == 2 and args[1] is Ellipsis else args
        return tuple(build(h, v) for h, v in zip(items, value, strict=True))
    if origin is dict:
        return {key: build(args[1], item) for key, item in value.items()}
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        fields = hints(hint)
        return hint(**{name: build(fields[name], value[kebab(name)]) for name in fields if kebab(name) in value})
    return value


def option_specs(code: str, defaults: dict[str, Any], descriptions: dict[str, str]) -> tuple[OptionSpec, ...]:
    """Rule `code`'s options with their types, the TOML's defaults and descriptions."""
    kind = OPTION_TYPES.get(code)
    if kind is None:
        return ()
    return tuple(
        OptionSpec(kebab(name), _type_name(hint), defaults.get(kebab(name)),
                   descriptions.get(kebab(name), ""), extendable(hint))
        for name, hint in hints(kind).items()
    )
