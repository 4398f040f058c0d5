"""Reading one spreadsheet cell as the value a field needs: text, money, date, percent, kind, facility type.

Cells arrive as openpyxl gives them (str, int, float, datetime) or as CSV text. Numbers typed into
Excel come back as floats: their shortest repr is what the user typed, so Decimal(repr(x)) is exact.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from buildtrack.domain.dates import parse_date
from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.model import FACILITY_TYPES, Kind
from buildtrack.domain.money import MAX_FEN, parse_money
from buildtrack.domain.percent import parse_percent
from buildtrack.domain.stages import stage_reached
from buildtrack.domain.words import FACILITY_WORDS, KIND_WORDS, facility_type_from_words, kind_from_words
from buildtrack.i18n import _


def text(cell: Any) -> str:
    """Any cell as trimmed text; a whole float (Excel's 12.0) without its ".0"; a CSV "'=x" without the guard."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (dt.datetime, dt.date)):
        return cell.strftime("%Y-%m-%d")
    value = str(cell).strip()
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
        return value[1:]  # the apostrophe our own CSV export adds against formula injection
    return value


def money(cell: Any, yuan_per_unit: int) -> int:
    """Fen from a number in the column's unit, or from text with or without its own unit (8500万)."""
    if isinstance(cell, bool):
        raise InvalidInput(_("{cell!r} is not an amount").format(cell=cell))
    if isinstance(cell, (int, float)):
        fen = Decimal(repr(cell)) * yuan_per_unit * 100
        if fen < 0:
            raise InvalidInput(_("amount {text} is negative").format(text=text(cell)))
        if fen != fen.to_integral_value():
            raise InvalidInput(_("amount {text} is more precise than one fen").format(text=text(cell)))
        if fen > MAX_FEN:
            raise InvalidInput(_("amount {text} is too large").format(text=text(cell)))
        return int(fen)
    typed = text(cell)
    if yuan_per_unit != 1 and typed and typed[-1].isdecimal():
        return parse_money(typed) * yuan_per_unit  # a bare number in a 万元 column
    return parse_money(typed)


def date(cell: Any, today: dt.date) -> dt.date:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if isinstance(cell, (int, float)):
        raise InvalidInput(
            _("{text} is a number, not a date: format the cell as a date or type 2024-05-20").format(text=text(cell))
        )
    return parse_date(text(cell), today)


def percent(cell: Any) -> Decimal:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return parse_percent(repr(cell).removesuffix(".0"))
    return parse_percent(text(cell))


def kind(cell: Any) -> Kind:
    return kind_from_words(text(cell))


def facility_type(cell: Any) -> str:
    return facility_type_from_words(text(cell))


def stage_key(cell: Any) -> str | None:
    """A standard stage named by key, English or Chinese name (e.g. 主体/封顶 or just 主体); None if none fits."""
    return stage_reached(text(cell))[0]


KIND_ZH = {value: words[0] for value, words in KIND_WORDS.items()}
FACILITY_ZH = {value: words[0] for value, words in FACILITY_WORDS.items()}
assert set(FACILITY_ZH) == set(FACILITY_TYPES)
