"""Writing ledger sheets as an .xlsx workbook (number formats, frozen header, widths for Chinese) or CSV files."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from wcwidth import wcswidth

from buildtrack.domain.text import visible
from buildtrack.files import atomic_write_bytes
from buildtrack.ledger.layout import LedgerSheet
from buildtrack.ledger.sheets import ROLES
from buildtrack.reports.render import spreadsheet_safe

FORMATS = {"money": "#,##0.00####", "date": "yyyy-mm-dd", "percent": "0.0", "number": "#,##0.##"}


def _width(value: Any) -> int:
    text = (
        value.isoformat()
        if hasattr(value, "isoformat")
        else f"{value:,}"
        if isinstance(value, (int, Decimal))
        else str(value or "")
    )
    return max(wcswidth(line) for line in text.splitlines() or [""])


def write_xlsx(sheets: list[LedgerSheet], path: Path, chinese: bool) -> None:
    """One worksheet per sheet; text that Excel would run as a formula is stored as plain text."""
    from openpyxl import Workbook  # loaded only when a workbook is written
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append(sheet.headers(chinese))
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            worksheet.append(
                [None if value == "" else visible(value) if isinstance(value, str) else value for value in row]
            )
        for index, column in enumerate(sheet.columns, start=1):
            letter = worksheet.cell(row=1, column=index).column_letter
            for (cell,) in worksheet.iter_rows(min_row=2, min_col=index, max_col=index):
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                elif column.kind in FORMATS and cell.value is not None:
                    cell.number_format = FORMATS[column.kind]
            widest = max([_width(sheet.headers(chinese)[index - 1])] + [_width(row[index - 1]) for row in sheet.rows])
            worksheet.column_dimensions[letter].width = min(max(widest + 2, 8), 60)
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())


def csv_paths(path: Path) -> dict[str, Path]:
    """ledger.csv holds the projects; ledger.funding.csv, ledger.milestones.csv, ledger.money.csv … the rest."""
    return {
        "projects": path,
        **{role: path.with_name(f"{path.stem}.{role}.csv") for role in ROLES[1:]},
    }


def write_csv(sheets: list[LedgerSheet], path: Path, chinese: bool) -> list[Path]:
    written = []
    targets = csv_paths(path)
    for sheet in sheets:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(sheet.headers(chinese))
        for row in sheet.rows:
            writer.writerow(
                [
                    ""
                    if value is None
                    else spreadsheet_safe(
                        value.isoformat()
                        if hasattr(value, "isoformat")
                        else f"{value.normalize():f}"
                        if isinstance(value, Decimal)
                        else value
                    )
                    for value in row
                ]
            )
        atomic_write_bytes(targets[sheet.role], buffer.getvalue().encode("utf-8"))
        written.append(targets[sheet.role])
    return written
