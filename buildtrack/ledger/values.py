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
from buildtrack.domain.stages import STANDARD_STAGES
from buildtrack.domain.words import FACILITY_WORDS, KIND_WORDS, facility_type_from_words, kind_from_words


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


def kind(cell: Any) -> Kind:
    return kind_from_words(text(cell))


def facility_type(cell: Any) -> str:
    return facility_type_from_words(text(cell))


# Words an office writes for a stage beyond its standard name; and the words saying a stage is finished.
_STAGE_WORDS = {
    "acceptance": ("竣工", "完工", "已竣工"),
    "in-use": ("投入使用", "交付使用", "已投用", "投用"),
    "fit-out": ("装饰", "装修"),
    "installation": ("水电安装", "机电安装"),
    "tendering": ("招标", "公开招标"),
}
_FINISHED = ("封顶", "完成", "完工", "竣工", "已", "投入使用", "交付使用", "投用")


def stage_key(cell: Any) -> str | None:
    """A standard stage named by key, English or Chinese name (e.g. 主体/封顶 or just 主体); None if none fits."""
    return stage_reached(cell)[0]


def stage_reached(cell: Any) -> tuple[str | None, bool]:
    """The standard stage a 形象进度 text names (the furthest one mentioned), and whether it says that stage is
    finished: 主体封顶 is the main structure done, 已竣工 the completion acceptance done, 基础施工中 foundation under way."""
    typed = text(cell).lower()
    if not typed:
        return None, False
    for item in reversed(STANDARD_STAGES):
        names = [item.key, item.name.lower(), *item.name_zh.split("/"), *_STAGE_WORDS.get(item.key, ())]
        if any(name and (typed == name or (len(name) >= 2 and name in typed)) for name in names):
            return item.key, any(word in typed for word in _FINISHED)
    return None, False


KIND_ZH = {value: words[0] for value, words in KIND_WORDS.items()}
FACILITY_ZH = {value: words[0] for value, words in FACILITY_WORDS.items()}
assert set(FACILITY_ZH) == set(FACILITY_TYPES)
