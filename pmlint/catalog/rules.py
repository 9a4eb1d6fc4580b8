"""The rule catalog: rule metadata, word lists and examples, read from `rules/*.toml`.

The catalog is data so that product people can edit wording, levels and phrase lists without
touching code. In a source checkout it is the top-level `rules/`; in the wheel it ships as
`pmlint/rules/`.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

if TYPE_CHECKING:
    from pmlint.catalog.option_types import OptionSpec

Level = Literal["error", "warning", "info"]
LEVELS: tuple[Level, ...] = ("error", "warning", "info")
DEFAULT_EXAMPLE_PATH = "docs/incidents/2026-11-20-db-pool.md"


class Example(NamedTuple):
    expect: Literal["bad", "good"]
    document: str | None  # the post-mortem's text, if the example has one
    todo: str | None  # TODO.md's text, if the example has one
    config: dict[str, Any]  # extra configuration ([tool.pmlint] keys)
    today: str | None
    path: str  # where the example document lives, relative to the project root
    files: dict[str, str] = {}  # other files of the example project (runbooks), by path


class Rule(NamedTuple):
    code: str
    name: str
    level: Level
    summary: str
    rationale: str
    fix: str
    tags: tuple[str, ...]
    options: dict[str, Any]  # the option defaults, as [options] in the TOML writes them
    examples: tuple[Example, ...] = ()
    opt_in: bool = False  # only runs when selected by exact code or name (PM308)
    option_descriptions: dict[str, str] = {}  # [option-descriptions]: what each option means

    @property
    def option_specs(self) -> tuple[OptionSpec, ...]:
        """The typed options: name, type, default, description (pmlint.catalog.options)."""
        from pmlint.catalog.option_types import option_specs

        return option_specs(self.code, self.options, self.option_descriptions)


def rules_dir() -> Path:
    """`rules/`: inside the installed package (the wheel), else at the repository's top."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "rules"
    return installed if installed.is_dir() else package.parent / "rules"


# rules/<family>/PMxxx.toml: a family is a folder of rules/ and a module (or package) of
# pmlint/checks/ of the same name, so a rule's data and its check are found the same way.
RULE_GLOB = "*/PM*.toml"


def _rule_from(data: dict[str, Any], source: Path) -> Rule:
    try:
        level = data["level"]
        if level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
        examples = tuple(
            Example(
                expect=e["expect"],
                document=e.get("document"),
                todo=e.get("todo"),
                config=e.get("config", {}),
                today=e.get("today"),
                path=e.get("path", DEFAULT_EXAMPLE_PATH),
                files=dict(e.get("files", {})),
            )
            for e in data.get("examples", [])
        )
        return Rule(
            code=data["code"],
            name=data["name"],
            level=level,
            summary=data["summary"].strip(),
            rationale=data["rationale"].strip(),
            fix=data.get("fix", "").strip(),
            tags=tuple(data.get("tags", [])),
            options=data.get("options", {}),
            examples=examples,
            opt_in=bool(data.get("opt-in", False)),
            option_descriptions={k: " ".join(v.split()) for k, v in data.get("option-descriptions", {}).items()},
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise RuntimeError(f"{source}: broken rule definition: {exc}") from exc


# Written into the wheel by hatch_build.py: the TOML files parsed at build time, because
# loading JSON is much faster than parsing the TOML on every start.
COMPILED = "catalog.json"


def _raw_rules(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """(source file, parsed table) of every rule, from the compiled catalog if there is one."""
    compiled = folder / COMPILED
    if compiled.is_file():
        import json

        with compiled.open("rb") as handle:
            entries = sorted(json.load(handle).items(), key=lambda kv: kv[0].rsplit("/", 1)[-1])
            return [(folder / name, data) for name, data in entries]
    import tomllib

    raw = []
    for path in sorted(folder.glob(RULE_GLOB), key=lambda p: p.name):
        with path.open("rb") as handle:
            raw.append((path, tomllib.load(handle)))
    return raw


@functools.cache
def load_catalog() -> dict[str, Rule]:
    """Every rule by code, in code order."""
    rules: dict[str, Rule] = {}
    for path, data in _raw_rules(rules_dir()):
        rule = _rule_from(data, path)
        rules[rule.code] = rule
    return rules


def by_name_or_code() -> dict[str, Rule]:
    """Rules keyed by code and by name, for lookups of user input."""
    index: dict[str, Rule] = {}
    for rule in load_catalog().values():
        index[rule.code] = rule
        index[rule.name] = rule
    return index
