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
        ("5月20日", "incomplete"),
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
