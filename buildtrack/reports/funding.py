"""The funding report: planned, received and paid by source, by source category, optionally by project."""

from __future__ import annotations

import datetime as dt

from buildtrack.domain.funding import Totals, by_category, by_source, line_totals, money_findings, unfunded_gap
from buildtrack.domain.labels import label
from buildtrack.domain.model import Portfolio, Project
from buildtrack.i18n import _
from buildtrack.reports.charts import BarChart
from buildtrack.reports.counties import county_section
from buildtrack.reports.selection import Filters, select, standings
from buildtrack.reports.table import Column, ColumnKind, Report, Row, Section, column_sum

_AMOUNTS = (
    Column("projects", "Projects", ColumnKind.INTEGER),
    Column("planned", "Planned", ColumnKind.MONEY),
    Column("received", "Received", ColumnKind.MONEY),
    Column("received_share", "Received %", ColumnKind.PERCENT),
    Column("paid", "Paid", ColumnKind.MONEY),
    Column("unspent", "Unspent", ColumnKind.MONEY),
)


def _amounts(totals: Totals) -> Row:
    return {
        "projects": totals.projects,
        "planned": totals.planned,
        "received": totals.received,
        "received_share": totals.received_share,
        "paid": totals.paid,
        "unspent": totals.unspent,
    }


def _grand_total(projects: list[Project]) -> Totals:
    total = line_totals(line for project in projects for line in project.funding)
    return Totals(total.planned, total.received, total.paid, sum(1 for project in projects if project.funding))


def _by_source_section(portfolio: Portfolio, projects: list[Project], grand: Totals) -> Section:
    rows = []
    for key, totals in sorted(by_source(projects).items(), key=lambda item: -item[1].planned):
        source = portfolio.settings.source(key)
        name = source.display_name() if source else key
        category = label("category", source.category.value if source else "other")
        rows.append({"source": key, "name": name, "category": category} | _amounts(totals))
    columns = (Column("source", "Source"), Column("name", "Name"), Column("category", "Category")) + _AMOUNTS
    return Section(
        _("By funding source"), columns, tuple(rows), {"source": _("Total")} | _amounts(grand), _("no funding lines")
    )


def _by_category_section(portfolio: Portfolio, projects: list[Project], grand: Totals) -> Section:
    categories = by_category(projects, portfolio.settings)
    rows = tuple(
        {"category": label("category", category.value)} | _amounts(totals)
        for category, totals in sorted(categories.items(), key=lambda i: -i[1].planned)
    )
    return Section(
        _("By source category"),
        (Column("category", "Category"),) + _AMOUNTS,
        rows,
        {"category": _("Total")} | _amounts(grand),
    )


def _by_project_section(portfolio: Portfolio, projects: list[Project]) -> Section:
    """Project × source pivot of planned amounts, with received and paid totals per project."""
    keys = [
        source.key
        for source in portfolio.settings.sources
        if any(line.source == source.key for project in projects for line in project.funding)
    ]
    columns: tuple[Column, ...] = (
        Column("code", "Code"),
        Column("name", "Name"),
        Column("total_investment", "Total investment", ColumnKind.MONEY),
    )
    columns += tuple(Column(key, key, ColumnKind.MONEY) for key in keys)
    columns += (
        Column("planned", "Planned", ColumnKind.MONEY),
        Column("received", "Received", ColumnKind.MONEY),
        Column("paid", "Paid", ColumnKind.MONEY),
        Column("gap", "Unfunded gap", ColumnKind.MONEY),
    )
    rows = []
    for project in projects:
        planned = {line.source: line.planned for line in project.funding}
        totals = line_totals(project.funding)
        rows.append(
            {"code": project.code, "name": project.display_name(), "total_investment": project.total_investment}
            | {key: planned.get(key) for key in keys}
            | {
                "planned": totals.planned,
                "received": totals.received,
                "paid": totals.paid,
                "gap": unfunded_gap(project),
            }
        )
    grand = _grand_total(projects)
    totals_row = (
        {"code": _("Total"), "total_investment": sum(project.total_investment or 0 for project in projects)}
        | {key: column_sum(rows, key) for key in keys}
        | {"planned": grand.planned, "received": grand.received, "paid": grand.paid}
        | {"gap": column_sum(rows, "gap")}
    )
    return Section(_("Planned funding by project and source"), columns, tuple(rows), totals_row)


def _gaps_section(projects: list[Project]) -> Section:
    rows = []
    for project in projects:
        gap = unfunded_gap(project)
        if gap:
            rows.append(
                {
                    "code": project.code,
                    "name": project.display_name(),
                    "total_investment": project.total_investment,
                    "planned": line_totals(project.funding).planned,
                    "gap": gap,
                }
            )
    columns = (
        Column("code", "Code"),
        Column("name", "Name"),
        Column("total_investment", "Total investment", ColumnKind.MONEY),
        Column("planned", "Planned funding", ColumnKind.MONEY),
        Column("gap", "Unfunded gap", ColumnKind.MONEY),
    )
    total = {"code": _("Total")} | {key: column_sum(rows, key) for key in ("total_investment", "planned", "gap")}
    return Section(
        _("Unfunded gaps (total investment − planned funding)"),
        columns,
        tuple(rows),
        total if rows else None,
        _("every project with a known total investment is fully planned"),
    )


def funding_report(
    portfolio: Portfolio, as_of: dt.date, filters: Filters = Filters(), by_project: bool = False
) -> Report:
    by_code = standings(portfolio, as_of)
    projects = select(portfolio, by_code, filters)
    grand = _grand_total(projects)
    by_source = _by_source_section(portfolio, projects, grand)
    counties = county_section(projects, by_code, as_of)
    sections = [by_source, _by_category_section(portfolio, projects, grand)]
    sections += [counties] if counties is not None else []
    if by_project:
        sections.append(_by_project_section(portfolio, projects))
    sections.append(_gaps_section(projects))
    findings = [finding for project in projects for finding in money_findings(project)]
    notes = (
        _(
            "Received % = received ÷ planned; unspent = received − paid; a negative gap means planned funding "
            "exceeds the total investment."
        ),
        *(_("Check: {finding}").format(finding=finding.text) for finding in findings if not finding.reason),
        *(
            _("Accepted: {finding} ({reason})").format(finding=finding.text, reason=finding.reason)
            for finding in findings
            if finding.reason
        ),
    )
    if filters.describe():
        notes += (filters.describe(),)
    by_source_rows = by_source.rows
    chart = BarChart(
        _("Planned vs received by funding source"),
        tuple(row["name"] or row["source"] for row in by_source_rows),
        (
            ("Planned", tuple(row["planned"] for row in by_source_rows)),
            ("Received", tuple(row["received"] for row in by_source_rows)),
        ),
    )
    return Report(
        _("Funding summary"),
        portfolio.settings.name,
        as_of,
        portfolio.settings.display_unit,
        tuple(sections),
        notes,
        charts=(chart,) if by_source_rows else (),
    )
