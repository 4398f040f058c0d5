"""Dialogs: a form whose fields are checked by the same parsers the CLI uses, and a question with choices.

A form with a ``save`` callback stays open until the save succeeds: an error from the service (a conflict,
a refused value) is shown inside it and every typed value stays where it was typed.
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
from buildtrack.i18n import _


@dataclass(frozen=True)
class FormField:
    """One input: ``parse`` turns the text into a value or raises a ``BuildtrackError``; ``preview`` says,
    as the person types, what the text will be taken as (the date "+1m" resolves to)."""

    name: str
    label: str
    value: str = ""
    parse: Callable[[str], Any] = str.strip
    placeholder: str = ""
    checkbox: bool = False
    preview: Callable[[Any], str] | None = None


# A sentence pasted from a work report → the text to put in each named field, and what to tell the person
# (what was understood, what was left); it raises a BuildtrackError when the sentence says nothing usable.
Paste = Callable[[str], tuple[dict[str, str], list[str]]]


@dataclass(frozen=True)
class FormSpec:
    title: str
    fields: tuple[FormField, ...]
    submit: str = ""
    note: str = ""
    paste: Paste | None = None


class FormDialog(ModalScreen[dict[str, Any] | None]):
    """Returns the parsed values (or None when cancelled); with ``save`` it hands them over and stays open
    until ``close`` is called, showing ``problem`` messages inside."""

    BINDINGS = [
        Binding("escape", "cancel", _("Cancel"), id="form.cancel"),
        Binding("ctrl+s", "submit", _("Save"), id="form.save"),
    ]

    def __init__(self, spec: FormSpec, save: Callable[[dict[str, Any], FormDialog], None] | None = None) -> None:
        super().__init__()
        self.spec = spec
        self.save = save

    def compose(self) -> ComposeResult:
        compact = self.app.size.height < 32  # one line per field, so the whole form and Save fit at 80×24
        with Vertical(id="form", classes="compact" if compact else ""):
            yield Static(Text(self.spec.title), classes="form-title")
            if self.spec.note:
                yield Static(Text(self.spec.note), classes="form-note")
            with VerticalScroll(id="form-fields"):
                if self.spec.paste is not None:
                    with Horizontal(classes="form-row"):
                        yield Label(Text(_("Paste")), classes="form-label")
                        yield Input(
                            placeholder=_("a sentence from a work report, then Enter"), id="paste", compact=compact
                        )
                    yield Static("", id="paste-result", classes="form-preview empty")
                for item in self.spec.fields:
                    if item.checkbox:
                        yield Checkbox(item.label, value=item.value == "yes", id=f"field-{item.name}")
                        continue
                    with Horizontal(classes="form-row"):
                        yield Label(Text(item.label), classes="form-label")
                        yield Input(item.value, placeholder=item.placeholder, id=f"field-{item.name}", compact=compact)
                    yield Static("", id=f"error-{item.name}", classes="form-error empty")
            yield Static("", id="form-message", classes="form-error empty")
            with Horizontal(classes="form-buttons"):
                yield Button(self.spec.submit or _("Save"), variant="primary", id="form-submit")
                yield Button(_("Cancel"), id="form-cancel")

    def on_mount(self) -> None:
        first = self.spec.fields[0].name if self.spec.fields else None
        if self.spec.paste is not None:
            self.query_one("#paste").focus()  # a form offering to read a report starts there; Tab goes on
        elif first is not None:
            self.query_one(f"#field-{first}").focus()
            for item in self.spec.fields:
                if item.preview is not None:
                    self._parse(item)

    def _item(self, input_id: str | None) -> FormField | None:
        name = (input_id or "").removeprefix("field-")
        return next((item for item in self.spec.fields if item.name == name), None)

    def _parse(self, item: FormField) -> tuple[bool, Any]:
        """Parse one field, showing its error (or what it resolves to) beside the input."""
        if item.checkbox:
            return True, self.query_one(f"#field-{item.name}", Checkbox).value
        text = self.query_one(f"#field-{item.name}", Input).value
        message = self.query_one(f"#error-{item.name}", Static)
        try:
            value = item.parse(text)
        except BuildtrackError as error:
            _say(message.set_class(False, "form-preview"), str(error))
            return False, None
        shown = item.preview(value) if item.preview is not None else ""
        _say(message.set_class(bool(shown), "form-preview"), shown)
        return True, value

    def problem(self, text: str) -> None:
        """Why the save did not happen, inside the form (the typed values stay)."""
        _say(self.query_one("#form-message", Static), text)

    def close(self) -> None:
        self.dismiss(None)

    @on(Input.Changed)
    def _preview(self, event: Input.Changed) -> None:
        item = self._item(event.input.id)
        if item is not None and item.preview is not None:
            self._parse(item)

    @on(Input.Submitted)
    def _next_or_submit(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "paste":
            self._fill_from(event.input.value)
        else:
            self.action_submit()

    def _fill_from(self, pasted: str) -> None:
        """Put what a pasted sentence says into the fields (each replaced value named), and say what was left;
        nothing is saved until the person presses Save."""
        result = self.query_one("#paste-result", Static)
        try:
            fills, lines = self.spec.paste(pasted) if self.spec.paste else ({}, [])
        except BuildtrackError as error:
            _say(result.set_class(False, "form-preview"), str(error))
            return
        for name, text in fills.items():
            box = self.query_one(f"#field-{name}", Input)
            if box.value.strip() and box.value != text:
                lines.insert(0, _("{field}: {old} → {new}").format(field=self._label(name), old=box.value, new=text))
            box.value = text
            self._parse(next(item for item in self.spec.fields if item.name == name))
        _say(result.set_class(True, "form-preview"), "\n".join(lines))

    def _label(self, name: str) -> str:
        return next(item.label for item in self.spec.fields if item.name == name)

    @on(Input.Blurred)
    def _check_on_leave(self, event: Input.Blurred) -> None:
        item = self._item(event.input.id)
        if item is not None and event.input.value:
            self._parse(item)

    @on(Button.Pressed, "#form-submit")
    def action_submit(self) -> None:
        results = {item.name: self._parse(item) for item in self.spec.fields}
        if not all(ok for ok, _ in results.values()):
            first_bad = next(name for name, (ok, _) in results.items() if not ok)
            self.query_one(f"#field-{first_bad}").focus()
            return
        values = {name: value for name, (_, value) in results.items()}
        if self.save is None:
            self.dismiss(values)
        else:
            self.problem("")
            self.save(values, self)

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def _say(line: Static, text: str) -> None:
    """A message under a field (or the form), taking no room while there is nothing to say."""
    line.set_class(not text, "empty").update(Text(text))


class ChoiceDialog(ModalScreen[Any]):
    """A question with a few answers, each on a key; Escape gives the last (the safe one)."""

    def __init__(self, question: str, choices: tuple[tuple[str, str], ...]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Text(self.question), classes="form-title")
            with Horizontal(classes="form-buttons"):
                for key, label in self.choices:
                    yield Button(f"{label} ({key})", id=f"choice-{key}")

    def on_mount(self) -> None:
        self.query_one(f"#choice-{self.choices[-1][0]}", Button).focus()

    def on_key(self, event) -> None:
        keys = {key for key, _ in self.choices}
        if event.key in keys:
            event.stop()
            self.dismiss(event.key)
        elif event.key == "escape":
            event.stop()
            self.dismiss(self.choices[-1][0])

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "").removeprefix("choice-"))


class ConfirmDialog(ChoiceDialog):
    """Yes/no question; y confirms, n or Escape declines. Dismissed with True or False."""

    def __init__(self, question: str) -> None:
        super().__init__(question, (("y", _("Yes")), ("n", _("No"))))

    def dismiss(self, result: Any = None) -> Any:
        return super().dismiss(result == "y" if isinstance(result, str) else result)
