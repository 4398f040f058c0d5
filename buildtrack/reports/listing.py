"""The project list (``project list``): one line per project with its standing on the as-of date."""

from __future__ import annotations

import datetime as dt

from buildtrack.domain.funding import line_totals
from buildtrack.domain.model import Portfolio
from buildtrack.reports.selection import Filters, select, standings
from buildtrack.reports.table import Column, ColumnKind, Report, Section

COLUMNS = (
    Column("code", "Code"),
    Column("name", "Name"),
    Column("name_zh", "名称"),
    Column("facility_type", "Facility type"),
    Column("location", "Location"),
    Column("leader", "Leader"),
    Column("status", "Status"),
    Column("actual", "Actual %", ColumnKind.PERCENT),
    Column("total_investment", "Budget", ColumnKind.MONEY),
    Column("received", "Received", ColumnKind.MONEY),
)


def project_list(portfolio: Portfolio, as_of: dt.date, filters: Filters = Filters()) -> Report:
    by_code = standings(portfolio, as_of)
    rows = tuple(
        {
            "code": p.code,
            "name": p.name,
            "name_zh": p.name_zh,
            "facility_type": p.facility_type,
            "location": p.location,
            "leader": p.leader,
            "status": by_code[p.code].status.value,
            "actual": by_code[p.code].actual,
            "total_investment": p.total_investment,
            "received": line_totals(p.funding).received,
        }
        for p in select(portfolio, by_code, filters)
    )
    total = {
        "code": "Total",
        "name": f"{len(rows)} projects",
        "actual": None,
        "total_investment": sum(row["total_investment"] or 0 for row in rows),
        "received": sum(row["received"] for row in rows),
    }
    section = Section("Projects", COLUMNS, rows, total, "no projects match")
    return Report(
        "Projects",
        portfolio.settings.name,
        as_of,
        portfolio.settings.display_unit,
        (section,),
        (filters.describe(),) if filters.describe() else (),
    )
