"""One damaged record never hides data, blocks readers, or pushes the good backups out; readers need no write access."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from buildtrack.cli import cli
from buildtrack.storage.backups import list_backups
from buildtrack.storage.file_store import file_lock, open_store

TODAY = "2026-11-23"


def run(path: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(path), "--today", TODAY, *args])


@pytest.fixture
def sample(tmp_path) -> Path:
    path = tmp_path / "portfolio.json"
    assert run(path, "check").exit_code == 0
    return path


def edit_line(path: Path, code: str, pattern: bytes, replacement: bytes) -> None:
    lines = path.read_bytes().split(b"\n")
    lines = [
        re.sub(pattern, replacement, line, count=1) if f'"code":"{code}"'.encode() in line else line for line in lines
    ]
    path.write_bytes(b"\n".join(lines))


def duplicate_line(path: Path, code: str) -> None:
    lines = path.read_bytes().split(b"\n")
    index = next(i for i, line in enumerate(lines) if f'"code":"{code}"'.encode() in line)
    copy = b'"99":' + lines[index].split(b":", 1)[1]
    lines.insert(index + 1, copy if copy.endswith(b",") else copy + b",")
    path.write_bytes(b"\n".join(lines))


def test_check_names_every_damage_that_would_hide_data(sample):
    duplicate_line(sample, "P-003")
    edit_line(sample, "P-001", rb'"milestones":\[.*?\](,"work_packages")', rb'"milestones":{}\1')
    edit_line(sample, "P-002", rb'"percent":"\d+(\.\d+)?"', rb'"percent":"250"')
    result = run(sample, "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "P-001: milestones: expected a list, got dict",
        "P-002: progress[1]: percent 250 is above 100",
        "P-003: code: used by project documents 3 and 99; one of them would be hidden",
    ]
    assert "3 problems" in result.stderr


def test_a_damaged_collection_is_refused_not_read_as_empty(sample):
    edit_line(sample, "P-001", rb'"milestones":\[.*?\](,"work_packages")', rb'"milestones":{}\1')
    before = sample.read_bytes()
    result = run(sample, "milestone", "done", "P-001", "1")
    assert result.exit_code == 1 and "P-001: milestones: expected a list" in result.stderr  # not "it has 0"
    assert run(sample, "report", "progress").exit_code == 1
    assert sample.read_bytes() == before


def test_a_duplicated_code_stops_every_save(sample):
    duplicate_line(sample, "P-003")
    before = sample.read_bytes()
    result = run(sample, "progress", "set", "P-004", "30")
    assert result.exit_code == 1 and "P-003: code: used by project documents" in result.stderr
    assert sample.read_bytes() == before


def test_saves_beside_a_damaged_record_never_push_the_last_good_backup_out(sample):
    for percent in range(5):  # good saves: the backups that matter
        assert (
            run(sample, "progress", "set", "P-004", f"{30 + percent}", "--on", f"2026-11-{10 + percent}").exit_code == 0
        )
    edit_line(sample, "P-002", rb'"percent":"\d+(\.\d+)?"', rb'"percent":"250"')
    for percent in range(25):  # more saves than the settings keep, each beside the damaged line
        assert run(sample, "progress", "set", "P-005", f"{percent}", "--on", TODAY, "--replace").exit_code == 0
    listing = run(sample, "restore")
    good = [line for line in listing.stdout.splitlines() if "the newest that reads whole" in line]
    assert len(good) == 1, listing.stdout
    number = good[0].split()[0]
    assert run(sample, "restore", number, "--yes").exit_code == 0
    assert run(sample, "check").exit_code == 0  # the damage is gone, the good state is back


def test_backups_stay_within_three_times_the_database(sample):
    for percent in range(40):
        assert run(sample, "progress", "set", "P-005", str(percent), "--on", TODAY, "--replace").exit_code == 0
    backups = list_backups(sample)
    assert sum(backup.size for backup in backups) <= 3 * sample.stat().st_size
    assert backups[0].path.suffix == ".json" and all(backup.compressed for backup in backups[1:])
    assert open_store(backups[-1].path).load().projects["P-005"].code == "P-005"  # a compressed one reads


def test_a_reader_never_waits_for_a_writer(sample):
    with file_lock(sample):  # a writer holds the lock (as during a save)
        started = time.perf_counter()
        assert run(sample, "report", "progress").exit_code == 0
        assert run(sample, "check").exit_code == 0
        assert time.perf_counter() - started < 5  # a reader used to wait 15 s and then fail


def _read_only(folder: Path, command: list[str]) -> list[str]:
    """``command`` run where ``folder`` is a read-only file system (a bind mount in a private namespace when
    run as root, who may write anywhere else), or where the folder is not writable (as anyone else)."""
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        return command
    mount = f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} {folder}"
    probe = subprocess.run(["unshare", "--mount", "sh", "-c", f"{mount} && true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot make a read-only file system here (unshare/mount not permitted)")
    return ["unshare", "--mount", "sh", "-c", f'{mount} && exec "$0" "$@"', *command]


def test_reports_and_check_work_on_a_read_only_file_system(sample, tmp_path):
    """The director's copy on a read-only share or USB stick."""
    folder = tmp_path / "readonly"
    folder.mkdir()
    copy = folder / "portfolio.json"
    shutil.copy(sample, copy)
    shutil.copy(sample.with_name("portfolio.changes.jsonl"), folder / "portfolio.changes.jsonl")
    try:
        for command in (["report", "progress"], ["check"], ["project", "show", "P-011"]):
            argv = _read_only(
                folder, [sys.executable, "-m", "buildtrack", "--db", str(copy), "--today", TODAY, *command]
            )
            result = subprocess.run(argv, capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
        argv = _read_only(
            folder, [sys.executable, "-m", "buildtrack", "--db", str(copy), "progress", "set", "P-011", "5"]
        )
        refused = subprocess.run(argv, capture_output=True, text=True)
        assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr
        assert sorted(item.name for item in folder.iterdir()) == ["portfolio.changes.jsonl", "portfolio.json"]
    finally:
        os.chmod(folder, 0o755)


def test_an_older_file_on_a_read_only_disk_is_read_after_upgrading_it_in_memory(tmp_path):
    history = Path(__file__).resolve().parents[1] / "fixtures" / "history-v1"
    folder = tmp_path / "readonly"
    shutil.copytree(history, folder)
    copy = folder / "portfolio.json"
    try:
        argv = _read_only(
            folder,
            [
                sys.executable,
                "-m",
                "buildtrack",
                "--db",
                str(copy),
                "--today",
                "2024-07-10",
                "report",
                "funding",
                "-f",
                "csv",
                "--section",
                "1",
            ],
        )
        result = subprocess.run(argv, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert "special-bond" in result.stdout
        argv = _read_only(
            folder,
            [
                sys.executable,
                "-m",
                "buildtrack",
                "--db",
                str(copy),
                "--today",
                "2024-07-10",
                "progress",
                "set",
                "P-001",
                "50",
            ],
        )
        refused = subprocess.run(argv, capture_output=True, text=True)
        assert refused.returncode == 1 and "read-only" in refused.stderr, refused.stderr
        assert sorted(item.name for item in folder.iterdir()) == ["portfolio.changes.jsonl", "portfolio.json"]
    finally:
        os.chmod(folder, 0o755)
