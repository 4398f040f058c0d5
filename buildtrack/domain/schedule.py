"""Where a project stands on a date: planned and actual percent, overdue milestones, status.

Every screen and report asks these functions, so "overdue" or "at risk" means the same everywhere.
All take the as-of date explicitly; nothing here reads the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

from buildtrack import i18n
from buildtrack.domain.model import Milestone, Project
from buildtrack.domain.percent import HUNDRED, canonical
from buildtrack.domain.stages import STANDARD_STAGES, stage
from buildtrack.i18n import _, ngettext

_STAGE_PERCENT = {stage.key: stage.percent_at_completion for stage in STANDARD_STAGES}


class Status(Enum):
    """A project's standing on a date, worst last except for completed."""

    NOT_STARTED = "not started"
    ON_TRACK = "on track"
    AT_RISK = "at risk"
    OVERDUE = "overdue"
    COMPLETED = "completed"


@dataclass(frozen=True)
class OverdueMilestone:
    """A milestone past its due date and not done as of the report date."""

    project: Project
    number: int
    milestone: Milestone
    days_late: int


@dataclass(frozen=True)
class Standing:
    """Everything a report row needs to know about a project on one date, computed once."""

    status: Status
    planned: Decimal
    actual: Decimal | None
    reasons: tuple[str, ...]

    @property
    def variance(self) -> Decimal | None:
        """Actual minus planned, in percentage points (negative = behind)."""
        return None if self.actual is None else self.actual - self.planned


def _plan_points(project: Project) -> list[tuple[dt.date, Decimal]]:
    """Baseline curve: (date, percent) points from staged milestones, else the straight line start→finish."""
    points = [(m.baseline_due, _STAGE_PERCENT[m.stage]) for m in project.milestones if m.stage in _STAGE_PERCENT]
    if project.planned_start:
        points.append((project.planned_start, Decimal(0)))
    if project.planned_finish:
        points.append((project.planned_finish, HUNDRED))
    points.sort()
    monotone, highest = [], Decimal(0)
    for day, percent in points:
        if percent > highest:
            highest = percent
        monotone.append((day, highest))
    return monotone


def planned_percent(project: Project, day: dt.date) -> Decimal:
    """Percent that should be complete on ``day`` by the baseline, interpolated linearly between points."""
    return _interpolate(_plan_points(project), day)


def planned_curve(project: Project, days: list[dt.date]) -> list[Decimal]:
    """``planned_percent`` for many days, building the baseline points once."""
    points = _plan_points(project)
    return [_interpolate(points, day) for day in days]


def _interpolate(points: list[tuple[dt.date, Decimal]], day: dt.date) -> Decimal:
    if not points:
        return Decimal(0)
    if day <= points[0][0]:
        return points[0][1] if day == points[0][0] else Decimal(0)
    for (left_day, left), (right_day, right) in zip(points, points[1:], strict=False):
        if left_day <= day <= right_day:
            if right_day == left_day:
                return right
            share = Decimal((day - left_day).days) / Decimal((right_day - left_day).days)
            return _round(left + (right - left) * share)
    return points[-1][1]


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def work_package_percent(project: Project) -> Decimal | None:
    """Weighted mean of the work packages' percents, or None when there are none.

    Kept to four places (50.75 stays 50.75): a rounded figure would move earned value by thousands of yuan.
    """
    total_weight = sum((package.weight for package in project.work_packages), Decimal(0))
    if not total_weight:
        return None
    weighted = sum((package.weight * package.percent for package in project.work_packages), Decimal(0))
    return canonical((weighted / total_weight).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))


def actual_percent(project: Project, day: dt.date) -> Decimal | None:
    """Latest reported percent on or before ``day``; 100 once actually finished; None if never reported."""
    if project.actual_finish and project.actual_finish <= day:
        return HUNDRED
    latest = None
    for entry in project.progress:
        if entry.on <= day and (latest is None or entry.on > latest.on):  # the first of a day's entries wins
            latest = entry
    return None if latest is None else latest.percent


def overdue_milestones(project: Project, day: dt.date) -> list[OverdueMilestone]:
    """Milestones due before ``day`` and not done by it, with days late."""
    return [
        OverdueMilestone(project, number, milestone, (day - milestone.due).days)
        for number, milestone in enumerate(project.milestones, start=1)
        if milestone.due < day and not milestone.done_by(day)
    ]


def next_milestone(project: Project, day: dt.date) -> tuple[int, Milestone] | None:
    """The open milestone with the earliest due date (overdue ones first), with its number."""
    open_ones = [(m.due, n, m) for n, m in enumerate(project.milestones, start=1) if not m.done_by(day)]
    if not open_ones:
        return None
    _, number, milestone = min(open_ones)
    return number, milestone


def current_stage(project: Project, day: dt.date) -> str:
    """Name of the stage reached, in the language shown: the last milestone done by ``day`` in chain order."""
    done = [milestone for milestone in project.milestones if milestone.done_by(day)]
    if not done:
        return "—"
    latest = max(done, key=lambda milestone: (milestone.baseline_due, milestone.done_on))
    if latest.stage in _STAGE_PERCENT:
        return stage(latest.stage).name_zh if i18n.chinese() else stage(latest.stage).name
    return latest.name


def stage_under_way(project: Project, day: dt.date) -> str | None:
    """Key of the stage being worked on: the first open milestone that has a stage (the last stage once all are done)."""
    staged = [milestone for milestone in project.milestones if milestone.stage in _STAGE_PERCENT]
    open_ones = [milestone for milestone in staged if not milestone.done_by(day)]
    if open_ones:
        return open_ones[0].stage
    return staged[-1].stage if staged else None


def max_slippage_days(project: Project) -> int:
    """Largest rescheduling of any open milestone, in days (0 if none slipped)."""
    return max((m.slippage_days for m in project.milestones if m.done_on is None), default=0)


def _is_completed(project: Project, day: dt.date, actual: Decimal | None) -> bool:
    if project.actual_finish and project.actual_finish <= day:
        return True
    all_done = all(milestone.done_by(day) for milestone in project.milestones)
    return actual is not None and actual >= HUNDRED and all_done


def _has_started(project: Project, day: dt.date, actual: Decimal | None) -> bool:
    return bool(
        (project.actual_start and project.actual_start <= day)
        or (actual is not None and actual > 0)
        or any(milestone.done_by(day) for milestone in project.milestones)
    )


def _blocked_soon(project: Project, day: dt.date, window_days: int) -> list[str]:
    """Milestones due within the window whose predecessors in the chain are still open."""
    reasons = []
    for index, milestone in enumerate(project.milestones):
        due_soon = day <= milestone.due <= day + dt.timedelta(days=window_days)
        if due_soon and not milestone.done_by(day):
            open_before = [m for m in project.milestones[:index] if not m.done_by(day)]
            if open_before:
                reasons.append(
                    ngettext(
                        "“{name}” due {due} with {count} earlier milestone open",
                        "“{name}” due {due} with {count} earlier milestones open",
                        len(open_before),
                    ).format(name=milestone.name, due=milestone.due, count=len(open_before))
                )
    return reasons


def standing(project: Project, day: dt.date, threshold: Decimal, window_days: int = 14) -> Standing:
    """The one status function: completed, overdue, at risk, not started or on track, with reasons."""
    planned = planned_percent(project, day)
    actual = actual_percent(project, day)
    if _is_completed(project, day, actual):
        return Standing(Status.COMPLETED, planned, actual, ())
    reasons = [
        _("“{name}” {days} days late").format(name=o.milestone.name, days=o.days_late)
        for o in overdue_milestones(project, day)
    ]
    if project.planned_finish and project.planned_finish < day:
        reasons.append(_("planned finish {day} has passed").format(day=project.planned_finish))
    if reasons:
        return Standing(Status.OVERDUE, planned, actual, tuple(reasons))
    behind = planned - (actual or Decimal(0))
    if behind > threshold:
        reasons.append(_("behind plan by {points} points").format(points=f"{behind.normalize():f}"))
    reasons.extend(_blocked_soon(project, day, window_days))
    if reasons:
        return Standing(Status.AT_RISK, planned, actual, tuple(reasons))
    if not _has_started(project, day, actual):
        return Standing(Status.NOT_STARTED, planned, actual, ())
    return Standing(Status.ON_TRACK, planned, actual, ())
