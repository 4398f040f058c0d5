"""Build the real app on a fresh copy of the sample portfolio, as the CLI does, for Pilot tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input

from buildtrack.service import PortfolioService
from buildtrack.session import Session
from buildtrack.storage.file_store import open_store
from buildtrack.tui.app import BuildtrackApp
from buildtrack.tui.workspace import Workspace

TODAY = dt.date(2026, 11, 23)


def make_app(tmp_path: Path, user: str = "tester") -> BuildtrackApp:
    path = tmp_path / "portfolio.json"
    Session((path,), TODAY.isoformat()).store()  # created from the bundled sample
    service = PortfolioService(open_store(path), user, lambda: TODAY, session="this-window")
    return BuildtrackApp(Workspace.open(service), poll_seconds=None)


def saved(tmp_path: Path):
    """The portfolio as a fresh process would read it from the file."""
    return open_store(tmp_path / "portfolio.json").load()


async def fill(pilot, **values: str) -> None:
    """Type into the open form's fields (by name) and submit it."""
    for name, text in values.items():
        pilot.app.screen.query_one(f"#field-{name}", Input).value = text
    await pilot.press("ctrl+s")
    await pilot.pause()
