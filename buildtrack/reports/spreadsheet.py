"""Any report as an .xlsx workbook: one sheet per table, real numbers and dates with formats, notes at the end."""

from __future__ import annotations

import io
from typing import Any

from buildtrack.domain.money import yuan
from buildtrack.domain.text import visible
from buildtrack.reports.cells import heading
from buildtrack.reports.table import ColumnKind, Report

FORMATS = {
    ColumnKind.MONEY: "#,##0.00",
    ColumnKind.PERCENT: "0.0",
    ColumnKind.DATE: "yyyy-mm-dd",
    ColumnKind.RATIO: "0.00",
    ColumnKind.INTEGER: "#,##0",
}


def _cell(value: Any, kind: ColumnKind) -> Any:
    """A value for a workbook cell: yuan as an exact decimal, text with control characters made visible
    (a workbook cannot hold them: one such name would make the whole portfolio unexportable)."""
    if value is None or value == "":
        return None
    if kind is ColumnKind.MONEY:
        return yuan(value)
    return visible(value) if isinstance(value, str) else value


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(c for c in title if c not in "[]:*?/\\")[:28] or "Sheet"
    candidate, number = name, 2
    while candidate in used:
        candidate, number = f"{name[:25]} {number}", number + 1
    used.add(candidate)
    return candidate


def render_xlsx(report: Report) -> bytes:
    """Amounts are yuan (exact decimals), percents plain numbers; text that looks like a formula stays text."""
    from openpyxl import Workbook  # loaded only when a workbook is written
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for section in report.sections:
        sheet = workbook.create_sheet(_sheet_name(section.title, used))
        sheet.append([visible(f"{report.title} — {report.portfolio} — as of {report.as_of.isoformat()}")])
        sheet.append([visible(section.title)])
        sheet.append(
            [heading(column, report.unit).replace(f"({report.unit.label})", "(yuan)") for column in section.columns]
        )
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        body = list(section.rows) + ([section.totals] if section.totals else [])
        for row in body:
            sheet.append([_cell(row.get(column.key), column.kind) for column in section.columns])
        for index, column in enumerate(section.columns, start=1):
            for (cell,) in sheet.iter_rows(min_row=4, min_col=index, max_col=index):
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # stored as text: never run as a formula
                elif cell.value is not None and column.kind in FORMATS:
                    cell.number_format = FORMATS[column.kind]
            sheet.column_dimensions[cell.column_letter].width = 14 if column.kind is not ColumnKind.TEXT else 30
        if section.totals:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        sheet.freeze_panes = "A4"
    notes = workbook.create_sheet(_sheet_name("Notes", used))
    for note in report.notes:
        notes.append([visible(note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
