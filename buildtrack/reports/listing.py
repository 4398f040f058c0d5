"""The project list (``project list``): one line per project with its standing and light on the as-of date."""

from __future__ import annotations

import datetime as dt

from buildtrack.domain.funding import line_totals
from buildtrack.domain.labels import label
from buildtrack.domain.model import Portfolio
from buildtrack.i18n import N_, _, ngettext
from buildtrack.reports.selection import Filters, lights, select, standings
from buildtrack.reports.table import Column, ColumnKind, Report, Section, column_sum

COLUMNS = (
    Column("code", N_("Code")),
    Column("name", N_("Name")),
    Column("facility_type", N_("Facility type")),
    Column("location", N_("Location")),
    Column("leader", N_("Leader")),
    Column("status", N_("Status")),
    Column("light", N_("Light")),
    Column("actual", N_("Actual %"), ColumnKind.PERCENT),
    Column("total_investment", N_("Budget"), ColumnKind.MONEY),
    Column("received", N_("Received"), ColumnKind.MONEY),
)


def project_list(portfolio: Portfolio, as_of: dt.date, filters: Filters = Filters()) -> Report:
    by_code = standings(portfolio, as_of)
    graded = lights(portfolio, as_of, by_code)
    rows = tuple(
        {
            "code": p.code,
            "name": p.display_name(),
            "facility_type": label("facility", p.facility_type),
            "location": p.location,
            "leader": p.leader,
            "status": label("status", by_code[p.code].status),
            "light": label("light", graded[p.code].light),
            "actual": by_code[p.code].actual,
            "total_investment": p.total_investment,
            "received": line_totals(p.funding).received,
        }
        for p in select(portfolio, by_code, filters, graded=graded)
    )
    total = {
        "code": _("Total"),
        "name": ngettext("{count} project", "{count} projects", len(rows)).format(count=len(rows)),
        "actual": None,
        "total_investment": column_sum(rows, "total_investment"),
        "received": column_sum(rows, "received"),
    }
    section = Section(_("Projects"), COLUMNS, rows, total, _("no projects match"))
    return Report(
        _("Projects"),
        portfolio.settings.name,
        as_of,
        portfolio.settings.display_unit,
        (section,),
        (filters.describe(),) if filters.describe() else (),
    )
