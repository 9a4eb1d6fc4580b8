"""Every check module; importing this package registers them all (see registry.CHECKS)."""

from pmlint.checks import actions, header, sections, timeline, todo  # noqa: F401
