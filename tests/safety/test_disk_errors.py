"""A full disk or an I/O error during a save leaves the previous file intact and says so in one line."""

from __future__ import annotations

import hashlib
import resource
import signal
import subprocess
import sys

import pytest

from buildtrack.domain.model import Project, Settings
from buildtrack.storage.base import Commit
from buildtrack.storage.file_store import create_store, open_store


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG from write() instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize(
    "edit",
    [
        ("P-001", "--notes", "m" * 60_000),  # the change-log line is what overflows
        ("P-002", "--leader", "王伟"),  # a small log line; the new database file overflows
    ],
    ids=["log-line", "database"],
)
def test_a_save_that_hits_the_file_size_limit_keeps_the_previous_file(tmp_path, edit, figures):
    path = tmp_path / "portfolio.json"
    create_store(path, Settings()).commit(
        Commit(
            puts=(Project(code="P-001", name="Ward building", notes="n" * 50_000), Project(code="P-002", name="Clinic"))
        )
    )
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = subprocess.run(
        [sys.executable, "-m", "buildtrack", "--db", str(path), "project", "edit", *edit],
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size(path.stat().st_size - 1000),
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert "File too large; the file still holds the previous state" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not list(tmp_path.glob(".portfolio.json.*.tmp"))
    assert open_store(path).load().projects["P-001"].notes == "n" * 50_000
    figures["file-size limit"] = "save refused with one line; previous file byte-identical"
