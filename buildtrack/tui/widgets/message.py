"""The lines a screen keeps for the app's answers and for the read-only state: never drawn over the data."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from buildtrack.domain.text import visible
from buildtrack.i18n import _


class MessageLine(Static):
    """What the last action did or why it was refused, in one line above the footer (no toasts over rows)."""

    DEFAULT_CSS = "MessageLine { height: auto; max-height: 3; padding: 0 1; } MessageLine.error { color: $error; }"

    def say(self, message: str, error: bool = False) -> None:
        self.set_class(error, "error")
        self.update(Text(visible(message, keep_newlines=True)))


class AsOfBanner(Static):
    """Shown while a past date is on screen: everything is read only until the user returns to today."""

    DEFAULT_CSS = "AsOfBanner { height: 1; padding: 0 1; background: $warning; color: $text; display: none; }"

    def show_for(self, day, read_only: bool) -> None:
        self.display = read_only
        if read_only:
            self.update(
                Text(_("Viewing the state of {day} · read only — t returns to today").format(day=day.isoformat()))
            )
