"""The exit criteria of a blameless post-mortem and which rule findings fail each one.

The table is data (`rules/criteria.toml`, shipped with the rule catalog): a criterion
lists the rule codes that judge it, and the required sections whose PM104/PM106 findings
belong to it. `failures` sorts a document's error findings under the criteria, so the
report can say which criterion a post-mortem fails and which finding says why.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from typing import NamedTuple

from pmlint.catalog.rules import rules_dir

SECTION_RULES = ("PM104", "PM106")  # missing-section, empty-section: the section named decides


class Criterion(NamedTuple):
    key: str
    name: str
    codes: tuple[str, ...]
    sections: tuple[str, ...]


class Failure(NamedTuple):
    """An error finding of one document, as the report shows it."""

    code: str
    line: int
    message: str


@functools.cache
def load_criteria() -> tuple[Criterion, ...]:
    """The criteria in the order the report shows them (the table's order)."""
    with (rules_dir() / "criteria.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(
        Criterion(entry["key"], entry["name"], tuple(entry.get("codes", ())), tuple(entry.get("sections", ())))
        for entry in data["criteria"]
    )


def display_order(criteria: Iterable[Criterion]) -> tuple[Criterion, ...]:
    """The seed's order: complete and reviewed first, then the others as the table has them."""
    listed = tuple(criteria)
    return tuple(c for c in listed if c.key == "complete") + tuple(c for c in listed if c.key != "complete")


def criterion_of(failure: Failure, criteria: tuple[Criterion, ...]) -> str:
    """The key of the criterion a finding fails ("complete" when no entry names its code)."""
    if failure.code in SECTION_RULES:
        for criterion in criteria:
            if any(f"'{section}'" in failure.message for section in criterion.sections):
                return criterion.key
    for criterion in criteria:
        if failure.code in criterion.codes:
            return criterion.key
    return "complete"


def failures_by_criterion(failures: Iterable[Failure], criteria: tuple[Criterion, ...]) -> dict[str, list[Failure]]:
    """The findings of one document under the key of the criterion each fails."""
    out: dict[str, list[Failure]] = {}
    for failure in failures:
        out.setdefault(criterion_of(failure, criteria), []).append(failure)
    return out
