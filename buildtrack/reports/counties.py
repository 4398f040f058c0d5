"""A city's or province's view: one subtotal row per county (县市区), added to a report that covers more than
one county — a shared server database, or a rollup of county files (``--db folder/``: a project without a
county counts under its file's name)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from buildtrack.domain.funding import line_totals
from buildtrack.domain.model import Project
from buildtrack.domain.schedule import Standing, Status
from buildtrack.i18n import N_, _
from buildtrack.reports.table import Column, ColumnKind, Row, Section, column_sum

COLUMNS = (
    Column("county", N_("County")),
    Column("projects", N_("Projects"), ColumnKind.INTEGER),
    Column("overdue", N_("Overdue"), ColumnKind.INTEGER),
    Column("actual", N_("Mean actual %"), ColumnKind.PERCENT),
    Column("total_investment", N_("Total investment"), ColumnKind.MONEY),
    Column("planned", N_("Planned"), ColumnKind.MONEY),
    Column("received", N_("Received"), ColumnKind.MONEY),
    Column("paid", N_("Paid"), ColumnKind.MONEY),
)


def county_section(projects: list[Project], standings: dict[str, Standing], as_of: dt.date) -> Section | None:
    """Subtotals by county, or None when the projects are all of one county (nothing to subtotal)."""
    by_county: dict[str, list[Project]] = defaultdict(list)
    for project in projects:
        by_county[project.county or _("(no county)")].append(project)
    if len(by_county) < 2:
        return None
    rows = tuple(_row(county, members, standings) for county, members in sorted(by_county.items()))
    totals: Row = {"county": _("Total")} | {
        key: column_sum(rows, key) for key in ("projects", "overdue", "total_investment", "planned", "received", "paid")
    }
    return Section(_("By county"), COLUMNS, rows, totals)


def _row(county: str, members: list[Project], standings: dict[str, Standing]) -> Row:
    known = [actual for p in members if (actual := standings[p.code].actual) is not None]
    money = line_totals(line for project in members for line in project.funding)
    mean = sum(known, Decimal(0)) / Decimal(len(known)) if known else None
    return {
        "county": county,
        "projects": len(members),
        "overdue": sum(1 for p in members if standings[p.code].status is Status.OVERDUE),
        "actual": None if mean is None else mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        "total_investment": sum(p.total_investment or 0 for p in members),
        "planned": money.planned,
        "received": money.received,
        "paid": money.paid,
    }
