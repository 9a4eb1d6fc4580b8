"""Every check module; importing this package registers them all (see registry.CHECKS)."""

from pmlint.checks import actions, header, sections, timeline, todo  # noqa: F401
from pmlint.checks import process  # noqa: F401
from pmlint.checks import overdue  # noqa: F401
from pmlint.checks import blame  # noqa: F401
