"""Help (F1 or ?): every key that works where the user is, read from the bindings active on that screen and
its focused widget, so it can never list a key that does nothing or miss one that works."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from buildtrack.i18n import _

FORM_KEYS = (
    ("tab", _("next field")),
    ("enter / ctrl+s", _("save; the form stays open with your text if the save is refused")),
    ("escape", _("cancel; nothing is saved")),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f1,question_mark", "dismiss", _("Close"))]

    def __init__(self, bindings: dict[str, ActiveBinding], where: str) -> None:
        super().__init__()
        self.bindings = bindings
        self.where = where

    def compose(self) -> ComposeResult:
        table = Table(title=_("Keys on this screen: {where}").format(where=self.where), expand=True)
        table.add_column(_("Key"), style="cyan", no_wrap=True)
        table.add_column(_("What it does"))
        seen: set[tuple[str, str]] = set()
        for key, active in self.bindings.items():
            binding = active.binding
            what = binding.description or binding.action
            if (binding.action, what) in seen or not active.enabled:
                continue
            seen.add((binding.action, what))
            table.add_row(Text(self.app.get_key_display(binding) or key), Text(what))
        table.add_section()
        for key, what in FORM_KEYS:
            table.add_row(Text(key), Text(_("In forms: ") + what))
        with VerticalScroll(id="help"):
            yield Static(table)
