"""One report cell as people read it, for every output: amounts in the display unit, percents with %, dashes.

The text, HTML, CSV-for-people and XLSX renderers and the terminal UI all format a cell here, so the
screen and the paper always show the same characters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from buildtrack.domain.money import MoneyUnit, format_money
from buildtrack.domain.percent import format_percent
from buildtrack.domain.text import visible
from buildtrack.i18n import _
from buildtrack.reports.table import Column, ColumnKind

RIGHT_ALIGNED = (ColumnKind.MONEY, ColumnKind.PERCENT, ColumnKind.INTEGER, ColumnKind.RATIO, ColumnKind.POINTS)


def formatter(column: Column, unit: MoneyUnit) -> Callable[[Any], str]:
    """How every cell of ``column`` is shown: amounts in ``unit``, percents with %, ratios to two places,
    dates ISO, a dash when unknown (empty text stays empty). Chosen once per column: a province's report
    formats some 300,000 cells."""
    if column.kind is ColumnKind.MONEY:
        return lambda value: format_money(value, unit)
    if column.kind is ColumnKind.PERCENT:
        return format_percent
    if column.kind is ColumnKind.RATIO:
        return lambda value: "—" if value is None else f"{value:.2f}"
    if column.kind is ColumnKind.POINTS:
        return lambda value: "—" if value is None else f"{value:+.1f}".replace("-", "−")
    return _plain


def _plain(value: Any) -> str:
    if value is None:
        return "—"
    if type(value) is str:
        return visible(value)  # stored text never acts on the terminal or page that shows it
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def cell_text(value: Any, column: Column, unit: MoneyUnit) -> str:
    """One value as shown (see ``formatter``)."""
    return formatter(column, unit)(value)


def totals_text(totals: dict[str, Any], column: Column, unit: MoneyUnit) -> str:
    """A totals cell: blank where the totals row has nothing for the column."""
    return cell_text(totals[column.key], column, unit) if column.key in totals else ""


def heading(column: Column, unit: MoneyUnit) -> str:
    """A column heading in the current language; money columns name their unit."""
    title = _(column.header)
    return visible(f"{title} ({unit.label})" if column.kind is ColumnKind.MONEY else title)
