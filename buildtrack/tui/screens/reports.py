"""The overdue review and the funding summary: report builders shown as tables, exportable with x."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from buildtrack.domain.errors import InvalidInput
from buildtrack.files import atomic_write_bytes
from buildtrack.reports.funding import funding_report
from buildtrack.reports.overdue import GROUPINGS, overdue_report
from buildtrack.reports.render import render
from buildtrack.reports.table import Report
from buildtrack.tui.widgets.form import FormDialog, FormField, FormSpec
from buildtrack.tui.widgets.sections import section_table, show_section
from buildtrack.tui.widgets.virtual_table import VirtualTable

EXPORT_FORMATS = {"text": "txt", "html": "html", "csv": "csv"}


def _export_format(text: str) -> str:
    value = text.strip().lower()
    if value not in EXPORT_FORMATS:
        raise InvalidInput(f"format must be one of: {', '.join(EXPORT_FORMATS)}")
    return value


class ReportScreen(Screen):
    """A report as one table per section (painted only where seen); Enter acts on the row, x exports."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="report.back"),
        Binding("x", "export", "Export", id="report.export"),
    ]
    report_name = "report"

    def build(self) -> Report:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield Header()
        yield VerticalScroll(id="sections")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        self.report = self.build()
        self.sub_title = f"{self.report.title} — as of {self.report.as_of.isoformat()}"
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
        default = Path.cwd() / f"{self.report_name}-{self.report.as_of.isoformat()}.html"
        spec = FormSpec(
            f"Export {self.report.title}",
            (
                FormField("format", "Format", "html", _export_format, "text, html or csv"),
                FormField("path", "File", str(default), lambda text: Path(text.strip()).expanduser()),
            ),
            submit="Export",
        )

        def write(values: dict | None) -> None:
            if not values:
                return
            fmt = values["format"]
            path = values["path"]
            if path.suffix.lstrip(".") not in EXPORT_FORMATS.values():
                path = path.with_suffix("." + EXPORT_FORMATS[fmt])
            try:
                atomic_write_bytes(path, render(self.report, fmt).encode("utf-8"))
            except OSError as error:
                self.notify(f"Could not write {path}: {error.strerror or error}", severity="error", markup=False)
                return
            self.notify(f"Wrote {path}", markup=False, timeout=6)

        self.app.push_screen(FormDialog(spec), write)


class OverdueScreen(ReportScreen):
    """Overdue milestones and projects as of the chosen date; g groups by leader or location."""

    BINDINGS = [Binding("g", "group", "Group", id="overdue.group")]
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
        self.notify(f"Grouped by {self.group_by or 'nothing'}", markup=False, timeout=2)

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
