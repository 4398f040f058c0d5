"""The project screen's tabs for the dispatch office's instruments: the money ledger (资金拨付), the problem
list (问题清单), the approvals checklist (前期手续) and the annual plan with the work done (投资完成额).

A mixin of ``ProjectScreen``: it uses the screen's form, save and selection helpers, and like every other
action it names the rows the user saw by their ids and the revision on screen.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import DataTable, TabPane

from buildtrack.domain.dates import format_date, month_range, parse_date
from buildtrack.domain.errors import InvalidInput
from buildtrack.domain.lookup import find_source
from buildtrack.domain.model import Project
from buildtrack.domain.money import MoneyUnit, editable_money, format_money_with_unit, parse_money
from buildtrack.domain.words import money_kind_from_words
from buildtrack.i18n import _
from buildtrack.reports.sheet import money_entries
from buildtrack.reports.table import Section
from buildtrack.tui.screens.project_base import ProjectBase
from buildtrack.tui.widgets.form import FormDialog, FormField, FormSpec
from buildtrack.tui.widgets.sections import fill_table


def _text(text: str) -> str:
    return text.strip()


def _needed(text: str) -> str:
    if not text.strip():
        raise InvalidInput(_("a value is required"))
    return text.strip()


def _year(text: str) -> int:
    if not text.strip().isdecimal():
        raise InvalidInput(_("a year such as 2026"))
    return int(text.strip())


def _month(text: str):
    return month_range(text.strip())[0]


class InstrumentActions(ProjectBase):
    """Tabs 6–9 of the project screen and the keys that work on them."""

    INSTRUMENT_BINDINGS = [
        Binding("a", "add_money", _("Record money")),
        Binding("delete", "correct_money", _("Correct")),
        Binding("a", "add_problem", _("Raise problem")),
        Binding("d", "close_problem", _("Close problem")),
        Binding("u", "reopen_problem", _("Reopen")),
        Binding("e", "edit_approval", _("Record approval")),
        Binding("e", "edit_plan", _("Annual plan")),
        Binding("a", "add_work_done", _("Work done")),
    ]
    INSTRUMENT_TABS = {
        "add_money": "money",
        "correct_money": "money",
        **dict.fromkeys(("add_problem", "close_problem", "reopen_problem"), "problems"),
        "edit_approval": "approvals",
        **dict.fromkeys(("edit_plan", "add_work_done"), "plan"),
    }

    def instrument_panes(self):
        def table(name: str) -> DataTable[Any]:
            return DataTable(id=name, cursor_type="row", zebra_stripes=True)

        yield TabPane(_("6 Money"), table("money-table"), id="money")
        yield TabPane(_("7 Problems"), table("open-problems"), table("closed-problems"), id="problems")
        yield TabPane(_("8 Approvals"), table("approval-table"), id="approvals")
        yield TabPane(_("9 Plan"), table("plan-table"), id="plan")

    def show_instruments(self, project: Project, sections: dict[str, Section], unit: MoneyUnit) -> None:
        as_of = self.app.workspace.as_of
        fill = lambda name, key, ids: fill_table(self.query_one(name, DataTable), sections[key], unit, keys=ids)  # noqa: E731
        fill("#money-table", "entries", [entry.id for _line, entry in money_entries(project)])
        fill("#open-problems", "open_problems", [p.id for p in project.problems if p.open_on(as_of)])
        fill("#closed-problems", "closed_problems", [p.id for p in project.problems if not p.open_on(as_of)])
        kinds = self.app.workspace.portfolio.settings.approval_kinds
        fill("#approval-table", "approvals", [kind.key for kind in kinds])
        fill("#plan-table", "investment", [str(row["year"]) for row in sections["investment"].rows])

    def _key(self, table_id: str) -> str | None:
        """The id of the row under the cursor of ``table_id``, as shown."""
        table = self.query_one(table_id, DataTable)
        if not table.row_count or table.cursor_row < 0:
            return None
        return table.ordered_rows[table.cursor_row].key.value

    # money ------------------------------------------------------------------------------------
    def action_add_money(self) -> None:
        settings = self.app.workspace.portfolio.settings
        spec = FormSpec(
            _("Record money received or paid"),
            (
                FormField("source", _("Source"), "", lambda text: find_source(settings, text)),
                FormField("kind", _("Received or paid"), "到位", money_kind_from_words, "到位 / 支付"),
                FormField("amount", _("Amount"), "", parse_money, "500万"),
                self._date_field("on", _("Date"), format_date(self.service.today())),
                FormField("doc_no", _("Document number"), "", _text, _("e.g. 县财建〔2026〕9号")),
                FormField("note", _("Note"), "", _text),
                FormField("reason", _("Reason"), "", _text, _("needed to pass a limit")),
            ),
        )

        def save(values: dict, form: FormDialog) -> None:
            self._save(
                lambda _confirmed: self.service.record_money(
                    self.code,
                    values["source"],
                    values["kind"],
                    values["amount"],
                    values["on"],
                    values["doc_no"],
                    values["note"],
                    values["reason"],
                    self.seen,
                ),
                _("Recorded {amount} from {source}").format(
                    amount=format_money_with_unit(values["amount"], settings.display_unit), source=values["source"]
                ),
                form,
                confirmable=False,
            )

        self._form(spec, save)

    def action_correct_money(self) -> None:
        entry_id = self._key("#money-table")
        entry = next((e for _line, e in money_entries(self.project) if e.id == entry_id), None)
        if entry is None:
            self.notify(_("Select a money entry first"), severity="error")
            return
        unit = self.app.workspace.portfolio.settings.display_unit
        spec = FormSpec(
            _("Reverse the entry of {day}: {amount}").format(
                day=entry.on, amount=format_money_with_unit(entry.amount, unit)
            ),
            (
                self._date_field("on", _("Date of the correction"), format_date(self.service.today())),
                FormField("reason", _("Reason"), "", _needed, _("why it is reversed (kept in the ledger)")),
            ),
            note=_("The entry stays; a reversing entry with your reason is added, so the history is never rewritten."),
        )

        def save(values: dict, form: FormDialog) -> None:
            self._save(
                lambda _confirmed: self.service.correct_money(
                    self.code, entry.id, values["reason"], values["on"], self.seen
                ),
                _("Reversed the entry of {day}").format(day=entry.on),
                form,
                confirmable=False,
            )

        self._form(spec, save)

    # problems ---------------------------------------------------------------------------------
    def action_add_problem(self) -> None:
        spec = FormSpec(
            _("Raise a problem"),
            (
                FormField("description", _("Problem"), "", _needed, _("e.g. 临时用电未接入")),
                FormField("unit", _("Unit responsible"), "", _text, _("e.g. 县供电公司")),
                FormField("person", _("Person responsible"), "", _text),
                self._date_field("deadline", _("Deadline"), "", placeholder="+2w"),
                self._date_field("raised", _("Raised on"), format_date(self.service.today())),
                FormField("meeting", _("Dispatch meeting (date)"), "", _optional_date(self), _("e.g. 2026-11-20")),
            ),
        )

        def save(values: dict, form: FormDialog) -> None:
            self._save(
                lambda _confirmed: self.service.add_problem(
                    self.code,
                    values["description"],
                    values["unit"],
                    values["person"],
                    values["deadline"],
                    values["raised"],
                    values["meeting"],
                    seen=self.seen,
                ),
                _("Raised: {what}").format(what=values["description"]),
                form,
            )

        self._form(spec, save)

    def _problem(self, table_id: str):
        problem_id = self._key(table_id)
        problem = next((p for p in self.project.problems if p.id == problem_id), None)
        if problem is None:
            self.notify(_("Select a problem first"), severity="error")
        return problem

    def action_close_problem(self) -> None:
        if (problem := self._problem("#open-problems")) is None:
            return
        spec = FormSpec(
            _("Close (销号): {what}").format(what=problem.description),
            (
                FormField("resolution", _("How it was resolved"), "", _needed),
                self._date_field("on", _("Closed on"), format_date(self.service.today())),
            ),
        )

        def save(values: dict, form: FormDialog) -> None:
            self._save(
                lambda _confirmed: self.service.close_problem(
                    self.code, problem.id, values["resolution"], values["on"], self.seen
                ),
                _("Closed: {what}").format(what=problem.description),
                form,
            )

        self._form(spec, save)

    def action_reopen_problem(self) -> None:
        if (problem := self._problem("#closed-problems")) is None:
            return
        spec = FormSpec(
            _("Reopen: {what}").format(what=problem.description),
            (FormField("reason", _("Reason"), "", _needed),),
        )

        def save(values: dict, form: FormDialog) -> None:
            self._save(
                lambda _confirmed: self.service.reopen_problem(self.code, problem.id, values["reason"], self.seen),
                _("Reopened: {what}").format(what=problem.description),
                form,
            )

        self._form(spec, save)

    # approvals --------------------------------------------------------------------------------
    def action_edit_approval(self) -> None:
        key = self._key("#approval-table")
        settings = self.app.workspace.portfolio.settings
        kind = next((k for k in settings.approval_kinds if k.key == key), None)
        if kind is None:
            self.notify(_("Select an approval first"), severity="error")
            return
        held = next((a for a in self.project.approvals if a.kind == kind.key), None)
        spec = FormSpec(
            kind.name_zh or kind.name,
            (
                FormField("doc_no", _("Document number"), held.doc_no if held else "", _text),
                FormField("issued", _("Issued on"), format_date(held.issued_on) if held else "", _optional_date(self)),
                FormField(
                    "valid", _("Valid until"), format_date(held.valid_until) if held else "", _optional_date(self)
                ),
                FormField(
                    "not_needed",
                    _("Not needed for this project"),
                    "yes" if held and held.not_needed else "",
                    checkbox=True,
                ),
                FormField("note", _("Note"), held.note if held else "", _text),
            ),
        )

        def save(values: dict, form: FormDialog) -> None:
            self._save(
                lambda _confirmed: self.service.set_approval(
                    self.code,
                    kind.key,
                    values["doc_no"],
                    values["issued"],
                    values["valid"],
                    values["not_needed"],
                    values["note"],
                    self.seen,
                ),
                _("Recorded {what}").format(what=kind.name_zh or kind.name),
                form,
            )

        self._form(spec, save)

    # annual plan and work done ----------------------------------------------------------------
    def action_edit_plan(self) -> None:
        year = self._key("#plan-table") or str(self.service.today().year)
        plan = next((p for p in self.project.annual_plans if str(p.year) == year), None)
        spec = FormSpec(
            _("Annual investment plan (年度计划投资)"),
            (
                FormField("year", _("Year"), year, _year),
                FormField(
                    "planned", _("Planned investment"), editable_money(plan.planned) if plan else "", parse_money
                ),
                FormField("note", _("Note"), plan.note if plan else "", _text),
            ),
        )

        def save(values: dict, form: FormDialog) -> None:
            self._save(
                lambda _confirmed: self.service.set_annual_plan(
                    self.code, values["year"], values["planned"], values["note"], self.seen
                ),
                _("Saved the plan for {year}").format(year=values["year"]),
                form,
            )

        self._form(spec, save)

    def action_add_work_done(self) -> None:
        last_month = self.service.today().replace(day=1)
        spec = FormSpec(
            _("Work done in a month (投资完成额)"),
            (
                FormField("month", _("Month"), last_month.strftime("%Y-%m"), _month, "2026-11"),
                FormField("amount", _("Value of work done"), "", parse_money, "320万"),
                FormField("note", _("Note"), "", _text),
            ),
            note=_("The value of work done that month, not money paid."),
        )

        def save(values: dict, form: FormDialog) -> None:
            self._save(
                lambda confirmed: self.service.record_completion(
                    self.code, values["month"], values["amount"], values["note"], self.seen, replace_entry=confirmed
                ),
                _("Recorded the work done in {month}").format(month=values["month"].strftime("%Y-%m")),
                form,
            )

        self._form(spec, save)


def _optional_date(screen):
    """An optional date field's parser: empty is no date."""
    return lambda text: parse_date(text, screen.service.today()) if text.strip() else None
