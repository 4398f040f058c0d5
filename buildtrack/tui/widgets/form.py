"""A modal form: labelled inputs, each checked by the same parser the CLI uses, errors beside the field.

Nothing is returned (and so nothing saved) until every field parses; the caller gets the parsed
values and hands them to the service.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from buildtrack.domain.errors import BuildtrackError


@dataclass(frozen=True)
class FormField:
    """One input: ``parse`` turns the text into a value or raises a ``BuildtrackError``."""

    name: str
    label: str
    value: str = ""
    parse: Callable[[str], Any] = str.strip
    placeholder: str = ""
    checkbox: bool = False


@dataclass(frozen=True)
class FormSpec:
    title: str
    fields: tuple[FormField, ...]
    submit: str = "Save"
    note: str = ""


class FormDialog(ModalScreen[dict[str, Any] | None]):
    """Returns the parsed values, or None when cancelled with Escape."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "Save", id="form.save"),
    ]

    def __init__(self, spec: FormSpec) -> None:
        super().__init__()
        self.spec = spec

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Text(self.spec.title), classes="form-title")
            if self.spec.note:
                yield Static(Text(self.spec.note), classes="form-note")
            with VerticalScroll(id="form-fields"):
                for item in self.spec.fields:
                    if item.checkbox:
                        yield Checkbox(item.label, value=item.value == "yes", id=f"field-{item.name}")
                        continue
                    with Horizontal(classes="form-row"):
                        yield Label(Text(item.label), classes="form-label")
                        yield Input(item.value, placeholder=item.placeholder, id=f"field-{item.name}")
                    yield Static("", id=f"error-{item.name}", classes="form-error")
            with Horizontal(classes="form-buttons"):
                yield Button(self.spec.submit, variant="primary", id="form-submit")
                yield Button("Cancel", id="form-cancel")

    def on_mount(self) -> None:
        first = self.spec.fields[0].name if self.spec.fields else None
        if first is not None:
            self.query_one(f"#field-{first}").focus()

    def _parse(self, item: FormField) -> tuple[bool, Any]:
        """Parse one field, showing its error (or clearing it) beside the input."""
        if item.checkbox:
            return True, self.query_one(f"#field-{item.name}", Checkbox).value
        text = self.query_one(f"#field-{item.name}", Input).value
        message = self.query_one(f"#error-{item.name}", Static)
        try:
            value = item.parse(text)
        except BuildtrackError as error:
            message.update(Text(str(error)))
            return False, None
        message.update("")
        return True, value

    @on(Input.Submitted)
    def _next_or_submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    @on(Input.Blurred)
    def _check_on_leave(self, event: Input.Blurred) -> None:
        name = (event.input.id or "").removeprefix("field-")
        item = next((item for item in self.spec.fields if item.name == name), None)
        if item is not None and event.input.value:
            self._parse(item)

    @on(Button.Pressed, "#form-submit")
    def action_submit(self) -> None:
        results = {item.name: self._parse(item) for item in self.spec.fields}
        if all(ok for ok, _ in results.values()):
            self.dismiss({name: value for name, (_, value) in results.items()})
        else:
            first_bad = next(name for name, (ok, _) in results.items() if not ok)
            self.query_one(f"#field-{first_bad}").focus()

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """Yes/no question; Enter or y confirms, Escape or n declines."""

    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Text(self.question), classes="form-title")
            with Horizontal(classes="form-buttons"):
                yield Button("Yes (y)", variant="error", id="yes")
                yield Button("No (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
