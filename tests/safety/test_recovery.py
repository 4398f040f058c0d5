"""Backups beside the file, a damaged file never overwritten, check says what is wrong, restore puts a backup back."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

from click.testing import CliRunner

from buildtrack.cli import cli
from buildtrack.domain.model import Project, Settings, replace
from buildtrack.storage.backups import keep_backup, list_backups, prune
from buildtrack.storage.base import Commit
from buildtrack.storage.file_store import create_store, open_store
from buildtrack.storage.paths import backups_folder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def run(path: Path, *args: str, stdin: str | None = None):
    return CliRunner().invoke(cli, ["--db", str(path), *args], input=stdin)


def database_with_saves(tmp_path: Path, saves: int) -> Path:
    path = tmp_path / "portfolio.json"
    store = create_store(path, Settings())
    store.commit(Commit(puts=(Project(code="P-001", name="Clinic"),)))
    for beds in range(1, saves):
        store.commit(Commit(puts=(replace(store.load().projects["P-001"], beds=beds),)))
    return path


def test_every_save_keeps_the_previous_file_as_a_backup(tmp_path):
    path = database_with_saves(tmp_path, 4)
    backups = list_backups(path)
    assert [backup.generation for backup in backups] == [3, 2, 1, 0]  # 0: the empty file before the first save
    assert open_store(backups[0].path).load().projects["P-001"].beds == 2
    assert all(backup.path.stat().st_mode & 0o007 == 0 for backup in backups)


def test_rotation_keeps_the_newest_saves_and_one_per_day(tmp_path):
    path = tmp_path / "portfolio.json"
    path.write_text("{}")
    start = dt.datetime(2026, 11, 1, 9, 0)
    for hour in range(40):  # 40 saves, 4 an hour apart each morning over 10 days
        keep_backup(path, hour, start + dt.timedelta(days=hour // 4, hours=hour % 4))
    removed = prune(path, saves=3, days=5)
    kept = list_backups(path)
    assert [b.generation for b in kept] == [39, 38, 37, 35, 31, 27, 23]
    assert removed == 33


def test_rotation_follows_the_settings(tmp_path):
    path = database_with_saves(tmp_path, 2)
    assert run(path, "settings", "set", "--backup-saves", "2", "--backup-days", "0").exit_code == 0
    for beds in range(5):
        assert run(path, "project", "edit", "P-001", "--beds", str(10 + beds)).exit_code == 0
    assert len(list_backups(path)) == 2


def test_check_on_a_damaged_file_says_what_is_wrong_and_points_to_the_backups(tmp_path):
    path = database_with_saves(tmp_path, 3)
    path.write_bytes(path.read_bytes()[:-25])
    damaged = path.read_bytes()
    result = run(path, "check")
    assert result.exit_code == 1
    assert "not valid JSON (corrupt or truncated" in result.stderr and "3 backups exist" in result.stderr
    assert run(path, "project", "edit", "P-001", "--beds", "9").exit_code == 1
    assert path.read_bytes() == damaged  # never overwritten


def test_restore_lists_backups_then_restores_one_keeping_the_damaged_file(tmp_path):
    path = database_with_saves(tmp_path, 3)
    path.write_bytes(b"\x00garbage")
    listing = run(path, "restore")
    assert listing.exit_code == 0 and "save      2" in listing.output and "save      1" in listing.output
    assert run(path, "restore", "7").exit_code == 1
    result = run(path, "restore", "1", "--yes")
    assert result.exit_code == 0, result.output
    assert open_store(path).load().projects["P-001"].beds == 1
    kept = next(tmp_path.glob("portfolio.json.before-restore-*"))
    assert kept.read_bytes() == b"\x00garbage"
    assert run(path, "check").exit_code == 0


def test_a_damaged_backup_is_refused_before_anything_is_touched(tmp_path):
    path = database_with_saves(tmp_path, 2)
    list_backups(path)[0].path.write_bytes(b"{")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = run(path, "restore", "1", "--yes")
    assert result.exit_code == 1 and "not valid JSON" in result.stderr
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_new_files_are_readable_by_owner_and_group_only(tmp_path):
    path = database_with_saves(tmp_path, 2)
    assert run(path, "project", "edit", "P-001", "--leader", "王伟").exit_code == 0  # starts the change log
    export = tmp_path / "report.csv"
    assert run(path, "report", "progress", "-f", "csv", "-o", str(export)).exit_code == 0
    for item in (
        path,
        path.with_name("portfolio.changes.jsonl"),
        path.with_name("portfolio.json.lock"),
        export,
        *backups_folder(path).iterdir(),
    ):
        assert item.stat().st_mode & 0o007 == 0, item
    assert backups_folder(path).stat().st_mode & 0o007 == 0


def test_every_stored_schema_version_opens(tmp_path):
    """One fixture per schema version ever released; a migration must open each (v1 is the first)."""
    fixtures = sorted(FIXTURES.glob("schema-v*.json"))
    assert fixtures
    for fixture in fixtures:
        copy = tmp_path / fixture.name
        shutil.copy(fixture, copy)
        portfolio = open_store(copy).load()
        assert portfolio.projects["P-001"].name_zh == "县中医院病房综合楼"
        assert portfolio.projects["P-001"].funding[0].planned == 85_000_000_00
