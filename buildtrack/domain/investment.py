"""Investment completed against the annual plan, and the time-elapsed schedule (序时进度) it is judged by.

Offices report "完成年度计划投资的31.7%，低于序时进度1.6个百分点": the value of work done this year (投资完成额,
reported month by month; not money paid) as a share of the year's planned investment (年度计划投资),
beside the share of the year gone by. The year counts in months, each month in its days, so the end of
April is exactly 4/12 = 33.3 %.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from buildtrack.domain.model import Project

_PLACE = Decimal("0.1")


def elapsed_share(day: dt.date) -> Decimal:
    """序时进度: the share of ``day``'s year gone by at its end, in percent (months, then days of the month)."""
    days_in_month = calendar.monthrange(day.year, day.month)[1]
    months = Decimal(day.month - 1) + Decimal(day.day) / Decimal(days_in_month)
    return (months * 100 / 12).quantize(_PLACE, rounding=ROUND_HALF_UP)


def percent_of(part: int, whole: int | None) -> Decimal | None:
    """``part`` as a percent of ``whole`` to one place, or None without a base."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_PLACE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class InvestmentProgress:
    """One project's (or a group's) year so far: plan, work done, shares, gap in points, all work done."""

    year: int
    planned: int | None  # the year's planned investment, None when no plan was set
    completed: int  # this year, to the as-of month
    elapsed: Decimal
    cumulative: int  # all years, to the as-of date
    budget: int | None  # total investment

    @property
    def share(self) -> Decimal | None:
        return percent_of(self.completed, self.planned)

    @property
    def gap(self) -> Decimal | None:
        """Points ahead (positive) or behind (negative) the time-elapsed schedule."""
        return None if self.share is None else self.share - self.elapsed

    @property
    def cumulative_share(self) -> Decimal | None:
        return percent_of(self.cumulative, self.budget)

    def __add__(self, other: InvestmentProgress) -> InvestmentProgress:
        def plus(first: int | None, second: int | None) -> int | None:
            return None if first is None and second is None else (first or 0) + (second or 0)

        return InvestmentProgress(
            self.year,
            plus(self.planned, other.planned),
            self.completed + other.completed,
            self.elapsed,
            self.cumulative + other.cumulative,
            plus(self.budget, other.budget),
        )


def investment_progress(project: Project, day: dt.date) -> InvestmentProgress:
    """``project``'s annual plan for ``day``'s year and the work done by the end of ``day``'s month."""
    plan = next((plan.planned for plan in project.annual_plans if plan.year == day.year), None)
    done = [entry for entry in project.completions if entry.month <= day]
    this_year = sum(entry.amount for entry in done if entry.month.year == day.year)
    return InvestmentProgress(
        day.year, plan, this_year, elapsed_share(day), sum(entry.amount for entry in done), project.total_investment
    )


def nothing_yet(day: dt.date) -> InvestmentProgress:
    """The zero to add a group's projects to."""
    return InvestmentProgress(day.year, None, 0, elapsed_share(day), 0, None)
