"""A Chart as inline SVG: drawn from its data when the page is written, printed as vectors, no script.

The geometry is computed here, in the SVG's own units (one unit a CSS pixel at 100 %), and the picture
scales with the block width (``width: 100%``, the height following the ``viewBox``). Text inherits the
page's faces from the style sheet, so labels print in 仿宋 like the body. Bars are side by side
(``bar``), stacked (``stacked-bar``, negative values stacked downwards), or the series are lines
(``line``, a missing value breaks the line). Each bar and point carries its value, and the legend names
the series when there are several. Colours are few and distinct in grey too, since most copies are printed
in black.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator, Sequence
from html import escape

from supervisio.doctree.conventions import chart_colors
from supervisio.doctree.nodes import Chart

__all__ = ["LABELLED", "PALETTE", "chart_svg", "nice_ticks", "value_text"]

PALETTE = ("#c00000", "#1f4e79", "#a5a5a5", "#bf9000", "#548235", "#7030a0")
"""Series colours: the document red first, then colours that stay apart when printed in grey."""

Scale = Callable[[float], float]
"""From a value to its height on the picture."""

_WIDTH = 600.0
_PLOT_TOP = 34.0
_LEFT = 56.0
_RIGHT = 12.0
_FONT = 12.0
LABELLED = 12
"""Up to this many labels, each bar and point carries its value; beyond, the values would overlap."""
_SMALL = 10.0


def value_text(value: float) -> str:
    """A value as a label: whole numbers without decimals, others to two places (64.71, 3, 0.5)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values from below ``low`` to above ``high`` (0 always included), about ``count`` steps.

    Any finite values are drawn, the largest floats included: the arithmetic halves before it
    subtracts and the ticks stop at the largest float, so nothing overflows.
    """
    low, high = _finite(min(low, 0.0)), _finite(max(high, 0.0))
    raw = high / count - low / count
    if raw <= 0:
        return [0.0, 1.0]
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first, last = math.floor(low / step), math.ceil(high / step)
    return [_finite(index * step) for index in range(first, last + 1)]


def _finite(value: float) -> float:
    """``value`` held within the floats (a sum of large values may overflow to infinity)."""
    return max(-sys.float_info.max, min(sys.float_info.max, value))


def _extent(chart: Chart) -> tuple[float, float]:
    """The lowest and highest value the axis must show (sums per label for stacked bars)."""
    if chart.kind == "stacked-bar":
        highs = [sum(v for s in chart.series if (v := s.values[i]) is not None and v > 0)
                 for i in range(len(chart.labels))]
        lows = [sum(v for s in chart.series if (v := s.values[i]) is not None and v < 0)
                for i in range(len(chart.labels))]
        return _finite(min(lows, default=0.0)), _finite(max(highs, default=0.0))
    values = [v for s in chart.series for v in s.values if v is not None]
    return min(values, default=0.0), max(values, default=0.0)


def _label_rotation(labels: Sequence[str], slot: float) -> int:
    """0 when every label fits its slot across, else -45 (the labels then read diagonally)."""
    widest = max((sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in label) for label in labels), default=0)
    return 0 if widest * _SMALL <= slot * 0.95 else -45


def _attrs(**values: object) -> str:
    return " ".join(f'{name.rstrip("_").replace("_", "-")}="{escape(str(value), quote=True)}"'
                    for name, value in values.items())


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def chart_svg(chart: Chart) -> str:
    """The chart as an ``<svg>`` element (with its title and legend), ready to sit inside a ``<figure>``."""
    labels, series = chart.labels, chart.series
    rotation = _label_rotation(labels, (_WIDTH - _LEFT - _RIGHT) / max(len(labels), 1))
    longest = max((len(label) for label in labels), default=0)
    bottom = 28.0 if rotation == 0 else 16.0 + min(longest, 12) * _SMALL * 0.75
    legend = 22.0 if len(series) > 1 else 0.0
    height = _PLOT_TOP + legend + 220.0 + bottom
    top = _PLOT_TOP + legend
    plot_w, plot_h = _WIDTH - _LEFT - _RIGHT, height - top - bottom
    low, high = _extent(chart)
    ticks = nice_ticks(low, high)
    lowest, highest = ticks[0], ticks[-1]

    def to_y(value: float) -> float:
        # halves first: highest - lowest may exceed the largest float
        return top + plot_h * (highest / 2 - _finite(value) / 2) / (highest / 2 - lowest / 2)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" role="img" '
        f'viewBox="0 0 {_number(_WIDTH)} {_number(height)}" '
        f'preserveAspectRatio="xMidYMin meet" aria-label="{escape(chart.title or "图表", quote=True)}">'
    ]
    if chart.title:
        parts.append(f"<title>{escape(chart.title)}</title>")
    parts.extend(_axis(ticks, to_y, chart.unit, plot_w))
    colours = tuple(f"#{colour}" for colour in chart_colors(chart, PALETTE))
    parts.extend(_legend(chart, colours, _PLOT_TOP))
    slot = plot_w / max(len(labels), 1)
    if chart.kind == "line":
        parts.extend(_lines(chart, colours, slot, to_y))
    else:
        parts.extend(_bars(chart, colours, slot, to_y))
    parts.extend(_category_labels(labels, slot, top + plot_h, rotation))
    parts.append("</svg>")
    return "".join(parts)


def _axis(ticks: Sequence[float], to_y: Scale, unit: str | None, plot_w: float) -> Iterator[str]:
    for tick in ticks:
        at = _number(to_y(tick))
        stroke = "#000" if tick == 0 else "#d9d9d9"
        yield f'<line {_attrs(x1=_number(_LEFT), x2=_number(_LEFT + plot_w), y1=at, y2=at, stroke=stroke)} stroke-width="0.8"/>'
        text = value_text(tick) + (unit or "")
        yield (f'<text {_attrs(x=_number(_LEFT - 6), y=at)} text-anchor="end" dominant-baseline="middle" '
               f'font-size="{_number(_SMALL)}">{escape(text)}</text>')
    yield (f'<line {_attrs(x1=_number(_LEFT), x2=_number(_LEFT), y1=_number(to_y(ticks[-1])), y2=_number(to_y(ticks[0])))} '
           f'stroke="#000" stroke-width="0.8"/>')


def _legend(chart: Chart, colours: Sequence[str], top: float) -> Iterator[str]:
    if len(chart.series) < 2:
        return
    x = _LEFT
    for index, series in enumerate(chart.series):
        colour = colours[index]
        yield f'<rect {_attrs(x=_number(x), y=_number(top + 4), width=10, height=10, fill=colour)}/>'
        yield (f'<text {_attrs(x=_number(x + 14), y=_number(top + 9))} dominant-baseline="middle" '
               f'font-size="{_number(_FONT)}">{escape(series.name)}</text>')
        x += 28 + _FONT * sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in series.name)


def _bars(chart: Chart, colours: Sequence[str], slot: float, to_y: Scale) -> Iterator[str]:
    stacked = chart.kind == "stacked-bar"
    count = len(chart.series)
    bar = slot * (0.6 if stacked else 0.7 / count)
    for index in range(len(chart.labels)):
        start = _LEFT + slot * index + (slot - (bar if stacked else bar * count)) / 2
        above = below = 0.0
        for number, series in enumerate(chart.series):
            value = series.values[index]
            if value is None:
                continue
            if stacked:
                base = above if value >= 0 else below
                end = _finite(base + value)
                above, below = (end, below) if value >= 0 else (above, end)
                x = start
            else:
                base, end = 0.0, value
                x = start + bar * number
            y1, y2 = sorted((to_y(base), to_y(end)))
            colour = colours[number]
            yield (f'<rect {_attrs(x=_number(x), y=_number(y1), width=_number(bar), height=_number(y2 - y1), fill=colour)}>'
                   f"<title>{escape(series.name)} {escape(chart.labels[index])}：{escape(value_text(value))}"
                   f"{escape(chart.unit or '')}</title></rect>")
            if not stacked and len(chart.labels) <= LABELLED:
                label_y = y1 - 3 if value >= 0 else y2 + _SMALL
                yield (f'<text {_attrs(x=_number(x + bar / 2), y=_number(label_y))} text-anchor="middle" '
                       f'font-size="{_number(_SMALL)}">{escape(value_text(value))}</text>')


def _lines(chart: Chart, colours: Sequence[str], slot: float, to_y: Scale) -> Iterator[str]:
    for number, series in enumerate(chart.series):
        colour = colours[number]
        run: list[str] = []
        points = []
        for index, value in enumerate(series.values):
            if value is None:
                if len(run) > 1:
                    yield f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="2"/>'
                run = []
                continue
            x, at = _LEFT + slot * (index + 0.5), to_y(value)
            run.append(f"{_number(x)},{_number(at)}")
            points.append((x, at, value))
        if len(run) > 1:
            yield f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="2"/>'
        for x, at, value in points:
            yield f'<circle {_attrs(cx=_number(x), cy=_number(at), r=3, fill=colour)}/>'
            if len(chart.labels) > LABELLED:
                continue
            yield (f'<text {_attrs(x=_number(x), y=_number(at - 6))} text-anchor="middle" '
                   f'font-size="{_number(_SMALL)}">{escape(value_text(value))}</text>')


def _category_labels(labels: Sequence[str], slot: float, baseline: float, rotation: int) -> Iterator[str]:
    for index, label in enumerate(labels):
        x = _LEFT + slot * (index + 0.5)
        y = baseline + 14
        if rotation:
            yield (f'<text {_attrs(x=_number(x), y=_number(y))} text-anchor="end" font-size="{_number(_SMALL)}" '
                   f'transform="rotate({rotation} {_number(x)} {_number(y)})">{escape(label)}</text>')
        else:
            yield (f'<text {_attrs(x=_number(x), y=_number(y))} text-anchor="middle" '
                   f'font-size="{_number(_SMALL)}">{escape(label)}</text>')
