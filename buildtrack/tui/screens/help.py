"""Every key of every screen, in one place (F1 or ?)."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = (
    (
        "Everywhere",
        (
            ("ctrl+p", "command palette: jump to a project, switch screens, as-of date, export"),
            ("ctrl+d", "change the as-of date every figure follows"),
            ("ctrl+z", "undo your last change"),
            ("p / o / f", "projects / overdue review / funding summary"),
            ("n", "new project"),
            ("F1 or ?", "this help"),
            ("escape", "back / close"),
            ("q", "quit"),
        ),
    ),
    (
        "Projects",
        (
            ("/", "filter by code, name, facility, leader, location"),
            ("enter", "open the project"),
            ("s / S", "sort by the next / previous column"),
            ("r", "reverse the sort"),
            ("click a heading", "sort by that column"),
        ),
    ),
    (
        "Project",
        (
            ("1–5", "milestones, funding, progress, details, log tabs"),
            ("a", "add (milestone, funding line, progress entry, work package)"),
            ("e", "edit the selected row"),
            ("d", "mark the selected milestone done (date defaults to today)"),
            ("u", "undo done"),
            ("m", "reschedule (keeps the baseline, asks for a reason)"),
            ("delete", "delete, after confirmation"),
            ("c", "add the standard milestone chain"),
            ("w", "add or edit a work package"),
        ),
    ),
    (
        "Reports",
        (
            ("g", "overdue: group by leader / location / none"),
            ("enter", "open the project (or drill into a source)"),
            ("x", "export as text, HTML or CSV"),
        ),
    ),
    ("Forms", (("tab", "next field"), ("enter or ctrl+s", "save"), ("escape", "cancel; nothing is saved"))),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", "Close")]

    def compose(self) -> ComposeResult:
        table = Table(title="buildtrack keys", expand=True, show_lines=False)
        table.add_column("Screen", style="bold")
        table.add_column("Key", style="cyan")
        table.add_column("What it does")
        for screen, keys in KEYS:
            for index, (key, what) in enumerate(keys):
                table.add_row(screen if index == 0 else "", key, what)
        with VerticalScroll(id="help"):
            yield Static(table)
