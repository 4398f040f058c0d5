"""Format a ``Report`` as aligned text (tabulate), a printable HTML page, CSV or JSON.

Text, HTML and CSV show amounts in the portfolio's display unit (CSV as exact numbers, the heading naming
the unit); JSON is for programs and carries exact yuan, ISO dates and plain numbers.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from decimal import Decimal
from typing import Any

import orjson

from buildtrack.domain.money import yuan
from buildtrack.domain.text import json_text, visible
from buildtrack.i18n import _
from buildtrack.reports.cells import RIGHT_ALIGNED, cell_text, formatter, heading, totals_text
from buildtrack.reports.plain_table import plain, simple_table
from buildtrack.reports.table import Column, ColumnKind, Report, Section

FORMATS = ("text", "grid", "markdown", "html", "csv", "json")
_TABULATE_STYLE = {"text": "simple", "grid": "grid", "markdown": "github"}


def _machine(value: Any, column: Column) -> Any:
    """A cell for CSV/JSON: yuan as an exact number, dates ISO, percents as numbers."""
    if value is None:
        return None
    if column.kind is ColumnKind.MONEY:
        amount = yuan(value)
        return int(amount) if amount == amount.to_integral_value() else float(amount)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def subtitle(report: Report) -> str:
    """The line above every table of a report: what, whose, as of when."""
    return visible(
        _("{title} — {portfolio} — as of {day}").format(
            title=report.title, portfolio=report.portfolio, day=report.as_of.isoformat()
        )
    )


def _escape(text: str) -> str:
    """User text for an HTML page: control and format characters made visible, then escaped."""
    return html.escape(visible(text))


def _wrap_widths(section: Section) -> list[int | None] | None:
    """Widths for the columns that wrap, or None: tabulate inspects every cell once any width is given."""
    widths = [column.wrap for column in section.columns]
    return widths if any(widths) else None


def _text_section(section: Section, report: Report, style: str) -> str:
    if not section.rows:
        return f"{visible(section.title)}\n  ({visible(section.empty_text)})"
    columns, unit = section.columns, report.unit
    shown = [(column.key, formatter(column, unit)) for column in columns]
    rows = [[show(row.get(key)) for key, show in shown] for row in section.rows]
    if section.totals is not None:
        rows.append([totals_text(section.totals, column, unit) for column in columns])
    aligns = ["right" if column.kind in RIGHT_ALIGNED else "left" for column in columns]
    headers = [heading(column, unit) for column in columns]
    wrap = _wrap_widths(section)
    if style == "simple" and wrap is None and plain(headers) and all(plain(row) for row in rows):
        table = simple_table(rows, headers, aligns)
    else:
        from tabulate import tabulate  # here, not at the top: its import costs what a plain report's drawing does

        table = tabulate(
            rows, headers=headers, tablefmt=style, colalign=aligns, disable_numparse=True, maxcolwidths=wrap
        )
    return f"{visible(section.title)}\n{table}"


def render_text(report: Report, style: str = "simple") -> str:
    parts = [subtitle(report), ""]
    for section in report.sections:
        parts += [_text_section(section, report, style), ""]
    parts += [f"* {visible(note)}" for note in report.notes]
    return "\n".join(parts).rstrip() + "\n"


_CSS = """
@page { size: A4 landscape; margin: 16mm 12mm 14mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
       "Hiragino Sans GB", sans-serif;
       font-size: 10pt; color: #111; margin: 0 auto; max-width: 277mm; }
h1 { font-size: 15pt; margin: 0 0 2mm; } h2 { font-size: 11.5pt; margin: 6mm 0 2mm; }
.meta { color: #444; margin-bottom: 4mm; }
table { border-collapse: collapse; width: 100%; page-break-inside: auto; }
thead { display: table-header-group; } tr { page-break-inside: avoid; }
th, td { border: 1px solid #999; padding: 1mm 1.5mm; vertical-align: top; }
th { background: #eee; text-align: left; } td.num, th.num { text-align: right; white-space: nowrap; }
tr.totals td { font-weight: bold; border-top: 2px solid #333; }
table.wide { font-size: 7pt; } table.wide th, table.wide td { padding: 0.6mm 0.8mm; }
td.code, th.code { white-space: nowrap; } td.text { min-width: 6em; }
.empty { color: #555; font-style: italic; } .notes { margin-top: 5mm; color: #333; font-size: 9pt; }
.charts { display: flex; flex-wrap: wrap; gap: 4mm; } .chart { width: 132mm; height: auto; page-break-inside: avoid; }
.chart.wide { width: 100%; max-width: 240mm; }
.chart .title { font-size: 12px; font-weight: bold; } .chart .axis { font-size: 9px; fill: #444; }
.chart .grid { stroke: #ddd; } .chart .planned { fill: none; stroke: #c77d00; stroke-width: 2; stroke-dasharray: 5 3; }
.chart .actual { fill: none; stroke: #1f6fb2; stroke-width: 2.5; } .planned-key { fill: #c77d00; } .actual-key { fill: #1f6fb2; }
.chart .series0, .key0 { fill: #9bb7d4; } .chart .series1, .key1 { fill: #1f6fb2; }
"""


def _css_text(text: str) -> str:
    """``text`` as a quoted CSS string: quotes and backslashes escaped, and a name can never close the <style>."""
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    return '"' + text.replace("<", "\\3C ").replace(">", "\\3E ") + '"'


def _page_header_css(report: Report) -> str:
    """The report's heading at the top of every printed page, and "page 2 of 4" in the reader's language."""
    pages = re.split(r"(\{page\}|\{pages\})", _("Page {page} / {pages}"))
    counter = " ".join(
        {"{page}": "counter(page)", "{pages}": "counter(pages)"}.get(part) or _css_text(part) for part in pages if part
    )
    return (
        f"@page {{ @top-left {{ content: {_css_text(subtitle(report))}; font-size: 8pt; color: #555; }}\n"
        f"        @top-right {{ content: {counter}; font-size: 8pt; color: #555; }} }}"
    )


def _short(section: Section, column: Column, report: Report) -> bool:
    """A column of short words (a person's name, a status): kept on one line with its heading, never broken
    a character a line."""
    return all(len(cell_text(row.get(column.key), column, report.unit)) <= 6 for row in section.rows)


def _html_section(section: Section, report: Report) -> str:
    escape = _escape
    out = [f"<h2>{escape(section.title)}</h2>"]
    if not section.rows:
        return out[0] + f'\n<p class="empty">{escape(section.empty_text)}</p>'

    short = {c.key for c in section.columns if c.wrap is None and _short(section, c, report)}

    def cls(column: Column) -> str:
        if column.kind in RIGHT_ALIGNED:
            return ' class="num"'
        if column.key == "name" or column.wrap:
            return ' class="text"'  # free text keeps room to be read (never a character a line)
        return ' class="code"' if column.kind is ColumnKind.DATE or column.key in ("code", *short) else ""

    wide = ' class="wide"' if len(section.columns) > 12 else ""
    out.append(
        f"<table{wide}><thead><tr>"
        + "".join(f"<th{cls(c)}>{escape(heading(c, report.unit))}</th>" for c in section.columns)
        + "</tr></thead><tbody>"
    )
    for row in section.rows:
        cells = "".join(
            f"<td{cls(c)}>{escape(cell_text(row.get(c.key), c, report.unit))}</td>" for c in section.columns
        )
        out.append(f"<tr>{cells}</tr>")
    if section.totals:
        totals = section.totals
        cells = "".join(f"<td{cls(c)}>{escape(totals_text(totals, c, report.unit))}</td>" for c in section.columns)
        out.append(f'<tr class="totals">{cells}</tr>')
    out.append("</tbody></table>")
    return "\n".join(out)


def render_html(report: Report) -> str:
    """A standalone printable page; every piece of user text is escaped."""
    escape = _escape
    sections = "\n".join(_html_section(section, report) for section in report.sections)
    notes = "".join(f"<li>{escape(note)}</li>" for note in report.notes)
    from buildtrack.reports.svg import chart_svg  # only printed pages draw charts

    charts = "".join(chart_svg(chart, report.unit) for chart in report.charts)
    page_css = _page_header_css(report)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(subtitle(report))}</title>\n<style>{_CSS}{page_css}</style>\n</head>\n<body>\n"
        f"<h1>{escape(report.title)}</h1>\n"
        + '<p class="meta">'
        + escape(
            _("{portfolio} · as of {day} · amounts in {unit}").format(
                portfolio=report.portfolio, day=report.as_of.isoformat(), unit=report.unit.label
            )
        )
        + "</p>\n"
        + f"{sections}\n"
        + (f'<div class="charts">{charts}</div>\n' if charts else "")
        + f'<ul class="notes">{notes}</ul>\n</body>\n</html>\n'
    )


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: Any) -> Any:
    """Text for a spreadsheet cell: control and format characters made visible, and text a spreadsheet would
    run as a formula given a leading apostrophe (OWASP's CSV-injection advice). Numbers are left alone: a
    negative variance stays a number."""
    if not isinstance(cell, str):
        return cell
    cell = visible(cell)
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _in_unit(value: Any, column: Column, report: Report) -> Any:
    """A CSV cell: money as an exact number in the report's unit (the heading names it), dates ISO,
    percents and counts as plain numbers; nothing rounded."""
    if column.kind is ColumnKind.MONEY and value is not None:
        value = Decimal(value) / (100 * report.unit.yuan)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return _machine(value, column)


def render_csv_section(section: Section, report: Report) -> str:
    """One table as CSV, as a spreadsheet opens it: headings in the reader's language with the money unit,
    one header row, the rows, then the totals row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(heading(column, report.unit)) for column in section.columns])
    for row in section.rows + ((section.totals,) if section.totals else ()):
        writer.writerow(
            [
                "" if (cell := _in_unit(row.get(c.key), c, report)) is None else spreadsheet_safe(cell)
                for c in section.columns
            ]
        )
    return buffer.getvalue()


def render_json(report: Report) -> str:
    doc = {
        "report": report.title,
        "portfolio": report.portfolio,
        "as_of": report.as_of.isoformat(),
        "amounts_in": "yuan",
        "sections": [
            {
                "title": section.title,
                "columns": [column.key for column in section.columns],
                "rows": [{c.key: _machine(row.get(c.key), c) for c in section.columns} for row in section.rows],
                "totals": None
                if section.totals is None
                else {c.key: _machine(section.totals[c.key], c) for c in section.columns if c.key in section.totals},
            }
            for section in report.sections
        ],
        "notes": list(report.notes),
    }
    return json_text(orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode()) + "\n"


def render(report: Report, fmt: str) -> str:
    """The report in one of ``FORMATS`` (a CSV of its first table: see ``output`` for the rest)."""
    if fmt in _TABULATE_STYLE:
        return render_text(report, _TABULATE_STYLE[fmt])
    if fmt == "csv":
        return render_csv_section(report.sections[0], report)
    return {"html": render_html, "json": render_json}[fmt](report)
