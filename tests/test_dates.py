"""Dates are strict: complete, unambiguous forms only; today is injectable."""

import datetime as dt

import pytest

from buildtrack.domain.dates import parse_date
from buildtrack.domain.errors import InvalidInput
from buildtrack.session import Session

REF = dt.date(2024, 5, 1)


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("2024-05-20", dt.date(2024, 5, 20)),
        ("2024/5/20", dt.date(2024, 5, 20)),
        ("2024.5.20", dt.date(2024, 5, 20)),
        ("2024年5月20日", dt.date(2024, 5, 20)),
        ("20 May 2024", dt.date(2024, 5, 20)),
        ("May 20, 2024", dt.date(2024, 5, 20)),
        ("Sept 3, 2024", dt.date(2024, 9, 3)),
        ("today", REF),
        ("yesterday", dt.date(2024, 4, 30)),
        ("+2w", dt.date(2024, 5, 15)),
        ("-3d", dt.date(2024, 4, 28)),
        ("+1m", dt.date(2024, 6, 1)),
        ("+1y", dt.date(2025, 5, 1)),
    ],
)
def test_accepts_complete_unambiguous_dates(typed, expected):
    assert parse_date(typed, REF) == expected


def test_month_offsets_clip_to_month_end():
    assert parse_date("+1m", dt.date(2024, 1, 31)) == dt.date(2024, 2, 29)


@pytest.mark.parametrize(
    "typed, reason",
    [
        ("05/06/2024", "ambiguous"),
        ("5.6.24", "ambiguous"),
        ("2024-05", "incomplete"),
        ("May 2024", "incomplete"),
        ("2024年5月", "incomplete"),  # 5月20日 alone is a day of the reference year (see below)
        ("2024-02-30", "does not exist"),
        ("2023年2月29日", "does not exist"),
        ("next tuesday", "not a date"),
        ("", "not a date"),
        ("31 Foo 2024", "not a date"),
        ("+99999y", "not a date"),
        ("+9999y", "outside the calendar"),
    ],
)
def test_rejects_ambiguous_partial_and_impossible_dates(typed, reason):
    with pytest.raises(InvalidInput, match=reason):
        parse_date(typed, REF)


def test_today_is_chosen_by_the_session_not_the_domain():
    assert Session((), "2024-06-30").today() == dt.date(2024, 6, 30)
    assert Session((), None).today() == dt.date.today()


REFERENCE = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("年底", dt.date(2026, 12, 31)),
        ("年底前", dt.date(2026, 12, 31)),
        ("年内", dt.date(2026, 12, 31)),
        ("2027年底", dt.date(2027, 12, 31)),
        ("2027年年底", dt.date(2027, 12, 31)),
        ("6月底", dt.date(2026, 6, 30)),
        ("2月底", dt.date(2026, 2, 28)),
        ("2028年2月底", dt.date(2028, 2, 29)),
        ("上半年", dt.date(2026, 6, 30)),
        ("下半年", dt.date(2026, 12, 31)),
        ("三季度末", dt.date(2026, 9, 30)),
        ("第一季度末", dt.date(2026, 3, 31)),
        ("4季度末", dt.date(2026, 12, 31)),
        ("3月28日", dt.date(2026, 3, 28)),
        ("2027年3月28日", dt.date(2027, 3, 28)),
    ],
)
def test_the_offices_date_phrases(typed, meant):
    assert parse_date(typed, REFERENCE) == meant


@pytest.mark.parametrize("typed, reason", [("月底", "which month"), ("底", "which month"), ("13月底", "no month 13")])
def test_a_phrase_that_stays_ambiguous_is_refused_with_the_reason(typed, reason):
    with pytest.raises(InvalidInput, match=reason):
        parse_date(typed, REFERENCE)
