"""The progress report: where each project stands against its baseline on the as-of date, its traffic light,
and optionally its earned value."""

from __future__ import annotations

import datetime as dt

from buildtrack.domain.labels import label
from buildtrack.domain.model import Portfolio, Project
from buildtrack.domain.schedule import Status, current_stage, next_milestone
from buildtrack.domain.stages import milestone_name
from buildtrack.i18n import N_, _
from buildtrack.reports.charts import progress_charts
from buildtrack.reports.counties import county_section
from buildtrack.reports.evm import EarnedValue, Totals, earned_value, formulas, portfolio_totals
from buildtrack.reports.selection import Filters, lights, select, standings
from buildtrack.reports.table import Column, ColumnKind, Report, Row, Section

COLUMNS = (
    Column("code", N_("Code")),
    Column("name", N_("Name")),
    Column("stage", N_("Stage")),
    Column("planned", N_("Planned %"), ColumnKind.PERCENT),
    Column("actual", N_("Actual %"), ColumnKind.PERCENT),
    Column("variance", N_("Variance"), ColumnKind.PERCENT),
    Column("status", N_("Status")),
    Column("light", N_("Light")),
    Column("next", N_("Next milestone")),
    Column("next_due", N_("Due"), ColumnKind.DATE),
)
EVM_COLUMNS = (
    Column("budget", N_("Budget"), ColumnKind.MONEY),
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


def _totals_cells(totals: Totals, budget: int) -> Row:
    return {
        "budget": budget,
        "pv": totals.pv,
        "ev": totals.ev,
        "ac": totals.ac,
        "sv": totals.sv,
        "cv": totals.cv,
        "spi": totals.spi,
        "cpi": totals.cpi,
    }


def progress_report(
    portfolio: Portfolio, as_of: dt.date, filters: Filters = Filters(), evm: bool = False, charts: bool = False
) -> Report:
    """``charts`` adds the S-curves (only HTML draws them; they cost a pass over every project's history)."""
    by_code = standings(portfolio, as_of)
    graded = lights(portfolio, as_of, by_code)
    chosen = select(portfolio, by_code, filters, graded=graded)
    rows: list[Row] = []
    values: list[tuple[Project, EarnedValue]] = []
    for project in chosen:
        standing = by_code[project.code]
        upcoming = next_milestone(project, as_of)
        row: Row = {
            "code": project.code,
            "name": project.display_name(),
            "stage": current_stage(project, as_of),
            "planned": standing.planned,
            "actual": standing.actual,
            "variance": standing.variance,
            "status": label("status", standing.status),
            "light": label("light", graded[project.code].light),
            "next": milestone_name(upcoming[1]) if upcoming else "—",
            "next_due": upcoming[1].due if upcoming else None,
        }
        if evm:
            value = earned_value(project, standing)
            values.append((project, value))
            row |= _evm_cells(value, project.total_investment)
        rows.append(row)
    counts = {
        status: sum(1 for code in (p.code for p in chosen) if by_code[code].status is status) for status in Status
    }
    summary = ", ".join(f"{count} {label('status', status)}" for status, count in counts.items() if count)
    notes: tuple[str, ...] = (
        _("{count} projects: {summary}.").format(count=len(rows), summary=summary or _("none")),
        _(
            "The planned percentage follows the baseline (linear from planned start to finish, bent by the standard "
            "stages of milestones); the actual one is the latest progress reported on or before the as-of date."
        ),
    )
    columns: tuple[Column, ...] = COLUMNS
    totals = None
    if evm:
        columns = COLUMNS + EVM_COLUMNS
        budget = sum(project.total_investment or 0 for project in chosen)
        summed = portfolio_totals(values)
        totals = {
            "code": _("Total"),
            "name": _("{count} projects").format(count=len(rows)),
            "planned": None,
            "actual": None,
            "variance": None,
            "next_due": None,
        } | _totals_cells(summed, budget)
        notes += (_("Earned value: {formulas}").format(formulas=formulas()),) + summed.notes()
    if filters.describe():
        notes += (filters.describe(),)
    section = Section(_("Progress"), columns, tuple(rows), totals, empty_text=_("no projects match"))
    counties = county_section(chosen, by_code, as_of)
    return Report(
        _("Progress report"),
        portfolio.settings.name,
        as_of,
        portfolio.settings.display_unit,
        (section,) if counties is None else (section, counties),
        notes,
        charts=progress_charts(chosen, as_of) if charts else (),
    )
