"""The portfolio on a PostgreSQL server, for a city or province where many offices write at once.

Same ``Store`` contract as the file: every commit is one transaction that first locks the ``generation`` row
(so commits are serial and each sees the last), checks every revision it was given, writes the projects,
appends the change log's lines and NOTIFYs the new generation; a client killed mid-transaction or a server
restart loses nothing committed and leaves nothing half-written. Reads are cached by generation, so a TUI
that asks "anything new?" costs one tiny query. Who may change what is the server's business (see
``postgres_schema``): a refusal by row-level security is reported in one line, nothing saved.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable
from typing import Any

import orjson
import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from buildtrack.domain.changes import ChangeRecord
from buildtrack.domain.errors import DecodeError, InvalidInput, StoreError
from buildtrack.domain.model import Portfolio, Project, Settings
from buildtrack.domain.model import replace as replace_value
from buildtrack.i18n import _
from buildtrack.storage.base import Commit, check_revision
from buildtrack.storage.changelog import LogEntry, decode_entry, encode_entry
from buildtrack.storage.documents import (
    project_document,
    project_from_bytes,
    project_from_document,
    settings_document,
    settings_from_document,
)
from buildtrack.storage.history import project_before, rolled_back
from buildtrack.storage.patches import log_entries
from buildtrack.storage.postgres_schema import CHANNEL, MIGRATIONS, SCHEMA_VERSION, grant_statements

OLDEST_SERVER = 120000  # PostgreSQL 12: generated columns, the json functions used here


def shown_url(url: str) -> str:
    """The URL as messages show it: never the password."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return url.split("@")[-1]
    user = f"{info['user']}@" if info.get("user") else ""
    port = f":{info['port']}" if info.get("port") else ""
    return f"postgresql://{user}{info.get('host', '')}{port}/{info.get('dbname', '')}"


def _json(document: Any) -> Jsonb:
    return Jsonb(document, dumps=lambda value: orjson.dumps(value).decode())


def connect(url: str) -> psycopg.Connection:
    """A connection, or one clear line: a wrong URL, a refused password, an unreachable or too old server."""
    where = shown_url(url)
    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.ProgrammingError as error:
        raise StoreError(
            _("{where} is not a PostgreSQL URL: {reason}").format(where=where, reason=_line(error))
        ) from None
    except psycopg.OperationalError as error:
        raise StoreError(_("cannot connect to {where}: {reason}").format(where=where, reason=_line(error))) from None
    if connection.info.server_version < OLDEST_SERVER:
        version = connection.info.server_version
        connection.close()
        raise StoreError(
            _("{where} runs PostgreSQL {version}; buildtrack needs 12 or newer").format(
                where=where, version=f"{version // 10000}.{version % 10000}"
            )
        )
    psycopg.types.json.set_json_loads(orjson.loads, connection)
    return connection


def _line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def init_schema(url: str, settings: Settings) -> bool:
    """Create (or migrate) the schema, each step in a transaction; False when it was already current."""
    with connect(url) as connection:
        version = _schema_version(connection)
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(
                _("{where} has schema version {version}; upgrade buildtrack").format(
                    where=shown_url(url), version=version
                )
            )
        for step in range((version or 0) + 1, SCHEMA_VERSION + 1):
            with connection.transaction():
                for statement in MIGRATIONS[step]:
                    connection.execute(statement)
                if step == 1:
                    connection.execute("INSERT INTO bt_schema VALUES (1)")
                    connection.execute("INSERT INTO bt_meta VALUES (1, 0, %s)", (_json(settings_document(settings)),))
                else:
                    connection.execute("UPDATE bt_schema SET version = %s", (step,))
        return version != SCHEMA_VERSION


def _schema_version(connection: psycopg.Connection) -> int | None:
    exists = connection.execute("SELECT to_regclass('bt_schema') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return None
    row = connection.execute("SELECT version FROM bt_schema").fetchone()
    return row[0] if row else None


class PostgresStore:
    """The ``Store`` on one PostgreSQL database (see the module's note)."""

    def __init__(self, url: str):
        self.url = url
        self.where = shown_url(url)
        self._connection = connect(url)
        self._lock = threading.Lock()  # one connection: the UI's listener thread never shares it
        version = _schema_version(self._connection)
        if version is None:
            raise StoreError(
                _("{where} has no buildtrack schema: create it with 'buildtrack db init {where}'").format(
                    where=self.where
                )
            )
        if version != SCHEMA_VERSION:
            raise StoreError(
                _("{where} has schema version {version}; run 'buildtrack db init {where}'").format(
                    where=self.where, version=version
                )
            )
        self._cache: tuple[int, Portfolio] | None = None

    def close(self) -> None:
        """Close the connection (the next question opens a new one)."""
        self._connection.close()

    # reading ---------------------------------------------------------------------------------
    def _query(self, query: str, params: Iterable[Any] = ()) -> list[tuple]:
        try:
            with self._lock:
                return self._reconnected().execute(query, tuple(params)).fetchall()
        except psycopg.OperationalError as error:
            raise StoreError(
                _("lost the connection to {where}: {reason}").format(where=self.where, reason=_line(error))
            ) from None
        except psycopg.DataError as error:  # typed text the server cannot hold (a NUL): nothing can match it
            raise InvalidInput(
                _("{where} cannot take this text: {reason}").format(where=self.where, reason=_line(error))
            ) from None

    def _reconnected(self) -> psycopg.Connection:
        """The connection, opened again if the server dropped it (a restart, a network cut)."""
        if self._connection.closed or self._connection.broken:
            self._connection = connect(self.url)
        return self._connection

    def generation(self) -> int:
        return int(self._query("SELECT generation FROM bt_meta")[0][0])

    def fingerprint(self) -> tuple[int, ...]:
        return (self.generation(),)

    def settings(self) -> Settings:
        return settings_from_document(self._query("SELECT settings FROM bt_meta")[0][0])

    def load(self) -> Portfolio:
        generation, settings = self._query("SELECT generation, settings FROM bt_meta")[0]
        if self._cache is not None and self._cache[0] == generation:
            return self._cache[1]
        rows = self._query("SELECT code, doc::text FROM bt_projects")  # text: decoded straight into the types
        projects = {code: project_from_bytes(doc.encode(), code) for code, doc in rows}
        portfolio = Portfolio(settings_from_document(settings), projects)
        self._cache = (int(generation), portfolio)
        return portfolio

    def project(self, code: str) -> Project | None:
        if "\x00" in code:
            return None  # no code holds a NUL (and the server cannot compare one)
        rows = self._query("SELECT doc FROM bt_projects WHERE code = %s", (code,))
        return project_from_document(rows[0][0], code) if rows else None

    def codes(self) -> list[str]:
        return [row[0] for row in self._query("SELECT code FROM bt_projects ORDER BY code")]

    def inspect(self) -> tuple[Portfolio, list[str]]:
        problems, projects = [], {}
        for code, doc in self._query("SELECT code, doc FROM bt_projects"):
            try:
                projects[code] = project_from_document(doc, code)
            except DecodeError as error:
                problems += error.problems
        return Portfolio(self.settings(), projects), problems

    def unreadable_log_lines(self) -> list[int]:
        return []  # each line was checked JSON when it went in

    def _entries(self, query: str, params: Iterable[Any] = ()) -> list[LogEntry]:
        return [decode_entry(row[0].encode()) for row in self._query(query, params)]

    def change_entries(self) -> list[LogEntry]:
        return self._entries("SELECT line::text FROM bt_changes ORDER BY seq")

    def changes(self) -> list[ChangeRecord]:
        return [entry.record for entry in self.change_entries()]

    def portfolio_as_of(self, day: dt.date) -> Portfolio:
        since = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(), dt.UTC)  # a day's slack for time zones
        entries = self._entries("SELECT line::text FROM bt_changes WHERE at > %s ORDER BY seq DESC", (since,))
        return rolled_back(self.load(), (entry for entry in entries if entry.record.at.date() > day), day)

    def project_at(self, code: str, generation: int) -> Project | None:
        entries = self._entries(
            "SELECT line::text FROM bt_changes WHERE project = %s AND generation >= %s ORDER BY seq DESC",
            (code, generation),
        )
        return project_before(self.project(code), entries, generation, code)

    def tidy_backups(self) -> int:
        return 0  # the server's own backups (pg_dump, replicas) are the DBA's

    # writing ---------------------------------------------------------------------------------
    def commit(self, commit: Commit) -> int:
        try:
            with self._lock:
                connection = self._reconnected()
                with connection.transaction():
                    generation = self._write(connection, commit)
        except psycopg.errors.InsufficientPrivilege as error:
            raise StoreError(
                _("{where} refused the change for your login; nothing was saved ({reason})").format(
                    where=self.where, reason=_line(error)
                )
            ) from None
        except psycopg.OperationalError as error:
            raise StoreError(
                _("lost the connection to {where}; nothing was saved ({reason})").format(
                    where=self.where, reason=_line(error)
                )
            ) from None
        self._cache = None
        return generation

    def _write(self, connection: psycopg.Connection, commit: Commit) -> int:
        generation = int(connection.execute("SELECT generation FROM bt_meta WHERE id = 1 FOR UPDATE").fetchone()[0]) + 1  # type: ignore[index]
        codes = [project.code for project in commit.puts + commit.deletes]
        stored = {
            code: (revision, doc)
            for code, revision, doc in connection.execute(
                "SELECT code, revision, doc FROM bt_projects WHERE code = ANY(%s)", (codes,)
            )
        }
        deleting = {project.code for project in commit.deletes}
        for project in commit.puts + commit.deletes:
            check_revision(project, stored.get(project.code, (None, None))[0], project.code in deleting)
        saved = {p.code: replace_value(p, revision=p.revision + 1) for p in commit.puts}
        documents = {code: project_document(project) for code, project in saved.items()}
        for code, project in saved.items():
            values = (project.county, project.leader, project.revision, _json(documents[code]), code)
            if code in stored:
                changed = connection.execute(
                    "UPDATE bt_projects SET county = %s, leader = %s, revision = %s, doc = %s WHERE code = %s", values
                ).rowcount
            else:
                changed = connection.execute(
                    "INSERT INTO bt_projects (county, leader, revision, doc, code) VALUES (%s, %s, %s, %s, %s)", values
                ).rowcount
            _not_hidden(changed, code)
        for code in deleting:
            _not_hidden(connection.execute("DELETE FROM bt_projects WHERE code = %s", (code,)).rowcount, code)
        old = {code: doc for code, (_revision, doc) in stored.items()}
        append(connection, log_entries(commit, old, generation, documents))
        if commit.settings is not None:
            connection.execute("UPDATE bt_meta SET settings = %s", (_json(settings_document(commit.settings)),))
        connection.execute("UPDATE bt_meta SET generation = %s", (generation,))
        connection.execute(sql.SQL("NOTIFY {}, {}").format(sql.Identifier(CHANNEL), sql.Literal(str(generation))))
        return generation

    # live updates ----------------------------------------------------------------------------
    def listen(self, heard: Callable[[int], None]) -> Callable[[], None]:
        """Call ``heard(generation)`` from a background thread whenever any client commits (LISTEN/NOTIFY,
        no polling); returns what stops listening."""
        listener = connect(self.url)
        listener.execute(sql.SQL("LISTEN {}").format(sql.Identifier(CHANNEL)))
        stopped = threading.Event()

        def run() -> None:
            while not stopped.is_set():
                try:
                    for notice in listener.notifies(timeout=1.0):
                        heard(int(notice.payload))
                except psycopg.OperationalError:
                    stopped.wait(2.0)  # the server went away: the UI keeps working on what it has
                    return

        threading.Thread(target=run, name="buildtrack-listen", daemon=True).start()

        def stop() -> None:
            stopped.set()
            listener.close()

        return stop


def _not_hidden(changed: int, code: str) -> None:
    """Row-level security hides another county's rows from UPDATE and DELETE: nothing changed means refused."""
    if changed != 1:
        raise psycopg.errors.InsufficientPrivilege(
            _("{code} belongs to a county your login may not change").format(code=code)
        )


def append(connection: psycopg.Connection, entries: Iterable[LogEntry]) -> None:
    """The change log's lines, exactly as the file store writes them."""
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO bt_changes (generation, at, project, line) VALUES (%s, %s, %s, %s::jsonb)",
            [
                (entry.record.generation, _aware(entry.record.at), entry.record.project, encode_entry(entry).decode())
                for entry in entries
            ],
        )


def _aware(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo is not None else at.astimezone()


def grant(url: str, login: str, county: str | None, password: str | None) -> None:
    """Let ``login`` read everything and change ``county``'s projects (``*``: all; None: read only), creating
    the login when a password is given; run by the administrator."""
    with connect(url) as connection, connection.transaction():
        role = sql.Identifier(login)
        exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone()
        if not exists:
            if password is None:
                raise StoreError(_("login {login} does not exist: give --password to create it").format(login=login))
            connection.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(role, sql.Literal(password)))
        for statement in grant_statements("{}", county):
            connection.execute(sql.SQL(statement).format(role))
        if county is not None:
            connection.execute("INSERT INTO bt_counties VALUES (%s, %s) ON CONFLICT DO NOTHING", (login, county))


def users(url: str) -> list[tuple[str, str]]:
    """Each login with the county it may change (``*``: all)."""
    with connect(url) as connection:
        return [(row[0], row[1]) for row in connection.execute("SELECT login, county FROM bt_counties ORDER BY 1, 2")]


def push(
    url: str, settings: Settings, projects: Iterable[Project], entries: Iterable[LogEntry], generation: int
) -> int:
    """Put a county's portfolio and its whole change log into an empty server database, exactly (one
    transaction: a refusal leaves it empty); the number of projects."""
    with connect(url) as connection, connection.transaction():
        if _schema_version(connection) is None:
            raise StoreError(
                _("{where} has no buildtrack schema: create it with 'buildtrack db init {where}'").format(
                    where=shown_url(url)
                )
            )
        if connection.execute("SELECT count(*) FROM bt_projects").fetchone()[0]:  # type: ignore[index]
            raise StoreError(
                _("{where} already holds projects; push goes into an empty database only").format(where=shown_url(url))
            )
        count = 0
        for project in projects:
            connection.execute(
                "INSERT INTO bt_projects (code, county, leader, revision, doc) VALUES (%s, %s, %s, %s, %s)",
                (project.code, project.county, project.leader, project.revision, _json(project_document(project))),
            )
            count += 1
        append(connection, entries)
        connection.execute(
            "UPDATE bt_meta SET settings = %s, generation = %s", (_json(settings_document(settings)), generation)
        )
        return count


def pulled(url: str) -> tuple[Settings, list[Project], list[LogEntry], int]:
    """Everything ``push`` takes, read back from the server: settings, projects, change log, generation."""
    store = PostgresStore(url)
    try:
        portfolio = store.load()
        return portfolio.settings, portfolio.sorted_projects(), store.change_entries(), store.generation()
    finally:
        store.close()
