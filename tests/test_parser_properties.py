"""Property tests: any text thrown at a parser gives a value or a one-line reason, never a crash."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from buildtrack.domain.dates import parse_date
from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.fields import PROJECT_FIELDS, parse_field
from buildtrack.domain.model import check_code
from buildtrack.domain.money import MoneyUnit, format_money, parse_money
from buildtrack.domain.percent import parse_percent, parse_weight

TYPED = st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.from_regex(
    r"[-+]?[0-9,.]{0,14}(万元|亿元|万|亿|元|%|d|w|m|y)?", fullmatch=True
)
TODAY = dt.date(2024, 6, 1)


def accepted_or_one_line_reason(parse, text):
    try:
        return parse(text)
    except InvalidInput as error:
        assert str(error) and "\n" not in str(error)
        return None


@settings(max_examples=400)
@given(TYPED)
def test_every_parser_accepts_or_gives_a_one_line_reason(text):
    for parse in (parse_money, parse_percent, parse_weight, check_code, lambda t: parse_date(t, TODAY)):
        accepted_or_one_line_reason(parse, text)
    for spec in PROJECT_FIELDS:
        accepted_or_one_line_reason(lambda t, name=spec.name: parse_field(name, t, TODAY), text)


@given(st.integers(min_value=0, max_value=10**15))
def test_amounts_shown_in_yuan_parse_back_exactly(fen):
    assert parse_money(format_money(fen, MoneyUnit.YUAN)) == fen


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)))
def test_iso_and_chinese_dates_parse_back(day):
    assert parse_date(day.isoformat(), TODAY) == day
    assert parse_date(f"{day.year}年{day.month}月{day.day}日", TODAY) == day
