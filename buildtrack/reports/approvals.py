"""Pre-construction approvals (前期手续): how much of the checklist each project has, and what is about to lapse."""

from __future__ import annotations

import datetime as dt

from buildtrack.domain.instruments import approvals_obtained, expiring
from buildtrack.domain.investment import percent_of
from buildtrack.domain.model import ApprovalKind, Portfolio, Project
from buildtrack.i18n import N_, _, chinese
from buildtrack.reports.selection import Filters, select, standings
from buildtrack.reports.table import Column, ColumnKind, Report, Row, Section

EXPIRING_COLUMNS = (
    Column("code", N_("Code")),
    Column("project", N_("Project")),
    Column("approval", N_("Approval")),
    Column("doc_no", N_("Document number")),
    Column("issued", N_("Issued"), ColumnKind.DATE),
    Column("valid_until", N_("Valid until"), ColumnKind.DATE),
    Column("days_left", N_("Days left"), ColumnKind.INTEGER),
)


def kind_name(kind: ApprovalKind) -> str:
    return (kind.name_zh or kind.name) if chinese() else (kind.name or kind.name_zh)


def expiring_rows(portfolio: Portfolio, projects: list[Project], as_of: dt.date, within_days: int) -> list[Row]:
    """Approvals obtained that lapse within ``within_days`` (or have lapsed), soonest first."""
    names = {kind.key: kind_name(kind) for kind in portfolio.settings.approval_kinds}
    rows = [
        {
            "code": project.code,
            "project": project.display_name(),
            "approval": names.get(a.kind, a.kind),
            "doc_no": a.doc_no,
            "issued": a.issued_on,
            "valid_until": a.valid_until,
            "days_left": (a.valid_until - as_of).days if a.valid_until else None,
        }
        for project in projects
        for a in expiring(project.approvals, as_of, within_days)
    ]
    return sorted(rows, key=lambda row: (row["days_left"], row["code"]))


def approvals_report(
    portfolio: Portfolio, as_of: dt.date, filters: Filters = Filters(), within_days: int = 30
) -> Report:
    kinds = portfolio.settings.approval_kinds
    projects = select(portfolio, standings(portfolio, as_of), filters, as_of)
    rows, obtained_all, required_all = [], 0, 0
    for project in projects:
        obtained, required = approvals_obtained(project.approvals, kinds, as_of)
        have = {a.kind for a in project.approvals if a.obtained_by(as_of) or a.not_needed}
        missing = [kind_name(kind) for kind in kinds if kind.key not in have]
        rows.append(
            {
                "code": project.code,
                "project": project.display_name(),
                "obtained": obtained,
                "required": required,
                "rate": percent_of(obtained, required),
                "missing": "、".join(missing) if chinese() else ", ".join(missing),
            }
        )
        obtained_all, required_all = obtained_all + obtained, required_all + required
    columns = (
        Column("code", N_("Code")),
        Column("project", N_("Project")),
        Column("obtained", N_("Obtained"), ColumnKind.INTEGER),
        Column("required", N_("Required"), ColumnKind.INTEGER),
        Column("rate", N_("Complete"), ColumnKind.PERCENT),
        Column("missing", N_("Still missing"), wrap=60),
    )
    totals = {
        "code": _("Total"),
        "obtained": obtained_all,
        "required": required_all,
        "rate": percent_of(obtained_all, required_all),
    }
    sections = (
        Section(_("Pre-construction approvals by project"), columns, tuple(rows), totals, _("no projects match")),
        Section(
            _("Lapsed or lapsing within {days} days").format(days=within_days),
            EXPIRING_COLUMNS,
            tuple(expiring_rows(portfolio, projects, as_of, within_days)),
            empty_text=_("none"),
        ),
    )
    notes: tuple[str, ...] = (_("Every item of the checklist is required unless the project marks it not needed."),)
    if filters.describe():
        notes += (filters.describe(),)
    return Report(
        _("Pre-construction approvals (前期手续)"),
        portfolio.settings.name,
        as_of,
        portfolio.settings.display_unit,
        sections,
        notes,
    )
