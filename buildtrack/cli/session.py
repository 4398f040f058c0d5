"""What every command shares: which database, which "today", which user, and typed option values."""

from __future__ import annotations

import datetime as dt
import gc
import getpass
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import click

from buildtrack.domain.dates import parse_date
from buildtrack.domain.errors import BuildtrackError, InvalidInput
from buildtrack.domain.model import Portfolio, Settings
from buildtrack.domain.money import parse_money
from buildtrack.domain.percent import parse_percent, parse_weight
from buildtrack.reports.history import rolled_back
from buildtrack.reports.render import FORMATS, render
from buildtrack.reports.rollup import combine
from buildtrack.service import PortfolioService
from buildtrack.storage.files import atomic_write_bytes
from buildtrack.storage.interchange import parse_document
from buildtrack.storage.tinydb_store import MissingDatabase, TinyDBStore, create_store, open_store

DEFAULT_DB = Path("data") / "portfolio.json"


def sample_document() -> bytes:
    """The bundled sample portfolio (package data, so it works from any kind of install)."""
    return resources.files("buildtrack").joinpath("samples/sample_portfolio.json").read_bytes()


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass
class Session:
    """Resolved global options; opens the store lazily so ``--help`` never touches a file.

    ``databases`` may hold several files or folders: reports then cover them all (a rollup);
    every other command needs exactly one.
    """

    databases: tuple[Path, ...]
    today_text: str | None
    _store: TinyDBStore | None = field(default=None, repr=False)

    @property
    def path(self) -> Path:
        if not self.databases:
            return DEFAULT_DB
        if len(self.databases) > 1 or self.databases[0].is_dir():
            raise InvalidInput("this command works on one database: give a single --db FILE (several are for reports)")
        return self.databases[0]

    def _report_stores(self) -> list[tuple[str, TinyDBStore]]:
        """Every database a report covers: the --db files, and the buildtrack files inside --db folders."""
        if len(self.databases) <= 1 and not (self.databases and self.databases[0].is_dir()):
            return [(self.path.stem, self.store())]
        stores = []
        for item in self.databases:
            if not item.is_dir():
                stores.append((item.stem, open_store(item)))
                continue
            for path in sorted(item.glob("*.json")):
                try:
                    stores.append((path.stem, open_store(path)))
                except BuildtrackError as error:  # exports and other JSON files, or a damaged database
                    click.echo(f"Warning: skipped {path}: {error}", err=True)
        if not stores:
            raise InvalidInput(f"no buildtrack databases in {', '.join(map(str, self.databases))}")
        return stores

    def report_data(self, as_of: dt.date | None = None, history: bool = False) -> tuple[Portfolio, list]:
        """The portfolio (several combined) as known at the end of ``as_of``, or its change log (``history``).

        A past date reads only the log's records after it; the whole log is read only for ``history``.
        """
        past = as_of is not None and as_of < self.today()
        parts = [
            (
                label,
                rolled_back(store.load(), store.changes_after(as_of), as_of) if past else store.load(),
                store.changes() if history else [],
            )
            for label, store in self._report_stores()
        ]
        portfolio, records = combine(parts)
        gc.freeze()  # these objects live until the command ends: the collector need not scan them again
        return portfolio, records

    def today(self) -> dt.date:
        real = dt.date.today()
        return parse_date(self.today_text, real) if self.today_text else real

    def store(self, decode: bool = True) -> TinyDBStore:
        """The database's store; ``decode=False`` checks the file but leaves decoding to the first read."""
        if self._store is None:
            if not self.databases:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._store = open_store(self.path, decode)
            except MissingDatabase:
                self._store = self._create_from_sample()
        return self._store

    def _create_from_sample(self) -> TinyDBStore:
        store = create_store(self.path, Settings())
        service = PortfolioService(store, os_user(), self.today)
        settings, projects = parse_document(sample_document(), Portfolio(Settings()), replace_settings=True)
        service.import_projects(projects, settings)
        click.echo(f"created {self.path} from the bundled sample portfolio ({len(projects)} projects)", err=True)
        return store

    def service(self) -> PortfolioService:
        """The service over the store opened without decoding: a change to one project decodes that one."""
        return PortfolioService(self.store(decode=False), os_user(), self.today)


def session() -> Session:
    return click.get_current_context().find_object(Session)


class _Parsed(click.ParamType):
    """A click type that parses with a domain parser, so a bad value is a one-line usage error."""

    def __init__(self, name: str, parse):
        self.name = name
        self._parse = parse

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value
        try:
            return self._parse(value)
        except BuildtrackError as error:
            self.fail(str(error), param, ctx)


DATE = _Parsed("date", lambda text: parse_date(text, session().today()))
MONEY = _Parsed("amount", parse_money)
PERCENT = _Parsed("percent", parse_percent)
WEIGHT = _Parsed("weight", parse_weight)


def output_options(command):
    """``--format`` and ``--output``, declared once for every command that prints a table."""
    command = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file instead of the terminal.",
    )(command)
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(FORMATS + ("xlsx",)),
        default="text",
        show_default=True,
        help="text/grid/markdown align columns; html is a printable A4 page; csv/json carry raw yuan; "
        "xlsx (with -o) one sheet per table.",
    )(command)


def as_of_option(command):
    return click.option(
        "--as-of", "as_of", type=DATE, metavar="DATE", help="Compute everything as of DATE (default: today)."
    )(command)


def emit_report(report, fmt: str, output: Path | None) -> None:
    """Render a report in the chosen format and print or write it."""
    if fmt == "xlsx":
        if output is None:
            raise InvalidInput("-f xlsx needs -o FILE.xlsx")
        from buildtrack.reports.spreadsheet import render_xlsx

        atomic_write_bytes(output, render_xlsx(report))
        click.echo(f"wrote {output}", err=True)
        return
    emit(render(report, fmt), output)


def emit(text: str, output: Path | None) -> None:
    """Print, or write the file atomically and say where."""
    if output is None:
        click.echo(text, nl=False)
        return
    atomic_write_bytes(output, text.encode("utf-8"))
    click.echo(f"wrote {output}", err=True)
