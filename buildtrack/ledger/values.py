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
from buildtrack.domain.fields import parse_field
from buildtrack.domain.model import FACILITY_TYPES, Kind, MoneyKind
from buildtrack.domain.money import MAX_FEN, parse_money
from buildtrack.domain.percent import parse_percent
from buildtrack.domain.stages import STANDARD_STAGES

KIND_WORDS = {
    Kind.NEW_BUILD: ("新建", "原址新建", "兴建"),
    Kind.EXPANSION: ("扩建", "改扩建", "扩建改造"),
    Kind.RELOCATION: ("迁建", "搬迁建设", "外迁扩建", "搬迁"),
    Kind.RENOVATION: ("改造", "改建", "旧房改造", "改貌"),
    Kind.EQUIPMENT: ("设备购置", "单纯购置", "设备"),
    Kind.OTHER: ("其他",),
}
FACILITY_WORDS = {
    "general hospital": ("综合医院", "人民医院", "县医院", "区医院"),
    "TCM hospital": ("中医院", "中医医院"),
    "MCH hospital": ("妇幼保健院", "妇幼保健站"),
    "CDC": ("疾控中心", "疾病预防控制中心"),
    "township health centre": ("乡镇卫生院", "卫生院", "中心卫生院"),
    "community health centre": ("社区卫生服务中心",),
    "village clinic": ("村卫生室", "卫生室", "卫生站"),
    "emergency centre": ("急救中心", "120急救指挥中心"),
    "other": ("其他",),
}


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
        raise InvalidInput(f"{cell!r} is not an amount")
    if isinstance(cell, (int, float)):
        fen = Decimal(repr(cell)) * yuan_per_unit * 100
        if fen < 0:
            raise InvalidInput(f"amount {text(cell)} is negative")
        if fen != fen.to_integral_value():
            raise InvalidInput(f"amount {text(cell)} is more precise than one fen")
        if fen > MAX_FEN:
            raise InvalidInput(f"amount {text(cell)} is too large")
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
        raise InvalidInput(f"{text(cell)} is a number, not a date: format the cell as a date or type 2024-05-20")
    return parse_date(text(cell), today)


def percent(cell: Any) -> Decimal:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return parse_percent(repr(cell).removesuffix(".0"))
    return parse_percent(text(cell))


def _word_or_value(cell: Any, words_by_value: dict, field: str) -> Any:
    """A Chinese word from the ledger (新建, 卫生院 …) or the English value the field parser takes."""
    typed = text(cell)
    for value, words in words_by_value.items():
        if typed in words:
            return value
    return parse_field(field, typed, dt.date.min)  # kind and facility type hold no date: no 'today' is read


def kind(cell: Any) -> Kind:
    return _word_or_value(cell, KIND_WORDS, "kind")


def facility_type(cell: Any) -> str:
    return _word_or_value(cell, FACILITY_WORDS, "facility_type")


def stage_key(cell: Any) -> str | None:
    """A standard stage named by key, English or Chinese name (e.g. 主体/封顶 or just 主体); None if none fits."""
    typed = text(cell).lower()
    if not typed:
        return None
    for item in reversed(STANDARD_STAGES):  # the furthest stage mentioned wins
        names = [item.key, item.name.lower(), *item.name_zh.split("/")]
        if any(name and (typed == name or (len(name) >= 2 and name in typed)) for name in names):
            return item.key
    return None


KIND_ZH = {value: words[0] for value, words in KIND_WORDS.items()}
FACILITY_ZH = {value: words[0] for value, words in FACILITY_WORDS.items()}
assert set(FACILITY_ZH) == set(FACILITY_TYPES)


MONEY_WORDS = {MoneyKind.RECEIVED: ("received", "到位"), MoneyKind.PAID: ("paid", "支付")}
