"""Checks register here by rule code; the engine looks them up.

A check is a pure function `(subject, context) -> Iterable[Problem]`: it says where and what,
and the engine adds the rule's code, name and level. Document checks take a `Document`;
TODO checks take a `TodoFile`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

Target = Literal["document", "todo"]


@dataclass(frozen=True, slots=True)
class Problem:
    line: int
    column: int
    message: str


@dataclass(frozen=True, slots=True)
class Check:
    code: str
    target: Target
    function: Callable[[Any, Any], Iterable[Problem]]


CHECKS: dict[str, Check] = {}


def check(code: str, *, target: Target = "document") -> Callable[[Callable[..., Iterable[Problem]]], Callable[..., Iterable[Problem]]]:
    """Register the decorated function as the check for rule `code`."""

    def register(function: Callable[..., Iterable[Problem]]) -> Callable[..., Iterable[Problem]]:
        if code in CHECKS:
            raise RuntimeError(f"two checks registered for {code}")
        CHECKS[code] = Check(code, target, function)
        return function

    return register


def all_checks() -> dict[str, Check]:
    import pmlint.checks  # noqa: F401 - importing the package registers every check

    return CHECKS
