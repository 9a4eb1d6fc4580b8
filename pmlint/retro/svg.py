"""Inline SVG bar charts for the HTML report: no script, no font, nothing fetched.

A chart uses the page's width: the plot is an SVG as wide as its box whose bars are placed
in percent, beside a fixed-width SVG for the y-axis scale, so labels keep their size at any
width. Below the width the bars need (`min-width`), the chart scrolls in its own box and
the page never does. The y axis is scaled to the data: counts step by whole numbers.

Each bar is a `<rect class="bar">` carrying `data-label`, `data-series` and `data-value`
(and a `<title>` tooltip), one per label and series, zero-height bars included, so the
count of bars is the count of numbers charted. The table beside each chart holds the same
numbers: it is the chart's text alternative.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#3867b0", "#c2571a", "#3d7f46", "#b9443f", "#7a5bb0", "#8c6d3f", "#8a6d00", "#5f6975")
TOP, PLOT, AXIS = 12, 140, 40  # px: room above the plot, the plot's height, the y-axis strip
CHAR_WIDTH = 6.6  # of an 11 px label, roughly: decides whether x labels need turning
PHONE_PLOT = 300  # px a phone leaves the plot: labels wider than their share there are turned
MAX_BAR = 7.0  # percent of the plot: a bar of two groups on a wide page stays a bar


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float, ...]


def _nice(value: float) -> float:
    """The smallest of 1, 2, 5 times a power of ten at or above `value`."""
    power: float = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value - 1e-9)


def scale(peak: float, counts: bool = True) -> tuple[float, float]:
    """(top, step) of the y axis for data up to `peak`: at most five grid steps, whole
    steps for counts (a maximum of 1 is drawn 0-1, not 0-4)."""
    if peak <= 0:
        return (1.0, 1.0)
    step = _nice(peak / 4)
    if counts:
        step = max(1.0, math.ceil(step))
    return step * math.ceil(peak / step - 1e-9), step


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
    """A bar chart as an HTML figure: the SVG and a legend; "" with no label. `marks`: one
    value per label drawn as a dashed line across its bars (a deadline), None for none."""
    if not labels:
        return ""
    per_group = 1 if stacked else max(1, len(series))
    count = len(labels)
    longest = max(len(name) for name in labels) * CHAR_WIDTH
    rotate = count * (longest + 8) > PHONE_PLOT
    need = max(per_group * 9 + 8, 16 if rotate else longest + 8)  # px a group needs at the least
    bottom = 18 + (longest * 0.65 if rotate else 4)
    height = TOP + PLOT + bottom
    totals = [sum(s.values[i] for s in series) if stacked else max((s.values[i] for s in series), default=0)
              for i in range(count)]
    peak = max([*totals, *(m for m in marks if m is not None), 0])
    scale_top, step = (top, top / 4) if top is not None else scale(peak, counts)

    def y(value: float) -> float:
        return TOP + PLOT - PLOT * min(value, scale_top) / scale_top

    ticks = [step * i for i in range(int(round(scale_top / step)) + 1)]
    axis = [f'<svg class="chart-axis" width="{AXIS}" height="{height:.0f}" aria-hidden="true" '
            'xmlns="http://www.w3.org/2000/svg">']
    axis += [f'<text class="tick" x="{AXIS - 5}" y="{y(v) + 4:.1f}" text-anchor="end">{_fmt(v)}</text>' for v in ticks]
    axis.append("</svg>")
    out = [
        (f'<svg id="{chart_id}" class="chart-svg" width="100%" height="{height:.0f}" role="img" '
         f'aria-label="{escape(title)} (the table above has the numbers)" xmlns="http://www.w3.org/2000/svg">'),
        f"<title>{escape(title)}</title>",
    ]
    out += [f'<line class="grid" x1="0" x2="100%" y1="{y(v):.1f}" y2="{y(v):.1f}"/>' for v in ticks]
    group = 100 / count
    bar = min(group * 0.72 / per_group, MAX_BAR)
    for index, name in enumerate(labels):
        centre = group * (index + 0.5)
        x0 = centre - bar * per_group / 2
        base = 0.0
        for number, one in enumerate(series):
            value = one.values[index]
            x = x0 if stacked else x0 + number * bar
            lower = base if stacked else 0.0
            y_top, y_bottom = y(lower + value), y(lower)
            tip = f"{name} · {one.name}: {_fmt(value)} {unit}".strip()
            out.append(
                f'<rect class="bar" data-label="{escape(name)}" data-series="{escape(one.name)}" '
                f'data-value="{_fmt(value)}" x="{x:.3f}%" y="{y_top:.1f}" width="{bar * 0.92:.3f}%" '
                f'height="{max(0.0, y_bottom - y_top):.1f}" fill="{PALETTE[number % len(PALETTE)]}">'
                f"<title>{escape(tip)}</title></rect>"
            )
            if stacked:
                base += value
        mark = marks[index] if index < len(marks) else None
        if mark is not None:
            out.append(f'<line class="mark" x1="{x0 - bar * 0.2:.3f}%" x2="{x0 + bar * (per_group + 0.2):.3f}%" '
                       f'y1="{y(mark):.1f}" y2="{y(mark):.1f}"><title>deadline {_fmt(mark)}</title></line>')
        if rotate:  # a nested SVG carries the label to its place: a rotation needs a fixed origin
            out.append(f'<svg x="{centre:.3f}%" y="{TOP + PLOT + 12}" overflow="visible">'
                       f'<text class="xlabel" text-anchor="end" transform="rotate(-40)">{escape(name)}</text></svg>')
        else:
            out.append(f'<text class="xlabel" x="{centre:.3f}%" y="{TOP + PLOT + 16}" text-anchor="middle">'
                       f"{escape(name)}</text>")
    out.append(f'<line class="axis" x1="0" x2="100%" y1="{y(0):.1f}" y2="{y(0):.1f}"/>')
    out.append("</svg>")
    legend = "".join(
        f'<li><span class="swatch" style="background:{PALETTE[i % len(PALETTE)]}"></span>{escape(s.name)}</li>'
        for i, s in enumerate(series)
    )
    if any(m is not None for m in marks):
        legend += '<li><span class="swatch mark-swatch"></span>deadline</li>'
    return (f'<figure class="chart" data-chart="{chart_id}">'
            f'<div class="chart-scroll" tabindex="0"><div class="plot" style="min-width:{AXIS + count * need:.0f}px">'
            f'{"".join(axis)}{"".join(out)}</div></div>'
            f'<figcaption>{escape(title)}<ul class="legend">{legend}</ul></figcaption></figure>')
