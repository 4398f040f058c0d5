"""Strict date parsing (the caller passes "today": the domain never reads a clock or the environment).

python-dateutil alone fills missing parts from today and swaps day and month silently; a wrong
deadline is worse than an error, so only unambiguous complete forms are accepted here and dateutil
is used just for month names and calendar offsets.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata

from dateutil.relativedelta import relativedelta

from buildtrack.domain.errors import InvalidInput
from buildtrack.i18n import _

_YMD = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_OFFSET = re.compile(r"([+-])\s*(\d{1,4})\s*([dwmy])")
_DAY_MONTH_YEAR = re.compile(r"\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}")
_MONTH_DAY_YEAR = re.compile(r"[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}")
_AMBIGUOUS = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_PARTIAL = re.compile(r"\d{4}\s*(?:[-/.]|年)\s*\d{1,2}\s*月?|[A-Za-z]{3,9}\.?\s+\d{4}|\d{1,2}\s*月\s*\d{1,2}\s*日?")
_YEAR = r"(?:(?P<year>\d{4})\s*年)?\s*"
_YEAR_END = re.compile(r"(?:(?P<year>\d{4})\s*年?)?(?:年底前?|年末|年内|下半年)|(?P<named>\d{4})\s*年(?:底前?|末|内)")
_MONTH_END = re.compile(_YEAR + r"(?P<month>\d{1,2})\s*月(?:底|末)前?")
_HALF = re.compile(_YEAR + r"上半年")
_QUARTER = re.compile(_YEAR + r"第?(?P<quarter>[一二三四1-4])\s*季度末?")
_DAY_IN_YEAR = re.compile(_YEAR + r"(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_WORDS = {"today": 0, "今天": 0, "yesterday": -1, "昨天": -1, "tomorrow": 1, "明天": 1}
_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
HINT = "write it as 2024-05-20, 2024年5月20日, 20 May 2024, today or +2w"


def parse_date(text: str, reference: dt.date) -> dt.date:
    """Parse a typed date; offsets and words count from ``reference`` (usually today)."""
    cleaned = unicodedata.normalize("NFKC", str(text)).strip()
    lowered = cleaned.lower()
    if lowered in _WORDS:
        return reference + dt.timedelta(days=_WORDS[lowered])
    if offset := _OFFSET.fullmatch(lowered):
        sign, count, unit = offset.groups()
        amount = int(count) * (1 if sign == "+" else -1)
        try:
            moved: dt.date = reference + relativedelta(**{_UNITS[unit]: amount})
            return moved
        except (ValueError, OverflowError):
            raise InvalidInput(_("date {text!r} lies outside the calendar").format(text=text)) from None
    if match := _YMD.fullmatch(cleaned) or _COMPACT.fullmatch(cleaned):
        return _calendar_date(text, *(int(part) for part in match.groups()))
    if (phrase := _office_phrase(text, cleaned, reference)) is not None:
        return phrase
    if _DAY_MONTH_YEAR.fullmatch(cleaned) or _MONTH_DAY_YEAR.fullmatch(cleaned):
        return _named_month(text, cleaned)
    if _AMBIGUOUS.fullmatch(cleaned):
        raise InvalidInput(
            _("date {text!r} is ambiguous (day and month could be swapped): {HINT}").format(text=text, HINT=HINT)
        )
    if _PARTIAL.fullmatch(cleaned):
        raise InvalidInput(
            _("date {text!r} is incomplete: give year, month and day; {HINT}").format(text=text, HINT=HINT)
        )
    raise InvalidInput(_("date {text!r} is not a date: {HINT}").format(text=text, HINT=HINT))


def _office_phrase(text: str, cleaned: str, reference: dt.date) -> dt.date | None:
    """The dates a work plan writes in words: 年底 / 年底前 / 年内 (31 December), 6月底 (30 June), 上半年 (30 June),
    三季度末 (30 September), 3月28日 — in the year they name, else the reference date's year."""

    def year(match: re.Match[str]) -> int:
        named = match["year"] or match.groupdict().get("named")
        return int(named) if named else reference.year

    if match := _YEAR_END.fullmatch(cleaned):
        return dt.date(year(match), 12, 31)
    if match := _HALF.fullmatch(cleaned):
        return dt.date(year(match), 6, 30)
    if match := _QUARTER.fullmatch(cleaned):
        month = 3 * _QUARTERS[match["quarter"]]
        return dt.date(year(match), month, calendar.monthrange(year(match), month)[1])
    if match := _MONTH_END.fullmatch(cleaned):
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise InvalidInput(_("date {text!r}: there is no month {month}").format(text=text, month=month))
        return dt.date(year(match), month, calendar.monthrange(year(match), month)[1])
    if match := _DAY_IN_YEAR.fullmatch(cleaned):
        return _calendar_date(text, year(match), int(match["month"]), int(match["day"]))
    if cleaned in ("月底", "月末", "季度末", "底"):
        raise InvalidInput(
            _("date {text!r} does not say which month or quarter: write 6月底 or 三季度末").format(text=text)
        )
    return None


def _calendar_date(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise InvalidInput(_("date {text!r} does not exist in the calendar").format(text=text)) from None


def _named_month(text: str, cleaned: str) -> dt.date:
    """Let dateutil read month names; the regexes above already demand a day and a 4-digit year."""
    from dateutil import parser as dateutil_parser  # imported here: ISO and 年月日 dates need none of it

    try:
        parsed = dateutil_parser.parse(cleaned, default=dt.datetime(1, 1, 1))
    except (ValueError, OverflowError):
        raise InvalidInput(_("date {text!r} is not a date: {HINT}").format(text=text, HINT=HINT)) from None
    day: dt.date = parsed.date()
    return day


_MONTH = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*")


def month_range(text: str) -> tuple[dt.date, dt.date]:
    """A typed month's first and last day: "2024-06" or "2024年6月" → (2024-06-01, 2024-06-30)."""
    match = _MONTH.fullmatch(unicodedata.normalize("NFKC", str(text)))
    if not match or not 1 <= int(match[2]) <= 12:
        raise InvalidInput(_("month {text!r} must look like 2024-06 or 2024年6月").format(text=text))
    year, month = int(match[1]), int(match[2])
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_optional_date(text: str | None, reference: dt.date) -> dt.date | None:
    """Like ``parse_date`` but an empty text or "-" means "no date" (to clear a field)."""
    if text is None or str(text).strip() in ("", "-", "none"):
        return None
    return parse_date(text, reference)


def format_date(value: dt.date | None) -> str:
    """ISO form, or a dash for a missing date."""
    return value.isoformat() if value else "—"
