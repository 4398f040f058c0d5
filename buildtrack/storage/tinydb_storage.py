"""A TinyDB ``Storage`` over buildtrack's file, for scripts: ``buildtrack.storage.open_tinydb(path)``.

TinyDB drives it (``read`` and ``write`` of the whole database, as with any TinyDB storage), and every
write goes through the same store as buildtrack's own saves: the lock, the revision check (a project
someone changed since TinyDB read it is refused), the schema (a document that does not fit is refused,
nothing written), the change log with undo patches, the backup and the atomic replacement of the file.

    from tinydb import Query
    from buildtrack.storage import open_tinydb

    with open_tinydb("data/portfolio.json") as db:
        db.table("projects").update({"leader": "刘洋"}, Query().code == "P-011")
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.diff import diff_projects
from buildtrack.domain.errors import DecodeError, StoreError
from buildtrack.domain.model import Project, replace
from buildtrack.i18n import _
from buildtrack.storage.base import Commit
from buildtrack.storage.documents import project_from_document, settings_from_document
from buildtrack.storage.file_store import SETTINGS, FileStore, open_store

ACTION = "edit with TinyDB"


class BuildtrackStorage(Storage):
    """Whole-database reads and writes for TinyDB, kept as safe as buildtrack's own saves."""

    def __init__(self, path: str | Path, user: str = "script") -> None:
        self.store: FileStore = open_store(path)
        self.user = user

    def read(self) -> dict[str, dict[str, Any]] | None:
        return self.store.raw_tables()

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Save what changed since TinyDB read it; a conflict or a document that does not fit raises ``StoreError``."""
        current = self.store.load()
        try:
            settings = settings_from_document(data[SETTINGS]["1"])
            given = [project_from_document(document) for document in data.get("projects", {}).values()]
        except DecodeError as error:
            raise StoreError(_("TinyDB write refused, nothing saved: {error}").format(error=error)) from None
        at = dt.datetime.now().astimezone().replace(microsecond=0)
        wanted = {project.code: project for project in given}
        puts = [project for project in given if _changed(current.projects.get(project.code), project)]
        deletes = [project for code, project in current.projects.items() if code not in wanted]
        records = [self._record(at, current.projects.get(p.code), p) for p in puts]
        records += [self._record(at, project, None) for project in deletes]
        changed_settings = settings if settings != current.settings else None
        if changed_settings is not None:
            records.append(ChangeRecord(at=at, user=self.user, project="", action=ACTION))
        if records:
            self.store.commit(Commit(tuple(puts), tuple(deletes), changed_settings, tuple(records)))

    def _record(self, at: dt.datetime, old: Project | None, new: Project | None) -> ChangeRecord:
        code = (new or old).code  # type: ignore[union-attr]
        return ChangeRecord(at=at, user=self.user, project=code, action=ACTION, changes=tuple(diff_projects(old, new)))

    def close(self) -> None:
        """Nothing stays open between reads and writes."""


def _changed(old: Project | None, new: Project) -> bool:
    return old is None or replace(new, revision=old.revision) != old


def open_tinydb(path: str | Path, user: str = "script") -> TinyDB:
    """A TinyDB database on buildtrack's file, with buildtrack's lock, checks, log and backups behind it."""
    return TinyDB(path, storage=BuildtrackStorage, user=user)
