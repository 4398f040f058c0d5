"""Money is parsed exactly from what staff type and shown in yuan, 万元 or 亿元."""

import pytest

from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.money import MoneyUnit, format_money, format_money_with_unit, parse_money


@pytest.mark.parametrize(
    "typed, fen",
    [
        ("85000000", 85_000_000_00),
        ("85,000,000.50", 85_000_000_50),
        ("8500万", 85_000_000_00),
        ("310萬元", 3_100_000_00),  # traditional characters, as some ledgers write them
        ("1.2億", 120_000_000_00),
        ("8500万元", 85_000_000_00),
        ("1.2亿", 120_000_000_00),
        ("1.2亿元", 120_000_000_00),
        ("112781.89万", 1_127_818_900_00),
        ("195万", 1_950_000_00),
        ("0", 0),
        (" 3,500,000 ", 3_500_000_00),
        ("¥1,000", 1_000_00),
        ("８５００万", 85_000_000_00),  # full-width digits from a Chinese IME
        ("0.01", 1),
        ("21.6万", 216_000_00),
    ],
)
def test_accepts_what_staff_type(typed, fen):
    assert parse_money(typed) == fen


@pytest.mark.parametrize(
    "typed, reason",
    [
        ("", "empty"),
        ("abc", "not a number"),
        ("-5", "negative"),
        ("-8500万", "negative"),
        ("1,2345", "ambiguous separators"),
        ("1.234.567", "ambiguous separators"),
        ("1.234,56", "ambiguous separators"),
        ("12,34,567", "ambiguous separators"),
        ("0.001", "more precise than one fen"),
        ("1.23456789万", "more precise than one fen"),
        ("8500 dollars", "not a number"),
        ("1e6", "not a number"),
        ("NaN", "not a number"),
        ("200000000000000000", "too large"),
        ("1,000,001亿", "too large"),
    ],
)
def test_rejects_garbage_with_a_reason(typed, reason):
    with pytest.raises(InvalidInput, match=reason):
        parse_money(typed)


def test_displays_in_each_unit_with_separators():
    fen = 1_127_818_900_00
    assert format_money(fen, MoneyUnit.YUAN) == "1,127,818,900.00"
    assert format_money(fen, MoneyUnit.WAN) == "112,781.89"
    assert format_money(fen, MoneyUnit.YI) == "11.2782"
    assert format_money_with_unit(85_000_000_00, MoneyUnit.WAN) == "8,500.00 万元"


def test_display_rounds_half_up_and_shows_missing_as_dash():
    assert format_money(50_00, MoneyUnit.WAN) == "0.01"  # 50 yuan = 0.005 万元 → 0.01
    assert format_money(None) == "—"
