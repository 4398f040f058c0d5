"""The S-curve drawn with characters: planned percent as dots, actual percent as blocks, over time."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widgets import Static

from buildtrack.domain.model import Project
from buildtrack.reports.scurve import curve_span, s_curve

HEIGHT = 8  # rows for 0–100 %


class SCurve(Static):
    """Planned (·) vs actual (█) percent from the first planned or reported date to the latest."""

    def show(self, project: Project, as_of: dt.date) -> None:
        self._project, self._as_of = project, as_of
        self._draw()

    def on_resize(self) -> None:
        if hasattr(self, "_project"):
            self._draw()

    def _draw(self) -> None:
        span = curve_span(self._project, self._as_of)
        width = max(self.size.width - 8, 10)
        if span is None:
            self.update(Text("No planned dates or progress yet: nothing to chart.", style="dim"))
            return
        points = s_curve(self._project, span[0], span[1], width)
        grid = [[" "] * width for _ in range(HEIGHT)]
        styles = [[""] * width for _ in range(HEIGHT)]
        for x, point in enumerate(points):
            if point.actual is not None and point.day <= self._as_of:
                top = round(float(point.actual) * (HEIGHT - 1) / 100)  # display only: rounding to a row
                for y in range(top + 1):
                    grid[y][x], styles[y][x] = "█", "green"
            planned_row = round(float(point.planned) * (HEIGHT - 1) / 100)
            if grid[planned_row][x] == " ":
                grid[planned_row][x], styles[planned_row][x] = "·", "yellow"
            else:
                styles[planned_row][x] = "bold yellow on green"
        text = Text()
        for y in reversed(range(HEIGHT)):
            label = f"{round(y * 100 / (HEIGHT - 1)):>4}% " if y in (0, HEIGHT // 2, HEIGHT - 1) else "      "
            text.append(label, style="dim")
            for x in range(width):
                text.append(grid[y][x], style=styles[y][x])
            text.append("\n")
        text.append(
            f"      {span[0].isoformat()}".ljust(width // 2 + 6) + f"{span[1].isoformat()}".rjust(width // 2),
            style="dim",
        )
        text.append("\n      · planned   █ actual", style="dim")
        self.update(text)
