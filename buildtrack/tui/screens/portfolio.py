"""The home screen: every project on one virtualised table, filterable, sortable, as of any date."""

from __future__ import annotations

import dataclasses

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Select, Static

from buildtrack.domain.money import format_money
from buildtrack.domain.percent import format_percent
from buildtrack.domain.schedule import Status
from buildtrack.reports.overview import COLUMNS, OverviewRow, matching, sorted_rows, totals
from buildtrack.tui.cells import cell, progress_bar
from buildtrack.tui.widgets.virtual_table import TableColumn, VirtualTable

# width, alignment, priority (0 = always shown; larger numbers are dropped first on narrow screens)
_LAYOUT = {
    "code": (6, "left", 0),
    "name": (22, "left", 0),
    "status": (11, "left", 0),
    "actual": (17, "left", 1),
    "next_due": (10, "left", 2),
    "budget": (10, "right", 3),
    "leader": (8, "left", 4),
    "next": (18, "left", 5),
    "location": (12, "left", 6),
    "received": (10, "right", 7),
    "facility": (16, "left", 8),
    "planned": (6, "right", 9),
}
TABLE_COLUMNS = [
    TableColumn(c.key, "Actual (│ plan)" if c.key == "actual" else c.header, *_LAYOUT[c.key], flex=c.key == "name")
    for c in COLUMNS
]
_COLUMNS = {column.key: column for column in COLUMNS}


class PortfolioScreen(Screen):
    """All projects; type to filter, s/S to sort, Enter to open."""

    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="portfolio.filter"),
        Binding("s", "sort(1)", "Sort →", id="portfolio.sort"),
        Binding("S", "sort(-1)", "Sort ←", show=False, id="portfolio.sort_back"),
        Binding("r", "reverse", "Reverse", id="portfolio.reverse"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort_key = "code"
        self.descending = False
        self._sorted: tuple[list[OverviewRow], str, bool, list[OverviewRow]] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder="Filter: code, name (中文 too), facility, leader, location", id="filter")
            yield Select([(s.value, s) for s in Status], prompt="Any status", id="status-filter", allow_blank=True)
            yield Select([], prompt="Any source", id="source-filter", allow_blank=True)
        yield VirtualTable(self._render_cell, id="projects")
        yield Static(id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VirtualTable).focus()
        if self.app.workspace.loaded:
            self.portfolio_loaded()
        else:
            self.query_one("#status-line", Static).update(Text(f"Reading {self.app.workspace.service.store.where} …"))

    def portfolio_loaded(self) -> None:
        """Fill the filters and the table once the portfolio has been read (at once, or by the app's worker)."""
        sources = self.app.workspace.portfolio.settings.sources
        self.query_one("#source-filter", Select).set_options([(f"{s.key} {s.name_zh}".strip(), s.key) for s in sources])
        self.refresh_data()

    # data ------------------------------------------------------------------------------------
    def _render_cell(self, row: OverviewRow, key: str) -> Text:
        if key == "actual":
            return progress_bar(row.value("actual"), row.value("planned"))
        return cell(row.value(key), _COLUMNS[key], self.app.workspace.portfolio.settings.display_unit)

    def refresh_data(self) -> None:
        """Apply the filter and sort to the workspace's rows (computed once per as-of date)."""
        workspace = self.app.workspace
        if not workspace.loaded:
            return
        status = self.query_one("#status-filter", Select).value
        source = self.query_one("#source-filter", Select).value
        rows = matching(
            self._sorted_rows(workspace.rows()),
            self.query_one("#filter", Input).value,
            status if isinstance(status, Status) else None,
            source if isinstance(source, str) else "",
        )
        summary = totals(rows)
        unit = workspace.portfolio.settings.display_unit
        totals_line = {
            "code": Text("Total"),
            "name": Text(f"{summary.projects} of {len(workspace.rows())} projects"),
            "actual": Text(f"mean {format_percent(summary.actual_mean)}"),
            "budget": Text(format_money(summary.budget, unit)),
            "received": Text(format_money(summary.received, unit)),
        }
        self.query_one(VirtualTable).show(self._columns(workspace.rows()), rows, totals_line)
        self.sub_title = f"{workspace.portfolio.settings.name} — as of {workspace.as_of.isoformat()}"
        arrow = "↓" if self.descending else "↑"
        self.query_one("#status-line", Static).update(
            Text(
                f"As of {workspace.as_of.isoformat()} (ctrl+d)  ·  sorted by {self.sort_key} {arrow}  ·  "
                f"amounts in {unit.label}",
                style="dim",
            )
        )

    def _columns(self, rows: list[OverviewRow]) -> list[TableColumn]:
        """The code column as wide as the longest code (P-014 or P-00001), so codes are never cut."""
        widest = max((len(row.code) for row in rows), default=0)
        return [dataclasses.replace(c, width=max(c.width, widest)) if c.key == "code" else c for c in TABLE_COLUMNS]

    def _sorted_rows(self, rows: list[OverviewRow]) -> list[OverviewRow]:
        """All rows in the chosen order, sorted once per order and data (a keystroke only filters them)."""
        cached = self._sorted
        if cached is None or cached[0] is not rows or cached[1:3] != (self.sort_key, self.descending):
            cached = self._sorted = (
                rows,
                self.sort_key,
                self.descending,
                sorted_rows(rows, self.sort_key, self.descending),
            )
        return cached[3]

    # events ----------------------------------------------------------------------------------
    @on(Input.Changed, "#filter")
    @on(Select.Changed)
    def _filter_changed(self) -> None:
        self.refresh_data()

    @on(Input.Submitted, "#filter")
    def _to_table(self) -> None:
        self.query_one(VirtualTable).focus()

    @on(VirtualTable.RowSelected)
    def _open(self, event: VirtualTable.RowSelected) -> None:
        self.app.open_project(event.row.code)

    @on(VirtualTable.HeaderClicked)
    def _sort_by_header(self, event: VirtualTable.HeaderClicked) -> None:
        self.descending = not self.descending if event.key == self.sort_key else False
        self.sort_key = event.key
        self.refresh_data()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one(VirtualTable).focus()

    def action_sort(self, step: int) -> None:
        keys = [column.key for column in TABLE_COLUMNS]
        self.sort_key = keys[(keys.index(self.sort_key) + step) % len(keys)]
        self.descending = False
        self.refresh_data()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.refresh_data()
