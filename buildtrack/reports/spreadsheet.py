"""Any report as an .xlsx workbook: one sheet per table, real numbers and dates with formats, notes at the end.

Printed as an office prints it: amounts in the portfolio's unit (万元 by default; the cell holds the exact value,
the format shows two places), columns as wide as their content, landscape A4 fitted to the page width with the
headings repeated on every page, and money totals as SUM formulas over the rows above.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from wcwidth import wcswidth

from buildtrack.domain.money import FEN_PER_YUAN, MoneyUnit
from buildtrack.domain.text import visible
from buildtrack.reports.cells import heading
from buildtrack.reports.render import subtitle
from buildtrack.reports.table import ColumnKind, Report, Section

FORMATS = {
    ColumnKind.MONEY: "#,##0.00",
    ColumnKind.PERCENT: "0.0",
    ColumnKind.DATE: "yyyy-mm-dd",
    ColumnKind.RATIO: "0.00",
    ColumnKind.INTEGER: "#,##0",
}


def _cell(value: Any, kind: ColumnKind, unit: MoneyUnit) -> Any:
    """A value for a workbook cell: money as an exact decimal in ``unit``, text with control characters made
    visible (a workbook cannot hold them: one such name would make the whole portfolio unexportable)."""
    if value is None or value == "":
        return None
    if kind is ColumnKind.MONEY:
        return Decimal(value) / (FEN_PER_YUAN * unit.yuan)
    return visible(value) if isinstance(value, str) else value


def _width(value: Any) -> int:
    """Cells a value takes on screen (a Chinese character takes two)."""
    text = (
        value.isoformat() if hasattr(value, "isoformat") else f"{value:,.2f}" if isinstance(value, Decimal) else value
    )
    shown = str(text if text is not None else "")
    return max(wcswidth(shown), len(shown))


def _totals_as_formulas(sheet: Any, section: Section, unit: MoneyUnit) -> None:
    """A money total that is the sum of the rows above becomes ``=SUM(…)``, so an edited cell updates it."""
    from openpyxl.utils import get_column_letter

    last, first = sheet.max_row, 4
    for index, column in enumerate(section.columns, start=1):
        total = (section.totals or {}).get(column.key)
        if column.kind is not ColumnKind.MONEY or not isinstance(total, int) or isinstance(total, bool):
            continue
        if total == sum(row.get(column.key) or 0 for row in section.rows):
            letter = get_column_letter(index)
            cell = sheet.cell(row=last, column=index, value=f"=SUM({letter}{first}:{letter}{last - 1})")
            cell.number_format = FORMATS[ColumnKind.MONEY]


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
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for section in report.sections:
        sheet = workbook.create_sheet(_sheet_name(section.title, used))
        sheet.append([visible(subtitle(report))])
        sheet.append([visible(section.title)])
        sheet.append([heading(column, report.unit) for column in section.columns])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        body = list(section.rows) + ([section.totals] if section.totals else [])
        for row in body:
            sheet.append([_cell(row.get(column.key), column.kind, report.unit) for column in section.columns])
        for index, column in enumerate(section.columns, start=1):
            widest = _width(heading(column, report.unit))
            for (cell,) in sheet.iter_rows(min_row=4, min_col=index, max_col=index):
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # stored as text: never run as a formula
                elif cell.value is not None and column.kind in FORMATS:
                    cell.number_format = FORMATS[column.kind]
                widest = max(widest, _width(cell.value))
            sheet.column_dimensions[get_column_letter(index)].width = min(widest + 2, 60)
        if section.totals:
            _totals_as_formulas(sheet, section, report.unit)
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        sheet.freeze_panes = "A4"
        sheet.print_title_rows = "1:3"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    notes = workbook.create_sheet(_sheet_name("Notes", used))
    for note in report.notes:
        notes.append([visible(note)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
