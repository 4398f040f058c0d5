"""Shared by the weekly bulletin and the monthly review: two states of the portfolio and what moved between them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.model import Milestone, Portfolio, Project

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


def money_moved(before: Project | None, after: Project) -> dict[str, tuple[int, int]]:
    """Received and paid increases per source between two states of a project (decreases count as negative)."""
    old = {line.source: line for line in (before.funding if before else ())}
    moved = {}
    for line in after.funding:
        previous = old.get(line.source)
        received = line.received - (previous.received if previous else 0)
        paid = line.paid - (previous.paid if previous else 0)
        if received or paid:
            moved[line.source] = (received, paid)
    return moved


def done_between(project: Project, start: dt.date, end: dt.date) -> list[tuple[int, Milestone]]:
    """(number, milestone) done within the dates, by the project's own done dates."""
    return [(n, m) for n, m in enumerate(project.milestones, start=1) if m.done_on and start <= m.done_on <= end]
