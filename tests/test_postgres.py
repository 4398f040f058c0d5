"""PostgreSQL only: row-level security proven against the server, NOTIFY reaching a second client, an exact
push/pull round trip, concurrent writers losing nothing, a killed client leaving nothing half-written, and
one clear line for every bad URL, password or missing schema. (The store and service suites run on
PostgreSQL too: see the ``store`` fixture.)"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time

import psycopg
import pytest
from cli_helpers import TODAY, run
from click.testing import CliRunner
from conftest import make_project

from buildtrack.cli import cli as main
from buildtrack.domain.catalogue import DEFAULT_SOURCES
from buildtrack.domain.errors import ConflictError, StoreError
from buildtrack.domain.model import Settings, replace
from buildtrack.storage.base import Commit
from buildtrack.storage.file_store import open_store
from buildtrack.storage.postgres import PostgresStore, grant, init_schema

SETTINGS = Settings(name="City", sources=DEFAULT_SOURCES)


@pytest.fixture
def server_db(pg_url) -> str:
    init_schema(pg_url, SETTINGS)
    return pg_url


def cli(*args: str, expect: int = 0) -> str:
    """A command with no database file at all (the server is named by --db URL or by the command)."""
    result = CliRunner().invoke(main, ["--today", TODAY, *args])
    assert result.exit_code == expect, result.output
    assert "Traceback" not in result.output
    return result.output


def as_login(url: str, login: str, password: str = "") -> str:
    """The URL for another login (the test server's own URL names the administrator, with its password)."""
    credentials, at, rest = url.removeprefix("postgresql://").partition("@")
    return f"postgresql://{login}:{password or 'secret-' + login}{at}{rest}"


def test_a_county_login_may_change_only_its_own_county_enforced_by_the_server(server_db):
    admin = PostgresStore(server_db)
    admin.commit(Commit(puts=(make_project("A-001", county="甲县"), make_project("B-001", county="乙县"))))
    grant(server_db, "jia", "甲县", "secret-jia")
    county = PostgresStore(as_login(server_db, "jia"))
    county.commit(Commit(puts=(county.project("A-001"),)))
    other = county.project("B-001")
    assert other is not None  # every login reads every project
    with pytest.raises(StoreError, match="refused"):
        county.commit(Commit(puts=(other,)))
    with pytest.raises(StoreError, match="refused"):
        county.commit(Commit(puts=(make_project("B-002", county="乙县"),)))  # nor add one to another county
    with psycopg.connect(as_login(server_db, "jia"), autocommit=True) as raw:  # not only the client: plain SQL too
        assert raw.execute("UPDATE bt_projects SET leader = 'x' WHERE code = 'B-001'").rowcount == 0
    assert admin.project("B-001").revision == 1 and admin.project("A-001").revision == 2


def test_a_read_only_login_changes_nothing(server_db):
    PostgresStore(server_db).commit(Commit(puts=(make_project("A-001", county="甲县"),)))
    grant(server_db, "city", None, "secret-city")
    reader = PostgresStore(as_login(server_db, "city"))
    assert reader.load().projects["A-001"].county == "甲县"
    with pytest.raises(StoreError, match="refused"):
        reader.commit(Commit(puts=(reader.project("A-001"),)))


def test_a_save_reaches_a_second_client_by_notify(server_db):
    watcher, writer = PostgresStore(server_db), PostgresStore(server_db)
    heard: list[int] = []
    arrived = threading.Event()
    stop = watcher.listen(lambda generation: (heard.append(generation), arrived.set()))
    try:
        time.sleep(0.2)
        generation = writer.commit(Commit(puts=(make_project("P-001"),)))
        assert arrived.wait(5) and heard == [generation]
        assert watcher.load().projects["P-001"].revision == 1  # and it reads the new state at once
    finally:
        stop()


def test_push_and_pull_move_a_portfolio_and_its_change_log_exactly(tmp_path, server_db):
    county = tmp_path / "county.json"
    run(county, "check")
    run(county, "progress", "set", "P-003", "5")
    run(county, "funding", "receive", "P-001", "treasury-bond", "1万", "--on", "2026-11-20", "--reason", "补录")
    cli("db", "push", str(county), server_db)
    back = tmp_path / "back.json"
    cli("db", "pull", server_db, str(back))
    original, pulled = open_store(county), open_store(back)
    assert pulled.load() == original.load()
    assert [entry.record for entry in pulled.change_log()[0]] == [entry.record for entry in original.change_log()[0]]
    assert pulled.generation() == original.generation()
    assert "already holds projects" in cli("db", "push", str(county), server_db, expect=1)


def test_the_cli_runs_on_the_server_with_the_same_refusals(server_db):
    cli("--db", server_db, "project", "add", "--name-zh", "城关镇卫生院", "--county", "甲县")
    assert "城关镇卫生院" in cli("--db", server_db, "project", "list")
    assert "no milestone" in cli("--db", server_db, "milestone", "done", "P-001", "9", expect=1)
    assert "P-001" in cli("--db", server_db, "log")


def test_concurrent_writers_lose_nothing_and_conflicts_are_refused(server_db):
    PostgresStore(server_db).commit(Commit(puts=tuple(make_project(f"P-{n:03d}", beds=0) for n in range(1, 9))))
    landed, refused = [], []

    def writer(code: str) -> None:
        store = PostgresStore(server_db)  # a client of its own, as each county office is
        for _ in range(15):
            current = store.project(code)
            try:
                store.commit(Commit(puts=(replace(current, beds=(current.beds or 0) + 1),)))
                landed.append(code)
            except ConflictError:
                refused.append(code)

    threads = [threading.Thread(target=writer, args=(f"P-{n:03d}",)) for n in range(1, 9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    projects = PostgresStore(server_db).load().projects
    assert sum(project.beds or 0 for project in projects.values()) == len(landed) == 8 * 15 - len(refused)


def test_a_client_killed_mid_transaction_leaves_nothing_half_written(server_db):
    store = PostgresStore(server_db)
    store.commit(Commit(puts=(make_project("P-001"),)))
    before = (store.generation(), store.changes())
    script = (
        "import psycopg, time, sys\n"
        f"c = psycopg.connect({server_db!r})\n"
        "c.execute('SELECT generation FROM bt_meta FOR UPDATE')\n"
        "c.execute(\"UPDATE bt_projects SET leader = 'half' WHERE code = 'P-001'\")\n"
        "c.execute(\"INSERT INTO bt_changes (generation, at, project, line) VALUES (99, now(), 'P-001', '{}')\")\n"
        "print('inside', flush=True)\n"
        "time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "inside"
    child.kill()
    child.wait()
    time.sleep(0.5)
    assert (store.generation(), store.changes()) == before and store.project("P-001").leader == ""
    assert store.commit(Commit(puts=(store.project("P-001"),))) == before[0] + 1  # and the lock was let go


@pytest.mark.parametrize(
    "url, said",
    [
        ("postgresql://nobody@127.0.0.1:1/none", "cannot connect"),
        ("postgresql://postgres@127.0.0.1:1/none?sslmode=bogus", "invalid sslmode"),
        ("postgresql://postgres@127.0.0.1:notaport/none", "invalid"),
    ],
)
def test_a_bad_url_or_unreachable_server_is_one_line_and_exit_1(url, said):
    output = cli("--db", url, "project", "list", expect=1)
    assert said in output and len(output.strip().splitlines()) == 1


def test_a_refused_password_and_a_missing_schema_are_one_line(server_db, pg_server):
    grant(server_db, "yi", "乙县", "secret-yi")
    wrong = as_login(server_db, "yi", "wrong")
    assert "password authentication failed" in cli("--db", wrong, "project", "list", expect=1)
    assert "db init" in cli("--db", pg_server, "project", "list", expect=1)  # the server's own database


def test_a_second_ui_hears_another_offices_save_without_polling(tmp_path, server_db):
    from buildtrack.session import Session
    from buildtrack.tui import app as tui_app

    PostgresStore(server_db).commit(Commit(puts=(make_project("P-001", county="甲县"),)))
    app = tui_app.make_app(Session((server_db,), TODAY, user="city"), poll_seconds=0)  # 0: listen, never poll

    async def scenario():
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(50):
                await pilot.pause(0.1)
                if app.workspace.loaded:
                    break
            other = PostgresStore(server_db)
            other.commit(Commit(puts=(replace(other.project("P-001"), leader="周静"),)))
            for _ in range(50):
                await pilot.pause(0.1)
                if any("Changed elsewhere" in message for message in app.messages):
                    break
            assert any("Changed elsewhere" in message for message in app.messages), app.messages
            assert app.workspace.portfolio.projects["P-001"].leader == "周静"

    asyncio.run(scenario())


def test_a_dropped_connection_refuses_that_save_in_one_line_and_the_next_save_reconnects(server_db):
    store = PostgresStore(server_db)
    store.commit(Commit(puts=(make_project("P-001"),)))
    project = store.project("P-001")
    with psycopg.connect(server_db, autocommit=True) as admin:  # the network cut, the server restarting
        admin.execute("SELECT pg_terminate_backend(%s)", (store._connection.info.backend_pid,))
    with pytest.raises(StoreError, match="lost the connection.*nothing was saved"):
        store.commit(Commit(puts=(replace(project, leader="周静"),)))
    assert store.commit(Commit(puts=(replace(project, leader="周静"),))) == 2  # the same edit, retried
    assert PostgresStore(server_db).project("P-001").leader == "周静"


def test_a_connection_dropped_while_a_form_is_open_keeps_the_form_and_the_retry_saves(server_db):
    from textual.widgets import Input

    from buildtrack.session import Session
    from buildtrack.tui import app as tui_app
    from buildtrack.tui.widgets.form import FormDialog

    PostgresStore(server_db).commit(Commit(puts=(make_project("P-001", county="甲县"),)))
    app = tui_app.make_app(Session((server_db,), TODAY, user="jia"), poll_seconds=None)
    app.workspace.reload()

    async def scenario():
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.open_project("P-001")
            await pilot.pause()
            await pilot.press("a")  # add a milestone
            await pilot.pause()
            pilot.app.screen.query_one("#field-name", Input).value = "主体封顶"
            pilot.app.screen.query_one("#field-due", Input).value = "2027-06-30"
            with psycopg.connect(server_db, autocommit=True) as admin:  # the network drops
                admin.execute(
                    "SELECT pg_terminate_backend(%s)", (app.workspace.service.store._connection.info.backend_pid,)
                )
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(pilot.app.screen, FormDialog)  # the form stays, with what was typed
            assert "lost the connection" in str(pilot.app.screen.query_one("#form-message").render())
            assert pilot.app.screen.query_one("#field-name", Input).value == "主体封顶"
            await pilot.press("ctrl+s")  # the retry reconnects and saves
            await pilot.pause()
            assert [m.name for m in PostgresStore(server_db).project("P-001").milestones][-1] == "主体封顶"

    asyncio.run(scenario())


def test_a_server_restart_loses_nothing_committed_and_the_next_save_reconnects(server_db, restart_server):
    store = PostgresStore(server_db)
    for beds in range(1, 6):
        project = store.project("P-001") or make_project("P-001")
        store.commit(Commit(puts=(replace(project, beds=beds),)))
    restart_server()  # stopped without a checkpoint, as in a power cut, then recovered
    with pytest.raises(StoreError, match="lost the connection"):
        store.project("P-001")
    project = store.project("P-001")  # reconnected
    assert project.beds == 5 and store.generation() == 5
    store.commit(Commit(puts=(replace(project, beds=6),)))
    assert PostgresStore(server_db).project("P-001").beds == 6
