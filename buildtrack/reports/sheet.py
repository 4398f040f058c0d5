"""One project on one page (``project show``): details, funding, milestones, work packages, progress."""

from __future__ import annotations

import datetime as dt

from buildtrack.domain.fields import PROJECT_FIELDS, show_field
from buildtrack.domain.funding import line_totals, unfunded_gap
from buildtrack.domain.model import Project, Settings
from buildtrack.domain.money import format_money_with_unit
from buildtrack.domain.percent import format_percent
from buildtrack.domain.schedule import max_slippage_days, standing
from buildtrack.reports.table import Column, ColumnKind, Report, Row, Section

_FUNDING = (
    Column("source", "Source"),
    Column("name", "Name"),
    Column("planned", "Planned", ColumnKind.MONEY),
    Column("received", "Received", ColumnKind.MONEY),
    Column("paid", "Paid", ColumnKind.MONEY),
    Column("unspent", "Unspent", ColumnKind.MONEY),
    Column("note", "Note"),
)
_MILESTONES = (
    Column("number", "#", ColumnKind.INTEGER),
    Column("name", "Milestone"),
    Column("due", "Due", ColumnKind.DATE),
    Column("done_on", "Done", ColumnKind.DATE),
    Column("days_late", "Days late", ColumnKind.INTEGER),
    Column("baseline_due", "Baseline", ColumnKind.DATE),
    Column("slip", "Slip (days)", ColumnKind.INTEGER),
    Column("stage", "Stage"),
    Column("note", "Note", wrap=40),
)
_PACKAGES = (
    Column("name", "Work package"),
    Column("weight", "Weight"),
    Column("percent", "Percent", ColumnKind.PERCENT),
)
_PROGRESS = (
    Column("on", "Date", ColumnKind.DATE),
    Column("percent", "Percent", ColumnKind.PERCENT),
    Column("note", "Note"),
)


def _details(project: Project, settings: Settings, as_of: dt.date) -> Section:
    state = standing(project, as_of, settings.at_risk_threshold, settings.due_soon_days)
    pairs = [(spec.label, show_field(project, spec.name)) for spec in PROJECT_FIELDS]
    gap = unfunded_gap(project)
    pairs += [
        ("Status", state.status.value + (f" ({'; '.join(state.reasons)})" if state.reasons else "")),
        ("Planned / actual %", f"{format_percent(state.planned)} / {format_percent(state.actual)}"),
        ("Largest slippage", f"{max_slippage_days(project)} days"),
        ("Unfunded gap", format_money_with_unit(gap, settings.display_unit)),
    ]
    rows = tuple({"field": label, "value": value} for label, value in pairs)
    return Section("Details", (Column("field", "Field"), Column("value", "Value", wrap=90)), rows)


def _milestone_rows(project: Project, as_of: dt.date) -> tuple[Row, ...]:
    return tuple(
        {
            "number": n,
            "name": m.name,
            "due": m.due,
            "done_on": m.done_on,
            "days_late": (as_of - m.due).days if m.due < as_of and not m.done_by(as_of) else None,
            "baseline_due": m.baseline_due,
            "slip": m.slippage_days,
            "stage": m.stage or "",
            "note": m.note,
        }
        for n, m in enumerate(project.milestones, start=1)
    )


def project_sheet(project: Project, settings: Settings, as_of: dt.date) -> Report:
    funding_rows = tuple(
        {
            "source": line.source,
            "name": source.name if (source := settings.source(line.source)) else "",
            "planned": line.planned,
            "received": line.received,
            "paid": line.paid,
            "unspent": line.received - line.paid,
            "note": line.note,
        }
        for line in project.funding
    )
    totals = line_totals(project.funding)
    sections = (
        _details(project, settings, as_of),
        Section(
            "Funding",
            _FUNDING,
            funding_rows,
            {
                "source": "Total",
                "planned": totals.planned,
                "received": totals.received,
                "paid": totals.paid,
                "unspent": totals.unspent,
            }
            if funding_rows
            else None,
            "no funding lines",
        ),
        Section("Milestones", _MILESTONES, _milestone_rows(project, as_of), empty_text="no milestones"),
        Section(
            "Work packages",
            _PACKAGES,
            tuple(
                {"name": w.name, "weight": f"{w.weight.normalize():f}", "percent": w.percent}
                for w in project.work_packages
            ),
            empty_text="none",
        ),
        Section(
            "Progress history",
            _PROGRESS,
            tuple({"on": e.on, "percent": e.percent, "note": e.note} for e in project.progress),
            empty_text="no progress reported",
        ),
    )
    title = f"{project.code} {project.name}" + (f" {project.name_zh}" if project.name_zh else "")
    return Report(title, settings.name, as_of, settings.display_unit, sections)
