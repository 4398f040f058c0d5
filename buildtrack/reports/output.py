"""A report as the bytes of the files (or the text) a person asked for: the one place the CLI and the UI
decide formats, file names, the CSV's byte-order mark and its one table per file.

Pure: nothing here writes; the caller writes the returned bytes atomically.
"""

from __future__ import annotations

import re
from pathlib import Path

from buildtrack.domain.errors import InvalidInput
from buildtrack.i18n import _
from buildtrack.reports.render import FORMATS as TEXT_FORMATS
from buildtrack.reports.render import render, render_csv_section
from buildtrack.reports.table import Report, Section

FORMATS = TEXT_FORMATS + ("xlsx",)
EXTENSIONS = {"text": ".txt", "grid": ".txt", "markdown": ".md", "html": ".html", "csv": ".csv", "json": ".json"}
EXTENSIONS["xlsx"] = ".xlsx"
_BY_EXTENSION = {".txt": "text", ".md": "markdown", ".html": "html", ".htm": "html", ".csv": "csv"}
_BY_EXTENSION |= {".json": "json", ".xlsx": "xlsx"}
BOM = "\ufeff".encode()


def choose_format(fmt: str | None, output: Path | None) -> str:
    """The format asked for, or the one the file name's extension names; a mismatch is refused."""
    if output is None:
        return fmt or "text"
    named = _BY_EXTENSION.get(output.suffix.lower())
    if fmt is None:
        return named or "text"
    if named is not None and EXTENSIONS[fmt] != output.suffix.lower() and named != fmt:
        raise InvalidInput(
            _("{name} is a {named} file name but the format asked for is {fmt}").format(
                name=output.name, named=named, fmt=fmt
            )
        )
    return fmt


def with_extension(path: Path, fmt: str) -> Path:
    """``path`` renamed for ``fmt`` (report.html → report.csv when the format changes)."""
    return path.with_suffix(EXTENSIONS[fmt]) if path.suffix.lower() in _BY_EXTENSION or not path.suffix else path


def pick_section(report: Report, wanted: str) -> Section:
    """A section by number (1 is the first) or by the start of its title."""
    text = wanted.strip()
    if text.isdecimal() and 1 <= int(text) <= len(report.sections):
        return report.sections[int(text) - 1]
    hits = [section for section in report.sections if text and section.title.lower().startswith(text.lower())]
    if len(hits) == 1:
        return hits[0]
    raise InvalidInput(
        _("{wanted!r} is not one of this report's tables: {tables}").format(wanted=wanted, tables=table_list(report))
    )


def table_list(report: Report) -> str:
    return "; ".join(f"{number} {section.title}" for number, section in enumerate(report.sections, start=1))


def _slug(title: str) -> str:
    """A title as part of a file name: letters (Chinese too) and digits, the rest as one dash."""
    return re.sub(r"[^\w]+", "-", title).strip("-")[:40] or "table"


def report_files(
    report: Report, fmt: str, output: Path, section: str = "", bom: bool = True
) -> list[tuple[Path, bytes]]:
    """The files to write: one, or for CSV of a report with several tables one per table
    (``weekly.csv`` → ``weekly-1-Projects.csv`` …) unless ``section`` picks one."""
    if fmt == "xlsx":
        from buildtrack.reports.spreadsheet import render_xlsx  # only workbooks need openpyxl

        return [(output, render_xlsx(report))]
    if fmt != "csv":
        return [(output, render(report, fmt).encode("utf-8"))]
    mark = BOM if bom else b""
    sections = [pick_section(report, section)] if section else list(report.sections)
    if len(sections) == 1:
        return [(output, mark + render_csv_section(sections[0], report).encode("utf-8"))]
    return [
        (
            output.with_name(f"{output.stem}-{number}-{_slug(item.title)}{output.suffix or '.csv'}"),
            mark + render_csv_section(item, report).encode("utf-8"),
        )
        for number, item in enumerate(sections, start=1)
    ]


def report_text(report: Report, fmt: str, section: str = "") -> str:
    """What is printed to the terminal; a CSV holds one table, so a report with several needs ``section``."""
    if fmt == "xlsx":
        raise InvalidInput(_("a workbook cannot be printed: give -o FILE.xlsx"))
    if fmt != "csv":
        return render(report, fmt)
    if not section and len(report.sections) > 1:
        raise InvalidInput(
            _(
                "a CSV holds one table and this report has {count}: pick one with --section ({tables}) or write them all with -o FILE.csv"
            ).format(count=len(report.sections), tables=table_list(report))
        )
    return render_csv_section(pick_section(report, section) if section else report.sections[0], report)
