"""The progress report: where each project stands against its baseline on the as-of date, optionally with earned value."""

from __future__ import annotations

import datetime as dt

from buildtrack.domain.model import Portfolio
from buildtrack.domain.schedule import Status, current_stage, next_milestone
from buildtrack.reports.charts import progress_charts
from buildtrack.reports.evm import FORMULAS, EarnedValue, earned_value
from buildtrack.reports.selection import Filters, select, standings
from buildtrack.reports.table import Column, ColumnKind, Report, Row, Section

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
EVM_COLUMNS = (
    Column("budget", "Budget", ColumnKind.MONEY),
    Column("pv", "PV", ColumnKind.MONEY),
    Column("ev", "EV", ColumnKind.MONEY),
    Column("ac", "AC", ColumnKind.MONEY),
    Column("sv", "SV", ColumnKind.MONEY),
    Column("cv", "CV", ColumnKind.MONEY),
    Column("spi", "SPI", ColumnKind.RATIO),
    Column("cpi", "CPI", ColumnKind.RATIO),
)


def _evm_cells(value: EarnedValue, budget: int | None) -> Row:
    return {
        "budget": budget,
        "pv": value.pv,
        "ev": value.ev,
        "ac": value.ac,
        "sv": value.sv,
        "cv": value.cv,
        "spi": value.spi,
        "cpi": value.cpi,
    }


def progress_report(
    portfolio: Portfolio, as_of: dt.date, filters: Filters = Filters(), evm: bool = False, charts: bool = False
) -> Report:
    """``charts`` adds the S-curves (only HTML draws them; they cost a pass over every project's history)."""
    by_code = standings(portfolio, as_of)
    chosen = select(portfolio, by_code, filters)
    rows: list[Row] = []
    total = EarnedValue(None, None, 0)
    for project in chosen:
        standing = by_code[project.code]
        upcoming = next_milestone(project, as_of)
        row: Row = {
            "code": project.code,
            "name": project.name,
            "stage": current_stage(project, as_of),
            "planned": standing.planned,
            "actual": standing.actual,
            "variance": standing.variance,
            "status": standing.status.value,
            "next": upcoming[1].name if upcoming else "—",
            "next_due": upcoming[1].due if upcoming else None,
        }
        if evm:
            value = earned_value(project, standing)
            total = total + value if value.ev is not None else total  # totals: projects with a budget only
            row |= _evm_cells(value, project.total_investment)
        rows.append(row)
    counts = {status: sum(1 for row in rows if row["status"] == status.value) for status in Status}
    summary = ", ".join(f"{count} {status.value}" for status, count in counts.items() if count)
    notes = (
        f"{len(rows)} projects: {summary or 'none'}.",
        "Planned % follows the baseline (linear from planned start to finish, bent by the standard stages of "
        "milestones); actual % is the latest progress reported on or before the as-of date.",
    )
    columns, totals = COLUMNS, None
    if evm:
        columns = COLUMNS + EVM_COLUMNS
        budget = sum(project.total_investment or 0 for project in chosen)
        notes += ("Earned-value totals cover the projects with a total investment.",)
        totals = {
            "code": "Total",
            "name": f"{len(rows)} projects",
            "planned": None,
            "actual": None,
            "variance": None,
            "next_due": None,
        } | _evm_cells(total, budget)
        notes += ("Earned value: " + FORMULAS,)
    if filters.describe():
        notes += (filters.describe(),)
    section = Section("Progress", columns, tuple(rows), totals, empty_text="no projects match")
    return Report(
        "Progress report",
        portfolio.settings.name,
        as_of,
        portfolio.settings.display_unit,
        (section,),
        notes,
        charts=progress_charts(chosen, as_of) if charts else (),
    )
