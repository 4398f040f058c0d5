"""The progress report: where each project stands against its baseline on the as-of date."""

from __future__ import annotations

import datetime as dt

from buildtrack.domain.model import Portfolio
from buildtrack.domain.schedule import Status, current_stage, next_milestone
from buildtrack.reports.selection import Filters, select, standings
from buildtrack.reports.table import Column, ColumnKind, Report, Section

COLUMNS = (
    Column("code", "Code"),
    Column("name", "Name"),
    Column("stage", "Stage"),
    Column("planned", "Planned %", ColumnKind.PERCENT),
    Column("actual", "Actual %", ColumnKind.PERCENT),
    Column("variance", "Variance", ColumnKind.PERCENT),
    Column("status", "Status"),
    Column("next", "Next milestone"),
    Column("next_due", "Due", ColumnKind.DATE),
)


def progress_report(portfolio: Portfolio, as_of: dt.date, filters: Filters = Filters()) -> Report:
    by_code = standings(portfolio, as_of)
    rows = []
    for project in select(portfolio, by_code, filters):
        standing = by_code[project.code]
        upcoming = next_milestone(project, as_of)
        rows.append(
            (
                project.code,
                project.name,
                current_stage(project, as_of),
                standing.planned,
                standing.actual,
                standing.variance,
                standing.status.value,
                upcoming[1].name if upcoming else "—",
                upcoming[1].due if upcoming else None,
            )
        )
    counts = {status: sum(1 for row in rows if row[6] == status.value) for status in Status}
    summary = ", ".join(f"{count} {status.value}" for status, count in counts.items() if count)
    notes = (
        f"{len(rows)} projects: {summary or 'none'}.",
        "Planned % follows the baseline (linear from planned start to finish, bent by the standard stages of "
        "milestones); actual % is the latest progress reported on or before the as-of date.",
    )
    section = Section("Progress", COLUMNS, tuple(rows), empty_text="no projects match")
    return Report("Progress report", portfolio.settings.name, as_of, portfolio.settings.display_unit,
                  (section,), notes + ((filters.describe(),) if filters.describe() else ()))
