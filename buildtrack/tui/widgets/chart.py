"""The S-curve drawn with characters: planned percent as dots, actual percent as blocks, over time."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widgets import Static

from buildtrack.domain.model import Project
from buildtrack.domain.schedule import actual_percent
from buildtrack.i18n import _
from buildtrack.reports.scurve import curve_span, s_curve


class SCurve(Static):
    """Planned (·) vs actual (█) percent from the first planned or reported date to the latest."""

    def show(self, project: Project, as_of: dt.date) -> None:
        self._project, self._as_of = project, as_of
        self._draw()

    def on_resize(self) -> None:
        if hasattr(self, "_project"):
            self._draw()

    def _actual_at(self, points, x: int):
        """The actual percent drawn in column ``x``: up to the as-of date, and in the column that holds it the
        reading as of that day, so the latest report always shows even between two samples."""
        point = points[x]
        if point.day <= self._as_of:
            return point.actual
        if x > 0 and points[x - 1].day < self._as_of:
            return actual_percent(self._project, self._as_of)
        return None

    def _draw(self) -> None:
        span = curve_span(self._project, self._as_of)
        width = max(self.size.width - 8, 10)
        if span is None:
            self.update(Text(_("No planned dates or progress yet: nothing to chart."), style="dim"))
            return
        height = max(self.size.height - 3, 5)  # rows for 0–100 %: the chart uses the room it is given
        points = s_curve(self._project, span[0], span[1], width)
        grid = [[" "] * width for _ in range(height)]
        styles = [[""] * width for _ in range(height)]
        for x, point in enumerate(points):
            actual = self._actual_at(points, x)
            if actual is not None:
                top = round(float(actual) * (height - 1) / 100)  # display only: rounding to a row
                for y in range(top + 1):
                    grid[y][x], styles[y][x] = "█", "green"
            planned_row = round(float(point.planned) * (height - 1) / 100)
            if grid[planned_row][x] == " ":
                grid[planned_row][x], styles[planned_row][x] = "·", "yellow"
            else:
                styles[planned_row][x] = "bold yellow on green"
        text = Text()
        for y in reversed(range(height)):
            label = f"{round(y * 100 / (height - 1)):>4}% " if y in (0, height // 2, height - 1) else "      "
            text.append(label, style="dim")
            for x in range(width):
                text.append(grid[y][x], style=styles[y][x])
            text.append("\n")
        text.append(
            f"      {span[0].isoformat()}".ljust(width // 2 + 6) + f"{span[1].isoformat()}".rjust(width // 2),
            style="dim",
        )
        text.append("\n      " + _("· planned   █ actual"), style="dim")
        self.update(text)
