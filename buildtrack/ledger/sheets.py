"""Reading a ledger file into sheets of rows, and telling which sheet holds what.

An .xlsx workbook's sheets are told apart by name (Projects/项目, Funding/资金, Milestones/里程碑,
Progress/进度); a first sheet with another name is the projects sheet. A .csv file is the projects sheet; files beside it
named ``<stem>.funding.csv``, ``<stem>.milestones.csv`` and ``<stem>.progress.csv`` are the others.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from buildtrack.domain.errors import InvalidInput
from buildtrack.i18n import _

INSTRUMENT_ROLES = ("money", "problems", "approvals", "plans", "work_done", "packages")
ROLES = ("projects", "funding", "milestones", "progress", *INSTRUMENT_ROLES, "sources")
ROLE_NAMES = {
    "projects": ("projects", "项目", "项目台账", "台账"),
    "funding": ("funding", "资金", "资金来源", "funding lines"),
    "milestones": ("milestones", "里程碑", "节点", "时间节点"),
    "progress": ("progress", "进度", "进度记录", "progress history"),
    "money": ("money", "资金拨付", "拨付", "资金到位及支付"),
    "problems": ("problems", "问题清单", "问题", "督办清单"),
    "approvals": ("approvals", "前期手续", "手续"),
    "plans": ("annual plans", "年度计划", "年度计划投资"),
    "work_done": ("work done", "投资完成", "投资完成额", "月度投资完成"),
    "packages": ("work packages", "分项工程", "分部分项"),
    "sources": ("sources", "funding sources", "资金来源目录", "来源目录"),
}


@dataclass(frozen=True)
class Sheet:
    """Rows of one sheet; ``rows[0]`` is the header row; ``number`` gives spreadsheet row numbers (1-based)."""

    name: str
    rows: list[list[Any]]


def _role(name: str) -> str | None:
    lowered = name.strip().lower()
    for role, names in ROLE_NAMES.items():
        if lowered in names or lowered == role:  # a CSV beside the projects file is named by its role
            return role
    return None


def read_xlsx(path: Path) -> list[Sheet]:
    from openpyxl import load_workbook  # loaded only for spreadsheets (about 0.3 s)

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInput(
            _("{path} is not a readable .xlsx workbook ({name__})").format(path=path, name__=type(error).__name__)
        ) from None
    sheets = []
    for worksheet in workbook.worksheets:
        rows = []
        for row in worksheet.iter_rows():
            rows.append([_percent_cell(cell) for cell in row])
        sheets.append(Sheet(worksheet.title, rows))
    workbook.close()
    return sheets


def _percent_cell(cell: Any) -> Any:
    """A number shown as a percent in Excel (0.35 shown 35%) becomes the text "35%"."""
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        return f"{value * 100:.10g}%"
    return value


def read_csv(path: Path, encoding: str | None = None) -> list[Sheet]:
    sheets = []
    for role, candidate in [("projects", path)] + [(r, path.with_name(f"{path.stem}.{r}.csv")) for r in ROLES[1:]]:
        if candidate.exists():
            text = _decoded(candidate, encoding)
            sheets.append(Sheet(role, [row for row in csv.reader(io.StringIO(text, newline=""))]))
    return sheets


def _decoded(path: Path, encoding: str | None) -> str:
    """A CSV's text: in ``encoding`` when given, else UTF-8 (with or without a BOM), else GB18030 — what Excel
    on Chinese Windows saves (it reads GBK too)."""
    data = path.read_bytes()
    for name in (encoding,) if encoding else ("utf-8-sig", "gb18030"):
        try:
            return data.decode(name)
        except LookupError:
            raise InvalidInput(_("{name!r} is not a text encoding (try utf-8 or gbk)").format(name=name)) from None
        except UnicodeDecodeError:
            continue
    raise InvalidInput(
        _("{path} is not {encoding} text: save it as UTF-8 or give --encoding").format(
            path=path, encoding=encoding or "UTF-8 or GBK"
        )
    )


def read_ledger(path: Path, encoding: str | None = None) -> dict[str, Sheet]:
    """The sheets of a ledger by role; the first unnamed sheet is the projects sheet."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        sheets = read_xlsx(path)
    elif suffix == ".csv":
        sheets = read_csv(path, encoding)
    else:
        raise InvalidInput(_("{path}: a ledger must be .xlsx or .csv").format(path=path))
    by_role: dict[str, Sheet] = {}
    for index, sheet in enumerate(sheets):
        role = _role(sheet.name) or ("projects" if index == 0 else None)
        if role and role not in by_role and any(any(cell not in (None, "") for cell in row) for row in sheet.rows):
            by_role[role] = sheet
    if "projects" not in by_role:
        raise InvalidInput(
            _("{path} has no projects sheet (name one Projects or 项目, or put it first)").format(path=path)
        )
    return by_role
