"""Show a report ``Section`` in a DataTable: the one way every screen puts report rows on screen."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from buildtrack.domain.money import MoneyUnit
from buildtrack.reports.table import ColumnKind, Section
from buildtrack.tui.cells import column_cell


def fill_table(table: DataTable, section: Section, unit: MoneyUnit, text_cap: int | None = None,
               newest_first: bool = False) -> None:
    """Replace the table's columns and rows; long text columns are capped at ``text_cap`` cells."""
    row = table.cursor_row
    table.clear(columns=True)
    for index, column in enumerate(section.columns):
        label = Text(column.header + (f" ({unit.label})" if column.kind is ColumnKind.MONEY else ""))
        width = None
        if text_cap and column.kind is ColumnKind.TEXT:
            longest = max((cell_len(str(values[index])) for values in section.rows), default=0)
            width = min(max(longest, cell_len(label.plain)), text_cap)
        table.add_column(label, width=width)
    for values in reversed(section.rows) if newest_first else section.rows:
        table.add_row(*(column_cell(v, c, unit) for v, c in zip(values, section.columns, strict=False)))
    if section.totals:
        table.add_row(*(Text(str(v), style="bold") if c.kind is ColumnKind.TEXT else column_cell(v, c, unit)
                        for v, c in zip(section.totals, section.columns, strict=False)))
    if table.row_count:
        table.move_cursor(row=min(max(row, 0), table.row_count - 1))
