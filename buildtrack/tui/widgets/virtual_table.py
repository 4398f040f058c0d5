"""A table that renders only the lines on screen, so 10,000 projects open and filter as fast as 20.

Textual's DataTable builds every row up front; here rows stay plain Python objects and a cell is
turned into text only when its line is painted. The header and the totals line stay in place while
the rows scroll; columns that do not fit are dropped, lowest priority first, or (``sideways``) the
table scrolls sideways, for reports whose every column matters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.events import Click, Resize
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from buildtrack.i18n import _


@dataclass(frozen=True)
class TableColumn:
    """``width`` is the preferred width; a ``flex`` column takes what is left; ``priority`` 0 is never dropped."""

    key: str
    header: str
    width: int
    align: str = "left"
    priority: int = 0
    flex: bool = False


class VirtualTable(ScrollView, can_focus=True):
    """Rows are any objects; ``render_cell(row, key)`` turns one into ``Text`` when it is painted."""

    DEFAULT_CSS = """
    VirtualTable { height: 1fr; overflow-x: hidden; }
    VirtualTable > .virtual-table--header { text-style: bold; background: $panel; }
    VirtualTable > .virtual-table--totals { text-style: bold; background: $panel; }
    VirtualTable > .virtual-table--cursor { background: $block-cursor-background; color: $block-cursor-foreground; }
    VirtualTable:blur > .virtual-table--cursor { background: $block-cursor-blurred-background; }
    """
    COMPONENT_CLASSES = {"virtual-table--header", "virtual-table--totals", "virtual-table--cursor"}
    BINDINGS = [
        Binding("up", "cursor(-1)", _("Up"), show=False),
        Binding("down", "cursor(1)", _("Down"), show=False),
        Binding("pageup", "page(-1)", _("Page up"), show=False),
        Binding("pagedown", "page(1)", _("Page down"), show=False),
        Binding("home", "cursor_to(0)", _("First"), show=False),
        Binding("end", "cursor_to(-1)", _("Last"), show=False),
        Binding("enter", "select", _("Open"), id="table.open"),
        Binding("left", "sideways(-8)", _("Left"), show=False),
        Binding("right", "sideways(8)", _("Right"), show=False),
    ]
    cursor: reactive[int] = reactive(0, always_update=True)

    class RowSelected(Message):
        """Enter (or a click on the highlighted row) chose ``row``."""

        def __init__(self, table: VirtualTable, row: Any) -> None:
            super().__init__()
            self.table = table
            self.row = row

    class RowHighlighted(Message):
        """The cursor moved to ``row`` (a wide screen previews it)."""

        def __init__(self, table: VirtualTable, row: Any) -> None:
            super().__init__()
            self.table = table
            self.row = row

    class HeaderClicked(Message):
        """A click on a column heading (screens sort by it)."""

        def __init__(self, table: VirtualTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

    def __init__(
        self, render_cell: Callable[[Any, str], Text], sideways: bool = False, max_height: int | None = None, **kwargs
    ) -> None:
        """``max_height``: the table is as tall as its lines (and sideways scroll bar), up to this many."""
        super().__init__(**kwargs)
        self.render_cell = render_cell
        self.sideways = sideways
        self.max_height = max_height
        if sideways:
            self.styles.overflow_x = "auto"
        self.columns: list[TableColumn] = []
        self.rows: Sequence[Any] = ()
        self.totals: dict[str, Text] | None = None
        self._shown: list[tuple[TableColumn, int]] = []
        # id(row) -> (row, how it was painted, strip): a row keeps its painted line across filter keystrokes
        self._painted: dict[int, tuple[Any, tuple, Strip]] = {}

    # data ------------------------------------------------------------------------------------
    def show(self, columns: list[TableColumn], rows: Sequence[Any], totals: dict[str, Text] | None = None) -> None:
        """Replace what is shown; the cursor stays on the same row object when it is still there."""
        current = self.current_row
        self.columns, self.rows, self.totals = columns, rows, totals
        self._fit_columns()
        self._fit_height()
        self.virtual_size = Size(self._line_width, len(rows) + 1 + (1 if totals is not None else 0))
        index = next((i for i, row in enumerate(rows) if row is current), 0) if current is not None else 0
        self.cursor = min(index, max(len(rows) - 1, 0))
        self.refresh()

    @property
    def current_row(self) -> Any | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    @property
    def visible_keys(self) -> list[str]:
        return [column.key for column, _ in self._shown]

    @property
    def _columns_width(self) -> int:
        return sum(width + 1 for _, width in self._shown) - 1

    @property
    def _line_width(self) -> int:
        """Columns and the spaces between them; wider than the widget only when it scrolls sideways."""
        return max(self._columns_width, self.size.width) if self.sideways else self.size.width

    def _fit_height(self) -> None:
        if self.max_height is not None:
            scroll_bar = self.sideways and self._columns_width > self.size.width
            lines = 1 + len(self.rows) + (self.totals is not None) + scroll_bar
            self.styles.height = min(lines, self.max_height)

    def _fit_columns(self) -> None:
        """Keep the most important columns that fit; the flex column gets the spare width."""
        if self.sideways:
            self._shown = [(column, column.width) for column in self.columns]
            return
        available = max(self.size.width - 1, 20)
        kept = sorted(self.columns, key=lambda column: column.priority)
        while kept and sum(c.width + 1 for c in kept) > available and kept[-1].priority > 0:
            kept.pop()
        spare = available - sum(c.width + 1 for c in kept)
        self._shown = [(c, c.width + (max(spare, 0) if c.flex else 0)) for c in self.columns if c in kept]

    def on_resize(self, event: Resize) -> None:
        self._fit_columns()
        self._fit_height()
        self.virtual_size = Size(self._line_width, self.virtual_size.height)
        self.refresh()

    # painting --------------------------------------------------------------------------------
    @property
    def _body_height(self) -> int:
        return max(self._view_height - 1 - (1 if self.totals is not None else 0), 1)

    @property
    def _view_height(self) -> int:
        """Lines on screen, without the sideways scroll bar."""
        return self.scrollable_content_region.height

    def _line(self, cells: dict[str, Text] | None, row: Any = None) -> Text:
        parts = []
        for column, width in self._shown:
            cell = (cells.get(column.key) if cells is not None else self.render_cell(row, column.key)) or Text("")
            cell = cell.copy()
            cell.truncate(width, overflow="ellipsis")
            cell.align("right" if column.align == "right" else "left", width)
            parts.append(cell)
        return Text(" ").join(parts)

    def render_line(self, y: int) -> Strip:
        """The painted line at ``y``, cut to what the sideways scroll shows."""
        line = self._full_line(y)
        if not self.sideways:
            return line
        left = self.scroll_offset.x
        return line.crop_extend(left, left + self.scrollable_content_region.width, self.rich_style)

    def _full_line(self, y: int) -> Strip:
        width = self._line_width
        if y == 0:
            style = self.get_component_rich_style("virtual-table--header")
            text = self._line({column.key: Text(column.header) for column, _ in self._shown})
        elif self.totals is not None and y == self._view_height - 1:
            style = self.get_component_rich_style("virtual-table--totals")
            text = self._line(self.totals)
        else:
            index = self.scroll_offset.y + y - 1
            if index >= len(self.rows) or y > self._body_height:
                return Strip.blank(width, self.rich_style)
            cursor = index == self.cursor
            style = self.get_component_rich_style("virtual-table--cursor") if cursor else self.rich_style
            return self._row_strip(self.rows[index], style, width)
        return self._strip(text, style, width)

    def _strip(self, text: Text, style: Style, width: int) -> Strip:
        """A painted line whose every segment has a style: Textual's monochrome filter (``NO_COLOR``)
        reads the colour of each segment and fails on one without a style."""
        text.stylize_before(style)
        segments = [
            segment if segment.style is not None else Segment(segment.text, style)
            for segment in text.render(self.app.console)
        ]
        return Strip(segments).crop_extend(0, width, style)

    def _row_strip(self, row: Any, style: Style, width: int) -> Strip:
        """A row's painted line, reused while the row, the columns and the style are the same."""
        how = (style, width, tuple((column.key, size) for column, size in self._shown))
        painted = self._painted.get(id(row))
        if painted is not None and painted[0] is row and painted[1] == how:
            return painted[2]
        strip = self._strip(self._line(None, row), style, width)
        if len(self._painted) > 4 * max(self.size.height, 50):
            self._painted.clear()
        self._painted[id(row)] = (row, how, strip)
        return strip

    # moving ----------------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        top = self.scroll_offset.y
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + self._body_height:
            self.scroll_to(y=new - self._body_height + 1, animate=False)
        self.refresh()
        if 0 <= new < len(self.rows):
            self.post_message(self.RowHighlighted(self, self.rows[new]))

    def action_cursor(self, step: int) -> None:
        if self.rows:
            self.cursor = min(max(self.cursor + step, 0), len(self.rows) - 1)

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * self._body_height)

    def action_cursor_to(self, index: int) -> None:
        if self.rows:
            self.cursor = index % len(self.rows)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        """Left and right belong to the screen unless this table scrolls sideways."""
        return self.sideways if action == "sideways" else True

    def action_sideways(self, step: int) -> None:
        self.scroll_to(x=self.scroll_offset.x + step, animate=False)

    def action_select(self) -> None:
        if self.current_row is not None:
            self.post_message(self.RowSelected(self, self.current_row))

    def on_click(self, event: Click) -> None:
        if event.y == 0:
            x = 0
            for column, width in self._shown:
                if x <= event.x < x + width + 1:
                    self.post_message(self.HeaderClicked(self, column.key))
                    return
                x += width + 1
            return
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < len(self.rows) and event.y <= self._body_height:
            if index == self.cursor:
                self.action_select()
            self.cursor = index
