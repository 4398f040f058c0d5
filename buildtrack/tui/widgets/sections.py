"""Show a report ``Section`` on screen: in a DataTable (a project's few rows, edited in place) or in a
``VirtualTable`` (a report's rows, tens of thousands at province scale, painted only when seen)."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from buildtrack.domain.money import MoneyUnit
from buildtrack.reports.table import Column, ColumnKind, Section
from buildtrack.tui.cells import cell_text, column_cell
from buildtrack.tui.widgets.virtual_table import TableColumn, VirtualTable

_RIGHT = (ColumnKind.MONEY, ColumnKind.PERCENT, ColumnKind.INTEGER, ColumnKind.RATIO)


def _heading(column: Column, unit: MoneyUnit) -> str:
    return column.header + (f" ({unit.label})" if column.kind is ColumnKind.MONEY else "")


def fill_table(
    table: DataTable, section: Section, unit: MoneyUnit, text_cap: int | None = None, newest_first: bool = False
) -> None:
    """Replace the table's columns and rows; long text columns are capped at ``text_cap`` cells."""
    row = table.cursor_row
    table.clear(columns=True)
    for index, column in enumerate(section.columns):
        label = Text(_heading(column, unit))
        width = None
        if text_cap and column.kind is ColumnKind.TEXT:
            longest = max((cell_len(str(values[index])) for values in section.rows), default=0)
            width = min(max(longest, cell_len(label.plain)), text_cap)
        table.add_column(label, width=width)
    for values in reversed(section.rows) if newest_first else section.rows:
        table.add_row(*(column_cell(v, c, unit) for v, c in zip(values, section.columns, strict=False)))
    if section.totals:
        table.add_row(
            *(
                Text(str(v), style="bold") if c.kind is ColumnKind.TEXT else column_cell(v, c, unit)
                for v, c in zip(section.totals, section.columns, strict=False)
            )
        )
    if table.row_count:
        table.move_cursor(row=min(max(row, 0), table.row_count - 1))


def section_table(section: Section, unit: MoneyUnit, max_height: int) -> VirtualTable:
    """A sideways-scrolling ``VirtualTable`` whose cells come from the section's rows (fill it with ``show_section``)."""
    where = {column.key: (index, column) for index, column in enumerate(section.columns)}

    def render(row: tuple, key: str) -> Text:
        index, column = where[key]
        return column_cell(row[index], column, unit)

    return VirtualTable(render, sideways=True, max_height=max_height)


def show_section(table: VirtualTable, section: Section, unit: MoneyUnit, text_cap: int | None = None) -> None:
    """Every column as wide as its widest cell (text capped at ``text_cap``), the totals line at the bottom."""
    table.show(_columns(section, unit, text_cap), section.rows, _totals(section, unit))


def _columns(section: Section, unit: MoneyUnit, text_cap: int | None) -> list[TableColumn]:
    columns = []
    for index, column in enumerate(section.columns):
        heading = _heading(column, unit)
        values = {row[index] for row in section.rows} | ({section.totals[index]} if section.totals else set())
        widest = max((cell_len(cell_text(value, column.kind, unit)) for value in values), default=0)
        width = max(widest, cell_len(heading))
        if text_cap and column.kind is ColumnKind.TEXT:
            width = min(width, text_cap)
        columns.append(TableColumn(column.key, heading, width, "right" if column.kind in _RIGHT else "left"))
    return columns


def _totals(section: Section, unit: MoneyUnit) -> dict[str, Text] | None:
    if not section.totals:
        return None
    return {
        column.key: Text(str(value)) if column.kind is ColumnKind.TEXT else column_cell(value, column, unit)
        for value, column in zip(section.totals, section.columns, strict=False)
    }
