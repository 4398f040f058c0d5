"""What every stored value shares: immutability, the number types of the file, and ``replace``."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, TypeVar

import msgspec

from buildtrack.domain.money import MAX_FEN
from buildtrack.i18n import _

Fen = Annotated[int, msgspec.Meta(ge=0, le=MAX_FEN)]
SignedFen = Annotated[int, msgspec.Meta(ge=-MAX_FEN, le=MAX_FEN)]  # a correction takes money back
Count = Annotated[int, msgspec.Meta(ge=0, le=9_999_999)]
Whole = Annotated[int, msgspec.Meta(ge=0)]
HUNDRED = Decimal(100)
_ZERO = Decimal(0)

V = TypeVar("V", bound=msgspec.Struct)


class Stored(msgspec.Struct, frozen=True, gc=False, forbid_unknown_fields=True):
    """Base of every value kept in the database: immutable, untracked by the collector, no unknown keys."""


def replace(value: V, **changes: Any) -> V:
    """A copy of ``value`` with some fields changed (the values are immutable)."""
    return msgspec.structs.replace(value, **changes)


def in_range(value: Decimal | None, what: str, high: Decimal | None = HUNDRED) -> None:
    """Decimal ranges, checked when a stored value is decoded (msgspec bounds only ints and floats)."""
    if value is None or (value.is_finite() and _ZERO <= value and (high is None or value <= high)):
        return  # the usual case, in one test: a province's file holds 200,000 percents
    if not value.is_finite() or value < _ZERO:
        raise ValueError(_("{what} {value} is not a number of zero or more").format(what=what, value=value))
    if high is not None and value > high:
        raise ValueError(_("{what} {value} is above {high}").format(what=what, value=value, high=high))
