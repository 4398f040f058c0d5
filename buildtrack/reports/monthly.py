"""The monthly review (一月一考评): per project, where it started and ended the month, money and milestones in it."""

from __future__ import annotations

from buildtrack.domain.labels import label
from buildtrack.domain.schedule import actual_percent, max_slippage_days
from buildtrack.domain.stages import milestone_name
from buildtrack.i18n import _
from buildtrack.reports.periodic import Period, done_between, money_moved
from buildtrack.reports.selection import standings
from buildtrack.reports.table import Column, ColumnKind, Report, Row, Section, column_sum

COLUMNS = (
    Column("code", "Code"),
    Column("name", "Name"),
    Column("start", "Start %", ColumnKind.PERCENT),
    Column("end", "End %", ColumnKind.PERCENT),
    Column("planned", "Planned %", ColumnKind.PERCENT),
    Column("variance", "Variance", ColumnKind.PERCENT),
    Column("received", "Received", ColumnKind.MONEY),
    Column("paid", "Paid", ColumnKind.MONEY),
    Column("done", "Milestones done", ColumnKind.INTEGER),
    Column("done_names", "Which", wrap=40),
    Column("slip", "Slippage (days)", ColumnKind.INTEGER),
    Column("status", "Status"),
)


def monthly_review(period: Period) -> Report:
    """The review of the month the period covers (``month_range`` gives its first and last day)."""
    start, end, portfolio = period.start, period.end, period.after
    at_end = standings(period.after, end)
    rows = []
    for before, project in period.pairs():
        moved = money_moved(project, start, end)
        done = done_between(project, start, end)
        state = at_end[project.code]
        rows.append(
            {
                "code": project.code,
                "name": project.display_name(),
                "start": actual_percent(before, period.eve) if before else None,
                "end": state.actual,
                "planned": state.planned,
                "variance": state.variance,
                "received": sum(received for received, _ in moved.values()),
                "paid": sum(paid for _, paid in moved.values()),
                "done": len(done),
                "done_names": ", ".join(milestone_name(m) for _, m in done),
                "slip": max_slippage_days(project),
                "status": label("status", state.status),
            }
        )
    totals: Row = {"code": _("Total"), "name": _("{count} projects").format(count=len(rows))}
    totals |= dict.fromkeys(("start", "end", "planned", "variance", "slip"))
    totals |= {key: column_sum(rows, key) for key in ("received", "paid", "done")}
    title = _("Monthly review {month}").format(month=f"{start:%Y-%m}")
    return Report(
        title,
        portfolio.settings.name,
        end,
        portfolio.settings.display_unit,
        (Section(_("Projects"), COLUMNS, tuple(rows), totals, _("no projects")),),
        (
            _(
                "The start percent is the one known at the end of {eve}; the end and planned percents and the status are as of {end}."
            ).format(eve=period.eve, end=end),
            _("Money is what the funding lines gained during the month, by the change log."),
        ),
    )
