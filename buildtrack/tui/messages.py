"""What screens tell the app: an edit the user asked for. The app alone saves (``BuildtrackApp.attempt``),
so every change meets the same checks, questions and messages whichever screen it comes from."""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message


class Edit(Message):
    """Save ``change(confirmed)``; say ``done`` when saved, else why (inside ``form`` when one is open); then
    run ``then`` (only after a save)."""

    def __init__(
        self,
        change: Callable[[bool], object],
        done: str,
        form=None,
        confirmable: bool = True,
        edits: bool = True,
        then: Callable[[], None] | None = None,
    ) -> None:
        super().__init__()
        self.change, self.done, self.form = change, done, form
        self.confirmable, self.edits, self.then = confirmable, edits, then
