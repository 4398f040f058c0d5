"""The store in one TinyDB database file: one document per project, a settings table, a change log beside it.

The file stays a plain TinyDB database (``tinydb.TinyDB(path)`` opens it), but every write goes through
``DatabaseFile`` under a file lock after making sure it has the file's current state (re-read unless
provably unchanged), and a commit is refused when a project's revision in the file differs from the one
the caller read. TinyDB's document ids are never used as references; the project code is the key.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import msgspec
import orjson
from filelock import FileLock, Timeout

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.errors import DecodeError, StoreError
from buildtrack.domain.model import Portfolio, Project, Settings
from buildtrack.domain.model import replace as replace_value
from buildtrack.files import NEW_FILE_MODE, atomic_write_bytes, remove_stray_temporaries
from buildtrack.i18n import _
from buildtrack.storage import line_layout, migrations
from buildtrack.storage.backups import compress_older, keep_backup, prune
from buildtrack.storage.base import Commit, MissingDatabase, check_revision
from buildtrack.storage.changelog import (
    FileChangeLog,
    LogEntry,
    MemoryChangeLog,
    encode_entry,
    entries_after,
    parse_log,
)
from buildtrack.storage.database_file import DatabaseFile, MemoryFile
from buildtrack.storage.documents import (
    NotJson,
    project_bytes,
    project_document,
    project_from_bytes,
    settings_document,
    settings_from_document,
)
from buildtrack.storage.history import project_before, rolled_back
from buildtrack.storage.patches import log_entries, touched, undo_patch
from buildtrack.storage.paths import changes_path, lock_path, soundness_path

APP = "buildtrack"
LOCK_TIMEOUT_SECONDS = 15
SETTINGS = "settings"


@dataclass(frozen=True)
class _Snapshot:
    """The file as last read or written: its stamp, its tables, and the projects decoded from them so far.

    ``documents`` keeps each project's stored bytes by document id, so a save re-encodes only what it
    changes and writes the rest as it was; ``ids`` maps codes to document ids in file order. Projects are
    decoded when asked for: a command that changes one project of 10,000 decodes that one (every line is
    still checked to be JSON with a unique code). ``damaged`` names what is wrong with each line that does
    not decode, by code where one can be read.
    """

    stamp: tuple[int, ...]
    others: dict[str, Any]
    documents: dict[str, line_layout.Document]
    ids: dict[str, str]
    settings: Settings
    projects: dict[str, Project]
    damaged: dict[str, list[str]]
    where: str

    @property
    def meta(self) -> dict[str, Any]:
        meta: dict[str, Any] = self.others[SETTINGS]["1"]
        return meta

    def refuse_if_damaged(self, code: str | None = None) -> None:
        """Refuse to work from a damaged record: any of them, or the one of ``code`` (unless another damaged
        record hides which project it is: a line whose code cannot be read, or a code used twice)."""
        hiding = any(
            key.startswith("#") or any(_HIDDEN in problem for problem in problems)
            for key, problems in self.damaged.items()
        )
        everything = code is None or hiding
        problems = (
            [p for ps in self.damaged.values() for p in ps]
            if everything or code is None
            else self.damaged.get(code, [])
        )
        if problems:
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise StoreError(
                _("{where} holds a damaged record: {problems}{more}").format(
                    where=self.where, problems=problems[0], more=more
                )
            )

    def decode(self, code: str) -> Project | None:
        """The project of ``code``, decoded now if it was not yet; a line that does not fit is noted as damaged."""
        if code in self.projects or code not in self.ids or code in self.damaged:
            return self.projects.get(code)
        doc_id = self.ids[code]
        try:
            project = project_from_bytes(self.documents[doc_id], f"project document {doc_id}")
        except DecodeError as error:
            self.damaged[code] = list(error.problems)
            return None
        self.projects[code] = project
        return project

    def decode_all(self) -> None:
        for code in self.ids:
            self.decode(code)

    def project(self, code: str) -> Project | None:
        project = self.decode(code)
        self.refuse_if_damaged(code)
        return project

    @property
    def portfolio(self) -> Portfolio:
        self.decode_all()
        self.refuse_if_damaged()
        return Portfolio(self.settings, {code: self.projects[code] for code in self.ids})


_HIDDEN = "one of them would be hidden"


class _Code(msgspec.Struct):
    """Only a project line's code: the rest is checked to be JSON and skipped, in C."""

    code: Any = None


_CODES = msgspec.json.Decoder(_Code)


def _indexed(stamp: tuple[int, ...], tables: line_layout.Tables, where: str) -> _Snapshot:
    """Every line checked to be JSON with a code of its own (``NotJson`` otherwise); none decoded yet."""
    assert tables.projects is not None
    try:
        settings = settings_from_document(tables.others[SETTINGS]["1"])
    except DecodeError as error:
        raise StoreError(_("{where} holds damaged settings: {error}").format(where=where, error=error)) from None
    ids: dict[str, str] = {}
    damaged: dict[str, list[str]] = {}
    for doc_id, document in tables.projects.items():
        try:
            code = _CODES.decode(document).code
        except msgspec.DecodeError as error:
            raise NotJson([f"project document {doc_id}: not valid JSON ({error})"]) from None
        if not isinstance(code, str):
            damaged[f"#{doc_id}"] = [f"project document {doc_id}: code: expected text, got {code!r}"]
        elif code in ids:
            damaged.setdefault(code, []).append(
                f"{code}: code: used by project documents {ids[code]} and {doc_id}; {_HIDDEN}"
            )
        else:
            ids[code] = doc_id
    return _Snapshot(stamp, tables.others, tables.projects, ids, settings, {}, damaged, where)


class FileStore:
    """``Store`` over a ``DatabaseFile``; use ``open_store``, ``create_store`` or ``memory_store``."""

    def __init__(
        self,
        file: DatabaseFile,
        log: FileChangeLog | MemoryChangeLog,
        lock: AbstractContextManager[Any],
        where: str,
    ):
        self.file = file
        self.log = log
        self.lock = lock
        self.where = where
        self._snapshot: _Snapshot | None = None
        self._backups_to_tidy = False

    # reading ---------------------------------------------------------------------------------
    def _read_tables(self) -> line_layout.Tables:
        try:
            tables = self.file.read_tables()
        except orjson.JSONDecodeError as error:
            raise StoreError(
                _("{where} is not valid JSON (corrupt or truncated: {error}); it was left untouched").format(
                    where=self.where, error=error
                )
            ) from None
        except line_layout.NotTables:
            raise StoreError(
                _("{where} is not a buildtrack database; it was left untouched").format(where=self.where)
            ) from None
        except IsADirectoryError:
            raise StoreError(_("{where} is a folder, not a database file").format(where=self.where)) from None
        except OSError as error:
            raise StoreError(
                _("cannot read {where}: {strerror}").format(where=self.where, strerror=error.strerror)
            ) from None
        if tables is None:
            raise StoreError(
                _("{where} is empty: not a buildtrack database; it was left untouched").format(where=self.where)
            )
        return tables

    def _current(self) -> _Snapshot:
        """The file's current state: the last snapshot if the file is provably unchanged, else a fresh read.

        Unchanged means the same stamp (inode, size, times) and the same generation on the first line,
        which every commit increments; so even under the lock a stale snapshot is never used.
        """
        snapshot = self._snapshot
        if snapshot is not None and snapshot.stamp and snapshot.stamp == self.file.stamp():
            head = self.file.read_head()
            if head is not None and head.get(SETTINGS, {}).get("1", {}).get("generation") == snapshot.meta.get(
                "generation"
            ):
                return snapshot
        stamp = self.file.stamp()  # before the read: a save in between only makes the snapshot look stale
        tables = self._read_tables()
        version = _schema_version(tables, self.where)
        if version != migrations.SCHEMA_VERSION:
            raise StoreError(
                _("{where} has schema version {version}; reopen it to migrate").format(
                    where=self.where, version=version
                )
            )
        try:
            self._snapshot = _indexed(stamp, tables, self.where)
        except NotJson:  # a line that is not JSON alone (two joined by hand?): read the file whole, as any reader would
            self._snapshot = _indexed(stamp, self._read_whole(), self.where)
        return self._snapshot

    def _read_whole(self) -> line_layout.Tables:
        try:
            return line_layout.whole_tables(self.file.read_bytes() or b"")
        except (orjson.JSONDecodeError, line_layout.NotTables) as error:
            raise StoreError(
                _("{where} is not valid JSON (corrupt or truncated: {error}); it was left untouched").format(
                    where=self.where, error=error
                )
            ) from None

    def load(self) -> Portfolio:
        """The portfolio; decoded again only when the file changed since the last read or save."""
        return self._current().portfolio

    def project(self, code: str) -> Project | None:
        """One project by exact code (a damaged record elsewhere does not stop this)."""
        return self._current().project(code)

    def codes(self) -> list[str]:
        return list(self._current().ids)

    def settings(self) -> Settings:
        return self._current().settings

    def generation(self) -> int:
        """The commit number, read from the first line when the file is laid out (no decoding)."""
        head = self.file.read_head()
        if head is not None and isinstance(head.get(SETTINGS, {}).get("1"), dict):
            generation: int = head[SETTINGS]["1"].get("generation", 0)
            return generation
        return int(self._current().meta.get("generation", 0))

    def listen(self, heard: Callable[[int], None]) -> Callable[[], None] | None:
        return None  # a file announces nothing: readers compare fingerprints

    def close(self) -> None:
        return None  # nothing is held open between reads

    def fingerprint(self) -> tuple[int, ...]:
        """Cheap to take and different after any commit (no read)."""
        return self.file.stamp()

    def raw_tables(self) -> dict[str, dict[str, Any]]:
        """The whole file parsed, as TinyDB's storages hand it over (``tinydb_storage``)."""
        return self._read_tables().as_raw()

    def inspect(self) -> tuple[Portfolio, list[str]]:
        """For ``check``: the projects that decode, and what is wrong with every record that does not."""
        snapshot = self._current()
        snapshot.decode_all()
        damage = sorted(problem for problems in snapshot.damaged.values() for problem in problems)
        return Portfolio(snapshot.settings, dict(snapshot.projects)), damage

    # history ---------------------------------------------------------------------------------
    def _committed_log(self) -> int:
        return int(self._current().meta.get("log_size", 0))

    def entries_after(self, day: dt.date) -> Iterator[LogEntry]:
        """Committed entries dated after ``day``, newest first: what rolling the portfolio back to that day undoes.

        The log is read backwards a block at a time and older entries are skipped unparsed, so an as-of
        report on years of history holds neither the whole log nor an entry per line.
        """
        return entries_after(self.log.newest_first(self._committed_log()), day)

    def change_log(self) -> tuple[list[LogEntry], list[int]]:
        """Committed entries and the numbers of log lines that could not be read."""
        return parse_log(self.log.read(self._committed_log()))

    def changes(self) -> list[ChangeRecord]:
        entries = self.change_log()[0]
        return [entry.record for entry in entries]

    def unreadable_log_lines(self) -> list[int]:
        """Numbers of committed log lines that cannot be read (``check`` reports them)."""
        return self.change_log()[1]

    def portfolio_as_of(self, day: dt.date) -> Portfolio:
        """The portfolio as it stood at the end of ``day``."""
        return rolled_back(self.load(), self.entries_after(day), day)

    def project_at(self, code: str, generation: int) -> Project | None:
        entries = self.change_log()[0]
        return project_before(self.project(code), reversed(entries), generation, code)

    # writing ---------------------------------------------------------------------------------
    def commit(self, commit: Commit) -> int:
        with self._locked():
            snapshot = self._current()
            for project in commit.puts + commit.deletes:
                stored = snapshot.project(project.code)
                check_revision(project, None if stored is None else stored.revision, project in commit.deletes)
            meta = dict(snapshot.meta)
            generation = meta.get("generation", 0) + 1
            saved = {p.code: replace_value(p, revision=p.revision + 1) for p in commit.puts}
            lines = {code: project_bytes(project) for code, project in saved.items()}
            new_documents = {code: orjson.loads(line) for code, line in lines.items()}
            old = {
                code: orjson.loads(snapshot.documents[doc_id])
                for code, doc_id in snapshot.ids.items()
                if code in touched(commit)
            }
            entries = log_entries(commit, old, generation, new_documents)
            documents, ids, projects = dict(snapshot.documents), dict(snapshot.ids), dict(snapshot.projects)
            for code, project in saved.items():
                if code not in ids:
                    ids[code] = str(max((int(doc_id) for doc_id in documents), default=0) + 1)
                documents[ids[code]] = lines[code]
                projects[code] = project
            for project in commit.deletes:
                del documents[ids.pop(project.code)]
                projects.pop(project.code, None)
            log_bytes = b"".join(encode_entry(entry) for entry in entries)
            if log_bytes:
                try:
                    meta["log_size"] = self.log.append(log_bytes, meta.get("log_size", 0))
                except OSError as error:
                    raise self._not_saved(error) from None
            if commit.settings is not None:
                meta.update(settings_document(commit.settings))
            meta["generation"] = generation
            others = {**snapshot.others, SETTINGS: {**snapshot.others[SETTINGS], "1": meta}}
            sound = self._sound(snapshot)
            settings_now = commit.settings or snapshot.settings
            if self._keep_backup(generation - 1, sound) and sound and self.file.path is not None:
                # Pruning first frees the oldest backup's pages before the new file needs as many. While a
                # record is damaged nothing is pruned: the last good copy must never be rotated out.
                prune(self.file.path, settings_now.backup_saves, settings_now.backup_days)
            if self.file.path is not None:
                remove_stray_temporaries(self.file.path)  # a killed writer's, found under the lock
            self._write(line_layout.file_pieces(others, documents))
            self._record_sound(sound)
            self._backups_to_tidy = self.file.path is not None
            settings = commit.settings or snapshot.settings
            self._snapshot = _Snapshot(
                self.file.stamp(), others, documents, ids, settings, projects, snapshot.damaged, self.where
            )
            return generation

    def tidy_backups(self) -> int:
        """Compress the backups older than the newest and keep all of them within the size the settings allow
        (after saves, when nothing waits: compressing takes about 0.3 s for a 10,000-project file, so it is
        never on a save's path); returns how many were compressed. Nothing is pruned while a record is damaged."""
        if not self._backups_to_tidy or self.file.path is None:
            return 0
        self._backups_to_tidy = False
        compressed = compress_older(self.file.path)
        snapshot = self._snapshot
        if snapshot is not None and soundness_path(self.file.path).exists():  # nothing is pruned beside damage
            settings = snapshot.settings
            prune(self.file.path, settings.backup_saves, settings.backup_days, settings.backup_size_factor)
        return compressed

    def _keep_backup(self, generation: int, sound: bool) -> bool:
        """Keep the file about to be replaced (on-disk stores only); a failure here never blocks a save."""
        path = self.file.path
        if path is None or not path.exists():
            return False
        try:
            keep_backup(path, generation, dt.datetime.now(), sound)
        except OSError:
            return False
        return True

    def _sound(self, snapshot: _Snapshot) -> bool:
        """Whether the file about to be replaced holds no damaged record, without decoding 10,000 projects
        for each save: the file the last save wrote is known sound if nobody has touched it since (same
        stamp); anything else (a hand edit, a plain TinyDB write) is decoded whole once."""
        if self.file.path is not None and len(snapshot.projects) < len(snapshot.ids):
            try:
                recorded = orjson.loads(soundness_path(self.file.path).read_bytes())
            except (OSError, orjson.JSONDecodeError):
                recorded = None
            if isinstance(recorded, dict) and tuple(recorded.get("stamp") or ()) == snapshot.stamp:
                return True
            snapshot.decode_all()
        return not snapshot.damaged

    def _record_sound(self, sound: bool) -> None:
        """After a save: the file just written is sound if the one it replaced was (every changed project was
        encoded from checked values)."""
        if self.file.path is None:
            return
        marker = soundness_path(self.file.path)
        with contextlib.suppress(OSError):
            if sound:
                atomic_write_bytes(marker, orjson.dumps({"stamp": self.file.stamp()}))
            else:
                marker.unlink(missing_ok=True)

    def _write(self, data: bytes | list[line_layout.Document]) -> None:
        try:
            self.file.write_bytes(data)
        except OSError as error:
            raise self._not_saved(error) from None

    def _not_saved(self, error: OSError) -> StoreError:
        return StoreError(
            _("could not save to {where}: {value}; the file still holds the previous state").format(
                where=self.where, value=error.strerror or error
            )
        )

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        try:
            with self.lock:
                yield
        except Timeout:
            raise StoreError(
                _("{where} is locked by another buildtrack that has not finished saving; try again").format(
                    where=self.where
                )
            ) from None

    def migrate_if_needed(self, backup: Path | None) -> bool:
        """Bring an older file and its change log to the current schema; True if it did.

        Both are first copied beside them (``portfolio.json.vN.bak``, ``portfolio.changes.jsonl.vN.bak``);
        the upgrade then reads the log from that copy, so a crash at any step leaves a file that the next
        open upgrades again to the same result.
        """
        with self._locked():
            tables = self._read_tables()
            version = _schema_version(tables, self.where)
            if version == migrations.SCHEMA_VERSION:
                return False
            old_log = self._log_before_upgrade(backup, version, tables.others[SETTINGS]["1"].get("log_size", 0))
            migrated, log = migrations.migrate(tables, old_log, version, dt.date.today())
            try:
                self.log.replace(log)
            except OSError as error:
                raise self._not_saved(error) from None
            self._write(line_layout.file_pieces(migrated.others, migrated.projects or {}))
            return True

    def _log_before_upgrade(self, backup: Path | None, version: int, committed: int) -> bytes:
        """The committed log of the old version, kept beside it before anything is rewritten."""
        if backup is None or self.file.path is None:
            return self.log.read(committed)
        log_copy = changes_path(self.file.path).with_name(f"{changes_path(self.file.path).name}.v{version}.bak")
        if not log_copy.exists():  # a crash after the log was rewritten leaves the copy as the truth
            shutil.copy2(self.file.path, backup)
            atomic_write_bytes(log_copy, self.log.read(committed))
        return log_copy.read_bytes()


def _schema_version(tables: line_layout.Tables, where: str) -> int:
    settings = tables.others.get(SETTINGS)
    meta = settings.get("1") if isinstance(settings, dict) else None
    if not isinstance(meta, dict) or meta.get("app") != APP or tables.projects is None:
        raise StoreError(
            _("{where} is not a buildtrack database (no buildtrack settings table); it was left untouched").format(
                where=where
            )
        )
    version = meta.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise StoreError(_("{where} has no valid schema version; it was left untouched").format(where=where))
    migrations.refuse_newer(version)
    return version


def _initial_file(settings: Settings) -> bytes:
    meta = {"app": APP, "schema_version": migrations.SCHEMA_VERSION, "generation": 0, "log_size": 0}
    return line_layout.join_tables({SETTINGS: {"1": {**meta, **settings_document(settings)}}}, {})


def open_store(path: str | Path) -> FileStore:
    """Open an existing database file, checking its version and migrating an older schema after a backup.

    Opening takes no lock and writes nothing (unless an older schema must be upgraded): a reader works on a
    read-only share and while another program saves, since a save only ever renames a whole new file over
    the old one. The projects are read and decoded at the first question asked of the store.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise StoreError(_("folder {parent} does not exist").format(parent=path.parent))
    if not path.exists():
        raise MissingDatabase(f"{path} does not exist")
    store = FileStore(DatabaseFile(path), FileChangeLog(changes_path(path)), file_lock(path), str(path))
    head = store.file.read_head()  # the first line alone when laid out: the UI paints before reading the rest
    version = _schema_version(line_layout.Tables(head, {}) if head is not None else store._read_tables(), str(path))
    if version < migrations.SCHEMA_VERSION:
        try:
            store.migrate_if_needed(path.with_name(f"{path.name}.v{version}.bak"))
        except (OSError, StoreError) as error:
            if not _read_only(error):
                raise
            return _upgraded_for_reading(store, version)
    return store


def _read_only(error: BaseException) -> bool:
    """Whether a failed write was refused by a read-only file system or missing permission."""
    cause = error if isinstance(error, OSError) else error.__context__
    return isinstance(cause, OSError) and cause.errno in (errno.EROFS, errno.EACCES, errno.EPERM)


def _upgraded_for_reading(store: FileStore, version: int) -> FileStore:
    """An older file that cannot be upgraded in place (a read-only copy): upgraded in memory, for reading only."""
    tables = store._read_tables()
    old_log = store.log.read(tables.others[SETTINGS]["1"].get("log_size", 0))
    migrated, log = migrations.migrate(tables, old_log, version, dt.date.today())
    file, memory_log = MemoryFile(), MemoryChangeLog()
    file.write_bytes(line_layout.join_tables(migrated.others, migrated.projects or {}))
    memory_log.replace(log)
    return FileStore(
        file, memory_log, _ReadOnly(store.where), f"{store.where} (read-only: upgraded in memory to read it)"
    )


class _ReadOnly(contextlib.AbstractContextManager[None]):
    """The lock of a store that must never save."""

    def __init__(self, where: str):
        self.where = where

    def __enter__(self) -> None:
        raise StoreError(
            _("{where} is an older file on a read-only disk: it can be read, not changed; nothing was saved").format(
                where=self.where
            )
        )

    def __exit__(self, *exc: object) -> None:
        return None


def inspect_file(path: str | Path) -> Portfolio:
    """Read and check a database file without writing anything (for backups and ``check``)."""
    path = Path(path)
    lock = contextlib.nullcontext()
    return FileStore(DatabaseFile(path), FileChangeLog(changes_path(path)), lock, str(path)).load()


def create_store(path: str | Path, settings: Settings) -> FileStore:
    """Create a new, empty database file; refuses to touch an existing one."""
    path = Path(path)
    if not path.parent.is_dir():
        raise StoreError(_("folder {parent} does not exist").format(parent=path.parent))
    store = FileStore(DatabaseFile(path), FileChangeLog(changes_path(path)), file_lock(path), str(path))
    with store._locked():
        if path.exists():
            raise StoreError(_("{path} already exists; it was left untouched").format(path=path))
        changes_path(path).unlink(missing_ok=True)
        store._write(_initial_file(settings))
    return store


def create_from_history(path: Path, settings: Settings, histories: Iterable[list[tuple[ChangeRecord, Project]]]) -> int:
    """A new database whose change log holds whole histories: each project's states, oldest first, with the
    record of the change that made each (``demo generate``). Returns the number of log entries."""
    path = Path(path)
    log, generation = bytearray(), 0
    documents: dict[str, line_layout.Document] = {}
    for number, steps in enumerate(histories, start=1):
        previous: dict[str, Any] | None = None
        for revision, (record, project) in enumerate(steps, start=1):
            generation += 1
            document = project_document(replace_value(project, revision=revision))
            stamped = replace(record, generation=generation, revision=revision)
            undo = tuple(undo_patch(previous, document)) if previous is not None else ()
            log += encode_entry(LogEntry(stamped, undo, created=previous is None))
            previous = document
        if previous is not None:
            documents[str(number)] = orjson.dumps(previous)
    create_with_log(path, settings, list(documents.values()), bytes(log), generation)
    return generation


def create_with_log(
    path: Path, settings: Settings, documents: list[line_layout.Document], log: bytes, generation: int
) -> FileStore:
    """A new database holding these project documents and this change log exactly, at ``generation`` (a
    history built elsewhere, or a portfolio pulled from a server); refuses to touch an existing file."""
    path = Path(path)
    meta = {"app": APP, "schema_version": migrations.SCHEMA_VERSION, "generation": generation, "log_size": len(log)}
    store = FileStore(DatabaseFile(path), FileChangeLog(changes_path(path)), file_lock(path), str(path))
    with store._locked():
        if path.exists():
            raise StoreError(_("{path} already exists; it was left untouched").format(path=path))
        atomic_write_bytes(changes_path(path), log)
        numbered = {str(number): document for number, document in enumerate(documents, start=1)}
        store._write(line_layout.join_tables({SETTINGS: {"1": {**meta, **settings_document(settings)}}}, numbered))
    return store


def memory_store(settings: Settings) -> FileStore:
    """A store held in memory, for tests and previews."""
    file = MemoryFile()
    file.write_bytes(_initial_file(settings))
    return FileStore(file, MemoryChangeLog(), threading.RLock(), "in-memory portfolio")


def file_lock(path: Path) -> FileLock:
    """The lock every writer of ``path`` takes (also ``restore``)."""
    return FileLock(lock_path(path), timeout=LOCK_TIMEOUT_SECONDS, mode=NEW_FILE_MODE)
