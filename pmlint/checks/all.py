"""Every check family: importing this module registers them all in `registry.CHECKS`."""

from __future__ import annotations

from pmlint.checks import actions, blame, process, publish, timeline, todo  # noqa: F401
from pmlint.checks.document import header, placeholders, sections  # noqa: F401
from pmlint.checks.registry import CHECKS, Check


def all_checks() -> dict[str, Check]:
    """Every registered check, by rule code."""
    return CHECKS
