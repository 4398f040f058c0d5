"""Shared fixtures: a store on memory and on disk (every store test runs on both), a fixed today."""

from __future__ import annotations

import datetime as dt
import itertools
import os
from decimal import Decimal
from pathlib import Path

import pg_server as pg_server_module
import pytest
from cli_helpers import run

from buildtrack import i18n
from buildtrack.domain.catalogue import DEFAULT_SOURCES
from buildtrack.domain.model import (
    FundingLine,
    Milestone,
    MoneyEntry,
    MoneyKind,
    ProgressEntry,
    Project,
    Settings,
    WorkPackage,
)
from buildtrack.service import PortfolioService
from buildtrack.storage.file_store import create_store, memory_store

TODAY = dt.date(2024, 6, 1)
# The language tests read: English, except in the interpreter that takes the Chinese snapshots (see
# test_tui_snapshots_zh.py), where it is chosen before Textual is imported, as ``buildtrack`` itself does.
TEST_LANGUAGE = os.environ.get("BUILDTRACK_TEST_LANG", "en")
i18n.use(TEST_LANGUAGE)


def pytest_addoption(parser):
    parser.addoption(
        "--full", action="store_true", help="Run the safety suites (crash, concurrency, fuzz) at full length."
    )


@pytest.fixture(autouse=True)
def _no_user_environment(monkeypatch, tmp_path):
    """Keep the developer's own database, date and language out of every test; tests read English unless
    they choose Chinese (``i18n.use("zh")`` or ``--lang zh``)."""
    monkeypatch.delenv("BUILDTRACK_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))  # where the default portfolio goes
    monkeypatch.delenv("BUILDTRACK_TODAY", raising=False)
    monkeypatch.setenv("BUILDTRACK_LANG", TEST_LANGUAGE)
    i18n.use(TEST_LANGUAGE)
    yield
    i18n.use(TEST_LANGUAGE)


SETTINGS = Settings(name="Test portfolio", sources=DEFAULT_SOURCES)


@pytest.fixture
def settings() -> Settings:
    return SETTINGS


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the whole run ($BUILDTRACK_TEST_PG, else a throwaway cluster); skips with the
    reason when there is none."""
    url = os.environ.get("BUILDTRACK_TEST_PG")
    if url:
        yield url
        return
    try:
        cluster = pg_server_module.ThrowawayCluster()
    except pg_server_module.NoServer as reason:
        pytest.skip(str(reason))
    os.environ["BUILDTRACK_TEST_PG_CTL"] = f"{cluster.pg_ctl} {cluster.data}"  # for the restart test
    yield cluster.url
    cluster.stop()


@pytest.fixture
def restart_server(pg_server):
    """Restarts the test server (crash-style); skips when the server is not one the tests can restart."""
    control = os.environ.get("BUILDTRACK_TEST_PG_CTL", "").split()
    if len(control) != 2:
        pytest.skip("the test server was not started here: set BUILDTRACK_TEST_PG_CTL='pg_ctl datadir' to restart it")
    return lambda: pg_server_module.restart(*control)


@pytest.fixture
def pg_url(pg_server) -> str:
    """A new, empty database on the test server (its schema not yet created)."""
    return pg_server_module.new_database(pg_server)


@pytest.fixture(params=["memory", "disk", "postgres"])
def store(request, settings, tmp_path):
    """Every store test runs on each store: in memory, the file, and PostgreSQL."""
    if request.param == "memory":
        return memory_store(settings)
    if request.param == "postgres":
        from buildtrack.storage.postgres import PostgresStore, init_schema

        url = request.getfixturevalue("pg_url")
        init_schema(url, settings)
        store = PostgresStore(url)
        request.addfinalizer(store.close)
        return store
    return create_store(tmp_path / "portfolio.json", settings)


@pytest.fixture
def service(store) -> PortfolioService:
    clock = lambda: dt.datetime(2024, 6, 1, 9, 30, tzinfo=dt.UTC)  # noqa: E731
    return PortfolioService(store, "alice", lambda: TODAY, clock)


def make_project(code: str = "P-001", **fields) -> Project:
    base = dict(
        code=code,
        name="County TCM Hospital ward building",
        name_zh="县中医院病房综合楼",
        planned_start=dt.date(2024, 1, 1),
        planned_finish=dt.date(2025, 12, 31),
    )
    base.update(fields)
    return Project(**base)


_numbers = itertools.count(1)


def _id(prefix: str) -> str:
    return f"{prefix}t{next(_numbers)}"


def milestone(name: str, due: dt.date, baseline: dt.date | None = None, **fields) -> Milestone:
    """A milestone with a fresh id (the baseline is the due date unless given)."""
    return Milestone(id=_id("m"), name=name, due=due, baseline_due=baseline or due, **fields)


def report(on: dt.date, percent, note: str = "") -> ProgressEntry:
    """A progress report with a fresh id."""
    return ProgressEntry(id=_id("r"), on=on, percent=Decimal(percent), note=note)


def package(name: str, weight, percent) -> WorkPackage:
    return WorkPackage(id=_id("w"), name=name, weight=Decimal(weight), percent=Decimal(percent))


def line(
    source: str, planned: int = 0, received: int = 0, paid: int = 0, on: dt.date = dt.date(2024, 1, 15), **fields
) -> FundingLine:
    """A funding line whose received and paid totals are one dated entry each."""
    entries = tuple(
        MoneyEntry(id=_id("e"), kind=kind, on=on, amount=amount)
        for kind, amount in ((MoneyKind.RECEIVED, received), (MoneyKind.PAID, paid))
        if amount
    )
    return FundingLine(id=_id("f"), source=source, planned=planned, entries=entries, **fields)


@pytest.fixture(params=["file", "postgres"])
def db(request, tmp_path) -> Path | str:
    """A database created from the bundled sample, as a new user gets it: a file, and the same portfolio pushed
    to a new database on the test server (every command test runs on both stores)."""
    path = tmp_path / "portfolio.json"
    run(path, "check")
    if request.param == "file":
        return path
    url = request.getfixturevalue("pg_url")
    run(path, "db", "init", url)
    run(path, "db", "push", str(path), url)
    return url
