"""Traffic lights (红黄绿灯): one pure function grades a project green, yellow or red on a date, with its reasons.

The rules are the portfolio's (``LightRules`` in the settings); by default a project is yellow from 10
percentage points behind the time-elapsed schedule of its annual investment (序时进度) or behind its
planned physical progress, and red from 30 points behind or with a milestone more than 30 days late.
Two rules are optional: money paid lagging behind money received, and problems past their deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from buildtrack.domain.funding import line_totals
from buildtrack.domain.investment import investment_progress, percent_of
from buildtrack.domain.model import LightRules, Project
from buildtrack.domain.schedule import Standing, overdue_milestones
from buildtrack.i18n import _


class Light(Enum):
    """Worst last: a project takes the worst light any rule gives it."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


_RANK = {Light.GREEN: 0, Light.YELLOW: 1, Light.RED: 2}


@dataclass(frozen=True)
class Grade:
    light: Light
    reasons: tuple[str, ...]


def _points(value: Decimal) -> str:
    return f"{value.normalize():f}"


def grade(project: Project, day: dt.date, standing: Standing, rules: LightRules) -> Grade:
    """The light of ``project`` on ``day``: every rule it breaks, the worst one deciding."""
    found: list[tuple[Light, str]] = []

    def behind(points: Decimal | None, what: str) -> None:
        if points is None or points < rules.yellow_points:
            return
        colour = Light.RED if points >= rules.red_points else Light.YELLOW
        found.append((colour, what.format(points=_points(points))))

    investment = investment_progress(project, day)
    if investment.gap is not None:
        behind(-investment.gap, _("{points} points behind the time-elapsed schedule (序时进度) of the annual plan"))
    if standing.actual is not None or standing.planned > 0:
        behind(standing.planned - (standing.actual or Decimal(0)), _("{points} points behind the planned progress"))
    late = [item for item in overdue_milestones(project, day) if item.days_late > rules.red_days_late]
    if late:
        latest = max(late, key=lambda item: item.days_late)
        found.append(
            (
                Light.RED,
                _("{milestone!r} {days} days late").format(milestone=latest.milestone.name, days=latest.days_late),
            )
        )
    if rules.payment_pace_points is not None:
        money = line_totals(project.funding)
        paid_share = percent_of(money.paid, money.received)
        if paid_share is not None and paid_share < rules.payment_pace_points:
            found.append(
                (
                    Light.YELLOW,
                    _("only {share} of the money received has been paid").format(share=f"{_points(paid_share)}%"),
                )
            )
    if rules.overdue_problems:
        overdue = [problem for problem in project.problems if problem.overdue_on(day)]
        if overdue:
            found.append((Light.YELLOW, _("{count} problems past their deadline").format(count=len(overdue))))
    if not found:
        return Grade(Light.GREEN, ())
    worst = max((light for light, _reason in found), key=_RANK.__getitem__)
    return Grade(worst, tuple(reason for _light, reason in sorted(found, key=lambda item: -_RANK[item[0]])))
