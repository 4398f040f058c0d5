"""Rotating backups beside the database, and restoring one.

Before a save replaces the database, the file being replaced is hard-linked into
``portfolio.json.backups/`` (a copy where links are not possible): the backup costs no extra write.
Pruning keeps the newest ``saves`` backups and the newest one of each of the last ``days`` days.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from buildtrack.files import atomic_write_bytes
from buildtrack.storage.paths import backups_folder, changes_path

_NAME = re.compile(r"(?P<stem>.+)-(?P<taken>\d{8}T\d{6})-g(?P<generation>\d+)\.json")


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: dt.datetime
    generation: int

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def keep_backup(database: Path, generation: int, now: dt.datetime) -> Path:
    """Keep the current database file (about to be replaced) as a backup; returns its path."""
    folder = backups_folder(database)
    folder.mkdir(mode=0o750, exist_ok=True)
    target = folder / f"{database.stem}-{now:%Y%m%dT%H%M%S}-g{generation:06d}.json"
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    try:
        os.link(database, target)
    except OSError:
        shutil.copy2(database, target)
    return target


def list_backups(database: Path) -> list[Backup]:
    """Backups of ``database``, newest first."""
    found = []
    folder = backups_folder(database)
    for path in folder.glob("*.json") if folder.is_dir() else ():
        match = _NAME.fullmatch(path.name)
        if match:
            taken = dt.datetime.strptime(match["taken"], "%Y%m%dT%H%M%S")
            found.append(Backup(path, taken, int(match["generation"])))
    return sorted(found, key=lambda backup: (backup.taken, backup.generation), reverse=True)


def prune(database: Path, saves: int, days: int) -> int:
    """Delete backups beyond the newest ``saves`` and the newest of each of the last ``days`` days."""
    backups = list_backups(database)
    keep = set(backup.path for backup in backups[:saves])
    newest_per_day: dict[dt.date, Path] = {}
    for backup in backups:
        newest_per_day.setdefault(backup.taken.date(), backup.path)
    keep |= set(path for _, path in sorted(newest_per_day.items(), reverse=True)[:days])
    removed = 0
    for backup in backups:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed += 1
    return removed


def restore(database: Path, backup: Backup, now: dt.datetime) -> list[Path]:
    """Put ``backup`` back as the database, first keeping the current file and change log; returns what was kept.

    The caller holds the database lock and has checked that the backup is a readable database.
    """
    kept = []
    stamp = f"{now:%Y%m%dT%H%M%S}"
    for current in (database, changes_path(database)):
        if current.exists():
            copy = current.with_name(f"{current.name}.before-restore-{stamp}")
            shutil.copy2(current, copy)
            kept.append(copy)
    atomic_write_bytes(database, backup.path.read_bytes())
    return kept
