"""How the Markdown and HTML reports write numbers."""

from __future__ import annotations

NONE = "–"


def percent(share: float | None) -> str:
    return NONE if share is None else f"{100 * share:.0f}%"


def days(value: float | None) -> str:
    if value is None:
        return NONE
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def minutes(value: float | None) -> str:
    """`95` as `1 h 35 min`; a median of an even count may end in .5 and is rounded."""
    if value is None:
        return NONE
    total = round(value)
    hours, rest = divmod(total, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"
