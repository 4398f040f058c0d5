"""The placeholder screen opens on a database and shows every project's row (full UI: issue 3)."""

import asyncio
import datetime as dt

from textual.widgets import DataTable

from buildtrack.cli.session import Session
from buildtrack.storage.tinydb_store import open_store
from buildtrack.tui.app import BuildtrackApp


def test_opens_on_the_sample_and_lists_every_project(tmp_path):
    session = Session(tmp_path / "portfolio.json", "2026-11-23")
    session.store()  # created from the sample

    async def scenario():
        app = BuildtrackApp(session)
        async with app.run_test(size=(80, 24)) as pilot:
            table = app.query_one(DataTable)
            assert table.row_count == 21
            assert "as of 2026-11-23" in app.sub_title
            await pilot.press("q")

    asyncio.run(scenario())
    assert len(open_store(tmp_path / "portfolio.json").load().projects) == 21
