"""The overdue report: late milestones, projects past their planned finish, and what falls due soon."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from buildtrack.domain.collation import name_key
from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.model import Milestone, Portfolio, Project
from buildtrack.domain.schedule import Status, overdue_milestones
from buildtrack.domain.stages import milestone_name
from buildtrack.i18n import N_, _
from buildtrack.reports.approvals import EXPIRING_COLUMNS, expiring_rows
from buildtrack.reports.selection import Filters, select, standings
from buildtrack.reports.table import Column, ColumnKind, Report, Row, Section

GROUPINGS = ("leader", "location")
_MILESTONE_COLUMNS = (
    Column("code", "Code"),
    Column("project", "Project"),
    Column("number", "#", ColumnKind.INTEGER),
    Column("milestone", "Milestone"),
    Column("due", "Due", ColumnKind.DATE),
    Column("days_late", "Days late", ColumnKind.INTEGER),
    Column("leader", "Leader"),
    Column("location", "Location"),
)
DUE_SOON_COLUMNS = (
    _MILESTONE_COLUMNS[:5] + (Column("days_left", "Days left", ColumnKind.INTEGER),) + _MILESTONE_COLUMNS[6:]
)
_LATE_PROJECT_COLUMNS = (
    Column("code", "Code"),
    Column("project", "Project"),
    Column("planned_finish", "Planned finish", ColumnKind.DATE),
    Column("days_late", "Days late", ColumnKind.INTEGER),
    Column("actual", "Actual %", ColumnKind.PERCENT),
    Column("leader", "Leader"),
    Column("location", "Location"),
)


def _milestone_row(project: Project, number: int, milestone: Milestone) -> Row:
    return {
        "code": project.code,
        "project": project.display_name(),
        "number": number,
        "milestone": milestone_name(milestone),
        "due": milestone.due,
        "leader": project.leader,
        "location": project.location,
    }


def _late_rows(projects: list[Project], as_of: dt.date) -> list[Row]:
    late = [item for project in projects for item in overdue_milestones(project, as_of)]
    late.sort(key=lambda item: (-item.days_late, item.project.code, item.number))
    return [_milestone_row(i.project, i.number, i.milestone) | {"days_late": i.days_late} for i in late]


def due_soon_rows(projects: list[Project], as_of: dt.date, within_days: int) -> list[Row]:
    rows = []
    for project in projects:
        for number, milestone in enumerate(project.milestones, start=1):
            days_left = (milestone.due - as_of).days
            if 0 <= days_left <= within_days and not milestone.done_by(as_of):
                rows.append(_milestone_row(project, number, milestone) | {"days_left": days_left})
    return sorted(rows, key=lambda row: (row["days_left"], row["code"], row["number"]))


_GROUP_WORDS = {"leader": N_("Leader"), "location": N_("Location")}


def _grouped(title: str, columns: tuple[Column, ...], rows: list[Row], group_by: str, empty: str) -> list[Section]:
    """One section per leader or location (in name order), or a single section when not grouping."""
    if not group_by:
        return [Section(title, columns, tuple(rows), empty_text=empty)]
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        groups[row[group_by] or _("(none)")].append(row)
    if not groups:
        return [Section(title, columns, (), empty_text=empty)]
    by = _(_GROUP_WORDS[group_by])
    return [
        Section(_("{title} — {by}: {name}").format(title=title, by=by, name=name), columns, tuple(groups[name]))
        for name in sorted(groups, key=name_key)
    ]


def overdue_report(
    portfolio: Portfolio, as_of: dt.date, filters: Filters = Filters(), within_days: int = 14, group_by: str = ""
) -> Report:
    if group_by and group_by not in GROUPINGS:
        raise InvalidInput(
            _("group by {group_by!r} is not one of: {join}").format(group_by=group_by, join=", ".join(GROUPINGS))
        )
    by_code = standings(portfolio, as_of)
    projects = select(portfolio, by_code, filters)
    late_projects: list[Row] = sorted(
        (
            {
                "code": p.code,
                "project": p.display_name(),
                "planned_finish": p.planned_finish,
                "days_late": (as_of - p.planned_finish).days,
                "actual": by_code[p.code].actual,
                "leader": p.leader,
                "location": p.location,
            }
            for p in projects
            if p.planned_finish and p.planned_finish < as_of and by_code[p.code].status is not Status.COMPLETED
        ),
        key=lambda row: -row["days_late"],
    )
    late_rows = _late_rows(projects, as_of)
    sections = _grouped(_("Overdue milestones"), _MILESTONE_COLUMNS, late_rows, group_by, _("no milestone is overdue"))
    sections += _grouped(
        _("Projects past their planned finish"),
        _LATE_PROJECT_COLUMNS,
        late_projects,
        group_by,
        _("no project is past its planned finish"),
    )
    sections += _grouped(
        _("Due in the next {within_days} days").format(within_days=within_days),
        DUE_SOON_COLUMNS,
        due_soon_rows(projects, as_of, within_days),
        group_by,
        _("nothing falls due in the next {within_days} days").format(within_days=within_days),
    )
    sections.append(
        Section(
            _("Approvals lapsed or lapsing within {days} days").format(days=within_days),
            EXPIRING_COLUMNS,
            tuple(expiring_rows(portfolio, projects, as_of, within_days)),
            empty_text=_("none"),
        )
    )
    notes: tuple[str, ...] = (
        _("{late} overdue milestones in {projects} projects; {past} projects past their planned finish.").format(
            late=len(late_rows), projects=len({row["code"] for row in late_rows}), past=len(late_projects)
        ),
        _("A milestone is overdue when its due date is before the as-of date and it was not done by then."),
    )
    if filters.describe():
        notes += (filters.describe(),)
    return Report(
        _("Overdue review"), portfolio.settings.name, as_of, portfolio.settings.display_unit, tuple(sections), notes
    )
