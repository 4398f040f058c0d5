"""What the CLI and the UI share about one run: which database(s), which "today", which user.

Both front ends build their service here, so neither imports the other; the store is opened lazily so
that ``--help`` never touches a file. Messages meant for the person (a database created from the
sample, a file skipped in a rollup) go to ``notice``.
"""

from __future__ import annotations

import datetime as dt
import gc
import getpass
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import platformdirs

from buildtrack import i18n
from buildtrack.domain.catalogue import DEFAULT_SOURCES
from buildtrack.domain.dates import parse_date
from buildtrack.domain.errors import BuildtrackError, InvalidInput
from buildtrack.domain.model import Portfolio, Settings
from buildtrack.i18n import _
from buildtrack.reports.periodic import Period
from buildtrack.reports.rollup import combine, combine_periods
from buildtrack.service import PortfolioService
from buildtrack.storage.backups import Backup, list_backups, restore
from buildtrack.storage.base import MissingDatabase, Store
from buildtrack.storage.changelog import encode_entry
from buildtrack.storage.documents import project_bytes
from buildtrack.storage.file_store import (
    FileStore,
    create_store,
    create_with_log,
    file_lock,
    inspect_file,
    open_store,
)

LEGACY_DB = Path("data") / "portfolio.json"  # the default of earlier versions, in the current folder


def default_db() -> Path:
    """The portfolio used without --db or $BUILDTRACK_DB: the per-user data folder (~/.local/share/buildtrack on
    Linux, %LOCALAPPDATA%\\buildtrack on Windows), so a command run in a new folder never litters it; a
    data/portfolio.json left here by an earlier version is still the one opened."""
    if LEGACY_DB.exists():
        return LEGACY_DB
    return platformdirs.user_data_path("buildtrack", appauthor=False) / "portfolio.json"


def sample_document() -> bytes:
    """The bundled sample portfolio (package data, so it works from any kind of install)."""
    return resources.files("buildtrack").joinpath("samples/sample_portfolio.json").read_bytes()


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def is_url(item: Path | str) -> bool:
    """A PostgreSQL database named by URL rather than a file (``--db postgresql://user@host/dbname``)."""
    return isinstance(item, str) and item.startswith(("postgresql://", "postgres://"))


def _folder(item: Path | str) -> bool:
    return not is_url(item) and Path(item).is_dir()


def _label(item: Path | str) -> str:
    """How a rollup names one database: a file by its name, a server database by its own name."""
    return str(item).rstrip("/").rsplit("/", 1)[-1].split("?")[0] if is_url(item) else Path(item).stem


def _opened(item: Path | str) -> Store:
    if is_url(item):
        from buildtrack.storage.postgres import PostgresStore  # psycopg is loaded only for a server

        return PostgresStore(str(item))
    return open_store(item)


def _ignore(message: str) -> None:
    del message


@dataclass
class Session:
    """Resolved global options; ``databases`` may hold several files or folders: reports then cover them
    all (a rollup); every other command needs exactly one."""

    databases: tuple[Path | str, ...]  # files, folders, or a postgresql:// URL
    today_text: str | None
    notice: Callable[[str], None] = _ignore
    language_text: str | None = None  # --lang: this person's choice over the portfolio's
    user: str = field(default_factory=os_user)
    _store: Store | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        if not self.databases:
            return default_db()
        if len(self.databases) > 1 or is_url(self.databases[0]) or Path(self.databases[0]).is_dir():
            raise InvalidInput(
                _("this command works on one database: give a single --db FILE (several are for reports)")
            )
        return Path(self.databases[0])

    def today(self) -> dt.date:
        real = dt.date.today()
        return parse_date(self.today_text, real) if self.today_text else real

    def speak(self, portfolio_language: str = "") -> None:
        """Choose the language: --lang, $BUILDTRACK_LANG, the portfolio's setting, the locale, Chinese."""
        try:
            i18n.use(i18n.choose(self.language_text, portfolio_language))
        except i18n.UnknownLanguage as error:
            raise InvalidInput(str(error)) from None

    def store(self) -> Store:
        """The database's store, created from the bundled sample on first use of the default location."""
        if self._store is None:
            if not self.databases:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._store = _opened(self.databases[0]) if self.databases and len(self.databases) == 1 else None
                self._store = self._store or open_store(self.path)
            except MissingDatabase:
                self._store = self._create_from_sample()
            self.speak(self._store.settings().language)
        return self._store

    def _create_from_sample(self) -> FileStore:
        store = create_store(self.path, Settings())
        service = PortfolioService(store, self.user, self.today)
        settings, projects = service.read_interchange(sample_document(), take_settings=True)
        service.import_projects(projects, settings)
        self.notice(f"created {self.path} from the bundled sample portfolio ({len(projects)} projects)")
        return store

    def service(self) -> PortfolioService:
        return PortfolioService(self.store(), self.user, self.today)

    def tidy(self) -> None:
        """After the command's work: housekeeping that must not slow a save (compressing older backups)."""
        if self._store is not None:
            self._store.tidy_backups()

    def close(self) -> None:
        """Let go of the database (a server connection) when the command is done, whatever happened."""
        if self._store is not None:
            self._store.close()

    def create(self, path: Path, settings: Settings) -> None:
        """A new, empty database at ``path`` (an existing file is never touched)."""
        create_store(path, settings)

    # backups of the database file ---------------------------------------------------------------
    def backups(self) -> list[Backup]:
        """The kept copies of the database file, newest first (none for a server database: its backups are the
        server's, pg_dump or replicas)."""
        if self.databases and is_url(self.databases[0]):
            return []
        return list_backups(self.path)

    def newest_good_backup(self) -> Backup | None:
        """The newest backup whose every record reads (after a damaged save, the one to restore)."""
        for backup in self.backups():
            try:
                inspect_file(backup.path)
            except BuildtrackError:
                continue
            return backup
        return None

    def inspect(self, backup: Backup) -> Portfolio:
        """The portfolio a backup holds (``StoreError`` if it is damaged); nothing is written."""
        return inspect_file(backup.path)

    def restore(self, backup: Backup) -> list[Path]:
        """Put ``backup`` back after checking it reads (a damaged one is refused before anything is touched);
        the replaced file and log are kept beside it, and returned."""
        inspect_file(backup.path)
        with file_lock(self.path):
            return restore(self.path, backup, dt.datetime.now())

    # reports over one database or several -----------------------------------------------------
    def _report_services(self) -> list[tuple[str, PortfolioService]]:
        """Every database a report covers: the --db files, and the buildtrack files inside --db folders."""
        if len(self.databases) <= 1 and not (self.databases and _folder(self.databases[0])):
            return [(_label(self.databases[0]) if self.databases else self.path.stem, self.service())]
        stores: list[tuple[str, Store]] = []
        for item in self.databases:
            if not _folder(item):
                stores.append((_label(item), _opened(item)))
                continue
            for path in sorted(Path(item).glob("*.json")):
                try:
                    stores.append((path.stem, open_store(path)))
                except BuildtrackError as error:  # exports and other JSON files, or a damaged database
                    self.notice(f"Warning: skipped {path}: {error}")
        if not stores:
            raise InvalidInput(_("no buildtrack databases in {join}").format(join=", ".join(map(str, self.databases))))
        return [(label, PortfolioService(store, self.user, self.today)) for label, store in stores]

    def report_portfolio(self, as_of: dt.date | None = None) -> Portfolio:
        """The portfolio (several combined) as known at the end of ``as_of`` (today by default)."""
        day = as_of or self.today()
        portfolio = combine([(label, service.portfolio_as_of(day), []) for label, service in self._report_services()])[
            0
        ]
        gc.freeze()  # these objects live until the command ends: the collector need not scan them again
        return portfolio

    def report_period(self, start: dt.date, end: dt.date) -> Period:
        """The period from the end of the day before ``start`` to the end of ``end``, over every database."""
        return combine_periods([(label, service.period(start, end)) for label, service in self._report_services()])

    # a shared PostgreSQL database (see storage.postgres) -----------------------------------------
    def server_init(self, url: str) -> bool:
        """Create or upgrade the schema on the server; False when it was current already."""
        from buildtrack.storage.postgres import init_schema

        return init_schema(url, Settings(sources=DEFAULT_SOURCES))

    def push(self, path: Path, url: str) -> tuple[int, int]:
        """A county's file, its projects and whole change log, into an empty server database; the counts."""
        from buildtrack.storage.postgres import push

        store = open_store(path)
        portfolio, entries = store.load(), store.change_log()[0]
        count = push(url, portfolio.settings, portfolio.sorted_projects(), entries, store.generation())
        return count, len(entries)

    def pull(self, url: str, path: Path) -> tuple[int, int]:
        """The server's portfolio and change log into a new file, exactly; the counts."""
        from buildtrack.storage.postgres import pulled

        settings, projects, entries, generation = pulled(url)
        log = b"".join(encode_entry(entry) for entry in entries)
        create_with_log(path, settings, [project_bytes(project) for project in projects], log, generation)
        return len(projects), len(entries)

    def grant(self, url: str, login: str, county: str | None, password: str | None) -> None:
        from buildtrack.storage.postgres import grant

        grant(url, login, county, password)

    def server_users(self, url: str) -> list[tuple[str, str]]:
        from buildtrack.storage.postgres import users

        return users(url)
