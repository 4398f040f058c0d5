"""Shared by the weekly bulletin and the monthly review: two states of the portfolio and what moved between them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.model import Milestone, MoneyKind, Portfolio, Project

STATUS_RANK = {"completed": 0, "not started": 0, "on track": 0, "at risk": 1, "overdue": 2}


@dataclass(frozen=True)
class Period:
    """From the end of the day before ``start`` to the end of ``end``: the portfolio at both ends, and the
    changes logged in between (``PortfolioService.period`` builds it from the store's history)."""

    start: dt.date
    end: dt.date
    before: Portfolio
    after: Portfolio
    records: tuple[ChangeRecord, ...]

    @property
    def eve(self) -> dt.date:
        return self.start - dt.timedelta(days=1)

    def pairs(self) -> list[tuple[Project | None, Project]]:
        """(project before the period or None, project at its end) for every project at the end."""
        return [(self.before.projects.get(code), project) for code, project in sorted(self.after.projects.items())]


def money_moved(project: Project, start: dt.date, end: dt.date) -> dict[str, tuple[int, int]]:
    """Money received and paid per source by the entries dated in the period (corrections netted)."""
    moved = {}
    for line in project.funding:
        received = line.moved_between(MoneyKind.RECEIVED, start, end)
        paid = line.moved_between(MoneyKind.PAID, start, end)
        if received or paid:
            moved[line.source] = (received, paid)
    return moved


def done_between(project: Project, start: dt.date, end: dt.date) -> list[tuple[int, Milestone]]:
    """(number, milestone) done within the dates, by the project's own done dates."""
    return [(n, m) for n, m in enumerate(project.milestones, start=1) if m.done_on and start <= m.done_on <= end]
