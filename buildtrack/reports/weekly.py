"""The weekly dispatch bulletin (一周一调度一通报): what moved in the week, what fell late, what is due next."""

from __future__ import annotations

from buildtrack.domain.labels import label
from buildtrack.domain.lights import Light
from buildtrack.domain.schedule import actual_percent, overdue_milestones
from buildtrack.domain.stages import milestone_name
from buildtrack.i18n import N_, _
from buildtrack.reports.overdue import DUE_SOON_COLUMNS, due_soon_rows
from buildtrack.reports.periodic import STATUS_RANK, Period, done_between, money_moved
from buildtrack.reports.problems import CLOSED_COLUMNS, problem_row
from buildtrack.reports.problems import COLUMNS as PROBLEM_COLUMNS
from buildtrack.reports.selection import lights, standings
from buildtrack.reports.table import Column, ColumnKind, Report, Row, Section, column_sum

_CODE, _PROJECT = Column("code", "Code"), Column("project", "Project")


def _moves(period: Period) -> tuple[list[Row], list[Row], dict[str, tuple[int, int]]]:
    progress: list[Row] = []
    money: list[Row] = []
    by_source: dict[str, tuple[int, int]] = {}
    for before, after in period.pairs():
        start = actual_percent(before, period.eve) if before else None
        end = actual_percent(after, period.end)
        named = {"code": after.code, "project": after.name}
        if end is not None and end != start:
            progress.append(named | {"from": start, "to": end, "change": end - (start or 0)})
        for source, (received, paid) in money_moved(after, period.start, period.end).items():
            money.append(named | {"source": source, "received": received, "paid": paid})
            total = by_source.get(source, (0, 0))
            by_source[source] = (total[0] + received, total[1] + paid)
    return progress, money, by_source


def _reschedules(period: Period) -> list[Row]:
    rows = []
    for record in period.records:
        if record.action == "milestone moved":
            for field in record.changes:
                name = field.field.removeprefix("milestones[").split("]")[0]
                rows.append(
                    {
                        "code": record.project,
                        "milestone": name,
                        "from": field.old,
                        "to": field.new,
                        "reason": record.reason,
                        "by": record.user,
                    }
                )
    return rows


def _problems(period: Period) -> tuple[Section, ...]:
    """Problems raised and closed in the week, and those past their deadline at its end."""
    raised, closed, overdue = [], [], []
    for project in period.after.sorted_projects():
        for problem in project.problems:
            row = problem_row(project, problem, period.end)
            if period.start <= problem.raised_on <= period.end:
                raised.append(row)
            if problem.closed_on and period.start <= problem.closed_on <= period.end:
                closed.append(row)
            if problem.overdue_on(period.end):
                overdue.append(row)
    return (
        Section(_("Problems raised this week"), PROBLEM_COLUMNS, tuple(raised), empty_text=_("none")),
        Section(_("Problems closed (销号) this week"), CLOSED_COLUMNS, tuple(closed), empty_text=_("none")),
        Section(
            _("Problems past their deadline"),
            PROBLEM_COLUMNS,
            tuple(sorted(overdue, key=lambda row: -row["days_overdue"])),
            empty_text=_("none"),
        ),
    )


def _lights(period: Period) -> Section:
    """How many projects show each light at the end of the week, and how many at its start."""
    now = lights(period.after, period.end, standings(period.after, period.end))
    then = lights(period.before, period.eve, standings(period.before, period.eve))
    rows = tuple(
        {
            "light": label("light", light),
            "projects": sum(1 for g in now.values() if g.light is light),
            "before": sum(1 for g in then.values() if g.light is light),
        }
        for light in Light
    )
    columns = (
        Column("light", N_("Light")),
        Column("projects", N_("Projects"), ColumnKind.INTEGER),
        Column("before", N_("A week before"), ColumnKind.INTEGER),
    )
    return Section(
        _("Traffic lights (红黄绿灯)"), columns, rows, {"light": _("Total"), "projects": len(now), "before": len(then)}
    )


def weekly_bulletin(period: Period) -> Report:
    """The period's days (a week unless asked otherwise), ending on its last day."""
    after, as_of = period.after, period.end
    portfolio = after
    done = [
        {"code": p.code, "project": p.display_name(), "number": n, "milestone": milestone_name(m), "done": m.done_on}
        for p in after.sorted_projects()
        for n, m in done_between(p, period.start, period.end)
    ]
    progress, money, by_source = _moves(period)
    late: list[Row] = []
    for project in after.sorted_projects():
        for item in overdue_milestones(project, period.end):
            if item.milestone.due >= period.eve:  # fell due in the week (it was not late the day before)
                late.append(
                    {
                        "code": project.code,
                        "project": project.display_name(),
                        "number": item.number,
                        "milestone": milestone_name(item.milestone),
                        "due": item.milestone.due,
                        "leader": project.leader,
                    }
                )
    then, now = standings(period.before, period.eve), standings(after, period.end)
    worse = [
        {
            "code": code,
            "project": after.projects[code].name,
            "was": label("status", then[code].status),
            "now": label("status", now[code].status),
            "why": "; ".join(now[code].reasons[:2]),
        }
        for code in sorted(now)
        if code in then and STATUS_RANK[now[code].status.value] > STATUS_RANK[then[code].status.value]
    ]
    sources = {s.key: f"{s.name} {s.name_zh}".strip() for s in portfolio.settings.sources}
    received_rows = tuple(
        {"source": key, "name": sources.get(key, key), "received": received, "paid": paid}
        for key, (received, paid) in sorted(by_source.items())
    )
    money_columns = (Column("received", "Received", ColumnKind.MONEY), Column("paid", "Paid", ColumnKind.MONEY))
    sections: tuple[Section, ...] = (
        Section(
            _("Milestones done this week"),
            (
                _CODE,
                _PROJECT,
                Column("number", "#", ColumnKind.INTEGER),
                Column("milestone", "Milestone"),
                Column("done", "Done", ColumnKind.DATE),
            ),
            tuple(done),
            empty_text=_("none"),
        ),
        Section(
            _("Progress reported"),
            (
                _CODE,
                _PROJECT,
                Column("from", "From", ColumnKind.PERCENT),
                Column("to", "To", ColumnKind.PERCENT),
                Column("change", "Change", ColumnKind.PERCENT),
            ),
            tuple(progress),
            empty_text=_("no new progress figures"),
        ),
        Section(
            _("Money received and paid"),
            (_CODE, _PROJECT, Column("source", "Source")) + money_columns,
            tuple(money),
            empty_text=_("no money moved"),
        ),
        Section(
            _("Money received this week by source"),
            (Column("source", "Source"), Column("name", "Name")) + money_columns,
            received_rows,
            {"source": _("Total")} | {key: column_sum(received_rows, key) for key in ("received", "paid")},
            empty_text=_("no money moved"),
        ),
        Section(
            _("Rescheduled milestones"),
            (
                _CODE,
                Column("milestone", "Milestone"),
                Column("from", "From"),
                Column("to", "To"),
                Column("reason", "Reason", wrap=40),
                Column("by", "By"),
            ),
            tuple(_reschedules(period)),
            empty_text=_("nothing was rescheduled"),
        ),
        Section(
            _("Became overdue this week"),
            (
                _CODE,
                _PROJECT,
                Column("number", "#", ColumnKind.INTEGER),
                Column("milestone", "Milestone"),
                Column("due", "Due", ColumnKind.DATE),
                Column("leader", "Leader"),
            ),
            tuple(late),
            empty_text=_("no milestone fell late this week"),
        ),
        Section(
            _("Due in the next {due_soon_days} days").format(due_soon_days=portfolio.settings.due_soon_days),
            DUE_SOON_COLUMNS,
            tuple(due_soon_rows(after.sorted_projects(), as_of, portfolio.settings.due_soon_days)),
            empty_text=_("nothing"),
        ),
        Section(
            _("Status got worse"),
            (_CODE, _PROJECT, Column("was", "Was"), Column("now", "Now"), Column("why", "Why", wrap=50)),
            tuple(worse),
            empty_text=_("no project's status got worse"),
        ),
    )
    sections += _problems(period) + (_lights(period),)
    notes = (
        _(
            "Week {start} – {end}; changes come from the change log, percent and done dates from each project's "
            "history."
        ).format(start=period.start.isoformat(), end=period.end.isoformat()),
    )
    return Report(
        _("Weekly bulletin {start} – {end}").format(start=period.start.isoformat(), end=period.end.isoformat()),
        portfolio.settings.name,
        as_of,
        portfolio.settings.display_unit,
        sections,
        notes,
    )
