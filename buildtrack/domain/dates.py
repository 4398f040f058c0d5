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

_YMD = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_OFFSET = re.compile(r"([+-])\s*(\d{1,4})\s*([dwmy])")
_DAY_MONTH_YEAR = re.compile(r"\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}")
_MONTH_DAY_YEAR = re.compile(r"[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}")
_AMBIGUOUS = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
_PARTIAL = re.compile(r"\d{4}\s*(?:[-/.]|年)\s*\d{1,2}\s*月?|[A-Za-z]{3,9}\.?\s+\d{4}|\d{1,2}\s*月\s*\d{1,2}\s*日?")
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
            raise InvalidInput(f"date {text!r} lies outside the calendar") from None
    if match := _YMD.fullmatch(cleaned) or _COMPACT.fullmatch(cleaned):
        return _calendar_date(text, *(int(part) for part in match.groups()))
    if _DAY_MONTH_YEAR.fullmatch(cleaned) or _MONTH_DAY_YEAR.fullmatch(cleaned):
        return _named_month(text, cleaned)
    if _AMBIGUOUS.fullmatch(cleaned):
        raise InvalidInput(f"date {text!r} is ambiguous (day and month could be swapped): {HINT}")
    if _PARTIAL.fullmatch(cleaned):
        raise InvalidInput(f"date {text!r} is incomplete: give year, month and day; {HINT}")
    raise InvalidInput(f"date {text!r} is not a date: {HINT}")


def _calendar_date(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise InvalidInput(f"date {text!r} does not exist in the calendar") from None


def _named_month(text: str, cleaned: str) -> dt.date:
    """Let dateutil read month names; the regexes above already demand a day and a 4-digit year."""
    from dateutil import parser as dateutil_parser  # imported here: ISO and 年月日 dates need none of it

    try:
        parsed = dateutil_parser.parse(cleaned, default=dt.datetime(1, 1, 1))
    except (ValueError, OverflowError):
        raise InvalidInput(f"date {text!r} is not a date: {HINT}") from None
    day: dt.date = parsed.date()
    return day


_MONTH = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*")


def month_range(text: str) -> tuple[dt.date, dt.date]:
    """A typed month's first and last day: "2024-06" or "2024年6月" → (2024-06-01, 2024-06-30)."""
    match = _MONTH.fullmatch(unicodedata.normalize("NFKC", str(text)))
    if not match or not 1 <= int(match[2]) <= 12:
        raise InvalidInput(f"month {text!r} must look like 2024-06 or 2024年6月")
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
