"""The problem list (问题清单) as the dispatch meeting works through it: what is past its deadline, by owner
(督办清单), and everything still open."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from buildtrack.domain.collation import name_key
from buildtrack.domain.model import Portfolio, Problem, Project
from buildtrack.i18n import N_, _
from buildtrack.reports.selection import Filters, select, standings
from buildtrack.reports.table import Column, ColumnKind, Report, Row, Section

COLUMNS = (
    Column("code", N_("Code")),
    Column("project", N_("Project")),
    Column("problem", N_("Problem"), wrap=40),
    Column("owner_unit", N_("Owner (unit)")),
    Column("owner_person", N_("Owner (person)")),
    Column("meeting", N_("Raised at the meeting of"), ColumnKind.DATE),
    Column("raised", N_("Raised"), ColumnKind.DATE),
    Column("deadline", N_("Deadline"), ColumnKind.DATE),
    Column("days_overdue", N_("Days overdue"), ColumnKind.INTEGER),
)
CLOSED_COLUMNS = COLUMNS[:6] + (
    Column("closed", N_("Closed"), ColumnKind.DATE),
    Column("resolution", N_("How"), wrap=40),
)


def problem_row(project: Project, problem: Problem, day: dt.date) -> Row:
    late = (day - problem.deadline).days
    return {
        "code": project.code,
        "project": project.display_name(),
        "problem": problem.description,
        "owner_unit": problem.owner_unit,
        "owner_person": problem.owner_person,
        "meeting": problem.meeting_on,
        "raised": problem.raised_on,
        "deadline": problem.deadline,
        "days_overdue": late if late > 0 else None,
        "closed": problem.closed_on,
        "resolution": problem.resolution,
    }


def owner(problem: Problem) -> str:
    return " · ".join(part for part in (problem.owner_unit, problem.owner_person) if part) or _("(no owner)")


def problems_report(portfolio: Portfolio, as_of: dt.date, filters: Filters = Filters()) -> Report:
    projects = select(portfolio, standings(portfolio, as_of), filters, as_of)
    overdue: dict[str, list[Row]] = defaultdict(list)
    still_open = []
    for project in projects:
        for problem in project.problems:
            if problem.overdue_on(as_of):
                overdue[owner(problem)].append(problem_row(project, problem, as_of))
            elif problem.open_on(as_of):
                still_open.append(problem_row(project, problem, as_of))
    sections = [
        Section(
            _("Past the deadline — owner: {owner}").format(owner=name),
            COLUMNS,
            tuple(sorted(rows, key=lambda row: -row["days_overdue"])),
        )
        for name, rows in sorted(overdue.items(), key=lambda item: name_key(item[0]))
    ] or [Section(_("Past the deadline"), COLUMNS, (), empty_text=_("no open problem is past its deadline"))]
    sections.append(
        Section(
            _("Open, within the deadline"),
            COLUMNS,
            tuple(sorted(still_open, key=lambda r: r["deadline"])),
            empty_text=_("no other problem is open"),
        )
    )
    late = sum(len(rows) for rows in overdue.values())
    notes: tuple[str, ...] = (
        _("{late} problems past their deadline with {owners} owners; {open} more open.").format(
            late=late, owners=len(overdue), open=len(still_open)
        ),
    )
    if filters.describe():
        notes += (filters.describe(),)
    return Report(
        _("Problem list (督办清单)"),
        portfolio.settings.name,
        as_of,
        portfolio.settings.display_unit,
        tuple(sections),
        notes,
    )
