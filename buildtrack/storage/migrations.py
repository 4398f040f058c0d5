"""Schema versions of the database file and the steps that bring an older file up to date."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from buildtrack.domain.errors import StoreError

SCHEMA_VERSION = 1

Raw = dict[str, Any]
# MIGRATIONS[v] turns a version-v file's raw tables into version v+1.
MIGRATIONS: dict[int, Callable[[Raw], Raw]] = {}


def migrate(raw: Raw, version: int) -> Raw:
    """Apply each step from ``version`` to the current one, or refuse a file from a newer buildtrack."""
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the file has schema version {version}, newer than this buildtrack understands "
            f"({SCHEMA_VERSION}): upgrade buildtrack to open it"
        )
    for step in range(version, SCHEMA_VERSION):
        if step not in MIGRATIONS:
            raise StoreError(f"no migration from schema version {step}: this file cannot be upgraded")
        raw = MIGRATIONS[step](raw)
        raw["settings"]["1"]["schema_version"] = step + 1
    return raw
