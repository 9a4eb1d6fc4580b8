"""Inline SVG bar charts for the HTML report: no script, no font, nothing fetched.

Each bar is a `<rect class="bar">` carrying `data-label`, `data-series` and `data-value`
(and a `<title>` tooltip), one per label and series, zero-height bars included, so the
count of bars is the count of numbers charted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#3867b0", "#e07b39", "#4c9a55", "#b9443f", "#8a6bbf", "#8c6d3f", "#d4a017", "#6f7a86")
TOP, PLOT, LEFT, RIGHT = 14, 170, 46, 10
CHAR_WIDTH = 6.6  # of an 11 px label, roughly: decides whether x labels need turning



@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float, ...]


def nice_top(peak: float, counts: bool = True) -> float:
    """A round axis maximum at or above `peak` (1, 2, 5 times a power of ten); for counts,
    one that four grid steps divide into whole numbers."""
    if peak <= 0:
        return 4 if counts else 1
    power: float = 10 ** math.floor(math.log10(peak))
    top = next(step * power for step in (1, 2, 5, 10) if step * power >= peak)
    if counts and not float(top / 4).is_integer():
        top = 4 * math.ceil(peak / 4)
    return top


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def bar_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str,
    stacked: bool = False,
    top: float | None = None,
    marks: Sequence[float | None] = (),
    counts: bool = True,
) -> str:
    """A bar chart as an HTML figure: the SVG and a legend. `marks`: one value per label
    drawn as a dashed line across its bars (a deadline), None for none."""
    per_group = 1 if stacked else max(1, len(series))
    bar_width = 18 if per_group > 1 else 26
    longest = max((len(name) for name in labels), default=0) * CHAR_WIDTH
    rotate = len(labels) > 8 or longest > per_group * bar_width + 12 and len(labels) > 4
    if rotate and per_group == 1:
        bar_width = 18  # turned labels need less room: a year of months still fits a phone
    group = per_group * bar_width + 12 if rotate else max(per_group * bar_width + 12, longest + 10)
    width = LEFT + RIGHT + max(1, len(labels)) * group
    bottom = 20 + (longest * 0.65 if rotate else 10)  # room for the x labels, turned or not
    height = TOP + PLOT + bottom
    totals = [sum(s.values[i] for s in series) if stacked else max((s.values[i] for s in series), default=0)
              for i in range(len(labels))]
    scale_top = top if top is not None else nice_top(max([*totals, *(m for m in marks if m is not None), 0]), counts)
    plot = PLOT

    def y(value: float) -> float:
        return TOP + plot - plot * min(value, scale_top) / scale_top

    out = [
        (f'<svg id="{chart_id}" class="chart-svg" viewBox="0 0 {width:.0f} {height:.0f}" role="img" '
         f'aria-label="{escape(title)}" style="max-width:{width * 1.6:.0f}px" xmlns="http://www.w3.org/2000/svg">'),
        f"<title>{escape(title)}</title>",
    ]
    for step in range(5):  # grid lines and the y-axis scale
        value = scale_top * step / 4
        out.append(f'<line class="grid" x1="{LEFT}" x2="{width - RIGHT:.0f}" y1="{y(value):.1f}" y2="{y(value):.1f}"/>')
        out.append(f'<text class="tick" x="{LEFT - 5}" y="{y(value) + 4:.1f}" text-anchor="end">{_fmt(value)}</text>')
    for index, name in enumerate(labels):
        x0 = LEFT + index * group + 6
        base = 0.0
        for number, one in enumerate(series):
            value = one.values[index]
            x = x0 if stacked else x0 + number * bar_width
            lower = base if stacked else 0.0
            y_top, y_bottom = y(lower + value), y(lower)
            tip = f"{name} · {one.name}: {_fmt(value)} {unit}".strip()
            out.append(
                f'<rect class="bar" data-label="{escape(name)}" data-series="{escape(one.name)}" '
                f'data-value="{_fmt(value)}" '
                f'x="{x}" y="{y_top:.1f}" width="{bar_width - 2}" height="{max(0.0, y_bottom - y_top):.1f}" '
                f'fill="{PALETTE[number % len(PALETTE)]}"><title>{escape(tip)}</title></rect>'
            )
            if stacked:
                base += value
        mark = marks[index] if index < len(marks) else None
        if mark is not None:
            out.append(f'<line class="mark" x1="{x0 - 3}" x2="{x0 + per_group * bar_width + 1}" '
                       f'y1="{y(mark):.1f}" y2="{y(mark):.1f}"><title>deadline {_fmt(mark)}</title></line>')
        centre = x0 + per_group * bar_width / 2
        if rotate:
            out.append(f'<text class="xlabel" x="{centre:.1f}" y="{TOP + plot + 14}" text-anchor="end" '
                       f'transform="rotate(-40 {centre:.1f} {TOP + plot + 14})">{escape(name)}</text>')
        else:
            out.append(
                f'<text class="xlabel" x="{centre:.1f}" y="{TOP + plot + 16}" text-anchor="middle">'
                f"{escape(name)}</text>"
            )
    out.append(f'<line class="axis" x1="{LEFT}" x2="{width - RIGHT:.0f}" y1="{y(0):.1f}" y2="{y(0):.1f}"/>')
    out.append("</svg>")
    legend = "".join(
        f'<li><span class="swatch" style="background:{PALETTE[i % len(PALETTE)]}"></span>{escape(s.name)}</li>'
        for i, s in enumerate(series)
    )
    if any(m is not None for m in marks):
        legend += '<li><span class="swatch mark-swatch"></span>deadline</li>'
    return (f'<figure class="chart" data-chart="{chart_id}">'
            f'<div class="chart-scroll">{"".join(out)}</div>'
            f'<figcaption>{escape(title)}<ul class="legend">{legend}</ul></figcaption></figure>')
