"""The overdue review and the funding summary: report builders shown as tables, exportable with x."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from buildtrack.domain.errors import BuildtrackError, InvalidInput
from buildtrack.files import atomic_write_bytes
from buildtrack.i18n import _
from buildtrack.reports.funding import funding_report
from buildtrack.reports.output import FORMATS, choose_format, report_files, with_extension
from buildtrack.reports.overdue import GROUPINGS, overdue_report
from buildtrack.reports.table import Report
from buildtrack.tui.widgets.form import ConfirmDialog, FormDialog, FormField, FormSpec
from buildtrack.tui.widgets.message import AsOfBanner, MessageLine
from buildtrack.tui.widgets.sections import section_table, show_section
from buildtrack.tui.widgets.virtual_table import VirtualTable


def _export_format(text: str) -> str:
    value = text.strip().lower()
    if value not in FORMATS:
        raise InvalidInput(_("format must be one of: {formats}").format(formats=", ".join(FORMATS)))
    return value


class ReportScreen(Screen):
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
        widgets, self._section_of = [], {}
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
        for table, section in self._section_of.items():
            self._fill(table, section)
        if self._section_of:
            next(iter(self._section_of)).focus()

    def _fill(self, table: VirtualTable, section) -> None:
        show_section(table, section, self.report.unit, text_cap=18 if self.app.size.width < 100 else 48)

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
            self.app.push_screen(ConfirmDialog(question), lambda yes: yes and self._write(values, form, confirmed=True))
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
