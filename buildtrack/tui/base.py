"""The screens' common base: the app they belong to, typed (Textual types ``self.app`` as any App)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from buildtrack.tui.app import BuildtrackApp


class BuildtrackScreen(Screen[None]):
    if TYPE_CHECKING:
        app: BuildtrackApp
