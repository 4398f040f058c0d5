"""One project: a header with its standing and money, and tabs for milestones, funding, progress, details, log."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Header, Input, Label, Static, TabbedContent, TabPane

from buildtrack.domain.dates import format_date
from buildtrack.domain.errors import BuildtrackError, InvalidInput
from buildtrack.domain.fields import PROJECT_FIELDS, parse_field, show_field
from buildtrack.domain.funding import funding_problems, line_totals, unfunded_gap
from buildtrack.domain.labels import label
from buildtrack.domain.lookup import find_source
from buildtrack.domain.model import Milestone, MoneyKind, Project, replace
from buildtrack.domain.money import editable_money, format_money, format_money_with_unit, parse_money
from buildtrack.domain.percent import format_percent, parse_percent, parse_weight
from buildtrack.domain.schedule import max_slippage_days, standing
from buildtrack.domain.stages import STANDARD_STAGES, milestone_name, stage
from buildtrack.domain.text import visible
from buildtrack.i18n import _
from buildtrack.reports.changes import change_log_report
from buildtrack.reports.evm import earned_value
from buildtrack.reports.sheet import sheet_sections
from buildtrack.service.funding import Tranche
from buildtrack.tui.cells import word_style
from buildtrack.tui.messages import Edit
from buildtrack.tui.screens.instruments import InstrumentActions
from buildtrack.tui.screens.paste import PasteActions
from buildtrack.tui.widgets.chart import SCurve
from buildtrack.tui.widgets.form import ChoiceDialog, ConfirmDialog, FormDialog, FormField, FormSpec
from buildtrack.tui.widgets.message import AsOfBanner, MessageLine
from buildtrack.tui.widgets.sections import fill_table


def _optional_text(text: str) -> str:
    return text.strip()


TABS = ("milestones", "funding", "progress", "details", "log", "money", "problems", "approvals", "plan")


class ProjectScreen(InstrumentActions, PasteActions):
    """Everything about one project; every edit is saved at once through the service."""

    BINDINGS = [
        Binding("escape", "back", _("Back"), id="project.back"),
        *(Binding(str(n), f"tab('{tab}')", show=False) for n, tab in enumerate(TABS, start=1)),
        Binding("a", "add_milestone", _("Add"), id="project.add"),
        Binding("e", "edit_milestone", _("Edit"), id="project.edit"),
        Binding("d", "done", _("Mark done"), id="project.done"),
        Binding("u", "undo_done", _("Reopen")),
        Binding("m", "move", _("Reschedule"), id="project.move"),
        Binding("c", "chain", _("Std chain")),
        Binding("delete", "delete_milestone", _("Delete"), id="project.delete"),
        Binding("a", "add_line", _("Add line")),
        Binding("e", "edit_line", _("Edit line")),
        Binding("delete", "remove_line", _("Remove line")),
        Binding("a", "add_progress", _("Record progress")),
        Binding("w", "work_package", _("Work pkg")),
        Binding("delete", "remove_package", _("Remove pkg")),
        Binding("P", "paste_report", _("Paste report")),
        *InstrumentActions.INSTRUMENT_BINDINGS,
    ]
    ACTION_TABS = {
        **dict.fromkeys(("add_milestone", "edit_milestone", "done", "undo_done", "move", "chain"), "milestones"),
        "delete_milestone": "milestones",
        **dict.fromkeys(("add_line", "edit_line", "remove_line"), "funding"),
        **dict.fromkeys(("add_progress", "work_package", "remove_package"), "progress"),
        **InstrumentActions.INSTRUMENT_TABS,
    }

    def __init__(self, code: str, milestone: int | None = None) -> None:
        super().__init__()
        self.code = code
        self.jump_to_milestone = milestone
        self.shown: Project | None = None  # the project as on screen: every action names its ids and revision
        self._baseline: dict[str, object] = {}  # each detail field's value when the user started typing
        self._baseline_text: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield AsOfBanner()
        yield Static(id="project-header")
        with TabbedContent(id="tabs"):
            with TabPane(_("1 Milestones"), id="milestones"):
                yield DataTable(id="milestone-table", cursor_type="row", zebra_stripes=True)
            with TabPane(_("2 Funding"), id="funding"):
                yield DataTable(id="funding-table", cursor_type="row", zebra_stripes=True)
                yield Static(id="funding-warnings")
            with TabPane(_("3 Progress"), id="progress"):
                with Horizontal(id="progress-tables"):
                    yield DataTable(id="progress-table", cursor_type="row", zebra_stripes=True)
                    yield DataTable(id="package-table", cursor_type="row", zebra_stripes=True)
                yield SCurve(id="s-curve")
            with TabPane(_("4 Details"), id="details"):
                with VerticalScroll(id="details-form"):
                    for spec in PROJECT_FIELDS:
                        if spec.name == "code":
                            continue
                        with Horizontal(classes="form-row"):
                            yield Label(Text(_(spec.label)), classes="form-label")
                            yield Input(id=f"detail-{spec.name}")
                        yield Static("", id=f"detail-error-{spec.name}", classes="form-error")
            with TabPane(_("5 Log"), id="log"):
                yield DataTable(id="log-table", cursor_type="row", zebra_stripes=True)
            yield from self.instrument_panes()
        yield MessageLine()
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
        project = workspace.view.projects.get(self.code, workspace.project(self.code))  # as on the as-of date
        self.shown = project
        settings, as_of = workspace.portfolio.settings, workspace.as_of
        self.sub_title = _("{code} — as of {day}").format(code=project.code, day=as_of.isoformat())
        self.query_one(AsOfBanner).show_for(as_of, workspace.read_only)
        self._show_header(project)
        sections, unit = sheet_sections(project, settings, as_of), settings.display_unit
        table = self.query_one
        cap = 20 if self.app.size.width < 100 else 48  # long names give way so the dates stay whole at 80 columns
        fill_table(
            table("#milestone-table", DataTable), sections["milestones"], unit, cap, keys=_ids(project.milestones)
        )
        fill_table(table("#funding-table", DataTable), sections["funding"], unit, keys=_ids(project.funding))
        fill_table(table("#progress-table", DataTable), sections["progress"], unit)
        fill_table(table("#package-table", DataTable), sections["packages"], unit)
        if self.query_one(TabbedContent).active == "log":
            self._show_log()
        self._show_funding_warnings(project)
        self.show_instruments(project, sections, unit)
        self.query_one(SCurve).show(project, as_of)
        self._show_details(project)

    def _show_details(self, project: Project) -> None:
        """Untouched fields follow the file; a field being typed in keeps the typed text, and if its value
        changed elsewhere meanwhile that is said beside it (the next Enter asks, it never overwrites)."""
        for spec in PROJECT_FIELDS:
            if spec.name == "code":
                continue
            field = self.query_one(f"#detail-{spec.name}", Input)
            now = getattr(project, spec.name)
            if not self._dirty(spec.name, field):
                text = self._baseline_text[spec.name] = show_field(project, spec.name)
                if field.value != text:  # an unchanged field is not touched: no repaint, no event
                    field.value = text
                self._baseline[spec.name] = now
            elif now != self._baseline[spec.name]:
                self._detail_message(
                    spec.name,
                    _("changed elsewhere to {value}; your text is kept").format(
                        value=show_field(project, spec.name) or "—"
                    ),
                )

    def _dirty(self, name: str, field: Input) -> bool:
        return name in self._baseline_text and field.value != self._baseline_text[name]

    def _show_log(self) -> None:
        """The change history, read only when its tab is shown (it means reading the whole log)."""
        workspace = self.app.workspace
        settings = workspace.portfolio.settings
        log = change_log_report(workspace.service.changes(), settings, workspace.as_of, self.code).sections[0]
        fill_table(self.query_one("#log-table", DataTable), log, settings.display_unit, newest_first=True)

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "log":
            self._show_log()
        self.refresh_bindings()

    def _show_header(self, project: Project) -> None:
        settings, as_of = self.app.workspace.portfolio.settings, self.app.workspace.as_of
        state = standing(project, as_of, settings.at_risk_threshold, settings.due_soon_days)
        money = line_totals(project.funding)
        unit = settings.display_unit
        shown = project.display_name()
        other = project.name if shown == project.name_zh else project.name_zh
        text = Text()
        text.append(f"{project.code} ", style="bold")
        text.append(visible(shown), style="bold")
        if other and other != shown:
            text.append(f"  {visible(other)}")
        text.append("\n")
        text.append(label("status", state.status), style=word_style(state.status))
        if state.reasons:
            text.append(f" ({'; '.join(state.reasons[:2])})", style="dim")
        text.append(
            "\n"
            + _("Actual {actual} vs planned {planned} · largest slippage {days} days").format(
                actual=format_percent(state.actual),
                planned=format_percent(state.planned),
                days=max_slippage_days(project),
            )
        )
        text.append(
            "\n"
            + _("Budget {budget} · planned {planned} · received {received} · paid {paid} {unit}").format(
                budget=format_money(project.total_investment, unit),
                planned=format_money(money.planned, unit),
                received=format_money(money.received, unit),
                paid=format_money(money.paid, unit),
                unit=unit.label,
            )
        )
        value = earned_value(project, state)
        ratio = lambda number: "—" if number is None else f"{number:.2f}"  # noqa: E731
        text.append(
            "\n"
            + _("Earned value: PV {pv} · EV {ev} · AC {ac} · SPI {spi} · CPI {cpi}").format(
                pv=format_money(value.pv, unit),
                ev=format_money(value.ev, unit),
                ac=format_money(value.ac, unit),
                spi=ratio(value.spi),
                cpi=ratio(value.cpi),
            ),
            style="dim",
        )
        self.query_one("#project-header", Static).update(text)

    def _show_funding_warnings(self, project: Project) -> None:
        unit = self.app.workspace.portfolio.settings.display_unit
        warnings = funding_problems(project)
        gap = unfunded_gap(project)
        if gap:
            warnings.append(
                _("unfunded gap: {amount} of the total investment has no planned source").format(
                    amount=format_money_with_unit(gap, unit)
                )
            )
        self.query_one("#funding-warnings", Static).update(Text("\n".join(f"⚠ {w}" for w in warnings), style="yellow"))

    # helpers ---------------------------------------------------------------------------------
    @property
    def tab(self) -> str:
        return self.query_one(TabbedContent).active

    def action_tab(self, name: str) -> None:
        self.query_one(TabbedContent).active = name
        tables = self.query_one(f"TabPane#{name}").query(DataTable)
        if tables:
            tables.first().focus()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """A key works (and shows in the footer and help) only on the tab it acts on."""
        tab = self.ACTION_TABS.get(action)
        return tab is None or tab == self.tab

    def _selected_milestone(self) -> Milestone | None:
        """The milestone under the cursor, as shown (its id is what the service is given)."""
        index = self._selected("#milestone-table")
        if index is None or index >= len(self.project.milestones):
            self.notify(_("Select a milestone first"), severity="error")
            return None
        return self.project.milestones[index]

    # milestones ------------------------------------------------------------------------------
    def _milestone_form(
        self, title: str, name: str = "", due: str = "", stage_key: str = "", note: str = "", with_due: bool = True
    ) -> FormSpec:
        fields = [FormField("name", _("Name"), name, _required, _("e.g. Main structure topped out"))]
        if with_due:
            fields.append(self._date_field("due", _("Due"), due, placeholder="2026-06-30, +3m"))
        fields += [
            FormField(
                "stage",
                _("Standard stage"),
                stage_key,
                _stage_or_none,
                ", ".join(s.key for s in STANDARD_STAGES[:4]) + " …",
            ),
            FormField("note", _("Note"), note, _optional_text),
        ]
        return FormSpec(title, tuple(fields))

    def action_add_milestone(self) -> None:
        def save(values: dict, form: FormDialog) -> None:
            self._save(
                lambda _confirmed: self.service.add_milestone(
                    self.code, values["name"], values["due"], values["stage"], values["note"], seen=self.seen
                ),
                _("Added milestone {name}").format(name=values["name"]),
                form,
            )

        self._form(self._milestone_form(_("Add milestone")), save)

    def action_edit_milestone(self) -> None:
        if (milestone := self._selected_milestone()) is None:
            return

        def save(values: dict, form: FormDialog) -> None:
            self._save(
                lambda _confirmed: self.service.edit_milestone(self.code, milestone.id, seen=self.seen, **values),
                _("Saved milestone {name}").format(name=values["name"]),
                form,
            )

        self._form(
            self._milestone_form(
                _("Edit milestone: {name}").format(name=milestone_name(milestone)),
                milestone_name(milestone),
                stage_key=milestone.stage or "",
                note=milestone.note,
                with_due=False,
            ),
            save,
        )

    def action_done(self) -> None:
        if (milestone := self._selected_milestone()) is None:
            return
        note = (
            _("Already done on {day}: saving another date asks first.").format(day=milestone.done_on.isoformat())
            if milestone.done_on
            else ""
        )
        spec = FormSpec(
            _("Mark done: {name}").format(name=milestone_name(milestone)),
            (self._date_field("on", _("Done on"), format_date(self.service.today())),),
            submit=_("Mark done"),
            note=note,
        )

        def save(values: dict, form: FormDialog) -> None:
            self._save(
                lambda confirmed: self.service.mark_done(
                    self.code, milestone.id, values["on"], seen=self.seen, replace_date=confirmed
                ),
                _("{name} done on {day}").format(name=milestone_name(milestone), day=values["on"]),
                form,
            )

        self._form(spec, save)

    def action_undo_done(self) -> None:
        if (milestone := self._selected_milestone()) is not None:
            self._confirm(
                _("Open {name} again (its done date {day} is removed)?").format(
                    name=milestone_name(milestone), day=milestone.done_on or "—"
                ),
                lambda: self.service.undo_done(self.code, milestone.id, seen=self.seen),
                _("{name} is open again").format(name=milestone_name(milestone)),
            )

    def action_move(self) -> None:
        if (milestone := self._selected_milestone()) is None:
            return
        spec = FormSpec(
            _("Reschedule: {name}").format(name=milestone_name(milestone)),
            (
                self._date_field(
                    "due",
                    _("New due date"),
                    format_date(milestone.due),
                    milestone.due,
                    _("a date, or +1m from the due"),
                ),
                FormField("reason", _("Reason"), "", _required, _("why it moved (kept in the log)")),
            ),
            note=_(
                "Now due {due}; +1m or -2w count from that date. Baseline {baseline} is kept so the slippage shows."
            ).format(due=milestone.due, baseline=milestone.baseline_due),
            submit=_("Reschedule"),
        )

        def save(values: dict, form: FormDialog) -> None:
            self._save(
                lambda _confirmed: self.service.reschedule(
                    self.code, milestone.id, values["due"], values["reason"], seen=self.seen
                ),
                _("{name} now due {day}").format(name=milestone_name(milestone), day=values["due"]),
                form,
            )

        self._form(spec, save)

    def action_chain(self) -> None:
        self._save(
            lambda _confirmed: self.service.apply_standard_chain(self.code, seen=self.seen),
            _("Added the standard milestone chain"),
        )

    def action_delete_milestone(self) -> None:
        if (milestone := self._selected_milestone()) is not None:
            self._confirm(
                _("Delete milestone {name}?").format(name=milestone_name(milestone)),
                lambda: self.service.remove_milestone(self.code, milestone.id, seen=self.seen),
                _("Deleted milestone {name}").format(name=milestone_name(milestone)),
            )

    def action_remove_line(self) -> None:
        if (line := self._selected_line()) is not None:
            self._confirm(
                _("Remove the funding line from {source}?").format(source=line.source),
                lambda: self.service.remove_funding(self.code, line.id, seen=self.seen),
                _("Removed {source}").format(source=line.source),
            )

    def action_remove_package(self) -> None:
        self.action_work_package(remove=True)

    def _confirm(self, question: str, change, done: str) -> None:
        if self.app.workspace.read_only:
            self.notify(_("Read only while a past date is shown: press t to return to today"), severity="error")
            return
        self.app.push_screen(
            ConfirmDialog(question), lambda yes: self._save(lambda _c: change(), done) if yes else None
        )

    # funding ---------------------------------------------------------------------------------
    def _selected_line(self):
        index = self._selected("#funding-table")
        funding = self.project.funding
        return funding[index] if index is not None and index < len(funding) else None

    def action_add_line(self) -> None:
        self._edit_funding()

    def action_edit_line(self) -> None:
        self._edit_funding(selected=True)

    def _edit_funding(self, selected: bool = False) -> None:
        """Planned, received and paid totals of one line: a changed total is saved as one dated entry for the
        difference (with its document number); lowering a total or passing a limit needs a reason."""
        line = self._selected_line() if selected else None
        shown = editable_money
        sources = self.app.workspace.portfolio.settings
        money_hint = "8500万, 1.2亿, 3,500,000"
        spec = FormSpec(
            _("Edit funding line") if line else _("Add funding line"),
            (
                FormField(
                    "source",
                    _("Source"),
                    line.source if line else "",
                    lambda text: find_source(sources, text),
                    ", ".join(s.key for s in sources.sources[:4]) + " …",
                ),
                FormField("planned", _("Planned"), shown(line.planned) if line else "", parse_money, money_hint),
                FormField("received", _("Received (到位) in all"), shown(line.received) if line else "0", parse_money),
                FormField("paid", _("Paid in all"), shown(line.paid) if line else "0", parse_money),
                self._date_field("on", _("Date of the change"), format_date(self.service.today())),
                FormField("doc_no", _("Document number"), "", _optional_text, _("e.g. 县财建〔2026〕9号")),
                FormField("reason", _("Reason"), "", _optional_text, _("needed to lower a total or pass a limit")),
                FormField("note", _("Note"), line.note if line else "", _optional_text),
            ),
            paste=self.funding_paste,
        )

        def save(values: dict, form: FormDialog) -> None:
            source = values["source"]
            expected = {"planned": line.planned} if line is not None and source == line.source else None
            totals = {MoneyKind.RECEIVED: values["received"], MoneyKind.PAID: values["paid"]}
            tranche = Tranche(values["on"], values["doc_no"], "", values["reason"])
            self._save(
                lambda _confirmed: self.service.set_line(
                    self.code, source, values["planned"], totals, tranche, values["note"], expected, self.seen
                ),
                _("Saved funding from {source}").format(source=source),
                form,
                confirmable=False,  # the reason is typed in the form, where the question names both amounts
            )

        self._form(spec, save)

    # progress --------------------------------------------------------------------------------
    def action_add_progress(self) -> None:
        spec = FormSpec(
            _("Record progress"),
            (
                self._date_field("on", _("Date"), format_date(self.service.today())),
                FormField("percent", _("Percent complete"), "", parse_percent, _("35 or 35.5%")),
                FormField("note", _("Note"), "", _optional_text, _("where the figure comes from")),
            ),
        )

        def save(values: dict, form: FormDialog) -> None:
            self._save(
                lambda confirmed: self.service.record_progress(
                    self.code, values["percent"], values["on"], values["note"], self.seen, replace_entry=confirmed
                ),
                _("Recorded {percent} on {day}").format(percent=format_percent(values["percent"]), day=values["on"]),
                form,
            )

        self._form(spec, save)

    def action_work_package(self, remove: bool = False) -> None:
        index = self._selected("#package-table") if self.query_one("#package-table").has_focus else None
        packages = self.project.work_packages
        package = packages[index] if index is not None and index < len(packages) else None
        if remove:
            if package is None:
                self.notify(_("Select a work package first"), severity="error")
                return
            self._confirm(
                _("Remove work package {name}?").format(name=package.name),
                lambda: self.service.remove_work_package(self.code, package.name, seen=self.seen),
                _("Removed {name}").format(name=package.name),
            )
            return
        spec = FormSpec(
            _("Work package"),
            (
                FormField("name", _("Name"), package.name if package else "", _required, _("e.g. MEP installation")),
                FormField("weight", _("Weight"), f"{package.weight.normalize():f}" if package else "1", parse_weight),
                FormField(
                    "percent", _("Percent"), f"{package.percent.normalize():f}" if package else "0", parse_percent
                ),
            ),
            note=_("The weighted mean of all packages is recorded as today's progress."),
        )

        def save(values: dict, form: FormDialog) -> None:
            self._save(
                lambda _confirmed: self.service.set_work_package(
                    self.code, values["name"], values["weight"], values["percent"], seen=self.seen
                ),
                _("Saved work package {name}").format(name=values["name"]),
                form,
            )

        self._form(spec, save)

    # details: each field saves on Enter or when left; Escape with a changed field asks --------------
    def _detail_message(self, name: str, text: str) -> None:
        self.query_one(f"#detail-error-{name}", Static).update(Text(text))

    @on(Input.Submitted)
    def _submit_detail(self, event: Input.Submitted) -> None:
        if (event.input.id or "").startswith("detail-"):
            self._save_detail(event.input)

    @on(Input.Blurred)
    def _leave_detail(self, event: Input.Blurred) -> None:
        name = (event.input.id or "").removeprefix("detail-")
        if name != event.input.id and self._dirty(name, event.input) and self.app.screen is self:
            self._save_detail(event.input)

    def _save_detail(self, field: Input, then=None) -> None:
        """Save one details field against the value it was typed over; if that changed elsewhere meanwhile,
        say so beside the field and keep the text: the next Enter saves it over the new value. ``then`` runs
        once it is saved (or had nothing to save)."""
        name = (field.id or "").removeprefix("detail-")
        try:
            value = parse_field(name, field.value, self.service.today())
        except BuildtrackError as problem:
            self._detail_message(name, str(problem))
            return
        self._detail_message(name, "")
        seen, now = self._baseline[name], getattr(self.project, name)
        if now != seen:
            self._baseline[name] = now
            self._detail_message(
                name,
                _("changed elsewhere from {old} to {new} while you typed; Enter again saves yours over it").format(
                    old=show_field(replace(self.project, **{name: seen}), name) or "—",
                    new=show_field(self.project, name) or "—",
                ),
            )
            return
        if value == seen:
            self._baseline_text[name] = field.value
            if then:
                then()
            return

        def saved() -> None:
            field.value = self._baseline_text[name] = show_field(self.project, name)
            self._baseline[name] = getattr(self.project, name)
            if then:
                then()

        self.post_message(
            Edit(
                lambda _confirmed: self.service.update_project(self.code, {name: seen}, seen=None, **{name: value}),
                _("Saved {field}").format(field=_(next(s.label for s in PROJECT_FIELDS if s.name == name))),
                then=saved,
            )
        )

    def action_back(self) -> None:
        """Leave the project; a details field typed in and not saved is never dropped without asking."""
        dirty = [
            field
            for field in self.query(Input)
            if (field.id or "").startswith("detail-") and self._dirty((field.id or "").removeprefix("detail-"), field)
        ]
        if not dirty:
            self.app.pop_screen()
            return

        def save_from(index: int) -> None:
            """Each field in turn, leaving only after the last is saved (a refusal stays, with its message)."""
            if index == len(dirty):
                self.app.pop_screen()
            else:
                self._save_detail(dirty[index], then=lambda: save_from(index + 1))

        def answered(choice: str | None) -> None:
            if choice == "s":
                save_from(0)
            elif choice == "d":
                self.app.pop_screen()

        names = ", ".join(_(next(s.label for s in PROJECT_FIELDS if "detail-" + s.name == f.id)) for f in dirty)
        self.app.push_screen(
            ChoiceDialog(
                _("Unsaved changes in: {fields}").format(fields=names),
                (("s", _("Save")), ("d", _("Discard")), ("c", _("Cancel"))),
            ),
            answered,
        )


def _ids(items) -> list[str]:
    return [item.id for item in items]


def _required(text: str) -> str:
    if not text.strip():
        raise InvalidInput(_("a value is required"))
    return text.strip()


def _stage_or_none(text: str) -> str | None:
    return stage(text).key if text.strip() else None
