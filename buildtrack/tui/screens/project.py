"""One project: a header with its standing and money, and tabs for milestones, funding, progress, details, log."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Static, TabbedContent, TabPane

from buildtrack.domain.dates import format_date, parse_date
from buildtrack.domain.errors import BuildtrackError, InvalidInput
from buildtrack.domain.fields import PROJECT_FIELDS, parse_field, show_field
from buildtrack.domain.funding import funding_problems, line_totals, unfunded_gap
from buildtrack.domain.lookup import find_source
from buildtrack.domain.model import MoneyKind, Project
from buildtrack.domain.money import editable_money, format_money, format_money_with_unit, parse_money
from buildtrack.domain.percent import format_percent, parse_percent, parse_weight
from buildtrack.domain.schedule import max_slippage_days, standing
from buildtrack.domain.stages import STANDARD_STAGES, stage
from buildtrack.domain.text import visible
from buildtrack.i18n import _
from buildtrack.reports.changes import change_log_report
from buildtrack.reports.evm import earned_value
from buildtrack.reports.sheet import project_sheet
from buildtrack.tui.cells import STATUS_STYLE
from buildtrack.tui.widgets.chart import SCurve
from buildtrack.tui.widgets.form import ConfirmDialog, FormDialog, FormField, FormSpec
from buildtrack.tui.widgets.sections import fill_table


def _optional_text(text: str) -> str:
    return text.strip()


class ProjectScreen(Screen):
    """Everything about one project; every edit is saved at once through the service."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="project.back"),
        Binding("1", "tab('milestones')", "Milestones", show=False),
        Binding("2", "tab('funding')", "Funding", show=False),
        Binding("3", "tab('progress')", "Progress", show=False),
        Binding("4", "tab('details')", "Details", show=False),
        Binding("5", "tab('log')", "Log", show=False),
        Binding("a", "add", "Add", id="project.add"),
        Binding("e", "edit", "Edit", id="project.edit"),
        Binding("d", "done", "Done", id="project.done"),
        Binding("u", "undo_done", "Undo done", show=False),
        Binding("m", "move", "Reschedule", id="project.move"),
        Binding("delete", "delete", "Delete", id="project.delete"),
        Binding("c", "chain", "Std chain", show=False),
        Binding("w", "work_package", "Work pkg", show=False),
    ]

    def __init__(self, code: str, milestone: int | None = None) -> None:
        super().__init__()
        self.code = code
        self.jump_to_milestone = milestone

    @property
    def project(self) -> Project:
        return self.app.workspace.project(self.code)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="project-header")
        with TabbedContent(id="tabs"):
            with TabPane("1 Milestones", id="milestones"):
                yield DataTable(id="milestone-table", cursor_type="row", zebra_stripes=True)
            with TabPane("2 Funding", id="funding"):
                yield DataTable(id="funding-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="funding-warnings")
            with TabPane("3 Progress", id="progress"):
                with Horizontal(id="progress-tables"):
                    yield DataTable(id="progress-table", cursor_type="row", zebra_stripes=True)
                    yield DataTable(id="package-table", cursor_type="row", zebra_stripes=True)
                yield SCurve(id="s-curve")
            with TabPane("4 Details", id="details"):
                with VerticalScroll(id="details-form"):
                    for spec in PROJECT_FIELDS:
                        if spec.name == "code":
                            continue
                        with Horizontal(classes="form-row"):
                            yield Label(Text(_(spec.label)), classes="form-label")
                            yield Input(id=f"detail-{spec.name}")
                        yield Static("", id=f"detail-error-{spec.name}", classes="form-error")
            with TabPane("5 Log", id="log"):
                yield DataTable(id="log-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()
        if self.jump_to_milestone is not None:
            self.query_one("#milestone-table", DataTable).move_cursor(row=self.jump_to_milestone)
        self.query_one("#milestone-table").focus()

    # showing ---------------------------------------------------------------------------------
    def refresh_data(self) -> None:
        if self.code not in self.app.workspace.portfolio.projects:
            self.app.pop_screen() if self.app.screen is self else None
            return
        workspace = self.app.workspace
        project = workspace.view.projects.get(self.code, self.project)  # as known on the as-of date
        settings, as_of = workspace.portfolio.settings, workspace.as_of
        self.sub_title = f"{project.code} — as of {as_of.isoformat()}"
        self._show_header(project)
        sheet = project_sheet(project, settings, as_of)
        sections = {section.title: section for section in sheet.sections}
        fill_table(self.query_one("#milestone-table", DataTable), sections["Milestones"], sheet.unit)
        fill_table(self.query_one("#funding-table", DataTable), sections["Funding"], sheet.unit)
        fill_table(self.query_one("#progress-table", DataTable), sections["Progress history"], sheet.unit)
        fill_table(self.query_one("#package-table", DataTable), sections["Work packages"], sheet.unit)
        if self.query_one(TabbedContent).active == "log":
            self._show_log()
        self._show_funding_warnings(project)
        self.query_one(SCurve).show(project, as_of)
        for spec in PROJECT_FIELDS:
            if spec.name != "code":
                field = self.query_one(f"#detail-{spec.name}", Input)
                if not field.has_focus:
                    field.value = show_field(project, spec.name)

    def _show_log(self) -> None:
        """The change history, read only when its tab is shown (it means reading the whole log)."""
        workspace = self.app.workspace
        settings = workspace.portfolio.settings
        log = change_log_report(workspace.service.store.changes(), settings, workspace.as_of, self.code).sections[0]
        fill_table(self.query_one("#log-table", DataTable), log, settings.display_unit, newest_first=True)

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "log":
            self._show_log()

    def _show_header(self, project: Project) -> None:
        settings, as_of = self.app.workspace.portfolio.settings, self.app.workspace.as_of
        state = standing(project, as_of, settings.at_risk_threshold, settings.due_soon_days)
        money = line_totals(project.funding)
        unit = settings.display_unit
        text = Text()
        text.append(f"{project.code} ", style="bold")
        text.append(visible(project.name), style="bold")
        if project.name_zh:
            text.append(f"  {visible(project.name_zh)}")
        text.append("\n")
        text.append(state.status.value, style=STATUS_STYLE[state.status.value])
        if state.reasons:
            text.append(f" ({'; '.join(state.reasons[:2])})", style="dim")
        text.append(
            f"\nActual {format_percent(state.actual)} vs planned {format_percent(state.planned)}"
            f" · largest slippage {max_slippage_days(project)} days"
        )
        text.append(
            f"\nBudget {format_money_with_unit(project.total_investment, unit)}"
            f" · planned {format_money(money.planned, unit)} · received {format_money(money.received, unit)}"
            f" · paid {format_money(money.paid, unit)} {unit.label}"
        )
        value = earned_value(project, state)
        ratio = lambda number: "—" if number is None else f"{number:.2f}"  # noqa: E731
        text.append(
            f"\nEarned value: PV {format_money(value.pv, unit)} · EV {format_money(value.ev, unit)} · "
            f"AC {format_money(value.ac, unit)} · SPI {ratio(value.spi)} · CPI {ratio(value.cpi)}",
            style="dim",
        )
        self.query_one("#project-header", Static).update(text)

    def _show_funding_warnings(self, project: Project) -> None:
        unit = self.app.workspace.portfolio.settings.display_unit
        warnings = funding_problems(project)
        gap = unfunded_gap(project)
        if gap:
            warnings.append(
                f"unfunded gap: {format_money_with_unit(gap, unit)} of the total investment has no planned source"
            )
        self.query_one("#funding-warnings", Static).update(Text("\n".join(f"⚠ {w}" for w in warnings), style="yellow"))

    # helpers ---------------------------------------------------------------------------------
    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active

    def action_tab(self, name: str) -> None:
        self.query_one(TabbedContent).active = name
        table = {
            "milestones": "#milestone-table",
            "funding": "#funding-table",
            "progress": "#progress-table",
            "log": "#log-table",
        }.get(name)
        if table:
            self.query_one(table).focus()

    def _selected(self, table_id: str) -> int | None:
        table = self.query_one(table_id, DataTable)
        if not table.row_count or table.cursor_row < 0:
            return None
        return table.cursor_row

    def _selected_milestone(self) -> str | None:
        index = self._selected("#milestone-table")
        if index is None or index >= len(self.project.milestones):
            self.notify("Select a milestone first", severity="warning", markup=False)
            return None
        return str(index + 1)

    def _form(self, spec: FormSpec, on_values) -> None:
        self.app.push_screen(FormDialog(spec), lambda values: values and on_values(values))

    def _today_parser(self):
        today = self.app.workspace.service.today
        return lambda text: parse_date(text, today())

    @property
    def service(self):
        return self.app.workspace.service

    # milestones ------------------------------------------------------------------------------
    def _milestone_form(
        self, title: str, name: str = "", due: str = "", stage_key: str = "", note: str = "", with_due: bool = True
    ) -> FormSpec:
        fields = [FormField("name", "Name", name, _required, "e.g. Main structure topped out")]
        if with_due:
            fields.append(FormField("due", "Due", due, self._today_parser(), "2026-06-30, +3m"))
        fields += [
            FormField(
                "stage",
                "Standard stage",
                stage_key,
                _stage_or_none,
                ", ".join(s.key for s in STANDARD_STAGES[:4]) + " …",
            ),
            FormField("note", "Note", note, _optional_text),
        ]
        return FormSpec(title, tuple(fields))

    def action_add(self) -> None:
        {
            "milestones": self._add_milestone,
            "funding": self._edit_funding,
            "progress": self._add_progress,
            "details": lambda: self.notify("Type in a field and press Enter to save it", markup=False),
            "log": lambda: None,
        }[self.tab]()

    def _add_milestone(self) -> None:
        def save(values: dict) -> None:
            self.app.apply(
                lambda: self.service.add_milestone(
                    self.code, values["name"], values["due"], values["stage"], values["note"]
                ),
                f"Added milestone {values['name']}",
            )

        self._form(self._milestone_form("Add milestone"), save)

    def action_edit(self) -> None:
        if self.tab == "funding":
            return self._edit_funding(selected=True)
        if self.tab == "progress":
            return self.action_work_package()
        if self.tab != "milestones" or (number := self._selected_milestone()) is None:
            return
        milestone = self.project.milestones[int(number) - 1]

        def save(values: dict) -> None:
            self.app.apply(
                lambda: self.service.edit_milestone(self.code, number, **values), f"Saved milestone {number}"
            )

        self._form(
            self._milestone_form(
                f"Edit milestone {number}",
                milestone.name,
                stage_key=milestone.stage or "",
                note=milestone.note,
                with_due=False,
            ),
            save,
        )

    def action_done(self) -> None:
        if self.tab != "milestones" or (number := self._selected_milestone()) is None:
            return
        milestone = self.project.milestones[int(number) - 1]
        spec = FormSpec(
            f"Mark done: {milestone.name}",
            (FormField("on", "Done on", format_date(self.service.today()), self._today_parser()),),
            submit="Mark done",
        )
        self._form(
            spec,
            lambda values: self.app.apply(
                lambda: self.service.mark_done(self.code, number, values["on"]),
                f"{milestone.name} done on {values['on']}",
            ),
        )

    def action_undo_done(self) -> None:
        if self.tab == "milestones" and (number := self._selected_milestone()) is not None:
            self.app.apply(lambda: self.service.undo_done(self.code, number), f"Milestone {number} is open again")

    def action_move(self) -> None:
        if self.tab != "milestones" or (number := self._selected_milestone()) is None:
            return
        milestone = self.project.milestones[int(number) - 1]
        spec = FormSpec(
            f"Reschedule: {milestone.name}",
            (
                FormField("due", "New due date", format_date(milestone.due), self._today_parser()),
                FormField("reason", "Reason", "", _required, "why it moved (kept in the log)"),
            ),
            note=f"Baseline {milestone.baseline_due} is kept so the slippage shows.",
            submit="Reschedule",
        )
        self._form(
            spec,
            lambda values: self.app.apply(
                lambda: self.service.reschedule(self.code, number, values["due"], values["reason"]),
                f"{milestone.name} now due {values['due']}",
            ),
        )

    def action_chain(self) -> None:
        self.app.apply(lambda: self.service.apply_standard_chain(self.code), "Added the standard milestone chain")

    def action_delete(self) -> None:
        if self.tab == "milestones" and (number := self._selected_milestone()) is not None:
            name = self.project.milestones[int(number) - 1].name
            self._confirm(
                f"Delete milestone {number} ({name})?",
                lambda: self.service.remove_milestone(self.code, number),
                f"Deleted milestone {name}",
            )
        elif self.tab == "funding" and (line := self._selected_line()) is not None:
            self._confirm(
                f"Remove the funding line from {line.source}?",
                lambda: self.service.remove_funding(self.code, line.source),
                f"Removed {line.source}",
            )
        elif self.tab == "progress" and self.project.work_packages:
            self.action_work_package(remove=True)

    def _confirm(self, question: str, change, done: str) -> None:
        self.app.push_screen(ConfirmDialog(question), lambda yes: yes and self.app.apply(change, done))

    # funding ---------------------------------------------------------------------------------
    def _selected_line(self):
        index = self._selected("#funding-table")
        funding = self.project.funding
        return funding[index] if index is not None and index < len(funding) else None

    def _edit_funding(self, selected: bool = False) -> None:
        line = self._selected_line() if selected else None
        shown = editable_money
        sources = self.app.workspace.portfolio.settings
        spec = FormSpec(
            "Edit funding line" if line else "Add funding line",
            (
                FormField(
                    "source",
                    "Source",
                    line.source if line else "",
                    lambda text: find_source(sources, text),
                    ", ".join(s.key for s in sources.sources[:4]) + " …",
                ),
                FormField(
                    "planned", "Planned", shown(line.planned) if line else "", parse_money, "8500万, 1.2亿, 3,500,000"
                ),
                FormField("received", "Received (到位)", shown(line.received) if line else "0", parse_money),
                FormField("paid", "Paid", shown(line.paid) if line else "0", parse_money),
                FormField("note", "Note", line.note if line else "", _optional_text),
            ),
        )

        def save(values: dict) -> None:
            source = values.pop("source")
            expected = None
            if line is not None and source == line.source:
                expected = {"planned": line.planned}

            def change() -> None:
                self.service.set_funding(self.code, source, values["planned"], values["note"], expected)
                for kind, total in ((MoneyKind.RECEIVED, values["received"]), (MoneyKind.PAID, values["paid"])):
                    self.service.set_money_total(self.code, source, kind, total)

            self.app.apply(change, f"Saved funding from {source}")

        self._form(spec, save)

    # progress --------------------------------------------------------------------------------
    def _add_progress(self) -> None:
        spec = FormSpec(
            "Record progress",
            (
                FormField("on", "Date", format_date(self.service.today()), self._today_parser()),
                FormField("percent", "Percent complete", "", parse_percent, "35 or 35.5%"),
                FormField("note", "Note", "", _optional_text, "where the figure comes from"),
            ),
        )
        self._form(
            spec,
            lambda values: self.app.apply(
                lambda: self.service.record_progress(self.code, values["percent"], values["on"], values["note"]),
                f"Recorded {format_percent(values['percent'])} on {values['on']}",
            ),
        )

    def action_work_package(self, remove: bool = False) -> None:
        index = self._selected("#package-table") if self.query_one("#package-table").has_focus else None
        packages = self.project.work_packages
        package = packages[index] if index is not None and index < len(packages) else None
        if remove:
            if package is None:
                self.notify("Select a work package first", severity="warning", markup=False)
                return
            self._confirm(
                f"Remove work package {package.name}?",
                lambda: self.service.remove_work_package(self.code, package.name),
                f"Removed {package.name}",
            )
            return
        spec = FormSpec(
            "Work package",
            (
                FormField("name", "Name", package.name if package else "", _required, "e.g. MEP installation"),
                FormField("weight", "Weight", f"{package.weight.normalize():f}" if package else "1", parse_weight),
                FormField("percent", "Percent", f"{package.percent.normalize():f}" if package else "0", parse_percent),
            ),
            note="The weighted mean of all packages is recorded as today's progress.",
        )
        self._form(
            spec,
            lambda values: self.app.apply(
                lambda: self.service.set_work_package(self.code, values["name"], values["weight"], values["percent"]),
                f"Saved work package {values['name']}",
            ),
        )

    # details: each field saves on Enter ------------------------------------------------------
    @on(Input.Submitted)
    def _save_detail(self, event: Input.Submitted) -> None:
        name = (event.input.id or "").removeprefix("detail-")
        if not (event.input.id or "").startswith("detail-"):
            return
        error = self.query_one(f"#detail-error-{name}", Static)
        try:
            value = parse_field(name, event.value, self.service.today())
        except BuildtrackError as problem:
            error.update(Text(str(problem)))
            return
        error.update("")
        seen = getattr(self.project, name)
        if value == seen:
            return
        if self.app.apply(
            lambda: self.service.update_project(self.code, {name: seen}, **{name: value}),
            f"Saved {name.replace('_', ' ')}",
        ):
            event.input.value = show_field(self.project, name)


def _required(text: str) -> str:
    if not text.strip():
        raise InvalidInput("a value is required")
    return text.strip()


def _stage_or_none(text: str) -> str | None:
    return stage(text).key if text.strip() else None
