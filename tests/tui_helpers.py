"""Build the real app on a fresh copy of the sample portfolio, as the CLI does, for Pilot tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input

from buildtrack.session import Session
from buildtrack.storage.file_store import open_store
from buildtrack.tui import app as tui_app
from buildtrack.tui.app import BuildtrackApp

TODAY = dt.date(2026, 11, 23)


def make_app(tmp_path: Path, user: str = "tester") -> BuildtrackApp:
    """The app exactly as ``buildtrack`` makes it (``tui.app.make_app``), the portfolio read before the
    first frame so a test can act at once."""
    session = Session((tmp_path / "portfolio.json",), TODAY.isoformat(), user=user)  # created from the sample
    app = tui_app.make_app(session, poll_seconds=None)
    app.workspace.reload()
    return app


def saved(tmp_path: Path):
    """The portfolio as a fresh process would read it from the file."""
    return open_store(tmp_path / "portfolio.json").load()


async def fill(pilot, **values: str) -> None:
    """Type into the open form's fields (by name) and submit it."""
    for name, text in values.items():
        pilot.app.screen.query_one(f"#field-{name}", Input).value = text
    await pilot.press("ctrl+s")
    await pilot.pause()
