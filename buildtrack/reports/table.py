"""Reports as plain values: sections of typed columns and rows, formatted only by the renderer.

The same ``Report`` feeds text, HTML, CSV, JSON and the TUI's tables, so screen and paper agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from buildtrack.domain.money import MoneyUnit


class ColumnKind(Enum):
    TEXT = "text"
    MONEY = "money"  # int fen
    PERCENT = "percent"  # Decimal
    DATE = "date"
    INTEGER = "integer"
    RATIO = "ratio"  # Decimal such as an SPI of 0.85
    POINTS = "points"  # Decimal percentage points, signed: −1.6 behind, +2.0 ahead


@dataclass(frozen=True)
class Column:
    """A typed column; ``wrap`` caps the width of long free text in aligned text output."""

    key: str
    header: str
    kind: ColumnKind = ColumnKind.TEXT
    wrap: int | None = None


Row = dict[str, Any]  # cells by column key; a key left out of a totals row is shown blank


@dataclass(frozen=True)
class Section:
    """One table of a report; ``totals`` is an optional last row shown apart from the others."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    totals: Row | None = None
    empty_text: str = "none"

    def column(self, key: str) -> list[Any]:
        """Every row's value in one column."""
        return [row.get(key) for row in self.rows]


@dataclass(frozen=True)
class Report:
    title: str
    portfolio: str
    as_of: dt.date
    unit: MoneyUnit
    sections: tuple[Section, ...]
    notes: tuple[str, ...] = field(default=())
    charts: tuple[Any, ...] = field(default=())  # chart specs from reports.charts, drawn in HTML


def column_sum(rows: Iterable[Row], key: str) -> int:
    """The total of a money (or count) column over ``rows``; an empty cell counts as nothing."""
    return sum(int(row.get(key) or 0) for row in rows)
