"""The project ledger (项目台账) as a county bureau prints it for its director: one row per project with its
scope, total investment, each funding source's planned / received (到位) / paid amounts, the reported stage
(形象进度), the percent complete, the problems still open, the unit and the person responsible."""

from __future__ import annotations

import datetime as dt

from buildtrack.domain.funding import line_totals
from buildtrack.domain.labels import label
from buildtrack.domain.model import FundingSource, Portfolio, Project
from buildtrack.domain.schedule import actual_percent, stage_under_way
from buildtrack.i18n import N_, _
from buildtrack.reports.selection import Filters, select, standings
from buildtrack.reports.table import Column, ColumnKind, Report, Row, Section, column_sum

_BEFORE = (
    Column("number", N_("No."), ColumnKind.INTEGER),
    Column("name", N_("Project"), wrap=24),
    Column("scope", N_("Scope and scale"), wrap=30),
    Column("total_investment", N_("Total investment"), ColumnKind.MONEY),
)
_AFTER = (
    Column("stage", N_("Reported stage"), wrap=20),
    Column("actual", N_("Percent complete"), ColumnKind.PERCENT),
    Column("problems", N_("Open problems"), wrap=30),
    Column("unit", N_("Unit responsible"), wrap=16),
    Column("leader", N_("Person responsible")),
)
_AMOUNTS = (("planned", N_("{source} planned")), ("received", N_("{source} received")), ("paid", N_("{source} paid")))
_TOTALS = (
    Column("planned", N_("Planned funding"), ColumnKind.MONEY),
    Column("received", N_("Received"), ColumnKind.MONEY),
    Column("paid", N_("Paid"), ColumnKind.MONEY),
)
_BY_SOURCE = (
    Column("number", N_("No."), ColumnKind.INTEGER),
    Column("name", N_("Project"), wrap=24),
    Column("source", N_("Source")),
    *_TOTALS,
)
INLINE_SOURCES = 3  # up to this many sources get their own columns; more would not fit a printed A4 page


def _stage(project: Project, as_of: dt.date) -> str:
    """The stage as the office reported it, else the stage the milestones put the project in."""
    if project.reported_stage:
        return project.reported_stage
    under_way = stage_under_way(project, as_of)
    return label("stage", under_way) if under_way else ""


def _problems(project: Project, as_of: dt.date) -> str:
    written = [project.current_problems] if project.current_problems else []
    return "；".join(written + [p.description for p in project.problems if p.open_on(as_of)])


def project_ledger(portfolio: Portfolio, as_of: dt.date, filters: Filters = Filters()) -> Report:
    chosen = select(portfolio, standings(portfolio, as_of), filters, as_of)
    used = {line.source for project in chosen for line in project.funding}
    sources = [source for source in portfolio.settings.sources if source.key in used]
    sources += [FundingSource(key, key) for key in sorted(used - {source.key for source in sources})]
    inline = len(sources) <= INLINE_SOURCES
    money_columns = (
        tuple(
            Column(f"{source.key}:{part}", _(words).format(source=source.display_name()), ColumnKind.MONEY)
            for source in sources
            for part, words in _AMOUNTS
        )
        if inline
        else _TOTALS
    )
    names = {source.key: source.display_name() for source in sources}
    rows: list[Row] = []
    by_source: list[Row] = []
    for number, project in enumerate(chosen, start=1):
        row: Row = {
            "number": number,
            "name": project.display_name(),
            "scope": project.scope,
            "total_investment": project.total_investment,
            "stage": _stage(project, as_of),
            "actual": actual_percent(project, as_of),
            "problems": _problems(project, as_of),
            "unit": project.implementing_unit,
            "leader": project.leader,
        }
        all_lines = line_totals(project.funding)
        row |= {part: getattr(all_lines, part) for part, _words in _AMOUNTS}
        for line in project.funding:
            totals = line_totals((line,))
            amounts = {part: getattr(totals, part) for part, _words in _AMOUNTS}
            row |= {f"{line.source}:{part}": amount for part, amount in amounts.items()}
            by_source.append({"number": number, "name": row["name"], "source": names[line.source]} | amounts)
        rows.append(row)
    money_keys = ["total_investment", *(column.key for column in money_columns)]
    total: Row = {"number": None, "name": _("Total")} | {key: column_sum(rows, key) for key in money_keys}
    sections: tuple[Section, ...] = (
        Section(
            _("Project ledger"), _BEFORE + money_columns + _AFTER, tuple(rows), total, empty_text=_("no projects match")
        ),
    )
    if not inline:  # many sources: each project's lines in a table of their own, so the ledger fits the page
        parts = ("planned", "received", "paid")
        sums: Row = {"number": None, "name": _("Total")} | {part: column_sum(by_source, part) for part in parts}
        sections += (Section(_("Funding by source"), _BY_SOURCE, tuple(by_source), sums, empty_text=_("none")),)
    notes: tuple[str, ...] = (
        _("Received (到位) and paid amounts are the dated entries up to {day}.").format(day=as_of.isoformat()),
    )
    if filters.describe():
        notes += (filters.describe(),)
    return Report(_("Project ledger"), portfolio.settings.name, as_of, portfolio.settings.display_unit, sections, notes)
