"""Choosing the projects a report covers, and computing each one's standing once per as-of date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.model import Portfolio, Project
from buildtrack.domain.schedule import Standing, Status, standing


@dataclass(frozen=True)
class Filters:
    """Report filters as typed by the user; empty means "all"."""

    status: str = ""
    source: str = ""
    leader: str = ""
    location: str = ""

    def describe(self) -> str:
        parts = [f"{name} {value}" for name, value in vars(self).items() if value]
        return "filtered by " + ", ".join(parts) if parts else ""


def standings(portfolio: Portfolio, as_of: dt.date) -> dict[str, Standing]:
    """Each project's standing on ``as_of``, keyed by code."""
    settings = portfolio.settings
    return {
        code: standing(project, as_of, settings.at_risk_threshold, settings.due_soon_days)
        for code, project in portfolio.projects.items()
    }


def _status(text: str) -> Status:
    for status in Status:
        if status.value == text.strip().lower().replace("-", " ").replace("_", " "):
            return status
    raise InvalidInput(f"status {text!r} is not one of: {', '.join(s.value for s in Status)}")


def select(portfolio: Portfolio, by_code: dict[str, Standing], filters: Filters) -> list[Project]:
    """Projects that pass every filter, in code order."""
    wanted_status = _status(filters.status) if filters.status else None
    if filters.source and portfolio.settings.source(filters.source) is None:
        keys = ", ".join(source.key for source in portfolio.settings.sources)
        raise InvalidInput(f"funding source {filters.source!r} is not in the catalogue ({keys})")
    chosen = []
    for project in portfolio.sorted_projects():
        if wanted_status and by_code[project.code].status is not wanted_status:
            continue
        if filters.source and not any(line.source == filters.source for line in project.funding):
            continue
        if filters.leader and filters.leader.lower() not in project.leader.lower():
            continue
        if filters.location and filters.location.lower() not in project.location.lower():
            continue
        chosen.append(project)
    return chosen
