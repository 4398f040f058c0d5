"""One project on one page (``project show``): its details and light, funding with every dated tranche,
milestones, work packages, progress, the problem list, the approvals checklist and the annual investment."""

from __future__ import annotations

import datetime as dt

from buildtrack.domain.fields import PROJECT_FIELDS, show_field
from buildtrack.domain.funding import line_totals, unfunded_gap
from buildtrack.domain.instruments import approvals_obtained
from buildtrack.domain.investment import investment_progress
from buildtrack.domain.labels import label
from buildtrack.domain.lights import grade
from buildtrack.domain.model import FundingLine, MoneyEntry, Project, Settings
from buildtrack.domain.money import format_money_with_unit
from buildtrack.domain.percent import format_percent
from buildtrack.domain.schedule import max_slippage_days, standing
from buildtrack.domain.stages import milestone_name
from buildtrack.i18n import N_, _
from buildtrack.reports.approvals import kind_name
from buildtrack.reports.problems import CLOSED_COLUMNS, problem_row
from buildtrack.reports.problems import COLUMNS as PROBLEM_COLUMNS
from buildtrack.reports.table import Column, ColumnKind, Report, Row, Section

_FUNDING = (
    Column("source", N_("Source")),
    Column("name", N_("Name")),
    Column("planned", N_("Planned"), ColumnKind.MONEY),
    Column("received", N_("Received"), ColumnKind.MONEY),
    Column("paid", N_("Paid"), ColumnKind.MONEY),
    Column("unspent", N_("Unspent"), ColumnKind.MONEY),
    Column("note", N_("Note")),
)
_ENTRIES = (
    Column("on", N_("Date"), ColumnKind.DATE),
    Column("source", N_("Source")),
    Column("kind", N_("Received or paid")),
    Column("amount", N_("Amount"), ColumnKind.MONEY),
    Column("doc_no", N_("Document number")),
    Column("note", N_("Note"), wrap=40),
)
_MILESTONES = (
    Column("number", N_("#"), ColumnKind.INTEGER),
    Column("name", N_("Milestone")),
    Column("due", N_("Due"), ColumnKind.DATE),
    Column("done_on", N_("Done"), ColumnKind.DATE),
    Column("days_late", N_("Days late"), ColumnKind.INTEGER),
    Column("baseline_due", N_("Baseline"), ColumnKind.DATE),
    Column("slip", N_("Slip (days)"), ColumnKind.INTEGER),
    Column("stage", N_("Stage")),
    Column("note", N_("Note"), wrap=40),
)
_PACKAGES = (
    Column("name", N_("Work package")),
    Column("weight", N_("Weight")),
    Column("percent", N_("Percent"), ColumnKind.PERCENT),
)
_PROGRESS = (
    Column("on", N_("Date"), ColumnKind.DATE),
    Column("percent", N_("Percent"), ColumnKind.PERCENT),
    Column("note", N_("Note")),
)
_APPROVALS = (
    Column("approval", N_("Approval")),
    Column("state", N_("State")),
    Column("doc_no", N_("Document number")),
    Column("issued", N_("Issued"), ColumnKind.DATE),
    Column("valid_until", N_("Valid until"), ColumnKind.DATE),
    Column("note", N_("Note"), wrap=40),
)
_INVESTMENT = (
    Column("year", N_("Year"), ColumnKind.INTEGER),
    Column("planned", N_("Annual plan"), ColumnKind.MONEY),
    Column("completed", N_("Work done"), ColumnKind.MONEY),
    Column("share", N_("Of plan"), ColumnKind.PERCENT),
    Column("months", N_("Months reported")),
)


def _details(project: Project, settings: Settings, as_of: dt.date) -> Section:
    state = standing(project, as_of, settings.at_risk_threshold, settings.due_soon_days)
    light = grade(project, as_of, state, settings.lights)
    investment = investment_progress(project, as_of)
    obtained, required = approvals_obtained(project.approvals, settings.approval_kinds, as_of)
    pairs = [(_(spec.label), show_field(project, spec.name)) for spec in PROJECT_FIELDS]
    reasons = f" ({'; '.join(state.reasons)})" if state.reasons else ""
    pairs += [
        (_("Status"), label("status", state.status) + reasons),
        (_("Light"), label("light", light.light) + (f" ({'; '.join(light.reasons)})" if light.reasons else "")),
        (_("Planned / actual %"), f"{format_percent(state.planned)} / {format_percent(state.actual)}"),
        (_("Largest slippage"), _("{days} days").format(days=max_slippage_days(project))),
        (_("Unfunded gap"), format_money_with_unit(unfunded_gap(project), settings.display_unit)),
        (
            _("Annual investment {year}").format(year=investment.year),
            _("no plan set")
            if investment.planned is None
            else _("{share} of the plan done; time elapsed {elapsed}").format(
                share=format_percent(investment.share), elapsed=format_percent(investment.elapsed)
            ),
        ),
        (_("Approvals obtained"), f"{obtained} / {required}"),
        (_("Problems open"), str(sum(1 for problem in project.problems if problem.open_on(as_of)))),
    ]
    rows = tuple({"field": field, "value": value} for field, value in pairs)
    return Section(_("Details"), (Column("field", N_("Field")), Column("value", N_("Value"), wrap=90)), rows)


def _funding(project: Project, settings: Settings) -> Section:
    rows = tuple(
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
    total_row = {
        "source": _("Total"),
        "planned": totals.planned,
        "received": totals.received,
        "paid": totals.paid,
        "unspent": totals.unspent,
    }
    return Section(_("Funding"), _FUNDING, rows, total_row if rows else None, _("no funding lines"))


def money_entries(project: Project) -> list[tuple[FundingLine, MoneyEntry]]:
    """Every tranche with its line, by date then source: the order the sheet and the UI list them in."""
    pairs = [(line, entry) for line in project.funding for entry in line.entries]
    return sorted(pairs, key=lambda pair: (pair[1].on, pair[0].source))


def _entries(project: Project) -> Section:
    """Every tranche received and paid, by date: the ledger a finance officer checks against the bank."""
    rows = [
        {
            "on": entry.on,
            "source": line.source,
            "kind": label("money", entry.kind),
            "amount": entry.amount,
            "doc_no": entry.doc_no,
            "note": "; ".join(part for part in (entry.note, entry.reason) if part),
        }
        for line, entry in money_entries(project)
    ]
    return Section(_("Money received and paid"), _ENTRIES, tuple(rows), empty_text=_("no money recorded"))


def _milestone_rows(project: Project, as_of: dt.date) -> tuple[Row, ...]:
    return tuple(
        {
            "number": n,
            "name": milestone_name(m),
            "due": m.due,
            "done_on": m.done_on,
            "days_late": (as_of - m.due).days if m.due < as_of and not m.done_by(as_of) else None,
            "baseline_due": m.baseline_due,
            "slip": m.slippage_days,
            "stage": label("stage", m.stage),
            "note": m.note,
        }
        for n, m in enumerate(project.milestones, start=1)
    )


def _problems(project: Project, as_of: dt.date) -> tuple[Section, Section]:
    still_open = tuple(problem_row(project, p, as_of) for p in project.problems if p.open_on(as_of))
    closed = tuple(problem_row(project, p, as_of) for p in project.problems if not p.open_on(as_of))
    return (
        Section(_("Open problems"), PROBLEM_COLUMNS[2:], still_open, empty_text=_("none")),
        Section(_("Closed problems"), CLOSED_COLUMNS[2:], closed, empty_text=_("none")),
    )


def _approvals(project: Project, settings: Settings, as_of: dt.date) -> Section:
    """The whole checklist, so what is missing shows as plainly as what is there."""
    by_kind = {approval.kind: approval for approval in project.approvals}
    rows = []
    for kind in settings.approval_kinds:
        approval = by_kind.get(kind.key)
        if approval is None:
            state = _("missing")
        elif approval.not_needed:
            state = _("not needed")
        elif not approval.obtained_by(as_of):
            state = _("missing")
        elif approval.valid_until is not None and approval.valid_until < as_of:
            state = _("lapsed")
        else:
            state = _("obtained")
        rows.append(
            {
                "approval": kind_name(kind),
                "state": state,
                "doc_no": approval.doc_no if approval else "",
                "issued": approval.issued_on if approval else None,
                "valid_until": approval.valid_until if approval else None,
                "note": approval.note if approval else "",
            }
        )
    return Section(_("Pre-construction approvals"), _APPROVALS, tuple(rows), empty_text=_("no checklist"))


def _investment(project: Project, as_of: dt.date) -> Section:
    years = sorted({plan.year for plan in project.annual_plans} | {entry.month.year for entry in project.completions})
    rows = []
    for year in years:
        day = min(as_of, dt.date(year, 12, 31))
        progress = investment_progress(project, day)
        months = sorted(entry.month.month for entry in project.completions if entry.month.year == year)
        rows.append(
            {
                "year": year,
                "planned": progress.planned,
                "completed": progress.completed,
                "share": progress.share,
                "months": ", ".join(str(month) for month in months),
            }
        )
    return Section(_("Annual plan and work done"), _INVESTMENT, tuple(rows), empty_text=_("no plan or work done"))


def sheet_sections(project: Project, settings: Settings, as_of: dt.date) -> dict[str, Section]:
    """The sheet's tables by a stable key (``milestones``, ``funding`` …), whatever language titles them:
    the UI shows each in its own tab."""
    open_problems, closed_problems = _problems(project, as_of)
    return {
        "details": _details(project, settings, as_of),
        "funding": _funding(project, settings),
        "entries": _entries(project),
        "milestones": Section(
            _("Milestones"), _MILESTONES, _milestone_rows(project, as_of), empty_text=_("no milestones")
        ),
        "packages": Section(
            _("Work packages"),
            _PACKAGES,
            tuple(
                {"name": w.name, "weight": f"{w.weight.normalize():f}", "percent": w.percent}
                for w in project.work_packages
            ),
            empty_text=_("none"),
        ),
        "progress": Section(
            _("Progress history"),
            _PROGRESS,
            tuple({"on": e.on, "percent": e.percent, "note": e.note} for e in project.progress),
            empty_text=_("no progress reported"),
        ),
        "open_problems": open_problems,
        "closed_problems": closed_problems,
        "approvals": _approvals(project, settings, as_of),
        "investment": _investment(project, as_of),
    }


def project_sheet(project: Project, settings: Settings, as_of: dt.date) -> Report:
    sections = tuple(sheet_sections(project, settings, as_of).values())
    title = f"{project.code} {project.name}" + (f" {project.name_zh}" if project.name_zh else "")
    return Report(title, settings.name, as_of, settings.display_unit, sections)
