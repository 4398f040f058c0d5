"""Turning ledger sheets into typed rows: every cell parsed by its column's meaning, every problem located.

Nothing here knows about the portfolio's current state; ``planning`` merges the rows into projects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from buildtrack.domain.dates import month_range
from buildtrack.domain.errors import BuildtrackError, InvalidInput
from buildtrack.domain.fields import parse_field
from buildtrack.domain.instruments import approval_kind
from buildtrack.domain.lookup import find_source
from buildtrack.domain.model import FundingSource, Settings, SourceCategory, check_code, choice
from buildtrack.domain.percent import parse_weight
from buildtrack.domain.words import money_kind_from_words
from buildtrack.i18n import _
from buildtrack.ledger import values
from buildtrack.ledger.headers import ColumnMeaning, propose_source, recognise, split_unit
from buildtrack.ledger.sheets import Sheet

DATE_FIELDS = {
    "planned_start",
    "planned_finish",
    "actual_start",
    "actual_finish",
    "due",
    "baseline_due",
    "done_on",
    "date",
    "raised_on",
    "deadline",
    "meeting_on",
    "closed_on",
    "issued_on",
    "valid_until",
    "start_date",
    "finish_date",
    "reported_stage_on",
}
MONEY_FIELDS = {"total_investment", "received", "paid", "planned", "source_planned", "pair_amount", "pair_received"}
MONEY_FIELDS |= {"pair_paid", "amount", "annual_plan", "work_done"}


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet} row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class Row:
    """One data row: parsed values by field (absent = column missing), sources' planned amounts, pairs."""

    sheet: str
    number: int
    raw: list[Any]
    values: dict[str, Any] = field(default_factory=dict)
    planned_by_source: dict[str, int | None] = field(default_factory=dict)
    pairs: dict[int, dict[str, Any]] = field(default_factory=dict)


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


TOTAL_WORDS = ("合计", "小计", "总计", "合 计", "total", "subtotal", "sum")


def is_total_row(raw: list[Any]) -> bool:
    """A 合计 / 小计 / 总计 row, wherever the word stands (code, 序号 or name column)."""
    return any("".join(values.text(cell).split()).lower() in TOTAL_WORDS for cell in raw)


def _headers(rows: list[list[Any]], settings: Settings, mapping: dict[str, str]) -> tuple[list[str], int]:
    """The column headings and the index of the first data row. A title row above the headings (a merged
    "XX县卫生健康项目台账") is passed over: the heading row is the first of the top five that names two known
    columns. A second heading row under merged cells (资金来源 over 专项债券 / 财政配套) is folded into the first:
    each column takes its lower heading, with the unit of the heading above when it names none."""
    known = [sum(recognise(values.text(cell), settings, mapping) is not None for cell in row) for row in rows[:5]]
    start = next((index for index, count in enumerate(known) if count >= 2), 0)
    upper = [values.text(cell) for cell in rows[start]] if rows else []
    lower = [values.text(cell) for cell in rows[start + 1]] if len(rows) > start + 1 else []
    spans = any(not (upper[i] if i < len(upper) else "") and cell for i, cell in enumerate(lower))
    if not spans or not _is_subheading(lower, settings, mapping):  # no merged heading above an empty cell
        return upper, start + 1
    above, merged = "", []
    for index in range(max(len(upper), len(lower))):
        top = upper[index] if index < len(upper) else ""
        above = top or above  # a merged heading spans the empty cells to its right
        below = lower[index] if index < len(lower) else ""
        if not below:
            merged.append(top)
            continue
        unit = split_unit(above)[1] if split_unit(below)[1] is None else None
        merged.append(f"{below}（{_UNIT_WORDS.get(unit, '')}）" if unit and unit in _UNIT_WORDS else below)
    return merged, start + 2


_UNIT_WORDS = {10_000: "万元", 100_000_000: "亿元", 1: "元"}


def _is_subheading(cells: list[str], settings: Settings, mapping: dict[str, str]) -> bool:
    """A row of headings rather than data: every filled cell is text, and some are known headings."""
    filled = [cell for cell in cells if cell]
    if not filled or any(_looks_numeric(cell) for cell in filled):
        return False
    return any(recognise(cell, settings, mapping) is not None for cell in filled)


def _looks_numeric(cell: str) -> bool:
    return cell.replace(".", "", 1).replace(",", "").isdigit()


class SheetReader:
    """Parses one sheet's rows; ``problems`` and ``warnings`` collect what was wrong or skipped."""

    def __init__(self, sheet: Sheet, settings: Settings, mapping: dict[str, str], today: dt.date):
        self.sheet, self.settings, self.today = sheet, settings, today
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.headers, self.first_data = _headers(sheet.rows, settings, mapping)
        self.meanings: list[ColumnMeaning | None] = [recognise(h, settings, mapping) for h in self.headers]
        self.new_sources: list[FundingSource] = []  # money columns of sources the catalogue lacks: added, not dropped
        for index, text in enumerate(self.headers):
            if self.meanings[index] is None and (proposed := propose_source(text)) is not None:
                self.meanings[index] = ColumnMeaning("source_planned", split_unit(text)[1] or 1, source=proposed.key)
                self.new_sources.append(proposed)
                self.warnings.append(
                    _(
                        "{name}: column {column} ({text!r}) is not a source in the catalogue: it is added as a new "
                        "source {name_zh!r} ({value}); rename or recategorise it later with 'source edit'"
                    ).format(
                        name=sheet.name,
                        column=column_letter(index),
                        text=text,
                        name_zh=proposed.name_zh,
                        value=proposed.category.value,
                    )
                )
        seen: dict[tuple[str, str, int], int] = {}
        for index, (text, meaning) in enumerate(zip(self.headers, self.meanings, strict=False)):
            if text and meaning is None:
                self.warnings.append(
                    _(
                        "{name}: column {column} ({text!r}) is not recognised and was skipped (map it with --map "
                        "'header=field')"
                    ).format(name=sheet.name, column=column_letter(index), text=text)
                )
            if meaning is None or meaning.field == "serial":
                continue
            key = (meaning.field, meaning.source, meaning.pair)
            if key in seen:  # 总投资 and 计划总投资: which one is meant cannot be guessed
                first = seen[key]
                self.problems.append(
                    Problem(
                        sheet.name,
                        self.first_data - 1,
                        column_letter(index),
                        _(
                            "columns {column} ({headers!r}) and {column2} ({text!r}) mean the same field ({field}); "
                            "keep one, or map one elsewhere with --map"
                        ).format(
                            column=column_letter(first),
                            headers=self.headers[first],
                            column2=column_letter(index),
                            text=text,
                            field=meaning.field,
                        ),
                    )
                )
            seen.setdefault(key, index)

    def has(self, name: str) -> bool:
        return any(meaning and meaning.field == name for meaning in self.meanings)

    def rows(self, progress: Callable[[int], None] = lambda n: None) -> list[Row]:
        """The data rows; a 合计 / 小计 row is kept apart in ``totals`` (only its amounts are read)."""
        parsed: list[Row] = []
        self.totals: list[tuple[int, Row]] = []  # (how many data rows came before it, the row)
        for offset, raw in enumerate(self.sheet.rows[self.first_data :], start=self.first_data + 1):
            progress(1)
            if all(values.text(cell) == "" for cell in raw):
                continue
            row = Row(self.sheet.name, offset, list(raw))
            total = is_total_row(raw)
            for index, meaning in enumerate(self.meanings):
                if meaning is not None and (not total or meaning.field in MONEY_FIELDS):
                    cell = raw[index] if index < len(raw) else None
                    self._read_cell(row, index, meaning, cell)
            if total:
                self.totals.append((len(parsed), row))
            else:
                parsed.append(row)
        return parsed

    def _read_cell(self, row: Row, index: int, meaning: ColumnMeaning, cell: Any) -> None:
        column = f"{column_letter(index)} ({self.headers[index]})"
        try:
            value = self._parse(meaning, cell)
        except BuildtrackError as error:
            self.problems.append(Problem(self.sheet.name, row.number, column, str(error)))
            return
        if meaning.field == "source_planned":
            row.planned_by_source[meaning.source] = value
        elif meaning.field.startswith("pair_"):
            row.pairs.setdefault(meaning.pair, {})[meaning.field.removeprefix("pair_")] = value
        else:
            row.values[meaning.field] = value

    def _parse(self, meaning: ColumnMeaning, cell: Any) -> Any:
        name, empty = meaning.field, values.text(cell) == ""
        if empty:
            return None
        if name in MONEY_FIELDS:
            return values.money(cell, meaning.yuan_per_unit)
        if name in DATE_FIELDS:
            return values.date(cell, self.today)
        if name == "percent":
            return values.percent(cell)
        if name == "code":
            return check_code(values.text(cell))
        if name == "kind":
            return values.kind(cell)
        if name == "facility_type":
            return values.facility_type(cell)
        if name in ("floor_area_m2", "beds", "floors", "scope", "current_problems"):
            return parse_field(name, values.text(cell), self.today)
        if name in ("source", "pair_source"):
            return find_source(self.settings, values.text(cell))
        if name == "category":
            return choice(SourceCategory, values.text(cell), "category")
        if name in _INSTRUMENT_PARSERS:
            return _INSTRUMENT_PARSERS[name](self, cell)
        return values.text(cell)


def _approval(reader: SheetReader, cell: Any) -> str:
    kind = approval_kind(reader.settings.approval_kinds, values.text(cell))
    if kind is None:
        raise InvalidInput(_("{text!r} is not in the approvals checklist").format(text=values.text(cell)))
    return kind.key


def _year(reader: SheetReader, cell: Any) -> int:
    text = values.text(cell).removesuffix("年")
    if not text.isdecimal():
        raise InvalidInput(_("{text!r} is not a year").format(text=values.text(cell)))
    return int(text)


def _month(reader: SheetReader, cell: Any) -> dt.date:
    if isinstance(cell, dt.date):
        return dt.date(cell.year, cell.month, 1)
    return month_range(values.text(cell))[0]


_INSTRUMENT_PARSERS: dict[str, Callable[[SheetReader, Any], Any]] = {
    "approval": _approval,
    "money_kind": lambda reader, cell: money_kind_from_words(values.text(cell)),
    "year": _year,
    "month": _month,
    "weight": lambda reader, cell: parse_weight(values.text(cell)),
    "not_needed": lambda reader, cell: values.text(cell).lower() in {"是", "yes", "y", "true", "1", "✓", "√"},
}
