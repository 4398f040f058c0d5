"""The store on a TinyDB database: one document per project, a settings table, a change log beside it.

The file stays a plain TinyDB database (``tinydb.TinyDB(path)`` opens it), but every write goes
through ``AtomicJSONStorage`` under a file lock after making sure it has the file's current state
(re-read unless provably unchanged), and a commit is refused when a project's revision in the file
differs from the one the caller read. TinyDB's document ids are
never used as references; the project code is the key.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import shutil
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager as ContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from filelock import FileLock, Timeout

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.model import Portfolio, Project, Settings
from buildtrack.storage import layout, migrations
from buildtrack.storage.backups import keep_backup, prune
from buildtrack.storage.base import Commit, ConflictError, StoreError
from buildtrack.storage.changelog import FileChangeLog, MemoryChangeLog, encode_record, parse_log, records_after
from buildtrack.storage.codec import (
    DecodeError,
    collector_paused,
    decode_project,
    decode_settings,
    encode_project,
    encode_settings,
)
from buildtrack.storage.files import NEW_FILE_MODE, remove_stray_temporaries
from buildtrack.storage.json_storage import AtomicJSONStorage, MemoryJSONStorage

APP = "buildtrack"
LOCK_TIMEOUT_SECONDS = 15
SETTINGS, PROJECTS = "settings", "projects"


class MissingDatabase(StoreError):
    """The database file does not exist (the CLI may offer to create it)."""


def changes_path(path: Path) -> Path:
    """``portfolio.json`` → ``portfolio.changes.jsonl``."""
    return path.with_name(f"{path.stem}.changes.jsonl")


def lock_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.lock")


@dataclass(frozen=True)
class _Snapshot:
    """The file as last read or written: its stamp, its tables and the projects decoded from them so far.

    ``documents`` keeps each project's stored bytes by document id, so a save re-encodes only what it
    changes; ``ids`` maps codes to document ids in file order. Projects are decoded when asked for:
    a command that changes one project of 10,000 decodes one (``portfolio`` decodes them all).
    """

    stamp: tuple
    others: dict[str, Any]
    documents: dict[str, layout.Document]
    ids: dict[str, str]
    settings: Settings
    decoded: dict[str, Project]
    where: str

    @property
    def meta(self) -> dict[str, Any]:
        return self.others[SETTINGS]["1"]

    def project(self, code: str) -> Project | None:
        project = self.decoded.get(code)
        if project is None and code in self.ids:
            doc_id = self.ids[code]
            try:
                project = decode_project(orjson.loads(self.documents[doc_id]), f"project document {doc_id}")
            except DecodeError as error:
                raise StoreError(f"{self.where} holds a damaged record: {error}") from None
            self.decoded[code] = project
        return project

    @property
    def portfolio(self) -> Portfolio:
        if len(self.decoded) < len(self.ids):
            with collector_paused():
                for code in self.ids:
                    self.project(code)
        return Portfolio(self.settings, {code: self.decoded[code] for code in self.ids})


class TinyDBStore:
    """``Store`` over an ``AtomicJSONStorage``; use ``open_store``, ``create_store`` or ``memory_store``."""

    def __init__(
        self, storage: AtomicJSONStorage, log: FileChangeLog | MemoryChangeLog, lock: ContextManager, where: str
    ):
        self.storage = storage
        self.log = log
        self.lock = lock
        self.where = where
        self._snapshot: _Snapshot | None = None

    # reading ---------------------------------------------------------------------------------
    def _read_tables(self) -> layout.Tables:
        try:
            tables = self.storage.read_tables()
        except orjson.JSONDecodeError as error:
            raise StoreError(
                f"{self.where} is not valid JSON (corrupt or truncated: {error}); it was left untouched"
            ) from None
        except layout.NotTables:
            raise StoreError(f"{self.where} is not a buildtrack database; it was left untouched") from None
        except IsADirectoryError:
            raise StoreError(f"{self.where} is a folder, not a database file") from None
        except OSError as error:
            raise StoreError(f"cannot read {self.where}: {error.strerror}") from None
        if tables is None:
            raise StoreError(f"{self.where} is empty: not a buildtrack database; it was left untouched")
        return tables

    def _current(self, whole: bool = True) -> _Snapshot:
        """The file's current state: the last snapshot if the file is provably unchanged, else a fresh read.

        Unchanged means the same stamp (inode, size, times) and the same generation on the first line,
        which every commit increments; so even under the lock a stale snapshot is never used. A fresh
        read decodes every project when ``whole``, else only checks each line's JSON and notes its code.
        """
        snapshot = self._snapshot
        if snapshot is not None and snapshot.stamp and snapshot.stamp == self.storage.stamp():
            head = self.storage.read_head()
            if head is not None and head.get(SETTINGS, {}).get("1", {}).get("generation") == snapshot.meta.get(
                "generation"
            ):
                return snapshot
        stamp = self.storage.stamp()  # before the read: a save in between only makes the snapshot look stale
        tables = self._read_tables()
        version = _schema_version(tables, self.where)
        if version != migrations.SCHEMA_VERSION:
            raise StoreError(f"{self.where} has schema version {version}; reopen it to migrate")
        self._snapshot = self._decode(stamp, tables, whole)
        return self._snapshot

    def _decode(self, stamp: tuple, tables: layout.Tables, whole: bool = True) -> _Snapshot:
        """Every line parsed (a damaged one is refused before anything is written); decoded too when ``whole``."""
        try:
            settings = decode_settings(tables.others[SETTINGS]["1"])
            ids, decoded = {}, {}
            with collector_paused():
                for doc_id, document in tables.projects.items():
                    parsed = orjson.loads(document)
                    code = parsed.get("code") if isinstance(parsed, dict) and not whole else None
                    if not isinstance(code, str):  # decoding names what is wrong with a bad record
                        project = decode_project(parsed, f"project document {doc_id}")
                        code, decoded[project.code] = project.code, project
                    ids[code] = doc_id
        except DecodeError as error:
            raise StoreError(f"{self.where} holds a damaged record: {error}") from None
        except orjson.JSONDecodeError:
            return self._decode_whole(stamp)
        return _Snapshot(stamp, tables.others, tables.projects, ids, settings, decoded, self.where)

    def _decode_whole(self, stamp: tuple) -> _Snapshot:
        """A line did not parse on its own (a hand-joined file?): read the file whole, as any JSON reader would."""
        try:
            tables = layout.whole_tables(self.storage.read_bytes() or b"")
        except (orjson.JSONDecodeError, layout.NotTables) as error:
            raise StoreError(
                f"{self.where} is not valid JSON (corrupt or truncated: {error}); it was left untouched"
            ) from None
        _schema_version(tables, self.where)
        return self._decode(stamp, tables)

    def load(self) -> Portfolio:
        """The portfolio; decoded again only when the file changed since the last read or save."""
        return self._current().portfolio

    def project(self, code: str) -> Project | None:
        """One project by exact code, decoding only that one (after checking every line is readable)."""
        return self._current(whole=False).project(code)

    def codes(self) -> list[str]:
        return list(self._current(whole=False).ids)

    def settings(self) -> Settings:
        return self._current(whole=False).settings

    def generation(self) -> int:
        """The commit number, read from the first line when the file is laid out (no decoding)."""
        head = self.storage.read_head()
        if head is not None and isinstance(head.get(SETTINGS, {}).get("1"), dict):
            return head[SETTINGS]["1"].get("generation", 0)
        return self._current(whole=False).meta.get("generation", 0)

    def fingerprint(self) -> tuple:
        """Cheap to take and different after any commit (no read)."""
        return self.storage.stamp()

    def changes(self) -> list[ChangeRecord]:
        records, _ = self.change_log()
        return records

    def changes_after(self, day: dt.date) -> Iterator[ChangeRecord]:
        """Committed records dated after ``day``, newest first: what rolling the portfolio back to that day undoes.

        The log is read backwards a block at a time and older records are skipped unparsed, so an
        as-of report on years of history holds neither the whole log nor a record per line.
        """
        return records_after(self.log.newest_first(self._current().meta.get("log_size", 0)), day)

    def change_log(self) -> tuple[list[ChangeRecord], list[int]]:
        """Committed records and the numbers of log lines that could not be read."""
        return parse_log(self.log.read(self._current().meta.get("log_size", 0)))

    # writing ---------------------------------------------------------------------------------
    def commit(self, commit: Commit) -> int:
        with self._locked():
            snapshot = self._current(whole=False)
            for project in commit.puts + commit.deletes:
                _check_revision(project, snapshot.project(project.code), project in commit.deletes)
            meta = dict(snapshot.meta)
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
            if commit.settings is not None:
                meta.update(encode_settings(commit.settings))
            meta["generation"] = generation
            documents, ids, decoded = dict(snapshot.documents), dict(snapshot.ids), dict(snapshot.decoded)
            next_id = max((int(doc_id) for doc_id in documents), default=0) + 1
            for project in commit.puts:
                project = dataclasses.replace(project, revision=revisions[project.code])
                if project.code not in ids:
                    ids[project.code], next_id = str(next_id), next_id + 1
                documents[ids[project.code]] = orjson.dumps(encode_project(project))
                decoded[project.code] = project
            for project in commit.deletes:
                del documents[ids.pop(project.code)]
                decoded.pop(project.code, None)
            others = {**snapshot.others, SETTINGS: {**snapshot.others[SETTINGS], "1": meta}}
            if self._keep_backup(generation - 1):
                # Pruning first frees the oldest backup's pages before the new file needs as many.
                prune(self.storage.path, meta.get("backup_saves", 10), meta.get("backup_days", 30))
            self._write(layout.file_pieces(others, documents))
            settings = commit.settings or snapshot.settings
            self._snapshot = _Snapshot(self.storage.stamp(), others, documents, ids, settings, decoded, self.where)
            return generation

    def _keep_backup(self, generation: int) -> bool:
        """Keep the file about to be replaced (on-disk stores only); a failure here never blocks a save."""
        path = self.storage.path
        if path is None or not path.exists():
            return False
        try:
            keep_backup(path, generation, dt.datetime.now())
        except OSError:
            return False
        return True

    def _write(self, data: bytes | list[layout.Document]) -> None:
        try:
            self.storage.write_bytes(data)
        except OSError as error:
            raise self._not_saved(error) from None

    def _not_saved(self, error: OSError) -> StoreError:
        return StoreError(
            f"could not save to {self.where}: {error.strerror or error}; the file still holds the previous state"
        )

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
            tables = self._read_tables()
            version = _schema_version(tables, self.where)
            if version == migrations.SCHEMA_VERSION:
                return False
            migrated = migrations.migrate(tables.as_raw(), version)
            if backup is not None:
                shutil.copy2(self.storage.path, backup)
            self._write(layout.encode_raw(migrated))
            return True


def _schema_version(tables: layout.Tables, where: str) -> int:
    settings = tables.others.get(SETTINGS)
    meta = settings.get("1") if isinstance(settings, dict) else None
    if not isinstance(meta, dict) or meta.get("app") != APP or tables.projects is None:
        raise StoreError(f"{where} is not a buildtrack database (no buildtrack settings table); it was left untouched")
    version = meta.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise StoreError(f"{where} has no valid schema version; it was left untouched")
    if version > migrations.SCHEMA_VERSION:
        migrations.migrate({}, version)  # raises the "newer version" error
    return version


def _check_revision(project: Project, stored: Project | None, deleting: bool) -> None:
    if stored is None:
        if project.revision or deleting:
            raise ConflictError(f"{project.code} was removed by someone else meanwhile; nothing was saved")
        return
    if project.revision == 0 and not deleting:
        raise ConflictError(f"{project.code} already exists (someone else added it meanwhile); nothing was saved")
    if stored.revision != project.revision:
        raise ConflictError(
            f"{project.code} was changed by someone else since you read it (revision {project.revision}, "
            f"now {stored.revision}); reload and redo your change; nothing was saved"
        )


def _initial_file(settings: Settings) -> bytes:
    meta = {"app": APP, "schema_version": migrations.SCHEMA_VERSION, "generation": 0, "log_size": 0}
    return layout.join_tables({SETTINGS: {"1": {**meta, **encode_settings(settings)}}}, {})


def open_store(path: str | Path, decode: bool = True) -> TinyDBStore:
    """Open an existing database file, checking it and migrating an older schema after a backup.

    With ``decode`` every record is decoded now, so a damaged file is refused at once; without it only
    the first line is read (the UI paints first and decodes in a worker; a change to one project by
    its code decodes that project alone).
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise StoreError(f"folder {path.parent} does not exist")
    if not path.exists():
        raise MissingDatabase(f"{path} does not exist")
    store = TinyDBStore(AtomicJSONStorage(path), FileChangeLog(changes_path(path)), file_lock(path), str(path))
    stamp = store.fingerprint()  # taken before the read: a save in between only makes the snapshot look stale
    head = None if decode else store.storage.read_head()
    tables = layout.Tables(head, {}) if head is not None else store._read_tables()
    version = _schema_version(tables, str(path))
    if version < migrations.SCHEMA_VERSION:
        store.migrate_if_needed(path.with_name(f"{path.name}.v{version}.bak"))
        stamp, tables = store.fingerprint(), store._read_tables()
    with store._locked():
        remove_stray_temporaries(path)
    if decode:  # refuses a damaged file at once, not at the first save; it also keeps the snapshot
        store._snapshot = store._decode(stamp, tables)
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
        store._write(_initial_file(settings))
    return store


def memory_store(settings: Settings) -> TinyDBStore:
    """A store held in memory, for tests and previews."""
    storage = MemoryJSONStorage()
    storage.write_bytes(_initial_file(settings))
    return TinyDBStore(storage, MemoryChangeLog(), threading.RLock(), "in-memory portfolio")


def file_lock(path: Path) -> FileLock:
    """The lock every writer of ``path`` takes (also ``restore``)."""
    return FileLock(lock_path(path), timeout=LOCK_TIMEOUT_SECONDS, mode=NEW_FILE_MODE)
