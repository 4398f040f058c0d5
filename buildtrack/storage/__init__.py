"""Persistence: the store interface, the TinyDB file store, its history, and the JSON interchange format.

``open_tinydb(path)`` gives scripts a TinyDB database on buildtrack's file with buildtrack's lock, checks,
change log and backups behind every write (imported on first use: most commands never need TinyDB itself).
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "open_tinydb":
        from buildtrack.storage.tinydb_storage import open_tinydb

        return open_tinydb
    raise AttributeError(name)
