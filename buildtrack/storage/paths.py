"""Where a database file's companions live: its change log, lock and backups, all beside it."""

from __future__ import annotations

from pathlib import Path


def changes_path(path: Path) -> Path:
    """``portfolio.json`` → ``portfolio.changes.jsonl``."""
    return path.with_name(f"{path.stem}.changes.jsonl")


def lock_path(path: Path) -> Path:
    """``portfolio.json`` → ``portfolio.json.lock``."""
    return path.with_name(f"{path.name}.lock")


def backups_folder(path: Path) -> Path:
    """``portfolio.json`` → ``portfolio.json.backups/``."""
    return path.with_name(f"{path.name}.backups")


def soundness_path(path: Path) -> Path:
    """Where the last save records that the file it wrote held no damaged record (and which file that was)."""
    return backups_folder(path) / "sound.json"
