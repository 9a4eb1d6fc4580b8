"""The type of every rule's options: one NamedTuple `PMxxxOptions` per rule that has options
(records on the check path are NamedTuples: docs/guides/development.md, "Records").
OPTION_TYPES, by code, is read off
the classes' names.

The defaults (word lists, keyword lists, thresholds) and each option's description live in
the rule's TOML under `[options]` and `[option-descriptions]`; this module says what each
option is, its lower bound included (`Annotated[int, AtLeast(0)]`, read by the record checker
and shown on the rule's page); `check_values` is only for rules between fields. A project
sets them under `[tool.pmlint.rules.CODE]` (see pmlint.catalog.options). Field names are the
TOML keys with `-` written `_`.
"""

from __future__ import annotations

import typing
from typing import Annotated, Any, NamedTuple

from pmlint.config.records import AtLeast, bounds, field_types, is_record, kebab

Words = tuple[str, ...]
# Every rule's options are a NamedTuple; `RuleOptions()` is the empty table of a rule without.
RuleOptions = tuple[Any, ...]


class HintedPhrase(NamedTuple):
    """A phrase the blame rules look for, with the rewording hint shown when it is found."""

    phrase: str
    hint: str = ""


class PM105Options(NamedTuple):
    literals: dict[str, str]
    bracket_allow: Words
    prompt_words: Words
    slot_words: Words


class PM108Options(NamedTuple):
    sentences: tuple[int, int]
    abbreviations: Words

    def check_values(self) -> None:
        low, high = self.sentences
        if not 0 <= low <= high:
            raise ValueError("sentences must be [min, max] with 0 <= min <= max")


class PM109Options(NamedTuple):
    min_words: Annotated[int, AtLeast(0)]


class PM201Options(NamedTuple):
    time_columns: Words
    event_columns: Words
    date_columns: Words


class PM202Options(NamedTuple):
    clock: str
    date_order: str

    def check_values(self) -> None:
        if self.clock not in ("24h", "12h", "any"):
            raise ValueError('clock must be "24h", "12h" or "any"')
        if self.date_order not in ("dmy", "mdy"):
            raise ValueError('date-order must be "dmy" or "mdy"')


class PM203Options(NamedTuple):
    utc_words: Words
    zones: dict[str, str]


class PM205Options(NamedTuple):
    milestones: dict[str, Words]
    sections: Words
    outage_milestones: Words
    outage_words: Words


class PM206Options(NamedTuple):
    tolerance_minutes: Annotated[int, AtLeast(0)]
    tolerance_percent: Annotated[int, AtLeast(0)]
    impact_words: Words


class PM305Options(NamedTuple):
    min_words: Annotated[int, AtLeast(0)]
    vague_openings: Words


class PM402Options(NamedTuple):
    final_statuses: Words
    ignore_handles: Words


class PM403Options(NamedTuple):
    final_statuses: Words


class PM404Options(NamedTuple):
    titles: Words
    step_words: Words
    min_steps: Annotated[int, AtLeast(1)]


class PM405Options(NamedTuple):
    final_statuses: Words


class PM501Options(NamedTuple):
    phrases: tuple[HintedPhrase, ...]
    allow: Words
    command_words: Words


class PM502Options(NamedTuple):
    verbs: tuple[HintedPhrase, ...]
    subject_gap_words: Words
    object_words: Words
    participles: Words
    people_fields: Words
    not_names: Words
    roles: Words


class PM701Options(NamedTuple):
    detectors: Words
    base64_limit: float
    allow: Words


class PM702Options(NamedTuple):
    author_fields: Words
    role_mailboxes: Words
    allow_domains: Words
    phone_numbers: bool
    customer_patterns: Words

    def check_values(self) -> None:
        import re

        for pattern in self.customer_patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"customer-patterns: {pattern!r} is not a regular expression: {exc}") from None


class PM703Options(NamedTuple):
    internal_domains: Words
    allow_hosts: Words
    internal_networks: Words

    def check_values(self) -> None:
        import ipaddress

        for network in self.internal_networks:
            try:
                ipaddress.ip_network(network, strict=False)
            except ValueError:
                raise ValueError(f"internal-networks: {network!r} is not a network (write 10.0.0.0/8)") from None


# Every class above named PMxxxOptions, by its rule's code: a new rule's options are found
# by their name, with nothing to add here.
OPTION_TYPES: dict[str, type[RuleOptions]] = {
    name.removesuffix("Options"): kind
    for name, kind in sorted(globals().items())
    if name.startswith("PM") and name[2:5].isdigit() and name[5:] == "Options" and is_record(kind)
}


class OptionSpec(NamedTuple):
    """One option of a rule, as documentation shows it."""

    name: str  # the TOML key, kebab-case
    type: str  # e.g. "int", "list[str]", "dict[str, list[str]]"
    default: Any  # as written in the rule's TOML
    description: str
    extendable: bool  # `extend-<name>` adds to the default
    minimum: int | None = None  # the smallest value a number takes (its `AtLeast`)


def _type_name(hint: Any) -> str:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return f"list[{_type_name(args[0])}]"
    if origin is tuple:
        return "[" + ", ".join(_type_name(a) for a in args) + "]"
    if origin is dict:
        return f"dict[{_type_name(args[0])}, {_type_name(args[1])}]"
    if is_record(hint):
        fields = ", ".join(f"{kebab(n)}: {_type_name(h)}" for n, h in field_types(hint).items())
        return "{" + fields + "}"
    return getattr(hint, "__name__", str(hint))


def extendable(hint: Any) -> bool:
    """Lists, and tables (of lists), can be extended; numbers and pairs cannot."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    return origin is dict or (origin is tuple and len(args) == 2 and args[1] is Ellipsis)


def build(hint: Any, value: Any) -> Any:
    """The rule's own TOML value as `hint` (trusted data: the catalog test validates it)."""
    if hint is str or hint is int:  # most calls: the words of a list
        return value
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple:
        items = args[:1] * len(value) if len(args) == 2 and args[1] is Ellipsis else args
        return tuple(build(h, v) for h, v in zip(items, value, strict=True))
    if origin is dict:
        return {key: build(args[1], item) for key, item in value.items()}
    if is_record(hint):
        fields = field_types(hint)
        return hint(**{name: build(fields[name], value[kebab(name)]) for name in fields if kebab(name) in value})
    return value


def option_specs(code: str, defaults: dict[str, Any], descriptions: dict[str, str]) -> tuple[OptionSpec, ...]:
    """Rule `code`'s options with their types, the TOML's defaults and descriptions."""
    kind = OPTION_TYPES.get(code)
    if kind is None:
        return ()
    limits = bounds(kind)
    return tuple(
        OptionSpec(kebab(name), _type_name(hint), defaults.get(kebab(name)),
                   descriptions.get(kebab(name), ""), extendable(hint),
                   limits[name].minimum if name in limits else None)
        for name, hint in field_types(kind).items()
    )
