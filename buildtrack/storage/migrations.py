"""Schema versions of the database file and the steps that bring an older file (and its log) up to date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from buildtrack.domain.errors import StoreError
from buildtrack.i18n import _
from buildtrack.storage.line_layout import Tables
from buildtrack.storage.schema_v2 import convert_history

SCHEMA_VERSION = 2

Step = Callable[[Tables, bytes, dt.date], tuple[Tables, bytes]]


def _to_v2(tables: Tables, log: bytes, today: dt.date) -> tuple[Tables, bytes]:
    """Ids for every item and dated money entries, replayed over the whole history (``schema_v2``)."""
    projects, log = convert_history(tables.projects or {}, log, today)
    return Tables(tables.others, projects), log


# MIGRATIONS[v] turns a version-v file's raw tables and committed change log into version v+1.
MIGRATIONS: dict[int, Step] = {1: _to_v2}


def refuse_newer(version: int) -> None:
    """A file from a newer buildtrack is never opened (nor touched)."""
    if version > SCHEMA_VERSION:
        raise StoreError(
            _(
                "the file has schema version {version}, newer than this buildtrack understands "
                "({SCHEMA_VERSION}): upgrade buildtrack to open it"
            ).format(version=version, SCHEMA_VERSION=SCHEMA_VERSION)
        )


def migrate(tables: Tables, log: bytes, version: int, today: dt.date) -> tuple[Tables, bytes]:
    """Apply each step from ``version`` to the current one, or refuse a file from a newer buildtrack."""
    refuse_newer(version)
    for step in range(version, SCHEMA_VERSION):
        if step not in MIGRATIONS:
            raise StoreError(
                _("no migration from schema version {step}: this file cannot be upgraded").format(step=step)
            )
        tables, log = MIGRATIONS[step](tables, log, today)
        meta = tables.others["settings"]["1"]
        meta["schema_version"], meta["log_size"] = step + 1, len(log)
    return tables, log
