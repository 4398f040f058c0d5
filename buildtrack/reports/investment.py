"""The annual investment report: work done this year against the year's plan and the time-elapsed schedule.

Per project, per responsible leader (or implementing unit) and for the portfolio, with the sentence the
bulletins print: "完成年度计划投资的31.7%，低于序时进度1.6个百分点".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.investment import InvestmentProgress, investment_progress, nothing_yet
from buildtrack.domain.labels import label
from buildtrack.domain.model import Portfolio
from buildtrack.i18n import N_, _
from buildtrack.reports.selection import Filters, lights, select, standings
from buildtrack.reports.table import Column, ColumnKind, Report, Row, Section

GROUPINGS = {"leader": N_("Leader"), "unit": N_("Implementing unit")}
_AMOUNTS = (
    Column("planned", N_("Annual plan"), ColumnKind.MONEY),
    Column("completed", N_("Completed this year"), ColumnKind.MONEY),
    Column("share", N_("Share of plan"), ColumnKind.PERCENT),
    Column("elapsed", N_("Time elapsed"), ColumnKind.PERCENT),
    Column("gap", N_("Ahead (+) / behind (−), points"), ColumnKind.POINTS),
    Column("cumulative", N_("Completed in all"), ColumnKind.MONEY),
    Column("cumulative_share", N_("Of total investment"), ColumnKind.PERCENT),
)
COLUMNS = (
    (
        Column("code", N_("Code")),
        Column("name", N_("Project")),
        Column("leader", N_("Leader")),
        Column("unit", N_("Implementing unit")),
    )
    + _AMOUNTS
    + (Column("light", N_("Light")),)
)


def _amounts(progress: InvestmentProgress) -> Row:
    return {
        "planned": progress.planned,
        "completed": progress.completed,
        "share": progress.share,
        "elapsed": progress.elapsed,
        "gap": progress.gap,
        "cumulative": progress.cumulative,
        "cumulative_share": progress.cumulative_share,
    }


def sentence(progress: InvestmentProgress) -> str:
    """The bulletin's sentence for a total: "完成年度计划投资的31.7%，低于序时进度1.6个百分点"."""
    if progress.share is None or progress.gap is None:
        return _("no annual investment plan has been set")
    share, points = f"{progress.share:f}%", f"{abs(progress.gap):f}"
    if progress.gap < 0:
        return _(
            "{share} of the annual investment plan completed, {points} points behind the time-elapsed schedule"
        ).format(share=share, points=points)
    if progress.gap > 0:
        return _(
            "{share} of the annual investment plan completed, {points} points ahead of the time-elapsed schedule"
        ).format(share=share, points=points)
    return _("{share} of the annual investment plan completed, level with the time-elapsed schedule").format(
        share=share
    )


def investment_report(
    portfolio: Portfolio, as_of: dt.date, filters: Filters = Filters(), group_by: str = "leader"
) -> Report:
    if group_by and group_by not in GROUPINGS:
        raise InvalidInput(
            _("group by {group!r} is not one of: {allowed}").format(group=group_by, allowed=", ".join(GROUPINGS))
        )
    by_code = standings(portfolio, as_of)
    graded = lights(portfolio, as_of, by_code)
    chosen = select(portfolio, by_code, filters, graded=graded)
    rows: list[Row] = []
    groups: defaultdict[str, InvestmentProgress] = defaultdict(lambda: nothing_yet(as_of))
    total = nothing_yet(as_of)
    for project in chosen:
        progress = investment_progress(project, as_of)
        rows.append(
            {
                "code": project.code,
                "name": project.display_name(),
                "leader": project.leader,
                "unit": project.implementing_unit,
            }
            | _amounts(progress)
            | {"light": label("light", graded[project.code].light)}
        )
        total = total + progress
        if group_by:
            groups[(project.leader if group_by == "leader" else project.implementing_unit) or _("(none)")] += progress
    sections = [
        Section(
            _("Annual investment by project, {year}").format(year=as_of.year),
            COLUMNS,
            tuple(rows),
            {"code": _("Total"), "name": _("{count} projects").format(count=len(rows))} | _amounts(total),
            _("no projects match"),
        )
    ]
    if group_by:
        grouped = tuple(
            {"group": name} | _amounts(progress) | {"sentence": sentence(progress)}
            for name, progress in sorted(groups.items())
        )
        columns = (Column("group", GROUPINGS[group_by]),) + _AMOUNTS + (Column("sentence", N_("In words"), wrap=50),)
        sections.append(
            Section(
                _("By {group}").format(group=_(GROUPINGS[group_by]).lower()),
                columns,
                grouped,
                {"group": _("Total")} | _amounts(total) | {"sentence": sentence(total)},
            )
        )
    notes: tuple[str, ...] = (
        _("Portfolio: {sentence}.").format(sentence=sentence(total)),
        _(
            "Investment completed (投资完成额) is the value of the work done, reported month by month; it is not money "
            "paid. The time elapsed (序时进度) is the share of {year} gone by at the end of {day}, counted in months."
        ).format(year=as_of.year, day=as_of.isoformat()),
    )
    if filters.describe():
        notes += (filters.describe(),)
    return Report(
        _("Annual investment, {year}").format(year=as_of.year),
        portfolio.settings.name,
        as_of,
        portfolio.settings.display_unit,
        tuple(sections),
        notes,
    )
