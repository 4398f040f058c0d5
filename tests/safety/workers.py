"""Child processes for the safety suites: they save in a loop and report each commit that returned. The
database is a file path or a postgresql:// URL: the same suites run on both stores."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from buildtrack.domain.model import Settings
from buildtrack.storage.file_store import create_store

SAVER = textwrap.dedent(
    """
    import datetime as dt, os, sys
    from buildtrack.domain.model import replace
    from buildtrack.domain.changes import ChangeRecord
    from buildtrack.domain.errors import ConflictError
    from buildtrack.storage.base import Commit
    from buildtrack.storage.file_store import open_store


    def opened(target):
        if target.startswith("postgresql://"):
            from buildtrack.storage.postgres import PostgresStore
            return PostgresStore(target)
        return open_store(target)

    path, code, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    crash_call, crash_at = (sys.argv[4].split(":") + [""])[:2] if len(sys.argv) > 4 else ("", "")

    if crash_call:
        # Fault injection: die (as a power cut would) at the chosen call during the last save.
        import buildtrack.files as files, buildtrack.storage.changelog as changelog
        real = getattr(os, crash_call)
        calls = {"n": 0}
        def dying(*args, **kwargs):
            calls["n"] += 1
            if armed["on"] and calls["n"] == int(crash_at):
                os._exit(9)
            return real(*args, **kwargs)
        setattr(os, crash_call, dying)
    armed = {"on": False}

    store = opened(path)
    landed = 0
    while landed < count:
        if crash_call and landed == count - 1:
            armed["on"], calls["n"] = True, 0
        project = store.load().projects[code]
        record = ChangeRecord(at=dt.datetime.now().astimezone(), user="worker", project=code, action="beds +1")
        try:
            store.commit(Commit(puts=(replace(project, beds=(project.beds or 0) + 1),), records=(record,)))
        except ConflictError:
            print("conflict", flush=True)
            continue
        landed += 1
        print(landed, flush=True)
    """
)


def start_saver(path: Path | str, code: str, count: int, crash: str = "") -> subprocess.Popen:
    arguments = [sys.executable, "-c", SAVER, str(path), code, str(count)] + ([crash] if crash else [])
    return subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


EDITOR = textwrap.dedent(
    """
    import sys
    from buildtrack.service import PortfolioService
    from buildtrack.domain.errors import ConflictError
    from buildtrack.storage.file_store import open_store
    import datetime as dt

    import os, time

    def opened(target):
        if target.startswith("postgresql://"):
            from buildtrack.storage.postgres import PostgresStore
            return PostgresStore(target)
        return open_store(target)

    path, code, count, name, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    service = PortfolioService(opened(path), name, dt.date.today)
    while not os.path.exists(go):  # start together, so the editors really contend
        time.sleep(0.005)
    landed = refused = 0
    while landed < count:
        seen = service.project(code).beds or 0
        try:
            # What a user does: read a value, change it, save with the value they saw.
            service.update_project(code, expected={"beds": seen or None}, beds=seen + 1)
        except ConflictError as error:
            assert code in str(error), error
            refused += 1
            continue
        landed += 1
    print(landed, refused, flush=True)
    """
)


def start_editor(path: Path | str, code: str, count: int, name: str, go: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", EDITOR, str(path), code, str(count), name, str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def database(request, tmp_path: Path, backend: str) -> tuple[Path | str, Any]:
    """An empty database for a safety suite, and its store: a file, or a new database on the test server."""
    if backend == "postgres":
        from buildtrack.storage.postgres import PostgresStore, init_schema

        url = request.getfixturevalue("pg_url")
        init_schema(url, Settings())
        return url, PostgresStore(url)
    path = tmp_path / "portfolio.json"
    return path, create_store(path, Settings())
