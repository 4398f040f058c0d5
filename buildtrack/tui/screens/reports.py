"""The overdue review and the funding summary: report builders shown as tables, exportable with x."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dateutil.relativedelta import relativedelta
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Static

from buildtrack.domain.dates import month_range
from buildtrack.domain.errors import BuildtrackError, InvalidInput
from buildtrack.files import atomic_write_bytes
from buildtrack.i18n import _
from buildtrack.reports.approvals import approvals_report
from buildtrack.reports.funding import funding_report
from buildtrack.reports.investment import investment_report
from buildtrack.reports.monthly import monthly_review
from buildtrack.reports.output import FORMATS, choose_format, report_files, with_extension
from buildtrack.reports.overdue import GROUPINGS, overdue_report
from buildtrack.reports.problems import problems_report
from buildtrack.reports.table import Report
from buildtrack.reports.weekly import weekly_bulletin
from buildtrack.tui.base import BuildtrackScreen
from buildtrack.tui.widgets.form import ConfirmDialog, FormDialog, FormField, FormSpec
from buildtrack.tui.widgets.message import AsOfBanner, MessageLine
from buildtrack.tui.widgets.sections import aligned_columns, section_table, show_section
from buildtrack.tui.widgets.virtual_table import VirtualTable


def _export_format(text: str) -> str:
    value = text.strip().lower()
    if value not in FORMATS:
        raise InvalidInput(_("format must be one of: {formats}").format(formats=", ".join(FORMATS)))
    return value


class ReportScreen(BuildtrackScreen):
    """A report as one table per section (painted only where seen); Enter acts on the row, x exports."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", _("Back"), id="report.back"),
        Binding("x", "export", _("Export"), id="report.export"),
    ]
    report_name = "report"

    def build(self) -> Report:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield Header()
        yield AsOfBanner()
        yield VerticalScroll(id="sections")
        yield MessageLine()
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        self.report = self.build()
        self.query_one(AsOfBanner).show_for(self.app.workspace.as_of, self.app.workspace.read_only)
        self.sub_title = _("{name} — as of {day}").format(name=self.report.title, day=self.report.as_of.isoformat())
        holder = self.query_one("#sections", VerticalScroll)
        holder.remove_children()
        widgets: list[Widget] = []
        self._section_of = {}
        for section in self.report.sections:
            widgets.append(Static(Text(section.title, style="bold"), classes="section-title"))
            if not section.rows:
                widgets.append(Static(Text(f"({section.empty_text})", style="dim")))
                continue
            table = section_table(section, self.report.unit, max_height=20)
            self._section_of[table] = section
            widgets.append(table)
        widgets.append(Static(Text("\n".join(self.report.notes), style="dim"), classes="notes"))
        holder.mount_all(widgets)
        cap = 18 if self.app.size.width < 100 else 48
        sections = list(self._section_of.values())
        for (table, section), columns in zip(
            self._section_of.items(), aligned_columns(sections, self.report.unit, cap), strict=True
        ):
            show_section(table, section, self.report.unit, columns=columns)
        if self._section_of:
            next(iter(self._section_of)).focus()

    def section_row(self, event: VirtualTable.RowSelected) -> tuple:
        return self._section_of[event.table], event.row

    def action_export(self) -> None:
        """Write the report in a chosen format: the file name follows the format as it is changed, an existing
        file is replaced only after asking, and the path written is said."""
        default = Path.cwd() / f"{self.report_name}-{self.report.as_of.isoformat()}.html"
        spec = FormSpec(
            _("Export {title}").format(title=self.report.title),
            (
                FormField("format", _("Format"), "html", _export_format, " · ".join(FORMATS)),
                FormField("path", _("File"), str(default), lambda text: Path(text.strip()).expanduser()),
            ),
            submit=_("Export"),
        )
        self.app.push_screen(ExportDialog(spec, self._write))

    def _write(self, values: dict, form: FormDialog, confirmed: bool = False) -> None:
        fmt, path = values["format"], values["path"]
        try:
            files = report_files(self.report, choose_format(fmt, path), path)
        except BuildtrackError as error:
            form.problem(str(error))
            return
        existing = [str(name) for name, _data in files if name.exists()]
        if existing and not confirmed:
            question = _("Replace the existing file(s)?") + "\n" + "\n".join(existing)
            self.app.push_screen(ConfirmDialog(question), lambda yes: self._write(values, form, True) if yes else None)
            return
        try:
            for name, data in files:
                atomic_write_bytes(name, data)
        except OSError as error:
            form.problem(_("Could not write {path}: {why}").format(path=path, why=error.strerror or error))
            return
        form.close()
        self.notify(_("Wrote {paths}").format(paths=", ".join(str(name) for name, _data in files)))


class ExportDialog(FormDialog):
    """The export form: changing the format renames the file to match (report.html → report.csv)."""

    @on(Input.Changed, "#field-format")
    def _rename(self, event: Input.Changed) -> None:
        fmt = event.value.strip().lower()
        if fmt in FORMATS:
            field = self.query_one("#field-path", Input)
            field.value = str(with_extension(Path(field.value.strip()), fmt))


class OverdueScreen(ReportScreen):
    """Overdue milestones and projects as of the chosen date; g groups by leader or location."""

    BINDINGS = [Binding("g", "group", _("Group"), id="overdue.group")]
    report_name = "overdue"
    group_by = ""

    def build(self) -> Report:
        workspace = self.app.workspace
        return overdue_report(
            workspace.view,
            workspace.as_of,
            within_days=workspace.portfolio.settings.due_soon_days,
            group_by=self.group_by,
        )

    def action_group(self) -> None:
        choices = ("",) + GROUPINGS
        self.group_by = choices[(choices.index(self.group_by) + 1) % len(choices)]
        self.refresh_data()
        self.notify(_("Grouped by {what}").format(what=_(self.group_by) if self.group_by else _("nothing")))

    @on(VirtualTable.RowSelected)
    def _open(self, event: VirtualTable.RowSelected) -> None:
        section, row = self.section_row(event)
        milestone = row["number"] - 1 if "number" in row else None
        self.app.open_project(row["code"], milestone)


class FundingScreen(ReportScreen):
    """Funding by source and category; Enter on a source lists its projects."""

    report_name = "funding"

    def build(self) -> Report:
        workspace = self.app.workspace
        return funding_report(workspace.view, workspace.as_of)

    @on(VirtualTable.RowSelected)
    def _drill(self, event: VirtualTable.RowSelected) -> None:
        section, row = self.section_row(event)
        if section.columns[0].key == "source":
            self.app.show_source(row["source"])
        elif section.columns[0].key == "code":
            self.app.open_project(row["code"])


class WeeklyScreen(ReportScreen):
    """The weekly dispatch bulletin (每周调度通报) for the seven days ending on the as-of date; [ and ] step
    a week back or forward."""

    BINDINGS = [
        Binding("left_square_bracket", "step(-7)", _("Week before")),
        Binding("right_square_bracket", "step(7)", _("Week after")),
    ]
    report_name = "weekly"
    days_back = 0

    def build(self) -> Report:
        end = self.app.workspace.as_of + dt.timedelta(days=self.days_back)
        return weekly_bulletin(self.app.workspace.service.period(end - dt.timedelta(days=6), end))

    def action_step(self, days: int) -> None:
        self.days_back = min(self.days_back + days, 0)
        self.refresh_data()


class MonthlyScreen(ReportScreen):
    """The monthly review (月度考评) of the as-of date's month; [ and ] step a month."""

    BINDINGS = [
        Binding("left_square_bracket", "step(-1)", _("Month before")),
        Binding("right_square_bracket", "step(1)", _("Month after")),
    ]
    report_name = "monthly"
    months = 0

    def build(self) -> Report:
        day = self.app.workspace.as_of + relativedelta(months=self.months)
        start, end = month_range(day.strftime("%Y-%m"))
        return monthly_review(self.app.workspace.service.period(start, min(end, self.app.workspace.service.today())))

    def action_step(self, months: int) -> None:
        self.months = min(self.months + months, 0)
        self.refresh_data()


class _ProjectRows(ReportScreen):
    """A report whose rows name a project: Enter opens it."""

    @on(VirtualTable.RowSelected)
    def _open(self, event: VirtualTable.RowSelected) -> None:
        _section, row = self.section_row(event)
        if row.get("code"):
            self.app.open_project(row["code"])


class ProblemsScreen(_ProjectRows):
    """Open problems by owner, overdue first (督办清单)."""

    report_name = "problems"

    def build(self) -> Report:
        return problems_report(self.app.workspace.view, self.app.workspace.as_of)


class ApprovalsScreen(_ProjectRows):
    """Pre-construction approvals (前期手续): what each project lacks and what lapses soon."""

    report_name = "approvals"

    def build(self) -> Report:
        return approvals_report(self.app.workspace.view, self.app.workspace.as_of)


class InvestmentScreen(_ProjectRows):
    """Annual investment against the time-elapsed schedule (序时进度) and each project's light (红黄绿灯)."""

    report_name = "investment"

    def build(self) -> Report:
        return investment_report(self.app.workspace.view, self.app.workspace.as_of)
