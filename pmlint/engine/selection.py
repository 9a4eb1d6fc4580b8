"""Which rules run, at which level, for which file: ruff-style selectors in one place.

A selector is `ALL`, a rule code (`PM305`), a rule name (`action-vague`), or a code prefix
(`PM3`). The most specific matching selector wins; on a tie, ignore wins.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from pmlint.catalog.rules import Level, Rule

EXACT = 1000  # a code or a name outranks any prefix


class UnknownSelector(ValueError):
    pass


def specificity(selector: str, rule: Rule) -> int | None:
    """How specifically `selector` names `rule`, or None if it does not name it."""
    if selector == rule.code or selector == rule.name:
        return EXACT
    if selector == "ALL":
        return 0
    if rule.code.startswith(selector.upper()) and selector.upper().startswith("PM"):
        return len(selector)
    return None


def _words(rule: Rule) -> set[str]:
    """The words a rule is known by: the parts of its name, and its tags."""
    return {*rule.name.split("-"), *rule.tags}


def suggest(selector: str, rules: dict[str, Rule]) -> str | None:
    """What a selector that names no rule probably meant: the family its word names
    (`blame` -> PM5), else a close code or name (a typo), else the rules it is a word of."""
    wanted = selector.casefold()
    family = (
        [rule for rule in rules.values() if any(word.startswith(wanted) for word in _words(rule))]
        if len(wanted) > 2 else []
    )
    prefixes = {rule.code[:3] for rule in family}
    if len(prefixes) == 1:
        prefix = prefixes.pop()
        members = [rule for rule in rules.values() if rule.code.startswith(prefix)]
        if len(members) == len(family):  # the word names the whole family
            return f"{prefix} ({', '.join(rule.name for rule in members[:3])}{', ...' if len(members) > 3 else ''})"
    keys = {key.casefold(): key for rule in rules.values() for key in (rule.code, rule.name)}
    keys["all"] = "ALL"
    import difflib

    close = difflib.get_close_matches(wanted, keys, n=1, cutoff=0.75)
    if close:
        return repr(keys[close[0]])
    if family:
        return ", ".join(rule.name for rule in family[:4]) + (", ..." if len(family) > 4 else "")
    return None


def check_selectors(selectors: Iterable[str], rules: dict[str, Rule], where: str) -> None:
    """Raise UnknownSelector naming the first selector that matches no rule (and what it
    probably meant)."""
    for selector in selectors:
        if not any(specificity(selector, rule) is not None for rule in rules.values()):
            hint = suggest(selector, rules)
            message = f"{where}: unknown rule code, name or prefix {selector!r}"
            raise UnknownSelector(message + (f"; did you mean {hint}?" if hint else ""))


def _best(selectors: Iterable[str], rule: Rule) -> int:
    scores = [s for s in (specificity(sel, rule) for sel in selectors) if s is not None]
    return max(scores, default=-1)


def is_selected(rule: Rule, select: list[str], ignore: list[str]) -> bool:
    chosen = _best(select, rule)
    if rule.opt_in and chosen < EXACT:
        return False  # opt-in rules run only when named
    return chosen >= 0 and chosen > _best(ignore, rule)


class Selection(NamedTuple):
    """The rules that run and their levels; the per-file ignores that apply after."""

    levels: dict[str, Level]  # code -> level, for every enabled rule
    per_file_ignores: dict[str, list[str]]
    rules: dict[str, Rule]

    def level_for(self, code: str, path: str) -> Level | None:
        """The level of `code` in the file at `path` (relative to the root); None if off."""
        level = self.levels.get(code)
        if level is None:
            return None
        rule = self.rules[code]
        for pattern, selectors in self.per_file_ignores.items():
            if fnmatch.fnmatchcase(path, pattern) and _best(selectors, rule) >= 0:
                return None
        return level


def build_selection(
    rules: dict[str, Rule],
    select: list[str],
    ignore: list[str],
    level_overrides: dict[str, str],
    per_file_ignores: dict[str, list[str]],
) -> Selection:
    by_key = {key: rule for rule in rules.values() for key in (rule.code, rule.name)}
    overrides: dict[str, str] = {}
    for key, value in level_overrides.items():
        if key not in by_key:
            raise UnknownSelector(f"levels: unknown rule code or name {key!r}")
        overrides[by_key[key].code] = value
    levels: dict[str, Level] = {}
    for code, rule in rules.items():
        if not is_selected(rule, select, ignore):
            continue
        level = overrides.get(code, rule.level)
        if level != "off":
            levels[code] = level  # type: ignore[assignment]
    return Selection(levels, per_file_ignores, rules)


class UnknownEntry(NamedTuple):
    """A configuration entry that names no rule: reported as PM902, then left out."""

    key: str  # "select", "ignore", "levels" or "per-file-ignores"
    selector: str


class KnownSelectors(NamedTuple):
    select: list[str]
    ignore: list[str]
    levels: dict[str, str]
    per_file_ignores: dict[str, list[str]]
    unknown: list[UnknownEntry]


def known_selectors(
    select: list[str],
    ignore: list[str],
    levels: Mapping[str, str],
    per_file_ignores: dict[str, list[str]],
    rules: dict[str, Rule],
) -> KnownSelectors:
    """The configuration's selectors without those that name no rule, and those apart: a
    typo in the configuration is a finding (PM902), not a refusal to lint."""
    unknown: list[UnknownEntry] = []

    def keep(key: str, selectors: list[str]) -> list[str]:
        kept = []
        for selector in selectors:
            if any(specificity(selector, rule) is not None for rule in rules.values()):
                kept.append(selector)
            else:
                unknown.append(UnknownEntry(key, selector))
        return kept

    names = {key for rule in rules.values() for key in (rule.code, rule.name)}
    kept_levels = {}
    for key, value in levels.items():
        if key in names:
            kept_levels[key] = value
        else:
            unknown.append(UnknownEntry("levels", key))
    kept_select = keep("select", select)
    kept_ignore = keep("ignore", ignore)
    kept_files = {pattern: keep("per-file-ignores", selectors) for pattern, selectors in per_file_ignores.items()}
    return KnownSelectors(kept_select, kept_ignore, kept_levels, kept_files, unknown)
