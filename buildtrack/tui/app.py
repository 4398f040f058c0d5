"""A first terminal screen: the progress report of the portfolio as of today.

It is a placeholder until the full planning-office UI lands; it already reads through the same
service and report builder as the CLI, so it shows exactly what ``report progress`` prints.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from buildtrack.cli.session import Session
from buildtrack.reports.progress import progress_report
from buildtrack.reports.render import display, header


class BuildtrackApp(App):
    """Shows the progress report; ``q`` quits."""

    TITLE = "buildtrack"
    BINDINGS = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(self, session: Session):
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield DataTable(id="projects", zebra_stripes=True, cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        portfolio = self.session.service().portfolio()
        report = progress_report(portfolio, self.session.today())
        self.sub_title = f"{portfolio.settings.name} — as of {report.as_of.isoformat()}"
        section = report.sections[0]
        table = self.query_one(DataTable)
        table.add_columns(*(header(column, report) for column in section.columns))
        for row in section.rows:
            table.add_row(*(Text(display(value, column, report)) for value, column in zip(row, section.columns)))
        self.query_one("#summary", Static).update(Text(" ".join(report.notes[:1])))


def run(session: Session) -> None:
    """Open the UI on the session's database (created from the sample on first use)."""
    session.store()
    BuildtrackApp(session).run()
