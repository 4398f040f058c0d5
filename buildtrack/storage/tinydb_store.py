"""The store on a TinyDB database: one document per project, a settings table, a change log beside it.

The file stays a plain TinyDB database (``tinydb.TinyDB(path)`` opens it), but every write goes
through ``AtomicJSONStorage`` under a file lock after a fresh read, and a commit is refused when a
project's revision in the file differs from the one the caller read. TinyDB's document ids are
never used as references; the project code is the key.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import shutil
import threading
from pathlib import Path
from typing import Any, ContextManager

import orjson
from filelock import FileLock, Timeout
from tinydb.storages import MemoryStorage, Storage

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.model import Portfolio, Project, Settings
from buildtrack.storage.base import Commit, ConflictError, StoreError
from buildtrack.storage.backups import keep_backup, prune
from buildtrack.storage.changelog import FileChangeLog, MemoryChangeLog, encode_record, parse_log
from buildtrack.storage.codec import DecodeError, decode_project, decode_settings, encode_project, encode_settings
from buildtrack.storage.files import NEW_FILE_MODE, atomic_write_bytes, remove_stray_temporaries
from buildtrack.storage import migrations

APP = "buildtrack"
LOCK_TIMEOUT_SECONDS = 15
SETTINGS, PROJECTS = "settings", "projects"


class MissingDatabase(StoreError):
    """The database file does not exist (the CLI may offer to create it)."""


class AtomicJSONStorage(Storage):
    """TinyDB storage that writes a whole new file and renames it over the old one, never in place."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        return orjson.loads(data) if data.strip() else None

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        atomic_write_bytes(self.path, orjson.dumps(data))


def changes_path(path: Path) -> Path:
    """``portfolio.json`` → ``portfolio.changes.jsonl``."""
    return path.with_name(f"{path.stem}.changes.jsonl")


def lock_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.lock")


class TinyDBStore:
    """``Store`` over a TinyDB storage; use ``open_store``, ``create_store`` or ``memory_store``."""

    def __init__(self, storage: Storage, log: FileChangeLog | MemoryChangeLog, lock: ContextManager, where: str):
        self.storage = storage
        self.log = log
        self.lock = lock
        self.where = where
        # (fingerprint, portfolio, generation) as last decoded, for on-disk stores: a stat says if it is stale
        self._cache: tuple[tuple, Portfolio, int] | None = None

    # reading ---------------------------------------------------------------------------------
    def _read(self) -> dict[str, Any]:
        """The raw tables, checked to be a buildtrack database of the current schema."""
        raw = self._read_raw()
        version = _schema_version(raw, self.where)
        if version != migrations.SCHEMA_VERSION:
            raise StoreError(f"{self.where} has schema version {version}; reopen it to migrate")
        return raw

    def _read_raw(self) -> dict[str, Any]:
        try:
            raw = self.storage.read()
        except orjson.JSONDecodeError as error:
            raise StoreError(f"{self.where} is not valid JSON (corrupt or truncated: {error}); it was left untouched") from None
        except IsADirectoryError:
            raise StoreError(f"{self.where} is a folder, not a database file") from None
        except OSError as error:
            raise StoreError(f"cannot read {self.where}: {error.strerror}") from None
        if raw is None:
            raise StoreError(f"{self.where} is empty: not a buildtrack database; it was left untouched")
        return raw

    def load(self) -> Portfolio:
        """The portfolio; decoded again only when the file changed since the last load (a stat tells)."""
        cached = self._fresh_cache()
        if cached is not None:
            portfolio = cached[1]
        else:
            fingerprint = self.fingerprint()  # before the read: a save in between only makes the cache look stale
            raw = self._read()
            portfolio = self._decode(raw)
            self._remember(fingerprint, portfolio, raw[SETTINGS]["1"].get("generation", 0))
        return Portfolio(portfolio.settings, dict(portfolio.projects))

    def _fresh_cache(self) -> tuple[tuple, Portfolio, int] | None:
        fingerprint = self.fingerprint()
        return self._cache if self._cache is not None and fingerprint and self._cache[0] == fingerprint else None

    def _remember(self, fingerprint: tuple, portfolio: Portfolio, generation: int) -> None:
        if getattr(self.storage, "path", None) is not None:
            self._cache = (fingerprint, portfolio, generation)

    def _decode(self, raw: dict[str, Any]) -> Portfolio:
        meta = raw[SETTINGS]["1"]
        try:
            settings = decode_settings(meta)
            projects = [decode_project(doc, f"project document {doc_id}") for doc_id, doc in raw[PROJECTS].items()]
        except DecodeError as error:
            raise StoreError(f"{self.where} holds a damaged record: {error}") from None
        return Portfolio(settings, {project.code: project for project in projects})

    def generation(self) -> int:
        cached = self._fresh_cache()
        return cached[2] if cached else self._read()[SETTINGS]["1"].get("generation", 0)

    def fingerprint(self) -> tuple:
        """Cheap to take and different after any commit: the file's identity, size and time (no read)."""
        path = getattr(self.storage, "path", None)
        if path is None:
            return (self._read()[SETTINGS]["1"].get("generation", 0),)
        try:
            status = path.stat()
        except OSError:
            return ()
        return (status.st_ino, status.st_size, status.st_mtime_ns)

    def changes(self) -> list[ChangeRecord]:
        records, _ = self.change_log()
        return records

    def change_log(self) -> tuple[list[ChangeRecord], list[int]]:
        """Committed records and the numbers of log lines that could not be read."""
        committed = self._read()[SETTINGS]["1"].get("log_size", 0)
        return parse_log(self.log.read(committed))

    # writing ---------------------------------------------------------------------------------
    def commit(self, commit: Commit) -> int:
        with self._locked():
            fingerprint = self.fingerprint()
            raw = self._read()
            meta, table = raw[SETTINGS]["1"], raw[PROJECTS]
            ids = {doc.get("code"): doc_id for doc_id, doc in table.items()}
            for project in commit.puts + commit.deletes:
                _check_revision(project, table.get(ids.get(project.code)), project in commit.deletes)
            generation = meta.get("generation", 0) + 1
            revisions = {project.code: project.revision + 1 for project in commit.puts}
            log_bytes = b"".join(
                encode_record(dataclasses.replace(r, generation=generation, revision=revisions.get(r.project, 0)))
                for r in commit.records
            )
            if log_bytes:
                try:
                    meta["log_size"] = self.log.append(log_bytes, meta.get("log_size", 0))
                except OSError as error:
                    raise self._not_saved(error) from None
            next_id = max((int(doc_id) for doc_id in table), default=0) + 1
            for project in commit.puts:
                doc_id = ids.get(project.code)
                if doc_id is None:
                    doc_id, next_id = str(next_id), next_id + 1
                table[doc_id] = encode_project(dataclasses.replace(project, revision=revisions[project.code]))
            for project in commit.deletes:
                del table[ids[project.code]]
            if commit.settings is not None:
                meta.update(encode_settings(commit.settings))
            meta["generation"] = generation
            backup = self._keep_backup(generation - 1)
            self._write(raw)
            if backup:
                prune(self.storage.path, meta.get("backup_saves", 10), meta.get("backup_days", 30))
            self._follow(fingerprint, commit, revisions, generation)
            return generation

    def _follow(self, fingerprint: tuple, commit: Commit, revisions: dict[str, int], generation: int) -> None:
        """Keep the decoded cache in step with our own save, so the next load need not decode the file again."""
        cached = self._cache
        if cached is None or cached[0] != fingerprint:
            return
        projects = dict(cached[1].projects)
        for project in commit.puts:
            projects[project.code] = dataclasses.replace(project, revision=revisions[project.code])
        for project in commit.deletes:
            projects.pop(project.code, None)
        self._remember(self.fingerprint(), Portfolio(commit.settings or cached[1].settings, projects), generation)

    def _keep_backup(self, generation: int) -> bool:
        """Keep the file about to be replaced (on-disk stores only); a failure here never blocks a save."""
        path = getattr(self.storage, "path", None)
        if path is None or not path.exists():
            return False
        try:
            keep_backup(path, generation, dt.datetime.now())
        except OSError:
            return False
        return True

    def _write(self, raw: dict[str, Any]) -> None:
        try:
            self.storage.write(raw)
        except OSError as error:
            raise self._not_saved(error) from None

    def _not_saved(self, error: OSError) -> StoreError:
        return StoreError(f"could not save to {self.where}: {error.strerror or error}; the file still holds the previous state")

    @contextlib.contextmanager
    def _locked(self):
        try:
            with self.lock:
                yield
        except Timeout:
            raise StoreError(
                f"{self.where} is locked by another buildtrack that has not finished saving; try again"
            ) from None

    def migrate_if_needed(self, backup: Path | None) -> bool:
        """Bring an older file to the current schema (after copying it to ``backup``); True if it did."""
        with self._locked():
            raw = self._read_raw()
            version = _schema_version(raw, self.where)
            if version == migrations.SCHEMA_VERSION:
                return False
            migrated = migrations.migrate(raw, version)
            if backup is not None:
                shutil.copy2(self.storage.path, backup)
            self._write(migrated)
            return True


def _schema_version(raw: Any, where: str) -> int:
    settings = raw.get(SETTINGS) if isinstance(raw, dict) else None
    meta = settings.get("1") if isinstance(settings, dict) else None
    if not isinstance(meta, dict) or meta.get("app") != APP or not isinstance(raw.get(PROJECTS), dict):
        raise StoreError(f"{where} is not a buildtrack database (no buildtrack settings table); it was left untouched")
    version = meta.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise StoreError(f"{where} has no valid schema version; it was left untouched")
    if version > migrations.SCHEMA_VERSION:
        migrations.migrate(raw, version)  # raises the "newer version" error
    return version


def _check_revision(project: Project, stored: dict[str, Any] | None, deleting: bool) -> None:
    if stored is None:
        if project.revision or deleting:
            raise ConflictError(f"{project.code} was removed by someone else meanwhile; nothing was saved")
        return
    if project.revision == 0 and not deleting:
        raise ConflictError(f"{project.code} already exists (someone else added it meanwhile); nothing was saved")
    if stored.get("revision") != project.revision:
        raise ConflictError(
            f"{project.code} was changed by someone else since you read it (revision {project.revision}, "
            f"now {stored.get('revision')}); reload and redo your change; nothing was saved"
        )


def _initial_tables(settings: Settings) -> dict[str, Any]:
    meta = {"app": APP, "schema_version": migrations.SCHEMA_VERSION, "generation": 0, "log_size": 0}
    return {SETTINGS: {"1": {**meta, **encode_settings(settings)}}, PROJECTS: {}}


def open_store(path: str | Path) -> TinyDBStore:
    """Open an existing database file, checking it and migrating an older schema after a backup."""
    path = Path(path)
    if not path.parent.is_dir():
        raise StoreError(f"folder {path.parent} does not exist")
    if not path.exists():
        raise MissingDatabase(f"{path} does not exist")
    store = TinyDBStore(AtomicJSONStorage(path), FileChangeLog(changes_path(path)), file_lock(path), str(path))
    fingerprint = store.fingerprint()  # taken before the read: a save in between only makes the cache look stale
    raw = store._read_raw()
    version = _schema_version(raw, str(path))
    if version < migrations.SCHEMA_VERSION:
        store.migrate_if_needed(path.with_name(f"{path.name}.v{version}.bak"))
        fingerprint, raw = store.fingerprint(), store._read()
    with store._locked():
        remove_stray_temporaries(path)
    # Decoding now refuses a damaged file at once, not at the first save; it also fills the cache.
    store._remember(fingerprint, store._decode(raw), raw[SETTINGS]["1"].get("generation", 0))
    return store


def inspect_file(path: str | Path) -> Portfolio:
    """Read and check a database file without writing anything (for backups and ``check``)."""
    path = Path(path)
    store = TinyDBStore(AtomicJSONStorage(path), FileChangeLog(changes_path(path)), contextlib.nullcontext(), str(path))
    return store.load()


def create_store(path: str | Path, settings: Settings) -> TinyDBStore:
    """Create a new, empty database file; refuses to touch an existing one."""
    path = Path(path)
    if not path.parent.is_dir():
        raise StoreError(f"folder {path.parent} does not exist")
    store = TinyDBStore(AtomicJSONStorage(path), FileChangeLog(changes_path(path)), file_lock(path), str(path))
    with store._locked():
        if path.exists():
            raise StoreError(f"{path} already exists; it was left untouched")
        changes_path(path).unlink(missing_ok=True)
        store._write(_initial_tables(settings))
    return store


def memory_store(settings: Settings) -> TinyDBStore:
    """A store held in memory (TinyDB's ``MemoryStorage``), for tests and previews."""
    storage = MemoryStorage()
    storage.write(_initial_tables(settings))
    return TinyDBStore(storage, MemoryChangeLog(), threading.RLock(), "in-memory portfolio")


def file_lock(path: Path) -> FileLock:
    """The lock every writer of ``path`` takes (also ``restore``)."""
    return FileLock(lock_path(path), timeout=LOCK_TIMEOUT_SECONDS, mode=NEW_FILE_MODE)
