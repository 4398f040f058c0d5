"""The buildtrack terminal UI: the app, its global keys, and the one place changes are applied.

Every change goes through ``apply``: the service validates and saves it at once, the workspace
re-reads the file, every open screen refreshes, and a short confirmation appears. A conflict with
another user's change reloads and says so; nothing is overwritten.
"""

from __future__ import annotations

import datetime as dt
import gc
import uuid
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from buildtrack.domain.dates import format_date, parse_date
from buildtrack.domain.errors import BuildtrackError, ConflictError, NeedsConfirmation, StoreError
from buildtrack.domain.text import visible
from buildtrack.i18n import N_, _
from buildtrack.service.core import describe_record
from buildtrack.session import Session
from buildtrack.tui.messages import Edit
from buildtrack.tui.palette import ProjectsProvider
from buildtrack.tui.widgets.form import ConfirmDialog, FormDialog, FormField, FormSpec
from buildtrack.tui.widgets.message import MessageLine
from buildtrack.tui.workspace import Workspace

POLL_SECONDS = 2.0


class BuildtrackApp(App):
    """Portfolio, project, overdue and funding screens over one workspace."""

    CSS_PATH = "app.tcss"
    TITLE = "buildtrack"
    COMMANDS = App.COMMANDS | {ProjectsProvider}
    BINDINGS = [
        Binding("ctrl+d", "change_as_of", _("As of"), id="app.as_of"),
        Binding("ctrl+z", "undo", _("Undo"), id="app.undo"),
        Binding("ctrl+y", "redo", _("Redo"), id="app.redo"),
        Binding("t", "today", _("Today"), show=False, id="app.today"),
        Binding("f1", "help", _("Help"), id="app.help"),
        Binding("question_mark", "help", _("Help"), show=False),
        Binding("p", "show_portfolio", _("Project list"), id="app.portfolio"),
        Binding("o", "show_overdue", _("Overdue review"), id="app.overdue"),
        Binding("f", "show_funding", _("Funding summary"), id="app.funding"),
        Binding("b", "show('WeeklyScreen')", _("Weekly"), id="app.weekly"),
        Binding("M", "show('MonthlyScreen')", _("Monthly"), id="app.monthly"),
        Binding("i", "show('InvestmentScreen')", _("Investment"), id="app.investment"),
        Binding("k", "show('ProblemsScreen')", _("Problems"), id="app.problems"),
        Binding("A", "show('ApprovalsScreen')", _("Approvals"), id="app.approvals"),
        Binding("n", "new_project", _("New"), id="app.new"),
        Binding("q", "quit", _("Quit"), id="app.quit"),
        # Textual's own palette key says "palette" in English; this one says it in the user's language
        Binding("ctrl+p", "command_palette", _("Commands"), show=False, priority=True),
    ]

    def __init__(self, workspace: Workspace, poll_seconds: float | None = POLL_SECONDS) -> None:
        super().__init__()
        self.workspace = workspace
        self.poll_seconds = poll_seconds
        self.failure = ""  # why the portfolio could not be read, reported by ``run`` after the UI closes
        self._as_of_wanted: dt.date | None = None  # the date last asked for (an older worker's result is dropped)
        self.messages: list[str] = []  # every answer given, newest last (what the message lines showed)
        self._stop_listening: Callable[[], None] | None = None  # a server store's LISTEN, while the UI is open

    def notify(self, message: str, **options: Any) -> None:
        """Every notice goes through here, to the message line of the screen being worked on (never a toast
        over the data); names in it are plain text, and can never act on the terminal."""
        self.messages.append(message)
        for screen in reversed(self.screen_stack):
            lines = screen.query(MessageLine)
            if lines:
                lines.first().say(message, error=options.get("severity") == "error")
                return
        options.setdefault("markup", False)
        super().notify(visible(message, keep_newlines=True), **options)

    def on_mount(self) -> None:
        from buildtrack.tui.screens.portfolio import PortfolioScreen

        self.push_screen(PortfolioScreen())
        heard = lambda _generation: self.call_from_thread(self.check_for_changes)  # noqa: E731
        self._stop_listening = self.workspace.service.listen(heard) if self.poll_seconds is not None else None
        if self._stop_listening is None and self.poll_seconds:  # a file tells nobody: look now and then
            self.set_interval(self.poll_seconds, self.check_for_changes)

    def on_unmount(self) -> None:
        if self._stop_listening is not None:
            self._stop_listening()

    def on_ready(self) -> None:
        """The first frame is on screen: only now read the file, so the reading never delays that frame."""
        if not self.workspace.loaded:
            self.run_worker(self._load, thread=True, exclusive=True, group="load")

    def _load(self) -> None:
        """Read and decode the portfolio off the UI thread, so the first screen paints at once at any size."""
        try:
            self.workspace.reload()
        except BuildtrackError as error:
            self.failure = str(error)
            self.call_from_thread(self.exit, return_code=1)
            return
        _settle()
        self.call_from_thread(self._loaded)

    def _loaded(self) -> None:
        for screen in self.screen_stack:
            if hasattr(screen, "portfolio_loaded"):
                screen.portfolio_loaded()

    # applying changes ------------------------------------------------------------------------
    @on(Edit)
    def _edit(self, edit: Edit) -> None:
        if self.attempt(edit.change, edit.done, edit.form, edit.confirmable, edit.edits) and edit.then:
            edit.then()

    def attempt(
        self,
        change: Callable[[bool], object],
        done: str,
        form: FormDialog | None = None,
        confirmable: bool = True,
        edits: bool = True,
    ) -> bool:
        """Run one service call with what the user saw. ``change(confirmed)`` is first tried unconfirmed: a
        recorded fact it would replace is put to the user as a question (naming both values) and, if they
        agree, tried again confirmed. A refusal is said inside the form, which stays open with the typed
        values; a conflict reloads the screens first, so the next save is made against what is shown."""
        if edits and self.workspace.read_only:
            self.report(_("Read only while a past date is shown: press t to return to today"), form, error=True)
            return False
        try:
            change(False)
        except NeedsConfirmation as question:
            if not confirmable:
                self.report(str(question), form, error=True)
                return False

            def answered(yes: bool | None) -> None:
                if yes:
                    self.attempt(lambda _confirmed: change(True), done, form, confirmable=False, edits=edits)

            self.push_screen(ConfirmDialog(str(question)), answered)
            return False
        except ConflictError as error:
            self.reload_everything()
            self.report(_("{error}. The screen now shows their change.").format(error=error), form, error=True)
            return False
        except BuildtrackError as error:
            self.report(str(error), form, error=True)
            return False
        self.workspace.after_own_save()
        self.refresh_screens()
        if form is not None:
            form.close()
        self.report(done)
        return True

    def report(self, message: str, form: FormDialog | None = None, error: bool = False) -> None:
        """An answer where the user is looking: inside the open form, else on the screen's message line."""
        if form is not None and form.is_attached and error:
            form.problem(message)
        else:
            self.notify(message, severity="error" if error else "information")

    def reload_everything(self) -> None:
        self.workspace.reload()
        self.refresh_screens()

    def refresh_screens(self) -> None:
        for screen in self.screen_stack:
            if hasattr(screen, "refresh_data"):
                screen.refresh_data()

    def check_for_changes(self) -> None:
        """Reload when another user (or the CLI) saved meanwhile, instead of working on stale data."""
        if not self.workspace.loaded:
            return
        try:
            changed = self.workspace.changed_elsewhere()
        except BuildtrackError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if changed:  # their save is read off the UI thread: about a second at 10,000 projects
            self._in_worker(self.workspace.read, self._show_their_change, "reread")

    def _in_worker(self, compute: Callable[[], Any], show: Callable[[Any], None], group: str) -> None:
        """Run ``compute`` in a thread worker, then ``show`` its result on the UI thread (an error is notified)."""

        def work() -> None:
            try:
                result = compute()
            except BuildtrackError as error:
                self.call_from_thread(self.notify, str(error), severity="error", markup=False)
                return
            _settle()
            self.call_from_thread(show, result)

        self.run_worker(work, thread=True, exclusive=True, group=group)

    def _show_their_change(self, reading) -> None:
        seen = self.workspace.generation
        if self.workspace.adopt(reading):
            self.refresh_screens()
            self.notify(_("Changed elsewhere: {what}").format(what=self.workspace.changes_after(seen)))

    # global actions --------------------------------------------------------------------------
    def action_change_as_of(self) -> None:
        workspace = self.workspace
        spec = FormSpec(
            _("Show everything as of"),
            (
                FormField(
                    "as_of",
                    _("As of"),
                    format_date(workspace.as_of),
                    lambda text: parse_date(text, workspace.service.today()),
                    _("2024-06-30, today, -1m"),
                ),
            ),
            submit=_("Apply"),
        )

        def chosen(values: dict | None) -> None:
            if values:
                self.set_as_of(values["as_of"])

        self.push_screen(FormDialog(spec), chosen)

    def set_as_of(self, day: dt.date) -> None:
        """Compute the date in a worker (seconds for a past date at 10,000 projects), then show it."""
        self._as_of_wanted = day
        self.notify(_("Working out the portfolio as of {day} …").format(day=day.isoformat()))
        self._in_worker(
            lambda: self.workspace.computed_for(day), lambda computed: self._show_as_of(day, computed), "as-of"
        )

    def _show_as_of(self, day: dt.date, computed: tuple) -> None:
        if day != self._as_of_wanted:  # the user asked for another date meanwhile
            return
        self.workspace.switch(day, computed)
        self.refresh_screens()
        self.notify(_("As of {day}").format(day=day.isoformat()))

    def action_undo(self) -> None:
        self._step(redo=False)

    def action_redo(self) -> None:
        self._step(redo=True)

    def _step(self, redo: bool) -> None:
        """Undo (redo) after showing what: this window's last change first; another program's only when the
        user agrees to it by name."""
        service = self.workspace.service
        find = service.redoable if redo else service.undoable
        step, elsewhere = find(service.session), False
        if step is None:
            step, elsewhere = find(), True
        if step is None:
            self.notify(_("Nothing of yours to redo") if redo else _("Nothing of yours to undo"), severity="error")
            return
        what = "\n".join(f"{r.project}: {describe_record(r, service.clock())}" for r in step.records[:5])
        if redo:
            question = _("Redo this change?") + "\n" + what
        elif elsewhere:
            question = _("Nothing was changed in this window. Undo your latest change made elsewhere?") + "\n" + what
        else:
            question = _("Undo this change?") + "\n" + what
        done = (_("Redone: {what}") if redo else _("Undone: {what}")).format(what=what)

        def answered(yes: bool | None) -> None:
            if yes:
                self.attempt(lambda _confirmed: service.apply_step(step), done)

        self.push_screen(ConfirmDialog(question), answered)

    def action_today(self) -> None:
        """Back to today's state, where editing is allowed again."""
        if self.workspace.as_of != self.workspace.service.today():
            self.set_as_of(self.workspace.service.today())

    def action_help(self) -> None:
        from buildtrack.tui.screens.help import HelpScreen

        screen = self.screen
        self.push_screen(HelpScreen(screen.active_bindings, screen.sub_title or screen.title or self.title))

    def _switch(self, screen_type: type[Screen], *args) -> None:
        while len(self.screen_stack) > 2 and not isinstance(self.screen, screen_type):
            self.pop_screen()
        if not isinstance(self.screen, screen_type):
            self.push_screen(screen_type(*args))

    def action_show_portfolio(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()

    def action_show_overdue(self) -> None:
        from buildtrack.tui.screens.reports import OverdueScreen

        self._switch(OverdueScreen)

    def action_show_funding(self) -> None:
        from buildtrack.tui.screens.reports import FundingScreen

        self._switch(FundingScreen)

    def action_show(self, name: str) -> None:
        """One of the office's reports (weekly bulletin, monthly review, investment, problems, approvals)."""
        from buildtrack.tui.screens import reports

        self._switch(getattr(reports, name))

    def action_new_project(self) -> None:
        from buildtrack.tui.screens.new_project import new_project

        new_project(self)

    def open_project(self, code: str, milestone: int | None = None) -> None:
        from buildtrack.tui.screens.project import ProjectScreen

        if code not in self.workspace.portfolio.projects:
            self.notify(_("{code} no longer exists").format(code=code), severity="error")
            return
        self.push_screen(ProjectScreen(code, milestone))

    def export_current(self) -> None:
        exporter = getattr(self.screen, "action_export", None)
        if exporter is None:
            self.notify(_("This screen has no report to export"), severity="error")
        else:
            exporter()

    def show_source(self, key: str) -> None:
        """Back to the portfolio, filtered to the projects funded by one source."""
        from textual.widgets import Select

        self.action_show_portfolio()
        self.screen.query_one("#source-filter", Select).value = key

    _SCREEN_KEYS = {"show_portfolio", "show_overdue", "show_funding", "new_project", "quit", "help", "undo", "today"}
    _SCREEN_KEYS |= {"redo", "show"}
    _NEEDS_DATA = {"show_overdue", "show_funding", "new_project", "undo", "redo", "change_as_of", "command_palette"}
    _NEEDS_DATA |= {"show"}

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Single-letter screen keys do nothing while a dialog is open (its fields take the letters),
        nor do keys that need the portfolio while it is still being read."""
        if action in self._SCREEN_KEYS and isinstance(self.screen, ModalScreen):
            return False
        if action in self._NEEDS_DATA and not self.workspace.loaded:
            return False
        return True

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):  # Textual's own, in the user's language
            yield command._replace(title=_(command.title), help=_(command.help))
        yield SystemCommand(_("Projects"), _("Show the portfolio"), self.action_show_portfolio)
        yield SystemCommand(_("Overdue review"), _("Overdue milestones and projects"), self.action_show_overdue)
        yield SystemCommand(_("Funding summary"), _("By source and category"), self.action_show_funding)
        for name, title, help_text in _REPORT_SCREENS:
            yield SystemCommand(_(title), _(help_text), partial(self.action_show, name))
        yield SystemCommand(_("New project"), _("Add a project"), self.action_new_project)
        yield SystemCommand(_("As of date"), _("Change the date every figure follows"), self.action_change_as_of)
        yield SystemCommand(
            _("Export report"), _("Export the current report (text, HTML, CSV, XLSX, JSON)"), self.export_current
        )
        yield SystemCommand(_("Undo"), _("Undo your last change (shown first)"), self.action_undo)
        yield SystemCommand(_("Redo"), _("Redo what you undid last (shown first)"), self.action_redo)
        yield SystemCommand(_("Today"), _("Back to today's state, where editing is allowed"), self.action_today)


# Textual's own palette commands (titles and help), so that they are translated like ours
_TEXTUAL_COMMANDS = (
    N_("Bell"),
    N_("Ring the bell"),
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)
_REPORT_SCREENS = (
    ("WeeklyScreen", N_("Weekly bulletin"), N_("每周调度通报: what moved, fell overdue and is due next")),
    ("MonthlyScreen", N_("Monthly review"), N_("月度考评: the month's progress, money and milestones")),
    ("InvestmentScreen", N_("Investment and lights"), N_("年度计划投资 against 序时进度, with 红黄绿灯")),
    ("ProblemsScreen", N_("Problem list"), N_("督办清单: open problems by owner, overdue first")),
    ("ApprovalsScreen", N_("Approvals"), N_("前期手续: missing and lapsing approvals")),
)


def _settle() -> None:
    """A full collection in the worker, once its objects are made (decoding pauses the collector).

    Otherwise the collector promotes the hundreds of thousands of new objects in bits during the
    next keystrokes (at 10,000 projects a filter keystroke took 33-40 ms instead of 19-32 ms).
    """
    gc.collect()


def make_app(session: Session, poll_seconds: float | None = POLL_SECONDS) -> BuildtrackApp:
    """The app on the session's database (created from the sample on first use): what the CLI runs and tests drive."""
    service = session.service()
    service.session = uuid.uuid4().hex[:12]  # this window's changes, so undo offers them first
    return BuildtrackApp(Workspace(service, service.today()), poll_seconds)


def run(session: Session) -> None:
    """Open the UI; a damaged record found while reading the file closes it and is reported here, as one
    line like any other command's error."""
    app = make_app(session)
    app.run()
    if app.failure:
        raise StoreError(app.failure)
