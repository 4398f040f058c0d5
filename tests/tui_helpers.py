"""Build the real app on a fresh copy of the sample portfolio, as the CLI does, for Pilot tests.

The portfolio is a file, or — when ``$BUILDTRACK_TEST_BACKEND`` is ``postgres`` (test_tui_on_postgres.py runs
the UI suites so) — the same sample pushed to a new database on the test server: the same tests on both stores.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from pg_server import new_database
from textual.widgets import Input

from buildtrack.session import Session
from buildtrack.storage.file_store import open_store
from buildtrack.tui import app as tui_app
from buildtrack.tui.app import BuildtrackApp

TODAY = dt.date(2026, 11, 23)


_SERVER_DATABASES: dict[Path, str] = {}


def database(tmp_path: Path) -> Path | str:
    """The test's portfolio: ``portfolio.json`` in ``tmp_path`` (created from the sample on first use), or its
    copy on the test server."""
    path = tmp_path / "portfolio.json"
    if os.environ.get("BUILDTRACK_TEST_BACKEND") != "postgres":
        return path
    if tmp_path not in _SERVER_DATABASES:
        Session((path,), TODAY.isoformat()).store()  # the sample, as a new user gets it
        url = new_database(os.environ["BUILDTRACK_TEST_PG"])
        session = Session((url,), TODAY.isoformat())
        session.server_init(url)
        session.push(path, url)
        _SERVER_DATABASES[tmp_path] = url
    return _SERVER_DATABASES[tmp_path]


def stored(tmp_path: Path):
    """The test's portfolio's store, opened afresh as another program would."""
    target = database(tmp_path)
    if isinstance(target, str):
        from buildtrack.storage.postgres import PostgresStore

        return PostgresStore(target)
    return open_store(target)


def make_app(tmp_path: Path, user: str = "tester") -> BuildtrackApp:
    """The app exactly as ``buildtrack`` makes it (``tui.app.make_app``), the portfolio read before the
    first frame so a test can act at once."""
    session = Session((database(tmp_path),), TODAY.isoformat(), user=user)  # created from the sample
    app = tui_app.make_app(session, poll_seconds=None)
    app.workspace.reload()
    return app


def saved(tmp_path: Path):
    """The portfolio as a fresh process would read it."""
    return stored(tmp_path).load()


async def fill(pilot, **values: str) -> None:
    """Type into the open form's fields (by name) and submit it."""
    for name, text in values.items():
        pilot.app.screen.query_one(f"#field-{name}", Input).value = text
    await pilot.press("ctrl+s")
    await pilot.pause()
