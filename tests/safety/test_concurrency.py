"""Several processes editing one file: every update lands or is refused naming its project; none is lost."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import time

import pytest

from buildtrack.domain.model import Project, Settings
from buildtrack.service import PortfolioService
from buildtrack.storage.base import Commit
from buildtrack.storage.file_store import create_store, open_store
from tests.safety.workers import database, start_editor


@pytest.mark.parametrize("backend", ["file", "postgres"])
def test_four_editors_on_shared_and_separate_projects_lose_nothing(request, tmp_path, full, figures, backend):
    path, store = database(request, tmp_path, backend)
    store.commit(Commit(puts=tuple(Project(code=f"P-00{n}", name=f"Clinic {n}") for n in (1, 2, 3))))
    each = 150 if full else 25
    plan = [("P-001", "ana"), ("P-001", "bo"), ("P-002", "chen"), ("P-003", "dai")]
    editors = [start_editor(path, code, each, name, tmp_path / "go") for code, name in plan]
    time.sleep(1.0)  # let every editor open the store
    (tmp_path / "go").touch()
    results = []
    for editor in editors:
        output, errors = editor.communicate(timeout=300)
        assert editor.returncode == 0, errors
        results.append(tuple(int(n) for n in output.split()))
    projects = store.load().projects
    landed = sum(n for n, _ in results)
    refused = sum(r for _, r in results)
    assert (projects["P-001"].beds, projects["P-002"].beds, projects["P-003"].beds) == (2 * each, each, each)
    assert len([r for r in store.changes() if r.action == "edit project"]) == landed
    figures[f"concurrent updates ({backend})"] = (
        f"4 processes: {landed + refused} attempted, {landed} landed, "
        f"{refused} refused with a conflict naming the project, 0 lost"
    )


HOLD_AND_DIE = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from buildtrack.storage.file_store import file_lock
    lock = file_lock(Path(sys.argv[1]))
    lock.acquire()
    print("locked", flush=True)
    os.kill(os.getpid(), 9)
    """
)


def test_a_lock_held_by_a_dead_process_does_not_block(tmp_path, figures):
    path = tmp_path / "portfolio.json"
    create_store(path, Settings()).commit(Commit(puts=(Project(code="P-001", name="Clinic"),)))
    holder = subprocess.run([sys.executable, "-c", HOLD_AND_DIE, str(path)], capture_output=True, text=True, timeout=30)
    assert holder.stdout.strip() == "locked" and holder.returncode == -9
    assert path.with_name("portfolio.json.lock").exists()  # the lock file lives beside the database
    started = time.monotonic()
    PortfolioService(open_store(path), "ana", dt.date.today).update_project("P-001", leader="王伟")
    waited = time.monotonic() - started
    assert waited < 5
    figures["dead lock holder"] = f"next save went through after {waited:.2f} s"
