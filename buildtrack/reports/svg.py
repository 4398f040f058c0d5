"""Charts as inline SVG, drawn server-side: no browser library, prints like the tables around it."""

from __future__ import annotations

import html
from decimal import Decimal

from buildtrack.domain.money import MoneyUnit, format_money
from buildtrack.domain.text import visible
from buildtrack.i18n import _
from buildtrack.reports.charts import BarChart, CurveChart

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 220, 44, 28, 24


def _escape(text: str) -> str:
    return html.escape(visible(text))


def _x(index: int, count: int) -> float:
    return LEFT + (WIDTH - LEFT - 10) * index / max(count - 1, 1)


def _y(percent: Decimal | int, top: float = 100) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - float(percent) / top)  # drawing only: floats are fine here


def curve_svg(chart: CurveChart) -> str:
    count = len(chart.days)
    planned = " ".join(f"{_x(i, count):.1f},{_y(v):.1f}" for i, v in enumerate(chart.planned))
    actual = " ".join(f"{_x(i, count):.1f},{_y(v):.1f}" for i, v in enumerate(chart.actual) if v is not None)
    grid = "".join(
        f'<line x1="{LEFT}" x2="{WIDTH - 10}" y1="{_y(p):.1f}" y2="{_y(p):.1f}" class="grid"/>'
        f'<text x="{LEFT - 4}" y="{_y(p) + 4:.1f}" class="axis" text-anchor="end">{p}%</text>'
        for p in (0, 50, 100)
    )
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg" role="img">'
        f"<title>{_escape(chart.title)}</title>"
        f'<text x="{LEFT}" y="14" class="title">{_escape(chart.title)}</text>{grid}'
        f'<polyline points="{planned}" class="planned"/>'
        + (f'<polyline points="{actual}" class="actual"/>' if actual else "")
        + f'<text x="{LEFT}" y="{HEIGHT - 8}" class="axis">{chart.days[0]}</text>'
        f'<text x="{WIDTH - 10}" y="{HEIGHT - 8}" class="axis" text-anchor="end">{chart.days[-1]}</text>'
        f'<text x="{WIDTH / 2:.0f}" y="{HEIGHT - 8}" class="axis" text-anchor="middle">'
        f'<tspan class="planned-key">― {_escape(_("planned"))}</tspan>  '
        f'<tspan class="actual-key">― {_escape(_("actual (to {day})").format(day=chart.as_of))}</tspan></text>'
        "</svg>"
    )


def bar_svg(chart: BarChart, unit: MoneyUnit) -> str:
    """Horizontal bars, one row per category (long Chinese names fit on the left), one bar per series."""
    label_width, row, width = 230, 10 + 9 * len(chart.series), 760
    highest = max((v for _, values in chart.series for v in values), default=0) or 1
    height = TOP + row * len(chart.categories) + 24
    parts = []
    for index, category in enumerate(chart.categories):
        y = TOP + index * row
        parts.append(
            f'<text x="{label_width - 6}" y="{y + row / 2 + 3:.1f}" class="axis" text-anchor="end">'
            f"{_escape(category[:34])}</text>"
        )
        for number, (name, values) in enumerate(chart.series):
            length = (width - label_width - 90) * values[index] / highest
            top = y + 2 + number * 9
            parts.append(
                f'<rect x="{label_width}" y="{top:.1f}" width="{length:.1f}" height="8" class="series{number}">'
                f"<title>{_escape(category)} — {_escape(name)}: {format_money(values[index], unit)} "
                f"{unit.label}</title></rect>"
                f'<text x="{label_width + length + 4:.1f}" y="{top + 7:.1f}" class="axis">'
                f"{format_money(values[index], unit)}</text>"
            )
    keys = "  ".join(
        f'<tspan class="key{number}">■ {_escape(name)}</tspan>' for number, (name, _) in enumerate(chart.series)
    )
    return (
        f'<svg class="chart wide" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" role="img">'
        f'<title>{_escape(chart.title)}</title><text x="0" y="14" class="title">{_escape(chart.title)}</text>'
        f'{"".join(parts)}<text x="{label_width}" y="{height - 6}" class="axis">{keys}  ({unit.label})</text></svg>'
    )


def chart_svg(chart: CurveChart | BarChart, unit: MoneyUnit) -> str:
    return curve_svg(chart) if isinstance(chart, CurveChart) else bar_svg(chart, unit)
