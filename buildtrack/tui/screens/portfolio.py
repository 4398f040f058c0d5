"""The home screen: every project on one virtualised table, filterable, sortable, as of any date."""

from __future__ import annotations

import dataclasses

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Select, Static

from buildtrack.domain.model import SavedFilter, replace
from buildtrack.domain.money import MoneyUnit, format_money
from buildtrack.domain.percent import format_percent
from buildtrack.i18n import _
from buildtrack.reports.cells import heading
from buildtrack.reports.overview import COLUMNS, OverviewRow, matching, sorted_rows, totals
from buildtrack.reports.render import render
from buildtrack.reports.sheet import project_sheet
from buildtrack.tui.base import BuildtrackScreen
from buildtrack.tui.cells import cell, progress_bar
from buildtrack.tui.messages import Edit
from buildtrack.tui.screens.filters import (
    SavedFilters,
    StatusPicker,
    Wanted,
    describe_wanted,
    wanted_from_keys,
    wanted_key,
)
from buildtrack.tui.widgets.message import AsOfBanner, MessageLine
from buildtrack.tui.widgets.virtual_table import TableColumn, VirtualTable

# width, alignment, priority (0 = always shown; larger numbers are dropped first on narrow screens)
_LAYOUT = {
    "code": (6, "left", 0),
    "name": (22, "left", 0),
    "status": (11, "left", 0),
    "light": (6, "left", 1),
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
_COLUMNS = {column.key: column for column in COLUMNS}


def table_columns(unit: MoneyUnit) -> list[TableColumn]:
    """The list's columns with headings in the current language (money ones naming the unit)."""
    return [
        TableColumn(
            c.key,
            _("Actual (│ plan)") if c.key == "actual" else heading(c, unit),
            *_LAYOUT[c.key],
            flex=c.key == "name",
        )
        for c in COLUMNS
    ]


class PortfolioScreen(BuildtrackScreen):
    """All projects; type to filter, s/S to sort, Enter to open."""

    BINDINGS = [
        Binding("slash", "focus_filter", _("Filter"), id="portfolio.filter"),
        Binding("s", "sort(1)", _("Sort →"), id="portfolio.sort"),
        Binding("S", "sort(-1)", _("Sort ←"), show=False, id="portfolio.sort_back"),
        Binding("r", "reverse", _("Reverse"), id="portfolio.reverse"),
        Binding("escape", "clear_filter", _("Clear filter"), show=False),
        Binding("l", "pick_status", _("Status/light"), id="portfolio.status"),
        Binding("v", "saved_filters", _("Saved filters"), id="portfolio.saved"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sort_key = "code"
        self.descending = False
        self._sorted: tuple[list[OverviewRow], str, bool, list[OverviewRow]] | None = None
        self.wanted: Wanted = frozenset()  # statuses and lights ticked in the status filter

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder=_("Filter: code, name (中文 too), facility, leader, location"), id="filter")
            yield Button(describe_wanted(self.wanted), id="status-filter")
            yield Select([], prompt=_("Any source"), id="source-filter", allow_blank=True)
        yield AsOfBanner()
        with Horizontal(id="list-and-preview"):
            yield VirtualTable(self._render_cell, id="projects")
            with VerticalScroll(id="preview"):
                yield Static(id="preview-text")
        yield Static(id="status-line")
        yield MessageLine()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VirtualTable).focus()
        if self.app.workspace.loaded:
            self.portfolio_loaded()
        else:
            self.query_one("#status-line", Static).update(
                Text(_("Reading {where} …").format(where=self.app.workspace.service.where))
            )

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
        rows = matching(
            self._sorted_rows(workspace.rows()), self.query_one("#filter", Input).value, self.wanted, self._source()
        )
        summary = totals(rows)
        unit = workspace.portfolio.settings.display_unit
        totals_line = {
            "code": Text(_("Total")),
            "name": Text(_("{shown} of {count} projects").format(shown=summary.projects, count=len(workspace.rows()))),
            "actual": Text(_("mean {percent}").format(percent=format_percent(summary.actual_mean))),
            "budget": Text(format_money(summary.budget, unit)),
            "received": Text(format_money(summary.received, unit)),
        }
        self.query_one(VirtualTable).show(self._columns(workspace.rows(), unit), rows, totals_line)
        self.query_one(AsOfBanner).show_for(workspace.as_of, workspace.read_only)
        self.sub_title = _("{name} — as of {day}").format(
            name=workspace.portfolio.settings.name, day=workspace.as_of.isoformat()
        )
        arrow = "↓" if self.descending else "↑"
        self.query_one("#status-line", Static).update(
            Text(
                _("As of {day} (ctrl+d)  ·  sorted by {column} {arrow}  ·  amounts in {unit}").format(
                    day=workspace.as_of.isoformat(),
                    column=_(_COLUMNS[self.sort_key].header),
                    arrow=arrow,
                    unit=unit.label,
                ),
                style="dim",
            )
        )

    def _source(self) -> str:
        source = self.query_one("#source-filter", Select).value
        return source if isinstance(source, str) else ""

    def _columns(self, rows: list[OverviewRow], unit: MoneyUnit) -> list[TableColumn]:
        """The code column as wide as the longest code (P-014 or P-00001), so codes are never cut."""
        widest = max((len(row.code) for row in rows), default=0)
        columns = table_columns(unit)
        return [dataclasses.replace(c, width=max(c.width, widest)) if c.key == "code" else c for c in columns]

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

    WIDE = 160  # from this many columns the highlighted project is shown beside the list

    def on_resize(self) -> None:
        self.query_one("#preview").display = self.app.size.width >= self.WIDE

    @on(VirtualTable.RowHighlighted)
    def _preview(self, event: VirtualTable.RowHighlighted) -> None:
        """On a wide screen, the highlighted project's whole sheet beside the list (read only)."""
        if self.app.size.width < self.WIDE or not self.app.workspace.loaded:
            return
        workspace = self.app.workspace
        project = workspace.view.projects.get(event.row.code)
        if project is not None:
            sheet = project_sheet(project, workspace.portfolio.settings, workspace.as_of)
            self.query_one("#preview-text", Static).update(Text(render(sheet, "text")))

    @on(VirtualTable.HeaderClicked)
    def _sort_by_header(self, event: VirtualTable.HeaderClicked) -> None:
        self.descending = not self.descending if event.key == self.sort_key else False
        self.sort_key = event.key
        self.refresh_data()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        """Every filter off, the source chosen by a drill-down from the funding summary too."""
        self.show_filter(SavedFilter(""))
        self.query_one(VirtualTable).focus()

    def show_filter(self, chosen: SavedFilter) -> None:
        self.query_one("#filter", Input).value = chosen.text
        self._set_wanted(wanted_from_keys(chosen.wanted))
        sources = self.query_one("#source-filter", Select)
        if chosen.source:
            sources.value = chosen.source
        else:
            sources.clear()
        self.refresh_data()

    def _set_wanted(self, wanted: Wanted) -> None:
        self.wanted = wanted
        self.query_one("#status-filter", Button).label = describe_wanted(wanted)

    @on(Button.Pressed, "#status-filter")
    def action_pick_status(self) -> None:
        def picked(wanted: Wanted | None) -> None:
            if wanted is not None:
                self._set_wanted(wanted)
                self.refresh_data()

        self.app.push_screen(StatusPicker(self.wanted), picked)

    def action_saved_filters(self) -> None:
        """Apply a saved filter, or keep the current one under a name for the whole office (in the settings)."""
        service = self.app.workspace.service
        settings = self.app.workspace.portfolio.settings
        current = SavedFilter(
            "", self.query_one("#filter", Input).value, tuple(sorted(map(wanted_key, self.wanted))), self._source()
        )

        def chosen(answer: SavedFilter | str | None) -> None:
            if isinstance(answer, SavedFilter):
                self.show_filter(answer)
                return
            if not answer:
                return
            name = answer.removeprefix("-")
            kept = tuple(item for item in settings.saved_filters if item.name != name)
            added = () if answer.startswith("-") else (replace(current, name=name),)
            done = _("Removed the filter {name}") if answer.startswith("-") else _("Saved the filter {name}")
            self.post_message(
                Edit(
                    lambda _confirmed: service.update_settings(replace(settings, saved_filters=kept + added)),
                    done.format(name=name),
                    edits=False,
                )
            )

        self.app.push_screen(SavedFilters(settings.saved_filters), chosen)

    def action_sort(self, step: int) -> None:
        keys = [column.key for column in COLUMNS]
        self.sort_key = keys[(keys.index(self.sort_key) + step) % len(keys)]
        self.descending = False
        self.refresh_data()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.refresh_data()
