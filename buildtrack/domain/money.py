"""Exact money: amounts are integer fen (1/100 yuan); parsing accepts what planning staff type.

Staff write "85000000", "85,000,000.50", "8500万", "8500万元", "1.2亿" or "112781.89万". Floats would turn
the last into 1,127,818,899.99…, so every step here is integer or ``Decimal`` arithmetic.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from buildtrack.domain.errors import InvalidInput
from buildtrack.i18n import _

FEN_PER_YUAN = 100
MAX_FEN = 10**16  # 100万亿元: far above any budget, and sums of many stay within 64-bit JSON integers


class MoneyUnit(Enum):
    """The unit amounts are displayed in; the value is the number of yuan in one unit."""

    YUAN = "yuan"
    WAN = "wan"
    YI = "yi"

    @property
    def yuan(self) -> int:
        return {"yuan": 1, "wan": 10_000, "yi": 100_000_000}[self.value]

    @property
    def label(self) -> str:
        return {"yuan": "元", "wan": "万元", "yi": "亿元"}[self.value]

    @property
    def decimals(self) -> int:
        """Places shown: fen for yuan, hundreds of yuan for 万元, ten-thousands of yuan for 亿元."""
        return {"yuan": 2, "wan": 2, "yi": 4}[self.value]


_SUFFIXES = {"": 1, "元": 1, "万": 10_000, "万元": 10_000, "亿": 100_000_000, "亿元": 100_000_000}
_TRADITIONAL = str.maketrans({"萬": "万", "億": "亿", "圓": "元"})  # 310萬元, 1.2億元 as ledgers in 繁體 write them
_NUMBER = re.compile(r"(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<frac>\d+))?")
_SHAPE = re.compile(r"(?P<number>[\d.,]+)\s*(?P<suffix>万元|亿元|万|亿|元)?")


def parse_money(text: str) -> int:
    """Return the amount typed in ``text`` as integer fen, or raise ``InvalidInput`` with the reason."""
    cleaned = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "").translate(_TRADITIONAL)
    cleaned = cleaned.removeprefix("¥").removeprefix("CNY")
    if not cleaned:
        raise InvalidInput(_("amount is empty: type a number such as 8500万 or 85,000,000"))
    if cleaned.startswith("-"):
        raise InvalidInput(_("amount {text!r} is negative: amounts must be zero or more").format(text=text))
    shape = _SHAPE.fullmatch(cleaned)
    if shape is None:
        raise InvalidInput(_("amount {text!r} is not a number (examples: 85000000, 8500万, 1.2亿)").format(text=text))
    number = _NUMBER.fullmatch(shape["number"])
    if number is None:
        raise InvalidInput(
            _(
                "amount {text!r} has ambiguous separators: use commas only between groups of three digits "
                "and one dot for decimals"
            ).format(text=text)
        )
    digits = number["int"].replace(",", "") + "." + (number["frac"] or "0")
    fen = Decimal(digits) * _SUFFIXES[shape["suffix"] or ""] * FEN_PER_YUAN
    if fen != fen.to_integral_value():
        raise InvalidInput(_("amount {text!r} is more precise than one fen (0.01 yuan)").format(text=text))
    if fen > MAX_FEN:
        raise InvalidInput(_("amount {text!r} is too large (the limit is 100万亿元)").format(text=text))
    return int(fen)


def yuan(fen: int) -> Decimal:
    """The exact amount in yuan, for machine-readable output."""
    return Decimal(fen) / FEN_PER_YUAN


def format_money(fen: int | None, unit: MoneyUnit = MoneyUnit.YUAN) -> str:
    """Format fen in ``unit`` with thousands separators, rounded half-up to the unit's places."""
    if fen is None:
        return "—"
    amount = Decimal(fen) / (FEN_PER_YUAN * unit.yuan)
    quantum = Decimal(1).scaleb(-unit.decimals)
    return f"{amount.quantize(quantum, rounding=ROUND_HALF_UP):,}"


def format_money_with_unit(fen: int | None, unit: MoneyUnit = MoneyUnit.YUAN) -> str:
    """Format fen followed by the unit's label, for sentences and detail views."""
    return "—" if fen is None else f"{format_money(fen, unit)} {unit.label}"


def editable_money(fen: int) -> str:
    """The shortest exact text for an amount that ``parse_money`` reads back: 8500万, 1.2亿, 1,234.56."""
    for suffix, unit in (("亿", MoneyUnit.YI), ("万", MoneyUnit.WAN)):
        amount = Decimal(fen) / (FEN_PER_YUAN * unit.yuan)
        if fen and amount >= 1 and amount == amount.quantize(Decimal("0.01")):
            return f"{amount.normalize():f}{suffix}"
    return format_money(fen, MoneyUnit.YUAN)
