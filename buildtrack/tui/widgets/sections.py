"""Show a report ``Section`` on screen: in a DataTable (a project's few rows, edited in place) or in a
``VirtualTable`` (a report's rows, tens of thousands at province scale, painted only when seen)."""

from __future__ import annotations

import dataclasses

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from buildtrack.domain.money import MoneyUnit
from buildtrack.reports.cells import RIGHT_ALIGNED, cell_text, heading, totals_text
from buildtrack.reports.table import ColumnKind, Row, Section
from buildtrack.tui.cells import cell
from buildtrack.tui.widgets.virtual_table import TableColumn, VirtualTable


def fill_table(
    table: DataTable,
    section: Section,
    unit: MoneyUnit,
    text_cap: int | None = None,
    newest_first: bool = False,
    keys: list[str] | None = None,
) -> None:
    """Replace the table's columns and rows; long text columns are capped at ``text_cap`` cells.

    With ``keys`` (an id per row) the cursor stays on the same item when rows are inserted above it, so
    the row under the cursor is always the one an action will touch."""
    shown = (section, unit, text_cap, newest_first, keys)
    if getattr(table, "_buildtrack_shown", None) == shown:
        return  # the same rows: refilling would only cost a relayout (after a save most tables are unchanged)
    table._buildtrack_shown = shown  # type: ignore[attr-defined]
    cursor = table.cursor_row
    previous = table.ordered_rows[cursor].key.value if keys and 0 <= cursor < table.row_count else None
    if previous in (keys or []):
        cursor = keys.index(previous)  # type: ignore[union-attr]
    table.clear(columns=True)
    for column in section.columns:
        label = Text(heading(column, unit))
        width = None
        if text_cap and column.kind is ColumnKind.TEXT:
            longest = max((cell_len(str(values.get(column.key))) for values in section.rows), default=0)
            width = min(max(longest, cell_len(label.plain)), text_cap)
        table.add_column(label, width=width)
    rows = list(reversed(section.rows) if newest_first else section.rows)
    for index, values in enumerate(rows):
        key = keys[index] if keys and index < len(keys) else None
        table.add_row(*(cell(values.get(column.key), column, unit) for column in section.columns), key=key)
    totals = _totals(section, unit)
    if totals:
        table.add_row(*totals.values())
    if table.row_count:
        table.move_cursor(row=min(max(cursor, 0), table.row_count - 1))


def section_table(section: Section, unit: MoneyUnit, max_height: int) -> VirtualTable:
    """A sideways-scrolling ``VirtualTable`` whose cells come from the section's rows (fill it with ``show_section``)."""
    where = {column.key: column for column in section.columns}

    def render(row: Row, key: str) -> Text:
        return cell(row.get(key), where[key], unit)

    return VirtualTable(render, sideways=True, max_height=max_height)


def show_section(
    table: VirtualTable,
    section: Section,
    unit: MoneyUnit,
    text_cap: int | None = None,
    columns: list[TableColumn] | None = None,
) -> None:
    """Every column as wide as its widest cell (text capped at ``text_cap``) unless ``columns`` are given,
    the totals line at the bottom."""
    table.show(columns or _columns(section, unit, text_cap), section.rows, _totals(section, unit))


def aligned_columns(sections: list[Section], unit: MoneyUnit, text_cap: int | None) -> list[list[TableColumn]]:
    """Each section's columns, as wide as the widest among the sections with the same columns, so groups
    of one report (overdue by leader, say) line up under each other."""
    own = [_columns(section, unit, text_cap) for section in sections]
    widest: dict[tuple[str, ...], list[int]] = {}
    for section, columns in zip(sections, own, strict=True):
        shape = tuple(column.key for column in section.columns)
        widths = [column.width for column in columns]
        widest[shape] = [max(pair) for pair in zip(widest.get(shape, widths), widths, strict=True)]
    return [
        [
            dataclasses.replace(column, width=width)
            for column, width in zip(columns, widest[tuple(c.key for c in section.columns)], strict=True)
        ]
        for section, columns in zip(sections, own, strict=True)
    ]


def _columns(section: Section, unit: MoneyUnit, text_cap: int | None) -> list[TableColumn]:
    columns = []
    totals = _totals(section, unit) or {}
    for column in section.columns:
        title = heading(column, unit)
        values = {row.get(column.key) for row in section.rows}
        widest = max((cell_len(cell_text(value, column, unit)) for value in values), default=0)
        width = max(widest, cell_len(title), cell_len(totals[column.key].plain) if column.key in totals else 0)
        if text_cap and column.kind is ColumnKind.TEXT:
            width = min(width, text_cap)
        columns.append(TableColumn(column.key, title, width, "right" if column.kind in RIGHT_ALIGNED else "left"))
    return columns


def _totals(section: Section, unit: MoneyUnit) -> dict[str, Text] | None:
    """The totals line, in bold; a column the totals leave out stays blank."""
    if not section.totals:
        return None
    return {column.key: Text(totals_text(section.totals, column, unit), style="bold") for column in section.columns}
