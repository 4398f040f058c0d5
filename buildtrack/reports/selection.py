"""Choosing the projects a report covers, and computing each one's standing and light once per as-of date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.labels import from_label, label
from buildtrack.domain.lights import Grade, Light, grade
from buildtrack.domain.model import Portfolio, Project
from buildtrack.domain.schedule import Standing, Status, standing
from buildtrack.i18n import _


@dataclass(frozen=True)
class Filters:
    """Report filters as typed; empty means "all". ``status`` and ``light`` take several values: "overdue,at risk"."""

    status: str = ""
    light: str = ""
    source: str = ""
    leader: str = ""
    location: str = ""
    county: str = ""

    def describe(self) -> str:
        parts = [f"{name} {value}" for name, value in vars(self).items() if value]
        return _("filtered by {filters}").format(filters=", ".join(parts)) if parts else ""


def standings(portfolio: Portfolio, as_of: dt.date) -> dict[str, Standing]:
    """Each project's standing on ``as_of``, keyed by code."""
    settings = portfolio.settings
    return {
        code: standing(project, as_of, settings.at_risk_threshold, settings.due_soon_days)
        for code, project in portfolio.projects.items()
    }


def lights(portfolio: Portfolio, as_of: dt.date, by_code: dict[str, Standing]) -> dict[str, Grade]:
    """Each project's traffic light on ``as_of`` by the portfolio's rules, keyed by code."""
    rules = portfolio.settings.lights
    return {code: grade(project, as_of, by_code[code], rules) for code, project in portfolio.projects.items()}


def statuses(text: str) -> set[Status]:
    """The statuses a filter names, in either language: "overdue" or several, "overdue,at risk", "逾期,预警"."""
    return {Status(_one("status", part, _("status"), Status)) for part in _parts(text)}


def light_values(text: str) -> set[Light]:
    return {Light(_one("light", part, _("light"), Light)) for part in _parts(text)}


def _parts(text: str) -> list[str]:
    return [part for part in text.replace("，", ",").split(",") if part.strip()]


def _one(table: str, text: str, what: str, enum: type[Status] | type[Light]) -> str:
    found = from_label(table, text.replace("-", " ").replace("_", " "))
    if found is None:
        allowed = ", ".join(label(table, member) for member in enum)
        raise InvalidInput(_("{what} {text!r} is not one of: {allowed}").format(what=what, text=text, allowed=allowed))
    return found


def select(
    portfolio: Portfolio,
    by_code: dict[str, Standing],
    filters: Filters,
    as_of: dt.date | None = None,
    graded: dict[str, Grade] | None = None,
) -> list[Project]:
    """Projects that pass every filter, in code order (a light filter needs ``as_of`` or ``graded``)."""
    wanted_status = statuses(filters.status)
    wanted_light = light_values(filters.light)
    if wanted_light and graded is None:
        assert as_of is not None, "a light filter needs the as-of date"
        graded = lights(portfolio, as_of, by_code)
    if filters.source and portfolio.settings.source(filters.source) is None:
        keys = ", ".join(source.key for source in portfolio.settings.sources)
        raise InvalidInput(
            _("funding source {source!r} is not in the catalogue ({keys})").format(source=filters.source, keys=keys)
        )
    chosen = []
    for project in portfolio.sorted_projects():
        if wanted_status and by_code[project.code].status not in wanted_status:
            continue
        if wanted_light and graded is not None and graded[project.code].light not in wanted_light:
            continue
        if filters.source and not any(line.source == filters.source for line in project.funding):
            continue
        if not all(
            typed.lower() in value.lower()
            for typed, value in (
                (filters.leader, project.leader),
                (filters.location, project.location),
                (filters.county, project.county),
            )
        ):
            continue
        chosen.append(project)
    return chosen
