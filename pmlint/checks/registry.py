"""Checks register here by rule code; the engine looks them up.

A check is a pure function `(subject, context) -> Iterable[Problem]`: it says where and what,
and the engine adds the rule's code, name and level. Document checks take a `Document`;
TODO checks take a `TodoFile`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal, NamedTuple

from pmlint.parse.problem import Problem as Problem  # the checks import it from here

Target = Literal["document", "todo"]


class RaisedProblem(Problem):
    """A problem reported as an error where the rule's default level is lower (PM405 on a
    Final document); a level set in the configuration stays as set."""

    __slots__ = ()


class Check(NamedTuple):
    code: str
    target: Target
    function: Callable[[Any, Any], Iterable[Problem]]


CHECKS: dict[str, Check] = {}


def check(
    code: str, *, target: Target = "document"
) -> Callable[[Callable[..., Iterable[Problem]]], Callable[..., Iterable[Problem]]]:
    """Register the decorated function as the check for rule `code`."""

    def register(function: Callable[..., Iterable[Problem]]) -> Callable[..., Iterable[Problem]]:
        if code in CHECKS:
            raise RuntimeError(f"two checks registered for {code}")
        CHECKS[code] = Check(code, target, function)
        return function

    return register
