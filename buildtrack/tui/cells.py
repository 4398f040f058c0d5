"""Turning typed report values into terminal text: colours for status, a bar for percent complete.

User text always goes into ``Text(...)`` as plain text, never through markup, so a project named
``中学[red]扩建`` shows exactly that.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from rich.text import Text

from buildtrack import i18n
from buildtrack.domain.labels import label
from buildtrack.domain.lights import Light
from buildtrack.domain.money import MoneyUnit
from buildtrack.domain.percent import format_percent
from buildtrack.domain.schedule import Status
from buildtrack.reports.cells import cell_text
from buildtrack.reports.table import Column, ColumnKind

_STYLES: dict[Status | Light, str] = {
    Status.NOT_STARTED: "dim",
    Status.ON_TRACK: "green",
    Status.AT_RISK: "bold yellow",
    Status.OVERDUE: "bold red",
    Status.COMPLETED: "blue",
    Light.GREEN: "green",
    Light.YELLOW: "bold yellow",
    Light.RED: "bold red",
}


@cache
def _styles_by_word(language: str) -> dict[str, str]:
    """The colour of each status and light word as shown in ``language`` (状态 words in Chinese)."""
    return {label("light" if isinstance(key, Light) else "status", key): style for key, style in _STYLES.items()}


def word_style(word: Status | Light) -> str:
    return _STYLES[word]


def cell(value: Any, column: Column, unit: MoneyUnit) -> Text:
    """A report value as styled text: the characters every output shows, status coloured, missing values dim."""
    text = cell_text(value, column, unit)
    if value is None or (value == "" and column.kind not in (ColumnKind.MONEY, ColumnKind.PERCENT)):
        return Text(text, style="dim")
    coloured = column.key in ("status", "light")
    return Text(text, style=_styles_by_word(i18n.language()).get(text, "") if coloured else "")


def progress_bar(actual: Decimal | None, planned: Decimal, width: int = 10) -> Text:
    """ "██████░░░░  54%" with a tick where the plan is, red when behind by the bar's resolution."""
    if actual is None:
        return Text(i18n._("not reported"), style="dim")
    filled = int(actual * width / 100)
    plan_at = min(int(planned * width / 100), width - 1)
    bar = Text()
    for position in range(width):
        char = "█" if position < filled else ("│" if position == plan_at else "░")
        bar.append(char, style="red" if actual + 10 < planned and position < filled else "")
    bar.append(f" {format_percent(actual):>6}")
    return bar
