"""The portfolio overview behind the TUI's home screen: one typed record per project, filterable and sortable.

Computed once per as-of date (statuses included), so a filter keystroke only walks a list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from buildtrack.domain.collation import name_key
from buildtrack.domain.funding import line_totals
from buildtrack.domain.labels import label
from buildtrack.domain.lights import Light, grade
from buildtrack.domain.model import Portfolio, Project, Settings, code_sort_key
from buildtrack.domain.schedule import Standing, Status, next_milestone, standing
from buildtrack.domain.stages import milestone_name
from buildtrack.i18n import N_
from buildtrack.reports.table import Column, ColumnKind, Row

COLUMNS = (
    Column("code", N_("Code")),
    Column("name", N_("Name")),
    Column("facility", N_("Facility")),
    Column("location", N_("Location")),
    Column("leader", N_("Leader")),
    Column("status", N_("Status")),
    Column("light", N_("Light")),
    Column("actual", N_("Actual %"), ColumnKind.PERCENT),
    Column("planned", N_("Plan %"), ColumnKind.PERCENT),
    Column("budget", N_("Budget"), ColumnKind.MONEY),
    Column("received", N_("Received"), ColumnKind.MONEY),
    Column("next", N_("Next milestone")),
    Column("next_due", N_("Due"), ColumnKind.DATE),
)


@dataclass(frozen=True)
class OverviewRow:
    """One project's line: typed values by column key, and the lower-cased text filters match."""

    code: str
    values: Row
    status: Status
    light: Light
    sources: frozenset[str]
    search_text: str = field(repr=False)

    def value(self, key: str) -> Any:
        return self.values[key]


def _line(project: Project, settings: Settings, as_of: dt.date) -> OverviewRow:
    """One project's line: its standing and light by the portfolio's settings."""
    state = standing(project, as_of, settings.at_risk_threshold, settings.due_soon_days)
    return _row(project, as_of, state, grade(project, as_of, state, settings.lights).light)


def _row(project: Project, as_of: dt.date, standing: Standing, light: Light) -> OverviewRow:
    upcoming = next_milestone(project, as_of)
    shown = project.display_name()
    other = project.name if shown == project.name_zh else project.name_zh
    name = f"{shown} {other}".strip() if other and other != shown else shown  # the language's name first
    values = {
        "code": project.code,
        "name": name,
        "facility": project.facility,
        "location": project.location,
        "leader": project.leader,
        "status": label("status", standing.status),
        "light": label("light", light),
        "actual": standing.actual,
        "planned": standing.planned,
        "budget": project.total_investment,
        "received": line_totals(project.funding).received,
        "next": milestone_name(upcoming[1]) if upcoming else "",
        "next_due": upcoming[1].due if upcoming else None,
    }
    text = " ".join((project.code, project.name, project.name_zh, project.facility, project.leader, project.location))
    sources = frozenset(line.source for line in project.funding)
    return OverviewRow(project.code, values, standing.status, light, sources, text.lower())


def overview(portfolio: Portfolio, as_of: dt.date) -> list[OverviewRow]:
    """Every project's overview line as of ``as_of``, in code order."""
    return [_line(project, portfolio.settings, as_of) for project in portfolio.sorted_projects()]


def overview_patched(
    rows: list[OverviewRow], portfolio: Portfolio, codes: tuple[str, ...], as_of: dt.date
) -> list[OverviewRow]:
    """``rows`` with the lines of ``codes`` recomputed from ``portfolio`` (added, changed or gone), the rest
    reused: after one save the list is current without grading every project again."""
    changed = set(codes)
    fresh = {
        code: _line(project, portfolio.settings, as_of)
        for code in changed
        if (project := portfolio.projects.get(code)) is not None
    }
    kept = [
        fresh.pop(row.code) if row.code in fresh else row
        for row in rows
        if row.code not in changed or row.code in fresh
    ]
    if fresh:  # new projects: in code order like the rest
        kept = sorted(kept + list(fresh.values()), key=lambda row: code_sort_key(row.code))
    return kept


def matching(
    rows: list[OverviewRow], text: str = "", wanted: frozenset[Status | Light] = frozenset(), source: str = ""
) -> list[OverviewRow]:
    """Rows whose code, names, facility, leader or location contain every word of ``text`` (order kept),
    with one of the ``wanted`` statuses (overdue + at risk) and one of its lights, when any are given."""
    words = text.lower().split()
    statuses = {item for item in wanted if isinstance(item, Status)}
    colours = {item for item in wanted if isinstance(item, Light)}
    if not words and not wanted and not source:
        return list(rows)
    return [
        row
        for row in rows
        if (not statuses or row.status in statuses)
        and (not colours or row.light in colours)
        and (not source or source in row.sources)
        and all(word in row.search_text for word in words)
    ]


def sorted_rows(rows: list[OverviewRow], key: str, descending: bool = False) -> list[OverviewRow]:
    """Rows ordered by a column; empty values always last."""
    present = [row for row in rows if row.values[key] not in (None, "")]
    missing = [row for row in rows if row.values[key] in (None, "")]
    text = all(isinstance(row.values[key], str) for row in present)  # names sort by pinyin in Chinese
    order = (lambda row: name_key(row.values[key])) if text else (lambda row: row.values[key])
    return sorted(present, key=order, reverse=descending) + missing


@dataclass(frozen=True)
class OverviewTotals:
    projects: int
    budget: int
    received: int
    actual_mean: Decimal | None


def totals(rows: list[OverviewRow]) -> OverviewTotals:
    budget = sum(row.values["budget"] or 0 for row in rows)
    received = sum(row.values["received"] for row in rows)
    reported = [row.values["actual"] for row in rows if row.values["actual"] is not None]
    mean = (sum(reported, Decimal(0)) / len(reported)).quantize(Decimal("0.1")) if reported else None
    return OverviewTotals(len(rows), budget, received, mean)
