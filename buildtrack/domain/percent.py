"""Percentages as exact decimals between 0 and 100 ("35", "35%", "35.5 %")."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from buildtrack.domain.errors import InvalidInput
from buildtrack.i18n import _

_PERCENT = re.compile(r"(\d{1,3})(?:\.(\d{1,4}))?\s*%?")  # four places: a weighted mean of packages has them
HUNDRED = Decimal(100)


def parse_percent(text: str) -> Decimal:
    """Return the percent typed in ``text`` (0–100, at most four decimals) or raise ``InvalidInput``."""
    cleaned = unicodedata.normalize("NFKC", str(text)).strip()
    match = _PERCENT.fullmatch(cleaned)
    if match is None:
        raise InvalidInput(
            _("percent {text!r} is not a number from 0 to 100 (for example 35 or 35.5%)").format(text=text)
        )
    value = Decimal(match[0].rstrip("% ").strip())
    if value > HUNDRED:
        raise InvalidInput(_("percent {text!r} is above 100").format(text=text))
    return canonical(value)


def parse_weight(text: str) -> Decimal:
    """Return a positive work-package weight (e.g. "1", "2.5") or raise ``InvalidInput``."""
    cleaned = unicodedata.normalize("NFKC", str(text)).strip()
    if not re.fullmatch(r"\d{1,6}(?:\.\d{1,4})?", cleaned) or Decimal(cleaned) == 0:
        raise InvalidInput(_("weight {text!r} must be a positive number such as 1 or 2.5").format(text=text))
    return canonical(Decimal(cleaned))


def canonical(value: Decimal) -> Decimal:
    """The same number without trailing zeros or an exponent ("35.50" → 35.5, "1E+2" → 100), as it is stored."""
    return Decimal(f"{value.normalize():f}")


def format_percent(value: Decimal | None) -> str:
    """Show a percent with at most one decimal, or a dash when unknown."""
    if value is None:
        return "—"
    return f"{value.quantize(Decimal('0.1')).normalize():f}%"
