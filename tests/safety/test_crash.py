"""Crash safety: savers killed at random moments and at every step of a save; the file always opens whole."""

from __future__ import annotations

import os
import random
import signal
import time

import pytest

from buildtrack.domain.model import Project, Settings
from buildtrack.storage.base import Commit
from buildtrack.storage.file_store import create_store, open_store
from tests.safety.workers import database, start_saver


def fresh_database(tmp_path, notes_size: int = 300_000):
    """A database big enough (a long note) that a save takes long enough to be interrupted."""
    path = tmp_path / "portfolio.json"
    create_store(path, Settings()).commit(
        Commit(puts=(Project(code="P-001", name="Ward building", notes="x" * notes_size),))
    )
    return path


def assert_whole(path, at_least: int, at_most: int) -> int:
    """The database opens, holds between ``at_least`` and ``at_most`` saves, and its log has no torn line."""
    if isinstance(path, str):  # a server database
        from buildtrack.storage.postgres import PostgresStore

        store = PostgresStore(path)
        records, bad = store.change_entries(), store.unreadable_log_lines()
    else:
        store = open_store(path)
        records, bad = store.change_log()
    project = store.load().projects["P-001"]
    beds = project.beds or 0
    assert at_least <= beds <= at_most, (beds, at_least, at_most)
    assert project.notes == "x" * 300_000
    assert bad == [] and len(records) == beds
    return beds


def assert_no_stray_file_after_the_next_save(path) -> None:
    """A killed writer's temporary file is removed by the next save (a reader writes nothing)."""
    store = open_store(path)
    store.commit(Commit(puts=(store.load().projects["P-001"],)))
    assert not list(path.parent.glob(f".{path.name}.*.tmp"))


@pytest.mark.parametrize("backend", ["file", "postgres"])
def test_savers_killed_at_random_moments_never_lose_a_reported_commit(request, tmp_path, full, figures, backend):
    if backend == "postgres":  # a client killed mid-transaction: the server rolls it back
        path, store = database(request, tmp_path, backend)
        store.commit(Commit(puts=(Project(code="P-001", name="Ward building", notes="x" * 300_000),)))
    else:
        path = fresh_database(tmp_path)
    kills = 300 if full else 12
    randomness = random.Random(20261123)
    confirmed = 0
    for _ in range(kills):
        saver = start_saver(path, "P-001", 10_000)
        assert saver.stdout.readline().strip()  # at least one save returned
        time.sleep(randomness.uniform(0, 0.08))
        os.kill(saver.pid, signal.SIGKILL)
        reported = 1 + len(saver.communicate()[0].split())
        confirmed = assert_whole(path, confirmed + reported, confirmed + reported + 1)
    figures[f"random SIGKILLs survived ({backend})"] = f"{kills} kills, {confirmed} saves confirmed, 0 lost"


# Each step of one save: the call that dies (which call of it during that save) and the state left.
CRASH_POINTS = {
    "while the log line is being made durable": ("fsync:1", 3),
    "after the temporary file is written, before it is synced": ("fsync:2", 3),
    "after the sync, before the rename": ("replace:1", 3),
    "after the rename, before the folder is synced": ("fsync:3", 4),
}


@pytest.mark.parametrize("crash, state", CRASH_POINTS.values(), ids=CRASH_POINTS.keys())
def test_a_save_interrupted_at_any_step_leaves_the_old_or_the_new_state(tmp_path, crash, state, figures):
    path = fresh_database(tmp_path)
    saver = start_saver(path, "P-001", 4, crash)
    output, _ = saver.communicate(timeout=60)
    assert saver.returncode == 9, output
    assert output.split() == ["1", "2", "3"]  # the fourth save never returned
    assert assert_whole(path, 3, 4) == state
    figures["save steps interrupted"] = f"{len(CRASH_POINTS)} steps, each left the old or the new state"
