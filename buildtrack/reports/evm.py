"""Earned value, explained: PV, EV, AC, SV, CV, SPI, CPI for a project or a whole portfolio.

    PV (planned value) = planned % × budget        EV (earned value) = actual % × budget
    AC (actual cost)   = amount paid                SV = EV − PV      CV = EV − AC
    SPI = EV ÷ PV (below 1: behind schedule)        CPI = EV ÷ AC (below 1: over cost)

Budget is the project's total investment. A ratio over zero is "—", never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from buildtrack.domain.funding import line_totals
from buildtrack.domain.model import Project
from buildtrack.domain.schedule import Standing

FORMULAS = (
    "PV = planned % × budget (total investment); EV = actual % × budget; AC = amount paid; "
    "SV = EV − PV; CV = EV − AC; SPI = EV ÷ PV; CPI = EV ÷ AC. SPI or CPI below 1 means behind "
    "schedule or over cost; a ratio with a zero base is shown as —."
)


@dataclass(frozen=True)
class EarnedValue:
    pv: int | None
    ev: int | None
    ac: int

    @property
    def sv(self) -> int | None:
        return None if self.ev is None or self.pv is None else self.ev - self.pv

    @property
    def cv(self) -> int | None:
        return None if self.ev is None else self.ev - self.ac

    @property
    def spi(self) -> Decimal | None:
        return ratio(self.ev, self.pv)

    @property
    def cpi(self) -> Decimal | None:
        return ratio(self.ev, self.ac)

    def __add__(self, other: EarnedValue) -> EarnedValue:
        def plus(a, b):
            return None if a is None and b is None else (a or 0) + (b or 0)

        return EarnedValue(plus(self.pv, other.pv), plus(self.ev, other.ev), self.ac + other.ac)


def ratio(part: int | None, whole: int | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _share(percent: Decimal | None, budget: int) -> int | None:
    if percent is None:
        return None
    return int((percent * budget / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def earned_value(project: Project, standing: Standing) -> EarnedValue:
    """Earned value of one project from its standing on the report date (no budget: PV and EV unknown)."""
    paid = line_totals(project.funding).paid
    if project.total_investment is None:
        return EarnedValue(None, None, paid)
    return EarnedValue(
        _share(standing.planned, project.total_investment),
        _share(standing.actual or Decimal(0), project.total_investment),
        paid,
    )
