"""Earned value, explained: PV, EV, AC, SV, CV, SPI, CPI for a project or a whole portfolio.

    PV (planned value) = planned % × budget        EV (earned value) = actual % × budget
    AC (actual cost)   = amount paid                SV = EV − PV      CV = EV − AC
    SPI = EV ÷ PV (below 1: behind schedule)        CPI = EV ÷ AC (below 1: over cost)

Budget is the project's total investment, AC the money paid by the as-of date (its dated entries). A ratio
over zero is "—", never an error. The portfolio's SPI covers only the projects with a planned value, and
its CPI only those with money paid: a project with no payments yet would otherwise make the portfolio look
far under cost (an earned value over nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from buildtrack.domain.funding import line_totals
from buildtrack.domain.model import Project
from buildtrack.domain.schedule import Standing
from buildtrack.i18n import _

_SHOWN = 8  # codes named in a note before "and N more"


def formulas() -> str:
    return _(
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


@dataclass(frozen=True)
class Totals:
    """A portfolio's earned value: the sums, and the ratios over the projects each one can be computed for."""

    pv: int | None
    ev: int | None
    ac: int
    spi: Decimal | None
    cpi: Decimal | None
    without_pv: tuple[str, ...]  # left out of SPI: no budget or nothing planned yet
    without_ac: tuple[str, ...]  # left out of CPI: nothing paid yet

    @property
    def sv(self) -> int | None:
        return None if self.ev is None or self.pv is None else self.ev - self.pv

    @property
    def cv(self) -> int | None:
        return None if self.ev is None else self.ev - self.ac

    def notes(self) -> tuple[str, ...]:
        """Which projects the ratios leave out, and why."""
        found = []
        if self.without_pv:
            found.append(
                _(
                    "The portfolio SPI leaves out {count} projects without a budget or a planned value yet: {codes}."
                ).format(count=len(self.without_pv), codes=_codes(self.without_pv))
            )
        if self.without_ac:
            found.append(
                _("The portfolio CPI leaves out {count} projects with no money paid yet: {codes}.").format(
                    count=len(self.without_ac), codes=_codes(self.without_ac)
                )
            )
        return tuple(found)


def _codes(codes: tuple[str, ...]) -> str:
    shown = ", ".join(codes[:_SHOWN])
    return shown if len(codes) <= _SHOWN else _("{codes} and {more} more").format(codes=shown, more=len(codes) - _SHOWN)


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


def portfolio_totals(values: Iterable[tuple[Project, EarnedValue]]) -> Totals:
    """Sums over the projects with a budget; SPI over those with a planned value, CPI over those with payments."""
    values = list(values)
    with_budget = [(project, value) for project, value in values if value.ev is not None]
    pv = sum(value.pv or 0 for _, value in with_budget) if with_budget else None
    ev = sum(value.ev or 0 for _, value in with_budget) if with_budget else None
    ac = sum(value.ac for _, value in with_budget)
    scheduled = [(project, value) for project, value in with_budget if value.pv]
    spent = [(project, value) for project, value in with_budget if value.ac]
    spi = ratio(sum(v.ev or 0 for _, v in scheduled), sum(v.pv or 0 for _, v in scheduled))
    cpi = ratio(sum(v.ev or 0 for _, v in spent), sum(v.ac for _, v in spent))
    return Totals(
        pv,
        ev,
        ac,
        spi,
        cpi,
        tuple(project.code for project, value in values if not value.pv),
        tuple(project.code for project, value in with_budget if not value.ac),
    )
