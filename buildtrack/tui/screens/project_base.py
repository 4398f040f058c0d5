"""What every part of the project screen stands on: the project as shown, its revision, and the helpers that
open a form and send an edit (the tabs of ``ProjectScreen`` and ``InstrumentActions`` share them)."""

from __future__ import annotations

from textual.widgets import DataTable

from buildtrack.domain.dates import parse_date
from buildtrack.domain.model import Project
from buildtrack.i18n import _
from buildtrack.service import PortfolioService
from buildtrack.tui.base import BuildtrackScreen
from buildtrack.tui.messages import Edit
from buildtrack.tui.widgets.form import FormDialog, FormField, FormSpec


class ProjectBase(BuildtrackScreen):
    code: str
    shown: Project | None

    @property
    def project(self) -> Project:
        return self.shown if self.shown is not None else self.app.workspace.project(self.code)

    @property
    def seen(self) -> int:
        """The revision on screen: a save is refused if the project moved on since."""
        return self.project.revision

    def _selected(self, table_id: str) -> int | None:
        table = self.query_one(table_id, DataTable)
        if not table.row_count or table.cursor_row < 0:
            return None
        return table.cursor_row

    def _form(self, spec: FormSpec, save) -> None:
        """A form that stays open until ``save(values, form)`` succeeds (errors and typed values stay in it)."""
        if self.app.workspace.read_only:
            self.notify(_("Read only while a past date is shown: press t to return to today"), severity="error")
            return
        self.app.push_screen(FormDialog(spec, save))

    def _save(self, change, done: str, form: FormDialog | None = None, confirmable: bool = True) -> None:
        self.post_message(Edit(change, done, form, confirmable))

    def _date_field(self, name: str, label: str, value: str, base=None, placeholder: str = "") -> FormField:
        """A date typed as 2026-06-30, today or +1m, counted from ``base`` (today unless given), showing as
        it is typed the date it resolves to and how far that is from the base."""
        today = self.app.workspace.service.today
        start = (lambda: base) if base is not None else today

        def preview(day) -> str:
            return _("→ {day}, {days:+d} days").format(day=day.isoformat(), days=(day - start()).days)

        return FormField(name, label, value, lambda text: parse_date(text, start()), placeholder, preview=preview)

    @property
    def service(self) -> PortfolioService:
        return self.app.workspace.service
