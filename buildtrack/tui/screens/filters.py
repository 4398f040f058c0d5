"""The portfolio list's filters beyond the typed text: several statuses and lights at once, and named
filters kept in the portfolio's settings for the whole office."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from buildtrack.domain.labels import label
from buildtrack.domain.lights import Light
from buildtrack.domain.model import SavedFilter
from buildtrack.domain.schedule import Status
from buildtrack.i18n import _

Wanted = frozenset[Status | Light]


def wanted_key(item: Status | Light) -> str:
    """How a status or light is kept in a saved filter: ``status:overdue``, ``light:red``."""
    return f"{'light' if isinstance(item, Light) else 'status'}:{item.value}"


def wanted_from_keys(keys: tuple[str, ...]) -> Wanted:
    known = {wanted_key(item): item for item in (*Status, *Light)}
    return frozenset(known[key] for key in keys if key in known)


def describe_wanted(wanted: Wanted) -> str:
    if not wanted:
        return _("Any status")
    ordered = [item for item in (*Status, *Light) if item in wanted]
    return " + ".join(label("light" if isinstance(item, Light) else "status", item) for item in ordered)


class StatusPicker(ModalScreen[Wanted | None]):
    """Tick any statuses and lights (space), Enter applies; a project shows when it has one of each kind ticked."""

    BINDINGS = [Binding("escape", "dismiss(None)", _("Cancel")), Binding("enter", "apply", _("Apply"), priority=True)]

    def __init__(self, wanted: Wanted) -> None:
        super().__init__()
        self.wanted = wanted

    def compose(self) -> ComposeResult:
        choices: list[tuple[str, Status | Light, bool]] = [
            (label("status", item), item, item in self.wanted) for item in Status
        ]
        choices += [(label("light", item), item, item in self.wanted) for item in Light]
        with Vertical(id="form"):
            yield Static(Text(_("Show projects with (space ticks, Enter applies)")), classes="form-title")
            yield SelectionList[Status | Light](*choices, id="status-choices")

    def action_apply(self) -> None:
        self.dismiss(frozenset(self.query_one(SelectionList).selected))


class SavedFilters(ModalScreen[SavedFilter | str | None]):
    """Pick a saved filter (Enter), or type a name to keep the current one under it; ``delete`` removes one."""

    BINDINGS = [Binding("escape", "dismiss(None)", _("Cancel")), Binding("delete", "remove", _("Delete"))]

    def __init__(self, saved: tuple[SavedFilter, ...]) -> None:
        super().__init__()
        self.saved = saved

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Text(_("Saved filters")), classes="form-title")
            yield OptionList(*(Option(Text(item.name), id=str(index)) for index, item in enumerate(self.saved)))
            yield Input(placeholder=_("Save the current filter as … (type a name, Enter)"), id="filter-name")

    def on_mount(self) -> None:
        self.query_one(OptionList if self.saved else Input).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.saved[int(event.option.id or 0)])

    @on(Input.Submitted)
    def _save_as(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())

    def action_remove(self) -> None:
        options = self.query_one(OptionList)
        if options.has_focus and options.highlighted is not None:
            self.dismiss("-" + self.saved[options.highlighted].name)
